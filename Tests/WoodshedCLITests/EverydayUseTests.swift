import Foundation
import MIDICore
import PracticeLibrary
import PracticeReports
import PracticeTestSupport
import SessionStore
import Testing

@testable import WoodshedCLI

/// Issue 13 through the CLI and a temporary library: imports that keep their dates and skip
/// duplicates; pieces merged, named, split and shown; tags removed by hand.
@Suite("Everyday use")
struct EverydayUseTests {
    static func demoFile() -> [UInt8] { StandardMIDIFile(performance: demoPerformance()).encoded() }

    static func localStart(_ session: SessionInfo) -> String { Formatting.localDateTime(session) }

    @Test("imports take their date from the file name, say so, and keep a given zone")
    func importDates() async throws {
        let sandbox = Sandbox()
        let named = sandbox.write(Self.demoFile(), "Rehearsal 2024-10-14 19.05.mid")
        var other = demoPerformance()
        other.removeLast()  // other events: not a duplicate
        let plain = sandbox.write(StandardMIDIFile(performance: other).encoded(), "lesson.mid")
        let modified = Date(timeIntervalSince1970: 1_700_000_000)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: plain)
        #expect(await sandbox.run("import", named, plain) == 0)
        let library = try Library(path: sandbox.library)
        let sessions = try library.sessions().sorted { $0.id < $1.id }
        try #require(sessions.count == 2)
        let zone = TimeZone.current
        let expected = try #require(ImportDating.parseStart("2024-10-14 19:05", localZone: zone)?.0)
        #expect(sessions[0].start == expected)
        let length = Double(sessions[1].durationNs) / 1e9
        #expect(abs(sessions[1].start.timeIntervalSince(modified) + length) < 1.5)
        #expect(sessions[0].startNs != sessions[1].startNs)

        // --start is one file's; an offset is kept and shown as local time there.
        let third = sandbox.write(StandardMIDIFile(performance: Array(other.dropLast(2))).encoded(), "third.mid")
        #expect(await sandbox.run("import", "--start", "2024-10-14T19:00+01:00", third, named) != 0)
        #expect(await sandbox.run("import", "--start", "2024-10-14T19:00+01:00", third) == 0)
        let given = try #require(try library.sessions().max { $0.id < $1.id })
        #expect(given.utcOffset == 3_600 && Self.localStart(given) == "2024-10-14 19:00")

        let describe = ImportCommand.describe(
            ImportDate(start: given.start, timeZone: TimeZone(secondsFromGMT: 3_600)!, source: .fileName)
        )
        #expect(describe == "started 2024-10-14 19:00 +01:00 (from the file name)")
    }

    @Test("a dates list dates each file; files not in it are dated as usual")
    func datesList() async throws {
        let sandbox = Sandbox()
        let a = sandbox.write(Self.demoFile(), "a.mid")
        let list = sandbox.write(Array("file,start\na.mid,2023-05-01T10:30:00+02:00\n".utf8), "dates.csv")
        #expect(await sandbox.run("import", "--dates", list, a) == 0)
        let session = try #require(try Library(path: sandbox.library).sessions().first)
        #expect(Self.localStart(session) == "2023-05-01 10:30" && session.utcOffset == 7_200)
        let bad = sandbox.write(Array("a.mid,whenever\n".utf8), "bad.csv")
        #expect(await sandbox.run("import", "--dates", bad, a) == 1)
    }

    @Test("the same events imported again are skipped, unless --again")
    func duplicates() async throws {
        let sandbox = Sandbox()
        let first = sandbox.write(Self.demoFile(), "take.mid")
        let copy = sandbox.write(Self.demoFile(), "2024-01-02 copy of take.mid")
        #expect(await sandbox.run("import", first) == 0)
        #expect(await sandbox.run("import", copy, first) == 0)
        let library = try Library(path: sandbox.library)
        #expect(try library.sessions().count == 1)
        #expect(await sandbox.run("import", "--again", copy) == 0)
        #expect(try library.sessions().count == 2)
    }

    /// Two sessions of one piece that the library keeps as two pieces: the second is split off.
    static func twoPiecesOfOne(_ sandbox: borrowing Sandbox) async throws -> Library {
        let first = sandbox.write(SimulatedPractice.file(seed: 3).encoded(), "2024-03-01 18.00.mid")
        let second = sandbox.write(SimulatedPractice.file(seed: 4).encoded(), "2024-03-08 18.00.mid")
        #expect(await sandbox.run("import", first, second) == 0)
        #expect(await sandbox.run("analyze", "--session", "1", "-o", sandbox.root + "/1.txt") == 0)
        #expect(await sandbox.run("analyze", "--session", "2", "-o", sandbox.root + "/2.txt") == 0)
        let library = try Library(path: sandbox.library)
        #expect(try library.materials().map(\.sessionCount) == [2])
        #expect(await sandbox.run("pieces", "split", "1", "2") == 0)
        return library
    }

    @Test("split, name conflict, merge: one id from then on, stored reports follow")
    func splitNameMerge() async throws {
        let sandbox = Sandbox()
        let library = try await Self.twoPiecesOfOne(sandbox)
        let pieces = try library.materials()
        #expect(pieces.map(\.id) == [1, 2])
        #expect(try library.sessionIDs(material: 1) == [1] && library.sessionIDs(material: 2) == [2])
        // A session that did not practise the piece cannot be split off it.
        #expect(await sandbox.run("pieces", "split", "1", "2") == 1)

        #expect(await sandbox.run("pieces", "name", "1", "Sonatina") == 0)
        #expect(await sandbox.run("pieces", "name", "2", "sonatina") == 1)
        #expect(try library.materials().map(\.name) == ["Sonatina", "Piece #2"])

        #expect(await sandbox.run("pieces", "merge", "1", "2") == 0)
        #expect(try library.materials().map(\.id) == [1])
        #expect(try library.sessionIDs(material: 1) == [1, 2])
        // Session 2's stored report named "Piece #2": it is shown as piece 1, by its name now.
        let stored = try #require(try ReportCache.stored(sessionID: 2, in: library))
        #expect(stored.materials.first?.libraryID == 1 && stored.materials.first?.name == "Sonatina")
        #expect(await sandbox.run("report", "2", "-o", sandbox.root + "/r2.txt") == 0)
        let text = try String(contentsOfFile: sandbox.root + "/r2.txt", encoding: .utf8)
        #expect(text.contains("Sonatina") && !text.contains("Piece #2"))
        // Analysed again, the session is matched to the piece that stayed.
        #expect(await sandbox.run("analyze", "--session", "2", "-o", sandbox.root + "/again.txt") == 0)
        let raw = try PracticeReport.decode(try #require(try library.analysis(session: 2)).report)
        #expect(raw.materials.compactMap(\.libraryID) == [1])
        #expect(await sandbox.run("pieces", "merge", "1", "2") == 1)
        #expect(await sandbox.run("pieces", "show", "2") == 1)
    }

    @Test("a rename reaches stored reports without analysing again")
    func renameReachesStoredReports() async throws {
        let sandbox = Sandbox()
        let practice = sandbox.write(SimulatedPractice.file(seed: 3).encoded(), "p.mid")
        #expect(await sandbox.run("import", practice) == 0)
        #expect(await sandbox.run("analyze", "--session", "1", "-o", sandbox.root + "/a.txt") == 0)
        let library = try Library(path: sandbox.library)
        let before = try #require(try library.analysis(session: 1))
        #expect(await sandbox.run("pieces", "name", "1", "Für Elise") == 0)
        #expect(await sandbox.run("report", "1", "-o", sandbox.root + "/r.txt") == 0)
        #expect(try library.analysis(session: 1)?.analyzedAtNs == before.analyzedAtNs)
        let text = try String(contentsOfFile: sandbox.root + "/r.txt", encoding: .utf8)
        #expect(text.contains("Für Elise") && !text.contains("Piece #1"))
    }

    @Test("pieces show: sessions with dates and minutes, weeks, last practised, passages")
    func show() async throws {
        let sandbox = Sandbox()
        let first = sandbox.write(SimulatedPractice.file(seed: 3).encoded(), "2024-03-01 18.00.mid")
        let second = sandbox.write(SimulatedPractice.file(seed: 4).encoded(), "2024-03-12 18.00.mid")
        #expect(await sandbox.run("import", first, second) == 0)
        for id in ["1", "2"] {
            #expect(await sandbox.run("analyze", "--session", id, "-o", sandbox.root + "/\(id).txt") == 0)
        }
        let library = try Library(path: sandbox.library)
        let overview = try PieceOverview.load(1, in: library)
        #expect(overview.sessions.map(\.session.id) == [1, 2])
        #expect(overview.lastPractised?.id == 2)
        #expect(overview.sessions.allSatisfy { $0.time > 20 && $0.takes == 4 })
        #expect(overview.weeks.map(\.monday.description) == ["2024-02-26", "2024-03-11"])
        #expect(abs(overview.weeks.reduce(0) { $0 + $1.minutes } - overview.totalTime / 60) < 1e-9)
        let opening = try #require(overview.passages.first)
        #expect(opening.label == "from the opening" && opening.sessions == [1, 2] && opening.takes == 8)
        let text = PieceShowText.render(overview)
        #expect(text.contains("2 sessions") && text.contains("last practised 2024-03-12 18:00"))
        #expect(text.contains("week of 2024-03-11") && text.contains("from the opening"))
        #expect(await sandbox.run("pieces", "show", "1") == 0)
        #expect(await sandbox.run("pieces", "show", "7") == 1)
    }

    @Test("an automatic tag removed by hand stays removed after analysing again")
    func removedTagStaysRemoved() async throws {
        let sandbox = Sandbox()
        let practice = sandbox.write(SimulatedPractice.file(seed: 3).encoded(), "p.mid")
        #expect(await sandbox.run("import", practice) == 0)
        #expect(await sandbox.run("analyze", "--session", "1", "-o", sandbox.root + "/a.txt") == 0)
        let library = try Library(path: sandbox.library)
        #expect(try library.session(1).tags.contains("repertoire"))
        #expect(await sandbox.run("tag", "1", "-Repertoire", "+Mozart lesson") == 0)
        #expect(await sandbox.run("analyze", "--session", "1", "-o", sandbox.root + "/b.txt") == 0)
        let tags = try library.session(1).tags
        #expect(!tags.contains("repertoire") && tags.contains("Mozart lesson"))
        // The report shows the session's tags, not the analysis's.
        #expect(await sandbox.run("report", "1", "--format", "json", "-o", sandbox.root + "/r.json") == 0)
        let shown = try PracticeReport.decode(Data(contentsOf: URL(fileURLWithPath: sandbox.root + "/r.json")))
        #expect(!shown.tags.contains("repertoire") && shown.tags.contains("Mozart lesson"))
        #expect(try library.sessions(tag: "mozart lesson").map(\.id) == [1])
    }
}
