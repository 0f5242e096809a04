import Foundation
import MIDICore

/// Progress for long work (`woodshed analyze --all`, importing many files).
///
/// On a terminal it draws one line at the bottom of standard error — a bar, the count and an
/// estimate of the time left — and prints each message above it, so nothing scrolls away and
/// standard output stays clean for pipes. Anywhere else it prints the messages as plain lines
/// and draws nothing.
final class ProgressBar {
    private let total: Int
    private let label: String
    private let interactive: Bool
    private let started = ContinuousClock.now
    private var done = 0
    private var lastDraw: ContinuousClock.Instant?

    /// - Parameter interactive: draw the bar (default: standard error is a terminal).
    init(total: Int, label: String, interactive: Bool = Terminal.isInteractiveError) {
        self.total = max(total, 1)
        self.label = label
        self.interactive = interactive && total > 1
    }

    /// Prints a message (standard output, or above the bar), without counting.
    func say(_ text: String) {
        // Lines name files and sessions: their control characters are escaped.
        let message = text.escapingControlCharacters
        if interactive {
            FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
            FileHandle.standardOutput.write(Data((message + "\n").utf8))
            draw(force: true)
        } else {
            FileHandle.standardOutput.write(Data((message + "\n").utf8))
        }
    }

    /// One item done; `message` is printed first.
    func advance(_ message: String? = nil) {
        done = min(done + 1, total)
        if let message { say(message) }
        draw(force: done == total)
    }

    /// Clears the bar.
    func finish() {
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }

    /// At most ten redraws a second: a terminal is slower than counting.
    private func draw(force: Bool) {
        guard interactive else { return }
        let now = ContinuousClock.now
        if !force, let lastDraw, now - lastDraw < .milliseconds(100) { return }
        lastDraw = now
        let line = Self.line(
            done: done,
            total: total,
            label: label,
            elapsed: now - started,
            width: Terminal.columns
        )
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
    }

    /// "analysing ███████░░░░░░░ 34/120  0:12 left" fitted to `width` columns.
    static func line(done: Int, total: Int, label: String, elapsed: Duration, width: Int) -> String {
        let count = "\(done)/\(total)"
        var eta = ""
        if done > 0 && done < total {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            eta = "  " + Formatting.duration(Int64(seconds / Double(done) * Double(total - done) * 1e9)) + " left"
        }
        let barWidth = max(10, min(40, width - label.count - count.count - eta.count - 4))
        let filled = Int((Double(done) / Double(total) * Double(barWidth)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
        return "\(label) \(bar) \(count)\(eta)"
    }
}

extension Terminal {
    /// True when standard error is a terminal (where progress bars go).
    static var isInteractiveError: Bool { isatty(STDERR_FILENO) == 1 }

    /// Width of the terminal on standard error; 80 when unknown.
    static var columns: Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
    }
}
