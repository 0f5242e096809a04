/// An error as the person using Woodshed sees it: one line saying what failed and on which
/// input, a hint saying what to do, and the exit status a command that fails with it ends with.
///
/// Every module's errors conform where they are defined, so a front end — the `woodshed`
/// command, the web journal — turns any of them into a message in one way and nothing decides
/// exit codes but ``exitStatus``. It lives in MIDICore, the module every other one imports,
/// because MIDICore's own errors conform too; it is plain Swift and imports nothing.
public protocol UserFacingError: Error, CustomStringConvertible {
    /// What failed, on which input, in words a musician can follow:
    /// "there is no session 99". One line, no trailing period.
    var message: String { get }
    /// What to do about it — "`woodshed sessions` lists them" — or nil when the message says
    /// it all. One line.
    var hint: String? { get }
    /// How a command that fails with this error exits. Each conforming type decides: there is
    /// no default, so a new error cannot fall into the wrong class unnoticed.
    var exitStatus: ExitStatus { get }
}

extension UserFacingError {
    public var hint: String? { nil }

    /// The line a front end shows: the message, then " — " and the hint when there is one.
    public var line: String {
        guard let hint, !hint.isEmpty else { return message }
        return "\(message) — \(hint)"
    }

    public var description: String { line }
}

/// How a Woodshed command ends, as the process exit status.
public enum ExitStatus: Int32, Hashable, Sendable, CaseIterable {
    /// It did what was asked.
    case success = 0
    /// Something the user can fix: bad input, a missing file, a wrong id, a device that is not
    /// there. The one-line message says what to do.
    case userError = 1
    /// A fault of Woodshed or of the system: a bug, a capture that stopped, an unexpected
    /// failure. The message asks for a report when it is a bug.
    case internalError = 2
}
