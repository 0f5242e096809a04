import Foundation
public import MIDICore

/// An error no module describes for a user: a bug in Woodshed, or a failure of the system that
/// nothing expected. Shown as "internal error: …" with a request to report it; exit status 2.
public struct InternalError: UserFacingError, Sendable {
    /// The underlying error, as Swift describes it.
    public var underlying: String

    public init(_ underlying: any Error) {
        self.underlying = String(describing: underlying)
    }

    public var message: String { "internal error: \(underlying)" }
    public var hint: String? { "please report this at the Woodshed issue tracker" }
    public var exitStatus: ExitStatus { .internalError }
}

extension Error {
    /// This error as the user sees it — the one place that decides, for every front end: a
    /// ``UserFacingError`` is itself; Foundation's "no such file" is the user's to fix; anything
    /// else is an ``InternalError``.
    public var userFacing: any UserFacingError {
        switch self {
        case let error as any UserFacingError:
            return error
        case let error as CocoaError where error.code == .fileNoSuchFile || error.code == .fileReadNoSuchFile:
            return UserError(error.localizedDescription)
        default:
            return InternalError(self)
        }
    }
}
