import Foundation
import MIDICore
import PracticeLibrary
import SessionStore

/// Exit codes: 0 success, 1 something the user can fix, 2 an internal error (a bug or the system).
public enum ExitCode32 {
    public static let success: Int32 = 0
    public static let userError: Int32 = 1
    public static let internalError: Int32 = 2
}

/// Sorts an error into a one-line message and an exit code — the one place that decides.
func classify(_ error: any Error) -> (message: String, code: Int32) {
    switch error {
    case let error as UserError:
        return (error.description, ExitCode32.userError)
    case let error as LibraryError:
        return (error.description, ExitCode32.userError)
    case let error as RecorderLockError:
        return (error.description, ExitCode32.userError)
    case let error as MIDIFileError:
        return (error.description, ExitCode32.userError)
    case let error as CocoaError where error.code == .fileNoSuchFile || error.code == .fileReadNoSuchFile:
        return (error.localizedDescription, ExitCode32.userError)
    default:
        return ("internal error: \(error) — please report this at the Woodshed issue tracker", ExitCode32.internalError)
    }
}

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data(("woodshed: " + line + "\n").utf8))
}
