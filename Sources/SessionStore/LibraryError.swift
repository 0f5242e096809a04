public import MIDICore

/// Errors from the library, each one line a user can act on.
public enum LibraryError: UserFacingError, Equatable, Sendable {
    case cannotCreateFolder(String, reason: String)
    case cannotOpen(String, reason: String)
    case database(String, reason: String)
    case noSuchSession(Int64)
    case noSuchMaterial(Int64)
    case sameMaterial(Int64)
    case sessionIsRecording(Int64)

    public var message: String {
        switch self {
        case .cannotCreateFolder(let folder, let reason):
            "cannot create the library folder \(folder): \(reason)"
        case .cannotOpen(let path, let reason):
            "cannot open the library \(path): \(reason) (choose another with --library or WOODSHED_LIBRARY)"
        case .database(let path, let reason):
            "library \(path): \(reason)"
        case .noSuchSession(let id):
            "there is no session \(id)"
        case .noSuchMaterial(let id):
            "there is no piece \(id)"
        case .sameMaterial(let id):
            "piece \(id) is already that piece"
        case .sessionIsRecording(let id):
            "session \(id) is being recorded right now"
        }
    }

    public var hint: String? {
        switch self {
        case .cannotCreateFolder, .cannotOpen, .database: nil
        case .noSuchSession: "`woodshed sessions` lists them"
        case .noSuchMaterial: "`woodshed pieces` lists them"
        case .sameMaterial: "name two different pieces"
        case .sessionIsRecording: "stop `woodshed record` first"
        }
    }

    /// Every library error is the user's to fix: another path, free space, permissions, an id.
    public var exitStatus: ExitStatus { .userError }
}
