import Foundation
import MIDICore

/// Standard output/error facts the commands adapt to.
enum Terminal {
    /// True when standard output is a terminal (progress bars, colour).
    static var isInteractiveOutput: Bool { isatty(STDOUT_FILENO) == 1 }
    /// True when standard input is a terminal (questions can be asked).
    static var isInteractiveInput: Bool { isatty(STDIN_FILENO) == 1 }
    /// Colour only on a terminal and only when NO_COLOR is unset (https://no-color.org).
    static var usesColor: Bool {
        isInteractiveOutput && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Writes one line to standard error, in the "woodshed: …" form every command uses.
    static func printError(_ line: String) {
        // Messages quote file names and track names: their control characters are escaped.
        FileHandle.standardError.write(Data(("woodshed: " + line.escapingControlCharacters + "\n").utf8))
    }
}
