import Foundation
import MIDICore
import PracticeAnalyzer
import PracticeLibrary
import PracticeReports
import PracticeSegmenter
import PracticeTestSupport
import SessionStore
import Testing

@testable import WoodshedCLI

/// A generated practice session as a MIDI file: a scale, a passage with takes, free play.
func practiceFile() -> StandardMIDIFile {
    var builder = SessionBuilder()
    builder.play(
        .technique,
        "scale",
        material: "t1",
        keys: [60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62, 60]
    )
    builder.pause(3)
    var slow = TakePlan()
    slow.tempo = 0.6
    var stopped = TakePlan()
    stopped.stopAfter = 4
    builder.repertoire("m1", name: "Minuet", passage: .demo, takes: [slow, stopped, TakePlan(), TakePlan()], gap: 2.5)
    builder.pause(4)
    builder.play(.free, "free play", material: "f1", keys: [50, 55, 62, 57, 64, 59, 52, 47, 45, 60, 53, 58])
    var messages: [TimedMessage] = []
    for note in builder.notes {
        messages.append(
            TimedMessage(time: note.onset, port: 0, message: .noteOn(channel: 0, key: note.key, velocity: 70))
        )
        messages.append(
            TimedMessage(time: note.end, port: 0, message: .noteOff(channel: 0, key: note.key, velocity: 64))
        )
    }
    messages.sort {
        ($0.time, $0.message.bytes[0] & 0xF0 == 0x80 ? 0 : 1) < ($1.time, $1.message.bytes[0] & 0xF0 == 0x80 ? 0 : 1)
    }
    return StandardMIDIFile(performance: messages, portNames: ["Piano"], title: "practice")
}

@Suite("woodshed report / analyze / tag / stats")
struct ReportCommandTests {
    @Test("report in every format; the analysis and the automatic tags are stored")
    func report() async throws {
        let sandbox = Sandbox()
        let input = sandbox.write(practiceFile().encoded(), "practice.mid")
        #expect(await sandbox.run("import", input) == 0)
        let json = sandbox.root + "/report.json"
        let text = sandbox.root + "/report.txt"
        #expect(await sandbox.run("report", "latest", "--format", "json", "-o", json) == 0)
        #expect(await sandbox.run("report", "1", "-o", text) == 0)
        #expect(await sandbox.run("report", "1", "--format", "md", "-o", sandbox.root + "/report.md") == 0)
        #expect(await sandbox.run("report", "1", "--format", "html", "-o", sandbox.root + "/report.html") == 0)
        let report = try PracticeReport.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.session.id == 1)
        #expect(report.metrics.takeTotals?.count == report.metrics.takes)
        #expect(report.analyzer?.version == WorkflowAnalyzer.version)
        #expect(report.analyzer?.segmenter == PracticeSegmenter.version)
        let library = try Library(path: sandbox.library)
        #expect(try library.analysis(session: 1)?.analyzerVersion == SessionAnalysis.version)
        #expect(try library.tags(session: 1).map(\.name) == report.tags)
        // The text file says what the JSON says.
        let summary = try String(contentsOfFile: text, encoding: .utf8)
        #expect(!summary.contains("\u{1B}"))
        if let takes = report.metrics.takeTotals {
            let clean = takes.judged == takes.count ? "\(takes.clean) clean" : "\(takes.clean) of \(takes.judged) clean"
            #expect(summary.contains("TAKES     \(ReportFormat.plural(takes.count, "take")) · \(clean)"))
        }
        #expect(summary.contains("\(report.metrics.contextSwitches) switch"))
        let page = try String(contentsOfFile: sandbox.root + "/report.html", encoding: .utf8)
        #expect(page.contains("<svg"))
        // Errors: an unknown session, a word that is not an id, an existing file.
        #expect(await sandbox.run("report", "99") == 1)
        #expect(await sandbox.run("report", "yesterday") == 1)
        #expect(await sandbox.run("report", "1", "-o", text) == 1)
    }

    @Test("user tags survive a new analysis; automatic ones are replaced, but not those removed by hand")
    func tags() async throws {
        let sandbox = Sandbox()
        #expect(await sandbox.run("import", sandbox.write(practiceFile().encoded(), "p.mid")) == 0)
        #expect(await sandbox.run("analyze", "--session", "1", "-o", sandbox.root + "/a.txt") == 0)
        let library = try Library(path: sandbox.library)
        let automatic = try library.tags(session: 1).map(\.name)
        #expect(automatic.contains("technique"))
        #expect(await sandbox.run("tag", "1", "+lesson", "-technique", "+Für Elise") == 0)
        var tags = try library.tags(session: 1)
        #expect(tags.contains { $0.name == "lesson" && $0.origin == .user })
        #expect(tags.contains { $0.name == "Für Elise" && $0.origin == .user })
        #expect(!tags.contains { $0.name == "technique" })
        #expect(try library.sessions(tag: "lesson").map(\.id) == [1])
        #expect(await sandbox.run("analyze", "--all") == 0)
        tags = try library.tags(session: 1)
        #expect(tags.contains { $0.name == "lesson" && $0.origin == .user })
        #expect(!tags.contains { $0.name == "technique" })
        #expect(tags.contains { $0.origin == .auto })
        #expect(await sandbox.run("tag", "1", "+") == 1)
        #expect(await sandbox.run("tag", "7", "+x") == 1)
    }

    @Test("analyze a file without a library; analyze --all --outdated skips what is current")
    func analyze() async throws {
        let sandbox = Sandbox()
        let input = sandbox.write(practiceFile().encoded(), "p.mid")
        let out = sandbox.root + "/file.json"
        #expect(await sandbox.run("analyze", input, "--format", "json", "-o", out) == 0)
        let report = try PracticeReport.decode(Data(contentsOf: URL(fileURLWithPath: out)))
        #expect(report.session.source == "p.mid")
        #expect(report.session.id == nil)
        #expect(!FileManager.default.fileExists(atPath: sandbox.library))
        #expect(await sandbox.run("analyze") == 1)
        #expect(await sandbox.run("analyze", input, "--all") == 1)
        #expect(await sandbox.run("import", "--again", input, input) == 0)
        #expect(await sandbox.run("analyze", "--all", "--outdated") == 0)
        let library = try Library(path: sandbox.library)
        #expect(try library.analysis(session: 2) != nil)
        #expect(await sandbox.run("stats", "--since", "all", "--format", "json", "-o", sandbox.root + "/s.json") == 0)
        #expect(await sandbox.run("stats", "--since", "fortnight") == 1)
    }

    @Test("the recorder's call analyses, stores and returns the text summary")
    func afterRecording() throws {
        let library = try Library.inMemory()
        let file = practiceFile().performance
        let id = try library.importSession(
            NewSession(start: Date(timeIntervalSince1970: 1_764_090_000), sourceKind: .capture, source: "Piano"),
            ports: [PortInfo(port: 0, name: "Digital Piano")],
            events: file.messages.map(RawEvent.init)
        )
        let summary = try SessionAnalysis.analyzeAndStore(sessionID: id, in: library)
        #expect(summary.contains("TAKES"))
        #expect(try library.analysis(session: id) != nil)
        #expect(try library.tags(session: id).map(\.name).contains("digital-piano"))
    }

    @Test("tag arguments, periods and the progress line")
    func parsing() throws {
        #expect(try TagCommand.parse("+lesson") == .init(add: true, name: "lesson"))
        #expect(try TagCommand.parse("-slow-practice") == .init(add: false, name: "slow-practice"))
        #expect(try TagCommand.parse("evening") == .init(add: true, name: "evening"))
        #expect(throws: UserError.self) { try TagCommand.parse("-") }
        let today = CivilDate("2026-11-25")!
        #expect(PracticeTrends.firstDay("30d", today: today)?.description == "2026-10-27")
        #expect(PracticeTrends.firstDay("1w", today: today)?.description == "2026-11-19")
        #expect(PracticeTrends.firstDay("2026-09-01", today: today)?.description == "2026-09-01")
        #expect(PracticeTrends.firstDay("soon", today: today) == nil)
        let line = ProgressBar.line(done: 25, total: 100, label: "analysing", elapsed: .seconds(10), width: 80)
        #expect(line.hasPrefix("analysing █"))
        #expect(line.hasSuffix(" 25/100  0:30 left"))
        #expect(line.count <= 80)
    }
}
