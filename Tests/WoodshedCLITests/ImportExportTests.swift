import Foundation
import MIDICore
import PracticeLibrary
import SessionStore
import Testing

@testable import WoodshedCLI

/// A temporary folder with a library path, removed when the test ends.
struct Sandbox: ~Copyable {
    let root: String
    var library: String { root + "/library.sqlite" }

    init() {
        root = NSTemporaryDirectory() + "woodshed-cli-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func run(_ arguments: String...) async -> Int32 {
        await WoodshedMain.run(arguments: arguments + ["--library", library])
    }

    func write(_ bytes: [UInt8], _ name: String) -> String {
        let path = root + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }
}

/// A small two-hand performance with pedal, aftertouch and SysEx, made with the project's writer.
func demoPerformance() -> [TimedMessage] {
    var messages: [TimedMessage] = [
        TimedMessage(time: 0, port: 0, message: .sysEx([0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7]))
    ]
    for i in 0..<40 {
        let t = Int64(i) * 250_123_457
        let key = UInt8(60 + [0, 2, 4, 5, 7, 9, 11, 12][i % 8])
        messages.append(
            TimedMessage(
                time: t + 1_000_000,
                port: UInt16(i % 2),
                message: .noteOn(channel: 0, key: key, velocity: UInt8(40 + i))
            )
        )
        messages.append(
            TimedMessage(
                time: t + 120_000_000,
                port: UInt16(i % 2),
                message: .polyPressure(channel: 0, key: key, pressure: 20)
            )
        )
        messages.append(
            TimedMessage(
                time: t + 200_000_000,
                port: UInt16(i % 2),
                message: .noteOff(channel: 0, key: key, velocity: 64)
            )
        )
    }
    messages.append(
        TimedMessage(time: 2_000_000_000, port: 0, message: .controlChange(channel: 0, controller: 64, value: 127))
    )
    messages.append(
        TimedMessage(time: 3_000_000_000, port: 0, message: .controlChange(channel: 0, controller: 64, value: 0))
    )
    return messages.sorted { $0.time < $1.time }
}

@Suite("woodshed import / sessions / export")
struct ImportExportTests {
    @Test("import, list and export give back the same notes and events")
    func roundTrip() async throws {
        let sandbox = Sandbox()
        let original = demoPerformance()
        let file = StandardMIDIFile(performance: original, portNames: ["Left", "Right"], title: "Demo")
        let input = sandbox.write(file.encoded(), "demo.mid")

        #expect(await sandbox.run("import", input) == 0)
        let library = try Library(path: sandbox.library)
        let sessions = try library.sessions()
        #expect(sessions.count == 1)
        #expect(sessions[0].noteCount == 40)
        #expect(sessions[0].source == "demo.mid")
        #expect(try library.ports(session: sessions[0].id).map(\.name) == ["Left", "Right"])

        #expect(await sandbox.run("sessions") == 0)
        #expect(await sandbox.run("sessions", "--json") == 0)

        let output = sandbox.root + "/out.mid"
        #expect(await sandbox.run("export", "\(sessions[0].id)", "-o", output) == 0)
        let exported = try StandardMIDIFile(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: output))))
            .performance
        #expect(exported.portNames == ["Left", "Right"])
        #expect(exported.messages.map(\.message) == original.map(\.message))
        for (a, b) in zip(exported.messages, original) {
            #expect(abs(a.time - b.time) <= 1_000_000)
        }
        // Refuses to overwrite without --force.
        #expect(await sandbox.run("export", "\(sessions[0].id)", "-o", output) == 1)
        #expect(await sandbox.run("export", "\(sessions[0].id)", "-o", output, "--force") == 0)
        #expect(await sandbox.run("export", "\(sessions[0].id)", "--raw", "-o", sandbox.root + "/raw.txt") == 0)
        let raw = try String(contentsOfFile: sandbox.root + "/raw.txt", encoding: .utf8)
        #expect(raw.contains("\t0\tF0 7E 7F 09 01 F7\n"))
    }

    @Test("bad files each fail with exit 1 while the good one is still imported")
    func perFileErrors() async throws {
        let sandbox = Sandbox()
        let good = sandbox.write(StandardMIDIFile(performance: demoPerformance()).encoded(), "good.mid")
        let empty = sandbox.write([], "empty.mid")
        let png = sandbox.write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image.mid")
        #expect(await sandbox.run("import", empty, good, png, sandbox.root + "/missing.mid") == 1)
        #expect(try Library(path: sandbox.library).sessions().count == 1)
    }

    @Test("a file that is not MIDI gives one line: the file, the byte offset, what to do")
    func midiFileMessages() {
        let truncated = MIDIFileError(
            offset: 18,
            expected: "a chunk length",
            found: "32055 for chunk 'MTrk' (file truncated or corrupt)"
        )
        .inFile("take.mid")
        #expect(
            truncated.line
                == "take.mid: byte offset 18: expected a chunk length, found 32055 for chunk 'MTrk' (file truncated or corrupt)"
                + " — not a complete MIDI file; copy or export it again"
        )
        // A format error is no truncation: the advice fits it.
        let division = MIDIFileError(offset: 12, expected: "a non-zero number of ticks per quarter note", found: "0")
        #expect(division.hint?.hasPrefix("the file breaks the Standard MIDI File format here") == true)
        // The reader already said what the file is: no second piece of advice.
        let png = MIDIFileError(offset: 0, expected: "'MThd'", found: "0x89 — this is a PNG image, not a MIDI file")
            .inFile("photo.mid")
        #expect(
            png.line
                == "photo.mid: byte offset 0: expected 'MThd', found 0x89 — this is a PNG image, not a MIDI file"
        )
    }

    @Test("argument errors are one line that points at the command's --help")
    func oneLineArgumentErrors() {
        let message = """
            Error: Missing expected argument '<id>'
            Help:  <id>  The session id (see `woodshed sessions`).
            Usage: woodshed export <id> [--output <file>]
              See 'woodshed export --help' for more information.
            """
        #expect(WoodshedMain.oneLine(message) == "missing expected argument '<id>' — see 'woodshed export --help'")
        #expect(WoodshedMain.oneLine("Error: --since '3x' is not a period") == "--since '3x' is not a period")
    }

    @Test("--dry-run validates without touching the library")
    func dryRun() async throws {
        let sandbox = Sandbox()
        let good = sandbox.write(StandardMIDIFile(performance: demoPerformance()).encoded(), "good.mid")
        #expect(await sandbox.run("import", "--dry-run", good) == 0)
        #expect(!FileManager.default.fileExists(atPath: sandbox.library))
    }

    @Test("--start sets the session's wall-clock start")
    func startOption() async throws {
        let sandbox = Sandbox()
        let good = sandbox.write(StandardMIDIFile(performance: demoPerformance()).encoded(), "good.mid")
        #expect(await sandbox.run("import", "--start", "2026-11-24T18:00:00+01:00", good) == 0)
        let session = try #require(try Library(path: sandbox.library).sessions().first)
        #expect(session.startNs == 1_795_539_600 * 1_000_000_000)
        #expect(await sandbox.run("import", "--start", "yesterday", good) == 1)
    }

    @Test("delete needs --yes without a terminal, and unknown ids are user errors")
    func delete() async throws {
        let sandbox = Sandbox()
        let good = sandbox.write(StandardMIDIFile(performance: demoPerformance()).encoded(), "good.mid")
        #expect(await sandbox.run("import", good) == 0)
        #expect(await sandbox.run("delete", "1", "--yes") == 0)
        #expect(await sandbox.run("delete", "1", "--yes") == 1)
        #expect(await sandbox.run("export", "7", "-o", sandbox.root + "/x.mid") == 1)
        #expect(await sandbox.run("no-such-command") == 1)
        #expect(await sandbox.run("--help") == 0)
    }
}
