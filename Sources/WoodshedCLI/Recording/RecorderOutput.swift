import Foundation
import MIDICapture
import MIDICore
import PracticeLibrary
import PracticeReports
import Synchronization

/// Where the recorder talks: a live one-line status on a terminal, plain log lines otherwise
/// (a pipe, a file, the systemd journal), nothing but errors and the summary with `--quiet`.
/// It puts the ``Recorder``'s events into words.
final class RecorderOutput: RecorderObserver {
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

extension RecorderOutput {
    func recorder(_ event: RecorderEvent) {
        switch event {
        case .started(let source):
            log("recording from \(source)")
        case .attached(let device, let again, let delay):
            let after = delay.map { String(format: ", %.1f ms after it appeared", Double($0) / 1e6) } ?? ""
            log("\(again ? "re-attached" : "attached") \(Self.describe(device))\(after)")
        case .detached(let device, let notes):
            let verb = device.address == nil ? "input ended:" : "unplugged"
            log(
                "\(verb) \(Self.describe(device))"
                    + (notes > 0 ? "; ended \(Formatting.plural(notes, "sounding note"))" : "")
            )
        case .overrun(let wallClock):
            log("overrun at \(clockTime(wallClock)): the kernel dropped MIDI events (input queue full)")
        case .warning(let text):
            log(text)
        case .failed(let text):
            error(text)
        case .sessionStarted(let id):
            log("session \(id) started")
        case .sessionClosed(let summary):
            // With --quiet the summaries are all that is printed.
            if quiet { always(line(summary)) } else { log(line(summary)) }
        case .sessionAnalysed(let id, let report):
            block(report.text(style: isTerminal && Terminal.usesColor ? TerminalStyle.color : .plain))
            log("session \(id) analysed; the full report: woodshed report \(id) --format html -o report.html")
        case .analysisFailed(let id, let problem):
            error(
                "session \(id) is recorded, but its report failed: \(problem.line) — "
                    + "run `woodshed analyze --session \(id)` to retry"
            )
        case .status(let state):
            status(statusLine(state))
        case .stopped:
            endStatus()
        }
    }

    /// "session 3 closed: started 18:02:11, 42:10, 3,120 notes, 6,400 events, 1 device, 0 overruns".
    func line(_ summary: SessionSummary) -> String {
        "session \(summary.id) closed: started \(clockTime(summary.start)), \(Formatting.duration(summary.duration)), "
            + [
                (summary.notes, "note"), (summary.events, "event"), (summary.devices, "device"),
                (summary.overruns, "overrun"),
            ]
            .map { Formatting.plural($0.0, $0.1) }.joined(separator: ", ")
    }

    /// "● 12:03  340 notes  1 device  session 3".
    func statusLine(_ state: RecorderStatus) -> String {
        let session = state.sessionID.map { "session \($0)" } ?? "waiting for notes"
        var line = "● \(Formatting.duration(state.elapsed))  \(Formatting.plural(state.notes, "note"))  "
        line += "\(Formatting.plural(state.devices, "device"))  \(session)"
        if state.overruns > 0 { line += "  \(Formatting.plural(state.overruns, "overrun"))" }
        if state.dropped > 0 { line += "  \(Formatting.plural(state.dropped, "event")) dropped (recorder behind)" }
        return line
    }

    private static func describe(_ device: CaptureDevice) -> String {
        device.address.map { "\(device.name) (\($0))" } ?? device.name
    }
}
