import Foundation
import MIDICapture
import Synchronization

/// Where the recorder talks: a live one-line status on a terminal, plain log lines otherwise
/// (a pipe, a file, the systemd journal), nothing but errors and the summary with `--quiet`.
final class RecorderOutput: Sendable {
    let isTerminal: Bool
    let quiet: Bool
    /// The status line currently drawn, if any (it must be cleared before a log line).
    private let drawn = Mutex<String?>(nil)

    init(isTerminal: Bool = isatty(STDOUT_FILENO) == 1, quiet: Bool) {
        self.isTerminal = isTerminal
        self.quiet = quiet
    }

    /// A log line, prefixed with the local time; on a terminal it goes above the status line.
    func log(_ line: String) {
        guard !quiet else { return }
        let text = "\(clockTime(SystemClock.realtime())) \(line)\n"
        drawn.withLock { status in
            if status != nil { write("\r\u{1B}[K") }
            write(text)
            if let status { write(status) }
        }
    }

    /// Several lines (a session's report summary) above the status line; nothing with --quiet.
    func block(_ text: String) {
        guard !quiet else { return }
        let body = text.hasSuffix("\n") ? text : text + "\n"
        drawn.withLock { status in
            if status != nil { write("\r\u{1B}[K") }
            write(body)
            if let status { write(status) }
        }
    }

    /// Redraws the status line (terminals only), if it changed.
    func status(_ line: String) {
        guard isTerminal, !quiet else { return }
        let width = Int(Self.terminalWidth())
        let fitted = line.count > width - 1 ? String(line.prefix(max(width - 1, 10))) : line
        drawn.withLock { status in
            guard status != fitted else { return }
            write("\r\u{1B}[K" + fitted)
            status = fitted
        }
    }

    /// Clears the status line for good (end of recording).
    func endStatus() {
        drawn.withLock { status in
            if status != nil { write("\r\u{1B}[K") }
            status = nil
        }
    }

    /// An error line on standard error, in the CLI's "woodshed: …" form.
    func error(_ line: String) {
        endStatus()
        FileHandle.standardError.write(Data("woodshed: \(line)\n".utf8))
    }

    /// A line that is printed even with --quiet (the final summary).
    func always(_ line: String) {
        drawn.withLock { status in
            if status != nil { write("\r\u{1B}[K") }
            status = nil
            write(line + "\n")
        }
    }

    /// Local wall-clock time of day, "HH:MM:SS", from Unix-epoch nanoseconds.
    func clockTime(_ nanoseconds: Int64) -> String {
        var seconds = time_t(nanoseconds / 1_000_000_000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return String(format: "%02d:%02d:%02d", parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private static func terminalWidth() -> UInt16 {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return size.ws_col
    }
}
