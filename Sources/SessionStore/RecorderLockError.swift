public import MIDICore

/// Why the recorder lock (``RecorderLock``) could not be taken.
public enum RecorderLockError: UserFacingError, Equatable, Sendable {
    case held(pid: Int32?, path: String)
    case cannotOpen(path: String, reason: String)

    public var message: String {
        switch self {
        case .held(let pid, _):
            "another `woodshed record` \(pid.map { "(pid \($0)) " } ?? "")is already recording into this library"
        case .cannotOpen(let path, let reason):
            "cannot create the recorder lock \(path): \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .held: "stop it first, or use --library"
        case .cannotOpen: nil
        }
    }

    public var exitStatus: ExitStatus { .userError }
}
