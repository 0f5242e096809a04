public import MIDICore

/// Capture stopped on an error after recording started (``Recorder/failure``): exit status 2,
/// and the session was closed with what was played until then.
public struct RecordingFailed: UserFacingError {
    /// What capture said.
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var message: String { "recording stopped: \(reason)" }
    public var hint: String? { "what was played until then is in the library" }
    public var exitStatus: ExitStatus { .internalError }
}
