public import MIDICore

/// A problem the user can fix that no module's own error type describes: a bad option value,
/// a missing template, a file that cannot be written. Exit status 1.
public struct UserError: UserFacingError, Sendable {
    public var message: String
    public var hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    public var exitStatus: ExitStatus { .userError }
}
