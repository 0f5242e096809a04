import Foundation
import PracticeAnalyzer
import PracticeReports
import Testing

@Suite("Trends over sessions")
struct StatsTests {
    /// The sample report with its first material known to the library, on a given day.
    static func known(_ day: String, playing: Double) -> (date: CivilDate, report: PracticeReport) {
        var (report, _) = sampleSession()
        report.session.activeTime = playing
        report.metrics.time?.technique = 120
        report.materials[1].libraryID = 42
        return (CivilDate(day)!, report)
    }

    @Test("days, streaks, basics and materials")
    func stats() throws {
        let sessions = [
            Self.known("2026-11-20", playing: 1_800),
            Self.known("2026-11-22", playing: 600),
            Self.known("2026-11-23", playing: 900),
            Self.known("2026-11-23", playing: 300),
            Self.known("2026-11-24", playing: 1_200),
            Self.known("2026-10-01", playing: 9_999),
        ]
        let stats = PracticeStats(sessions: sessions, from: CivilDate("2026-11-19")!, to: CivilDate("2026-11-25")!)
        #expect(stats.days.map(\.minutes) == [0, 30, 0, 10, 20, 20, 0])
        #expect(stats.days.map(\.sessions) == [0, 1, 0, 1, 2, 1, 0])
        // Nothing yet today: the streak through yesterday still counts.
        #expect(stats.streak.current == 3)
        #expect(stats.streak.longest == 3)
        #expect(stats.totals.sessions == 5)
        #expect(stats.totals.playing == 4_800)
        #expect(stats.lastBasics == "2026-11-24")
        #expect(stats.daysSinceBasics == 1)
        let material = try #require(stats.materials.first)
        #expect(stats.materials.count == 1)
        #expect(material.libraryID == 42)
        #expect(material.sessions == 5)
        #expect(material.points.map(\.date) == ["2026-11-20", "2026-11-22", "2026-11-23", "2026-11-23", "2026-11-24"])
        // m1/p1 came out clean at take 3; m1/p2 was played once and is not judged.
        #expect(material.points.first?.takesToFirstClean == 3)
        #expect(material.judgedTakes == 5 * 4)
    }

    @Test("text fits 80 columns, empty days collapse, HTML and JSON render")
    func renderings() throws {
        let stats = PracticeStats(
            sessions: [Self.known("2026-11-02", playing: 1_200), Self.known("2026-11-24", playing: 600)],
            from: CivilDate("2026-10-27")!,
            to: CivilDate("2026-11-25")!
        )
        let text = stats.text()
        for line in text.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
        #expect(text.contains("Mon 2 Nov"))
        #expect(text.contains("21 days without playing"))
        let page = stats.html()
        #expect(page.contains("<h2>Minutes per day <span"))
        #expect(page.contains("<h2>Pieces and exercises</h2>"))
        #expect(!page.contains("<script"))
        let json = try #require(try JSONSerialization.jsonObject(with: stats.jsonData()) as? [String: Any])
        #expect(json["schema"] as? String == "woodshed.stats.v1")
    }

    @Test("calendar days", arguments: [("1970-01-01", 0, 3), ("2026-11-25", 20_782, 2), ("2000-02-29", 11_016, 1)])
    func civilDates(text: String, day: Int, weekday: Int) {
        let date = CivilDate(text)!
        #expect(date.day == day)
        #expect(date.description == text)
        #expect(date.weekday == weekday)
    }
}
