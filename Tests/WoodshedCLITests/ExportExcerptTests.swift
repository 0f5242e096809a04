import Foundation
import MIDICore
import PracticeLibrary
import PracticeReports
import PracticeTestSupport
import SessionStore
import Testing

@testable import WoodshedCLI

/// `woodshed export ID --take N` and `--from T --to T`: the selected notes as a MIDI file, the
/// same notes the journal plays (``SessionExcerpt``).
struct ExportExcerptTests {
    /// The simulated practice of AnalyzeTests with the sustain pedal down over the second take.
    static func practiceWithPedal() -> [UInt8] {
        var file = SimulatedPractice.file(seed: 7).performance
        let notes = Note.notes(from: file.messages)
        let pedalDown = notes[notes.count / 4].onset
        file.messages += [
            TimedMessage(time: pedalDown, message: .controlChange(channel: 0, controller: 64, value: 127)),
            TimedMessage(
                time: notes[notes.count / 2].onset,
                message: .controlChange(channel: 0, controller: 64, value: 0)
            ),
        ]
        file.messages.sort { $0.time < $1.time }
        return StandardMIDIFile(performance: file.messages, portNames: ["Piano"], title: "pedal").encoded()
    }

    static func notes(ofFile path: String) throws -> [Note] {
        Note.notes(from: try Performance(midiFile: Array(try Data(contentsOf: URL(fileURLWithPath: path)))).messages)
    }

    @Test("--take N writes that take's notes from time 0, as many as the session has in it")
    func take() async throws {
        let sandbox = Sandbox()
        #expect(await sandbox.run("import", sandbox.write(Self.practiceWithPedal(), "practice.mid")) == 0)
        #expect(await sandbox.run("analyze", "--session", "1") == 0)
        let library = try Library(path: sandbox.library)
        let (report, _) = try ReportCache.report(sessionID: 1, in: library)
        let takes = SessionExcerpt.numberedTakes(report)
        try #require(takes.count >= 3)
        #expect(takes.map(\.take.start) == takes.map(\.take.start).sorted())
        let all = try SessionAnalysis.notes(sessionID: 1, in: library)
        for number in [1, 2, takes.count] {
            let output = sandbox.root + "/take\(number).mid"
            #expect(await sandbox.run("export", "1", "--take", "\(number)", "-o", output) == 0)
            let written = try Self.notes(ofFile: output)
            let take = takes[number - 1].take
            let inTake = all.filter {
                Double($0.onset) / 1e9 >= take.start - 0.0005 && Double($0.onset) / 1e9 <= take.end
            }
            #expect(written.count == inTake.count, "take \(number)")
            #expect(written.map(\.key) == inTake.map(\.key))
            // Times start at the take's start (to the millisecond the file's ticks keep).
            let shift = Double(inTake[0].onset - written[0].onset) / 1e9
            #expect(abs(shift - take.start) < 0.002)
        }
    }

    @Test("--from/--to writes the notes starting in the range, the pedal held at --from first")
    func range() async throws {
        let sandbox = Sandbox()
        #expect(await sandbox.run("import", sandbox.write(Self.practiceWithPedal(), "practice.mid")) == 0)
        let library = try Library(path: sandbox.library)
        let all = try SessionAnalysis.notes(sessionID: 1, in: library)
        // Start between the pedal going down and up.
        let from = Double(all[all.count / 3].onset) / 1e9 - 0.001
        let to = from + 4
        let output = sandbox.root + "/range.mid"
        #expect(await sandbox.run("export", "1", "--from", "\(from)", "--to", "\(to)", "-o", output) == 0)
        let expected = all.filter { Double($0.onset) / 1e9 >= from && Double($0.onset) / 1e9 < to }
        let messages = try Performance(midiFile: Array(try Data(contentsOf: URL(fileURLWithPath: output)))).messages
        #expect(Note.notes(from: messages).map(\.key) == expected.map(\.key))
        let pedal = messages.filter {
            if case .controlChange(_, 64, _) = $0.message { return true }
            return false
        }
        #expect(pedal.first?.time == 0)
        #expect(pedal.first?.message == .controlChange(channel: 0, controller: 64, value: 127))
        // m:ss is read as seconds too.
        #expect(await sandbox.run("export", "1", "--from", "0:01", "--to", "0:05", "-o", sandbox.root + "/b.mid") == 0)
    }

    @Test("a take that is not there, a bad time or mixed options are one-line errors")
    func errors() async throws {
        let sandbox = Sandbox()
        #expect(await sandbox.run("import", sandbox.write(Self.practiceWithPedal(), "practice.mid")) == 0)
        let out = sandbox.root + "/x.mid"
        #expect(await sandbox.run("export", "1", "--take", "99", "-o", out) == 1)
        #expect(await sandbox.run("export", "1", "--take", "0", "-o", out) == 1)
        #expect(await sandbox.run("export", "1", "--from", "soon", "-o", out) == 1)
        #expect(await sandbox.run("export", "1", "--from", "10", "--to", "5", "-o", out) == 1)
        #expect(await sandbox.run("export", "1", "--take", "1", "--from", "5", "-o", out) == 1)
        #expect(await sandbox.run("export", "1", "--take", "1", "--raw") == 1)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("times: seconds, m:ss, h:mm:ss; anything else is nil")
    func times() {
        #expect(SessionExcerpt.seconds("72.5") == 72.5)
        #expect(SessionExcerpt.seconds("1:12") == 72)
        #expect(SessionExcerpt.seconds("1:12.5") == 72.5)
        #expect(SessionExcerpt.seconds("1:02:03") == 3723)
        for bad in ["", "-1", "1:75", "a", "1::2", "1e3", "1:2:3:4", ":5", "nan"] {
            #expect(SessionExcerpt.seconds(bad) == nil, "\(bad)")
        }
    }
}
