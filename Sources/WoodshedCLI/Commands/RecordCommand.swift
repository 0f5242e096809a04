import ArgumentParser
import Dispatch
import Foundation
import MIDICapture
import MIDICore
import PracticeLibrary
import SessionStore
import Synchronization

/// `woodshed record`: the always-on recorder.
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record everything played on the plugged-in MIDI controllers, session by session.",
        discussion: """
            Records from every controller (USB and other hardware MIDI ports) through the ALSA \
            sequencer, including ones plugged in later; an unplugged one is noted and picked up \
            again when it comes back. A new session starts with the first note after a silence \
            longer than --session-gap; shorter pauses stay in the session. Every event is in the \
            library within 250 ms. Ctrl-C (or SIGTERM) ends the session cleanly and prints a summary.

            --from records a MIDI file (delivered as fast as possible with its own timing, or at \
            its pace with --realtime) or a raw MIDI byte stream: '-' for standard input, a rawmidi \
            node such as /dev/snd/midiC1D0, or a serial port set up with stty.

            Examples:
              woodshed record
              woodshed record --port 'Digital Piano' --session-gap 5m
              woodshed record --from take.mid
              cat /dev/ttyUSB0 | woodshed record --from -
            """
    )

    @Option(
        name: .long,
        help: ArgumentHelp("Silence that ends a session: 90s, 10m, 1h or seconds.", valueName: "duration")
    )
    var sessionGap = "10m"

    @Option(
        name: .customLong("port"),
        help: ArgumentHelp(
            "Record only this port (client:port, or a client name or prefix); repeat for several.",
            valueName: "port"
        )
    )
    var ports: [String] = []

    @Flag(name: .long, help: "Also record software ports (virtual keyboards, sequencers), not only controllers.")
    var all = false

    @Option(
        name: .long,
        help: ArgumentHelp("Record a MIDI file or raw MIDI bytes (path, or - for stdin) instead.", valueName: "source")
    )
    var from: String?

    @Flag(name: .long, help: "With --from FILE.mid: deliver events at the file's pace instead of at once.")
    var realtime = false

    @Flag(name: .long, help: "Do not record MIDI clock, start, continue and stop.")
    var dropClock = false

    @Flag(name: .long, help: "No status line or log lines; only errors and the final summary.")
    var quiet = false

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        if all && !ports.isEmpty {
            throw ValidationError("--all and --port exclude each other: --port records exactly the ports named")
        }
        if realtime && from == nil { throw ValidationError("--realtime applies to --from FILE.mid") }
        if (!ports.isEmpty || all) && from != nil {
            throw ValidationError("--port and --all select sequencer ports; they do not apply to --from")
        }
        _ = try Self.parseDuration(sessionGap)
    }

    func run() async throws {
        let gap = try Self.parseDuration(sessionGap)
        let output = RecorderOutput(quiet: quiet)
        let store = try Library(path: library.path)
        for id in try store.recoverUnclosedSessions() {
            output.log("session \(id) was left open by a recorder that stopped abruptly; closed it at its last event")
        }
        let lock = try RecorderLock(libraryPath: library.path)
        let (source, kind) = try makeSource()
        let pacedByFile = (source as? FileCaptureSource)?.pacing == .asFastAsPossible
        let recorder = Recorder(
            library: store,
            source: source,
            sourceKind: kind,
            gap: gap,
            observer: output,
            measuresLatency: !pacedByFile
        )
        let signals = SignalHandlers { source.stop() }
        defer { withExtendedLifetime((lock, signals)) {} }
        try await recorder.run()
        await report(recorder, output: output)
        if let failure = await recorder.failure { throw RecordingFailed(reason: failure) }
    }

    private func makeSource() throws -> (any CaptureSource, SourceKind) {
        do {
            guard let from else {
                let selection: SourceSelection
                if all {
                    selection = .all
                } else if ports.isEmpty {
                    selection = .controllers
                } else {
                    selection = .ports(try ports.map { try PortSpec(parsing: $0) })
                }
                return (try ALSACaptureSource(options: .init(selection: selection, dropClock: dropClock)), .capture)
            }
            if from != "-" && Self.isMIDIFile(from) {
                return (try FileCaptureSource(path: from, pacing: realtime ? .realTime : .asFastAsPossible), .stream)
            }
            if realtime { throw UserError("--realtime applies to MIDI files; \(from) is a byte stream") }
            return (try ByteStreamCaptureSource(path: from), .stream)
        } catch let error as MIDIFileError {
            throw error.inFile(from ?? "-")
        }
    }

    private func report(_ recorder: Recorder, output: RecorderOutput) async {
        let statistics = await recorder.statistics
        if statistics.sessions == 0 { output.always("nothing was played; no session recorded") }
        let latency = statistics.latency
        if !quiet, let median = latency.percentile(0.5), let p99 = latency.percentile(0.99) {
            output.log(
                "capture → durable in the library: median \(Self.milliseconds(median)) ms, p99 \(Self.milliseconds(p99)) ms over \(Formatting.plural(latency.count, "event"))"
            )
        }
        if statistics.overruns > 0 {
            output.always(
                "warning: the kernel dropped MIDI events \(Formatting.plural(statistics.overruns, "time")) (input queue overrun); see the session summary"
            )
        }
    }

    private static func milliseconds(_ nanoseconds: Int64) -> String {
        String(format: "%.1f", Double(nanoseconds) / 1e6)
    }

    /// A file that starts with "MThd" (or is named .mid/.midi/.smf and exists) is a MIDI file.
    static func isMIDIFile(_ path: String) -> Bool {
        // Only regular files are peeked at: opening a FIFO or a device would block or consume bytes.
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, let handle = FileHandle(forReadingAtPath: path) {
            defer { try? handle.close() }
            if let head = try? handle.read(upToCount: 4), Array(head) == Array("MThd".utf8) { return true }
        }
        let lower = path.lowercased()
        return lower.hasSuffix(".mid") || lower.hasSuffix(".midi") || lower.hasSuffix(".smf")
    }

    /// "90s", "10m", "1h", "1h30m" or plain seconds → nanoseconds.
    static func parseDuration(_ text: String) throws -> Nanoseconds {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600]
        var total: Int64 = 0
        var digits = ""
        for character in text.trimmingCharacters(in: .whitespaces) {
            if character.isASCII && character.isNumber {
                digits.append(character)
            } else if let unit = units[character], let value = Int64(digits) {
                total += value * unit
                digits = ""
            } else {
                throw ValidationError("invalid --session-gap '\(text)': use a duration such as 90s, 10m or 1h")
            }
        }
        if !digits.isEmpty, let value = Int64(digits) { total += value }
        guard total > 0 else { throw ValidationError("--session-gap must be longer than zero (e.g. 10m)") }
        return total * .nanosecondsPerSecond
    }
}

/// SIGINT and SIGTERM end recording cleanly; a second signal exits at once.
final class SignalHandlers {
    private let sources: [any DispatchSourceSignal]

    init(onSignal: @escaping @Sendable () -> Void) {
        let count = SignalCount()
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if count.increment() > 1 { exit(130) }
                onSignal()
            }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}

/// How many stop signals arrived.
final class SignalCount: Sendable {
    private let value = Mutex(0)

    func increment() -> Int {
        value.withLock { count in
            count += 1
            return count
        }
    }
}
