import Foundation
import PracticeAnalyzer
import Testing

@testable import PracticeReports

/// Stats over years, empty periods, the timeline's ticks, takes without a tempo, and the
/// rest share named like the metrics.
@Suite("Charts and pages over months and years")
struct ChartsAndYearsTests {
    static func yearsOfPractice() -> PracticeStats {
        let days = ["2020-10-01", "2021-01-04", "2023-06-15", "2025-12-04"]
        return PracticeStats(
            sessions: days.map { StatsTests.known($0, playing: 1_200) }.map { $0.report.outcome(on: $0.date) },
            from: CivilDate("2020-10-01")!,
            to: CivilDate("2025-12-04")!
        )
    }

    @Test("a period over years names its years and counts minutes per month")
    func years() {
        let stats = Self.yearsOfPractice()
        #expect(stats.periodTitle == "Practice Thu 1 Oct 2020 – Thu 4 Dec 2025")
        #expect(stats.bucketUnit == .month)
        let labels = stats.buckets.map(\.label)
        #expect(labels.first == "Oct 2020" && labels.last == "Dec 2025" && Set(labels).count == labels.count)
        #expect(stats.buckets.first { $0.label == "Jan 2021" }?.minutes == 20)
        let text = stats.text()
        #expect(text.hasPrefix("Practice Thu 1 Oct 2020 – Thu 4 Dec 2025"))
        #expect(text.contains("MINUTES PER MONTH"))
        #expect(stats.html().contains("Practice Thu 1 Oct 2020 – Thu 4 Dec 2025"))
    }

    @Test("weeks over a new year carry the year; in one year they do not")
    func weeksOverNewYear() {
        let stats = PracticeStats(
            sessions: [StatsTests.known("2020-12-30", playing: 600)].map { $0.report.outcome(on: $0.date) },
            from: CivilDate("2020-11-01")!,
            to: CivilDate("2021-01-31")!
        )
        #expect(stats.bucketUnit == .week)
        #expect(stats.buckets.map(\.label).contains("week of 4 Jan 2021"))
        #expect(stats.buckets.map(\.label).contains("week of 28 Dec 2020"))
        let oneYear = PracticeStats(
            sessions: [SessionOutcome](),
            from: CivilDate("2021-02-01")!,
            to: CivilDate("2021-05-01")!
        )
        #expect(oneYear.buckets.map(\.label).contains("week of 8 Feb"))
    }

    @Test("no axis label sits on top of the last one")
    func axisLabelsApart() {
        for count in [46, 100, 130, 300, 400] {
            let stats = PracticeStats(
                sessions: [SessionOutcome](),
                from: CivilDate(day: 20_000),
                to: CivilDate(day: 20_000 + count - 1)
            )
            let page = StatsPage(stats)
            let positions = page.labels.map { Double($0.left.dropLast())! }
            for (a, b) in zip(positions, positions.dropFirst()) { #expect(b - a >= 7, "\(count) days: \(positions)") }
            #expect(Set(page.labels.map(\.text)).count == page.labels.count)
        }
    }

    @Test("an empty period says so and where to look")
    func emptyPeriod() {
        let stats = PracticeStats(
            sessions: [SessionOutcome](),
            from: CivilDate("2026-11-06")!,
            to: CivilDate("2026-12-05")!
        )
        let text = stats.text()
        #expect(text.contains("no sessions in the last 30 days — `woodshed stats --since all` shows every session"))
        #expect(!text.contains("MINUTES PER"))
        #expect(stats.html().contains("no sessions in the last 30 days"))
    }

    @Test("technique has its row, pace its unit, and on a phone the sparklines give way")
    func materialsTable() {
        var stats = Self.yearsOfPractice()
        stats.materials[0].points[0].bestPace = 19.8
        let text = stats.text()
        #expect(text.contains("Technique (exercises)"))
        #expect(text.contains("19.8/s"))
        let page = stats.html()
        #expect(page.contains("<td>Technique (exercises)</td>"))
        #expect(page.contains("19.8/s"))
        #expect(page.contains(".spark { display: none; }"))
    }

    @Test("timeline ticks under a minute apart read as a clock: no two alike")
    func ticks() {
        let labels = TimeAxis(duration: 167).ticks.map(\.label)
        #expect(labels == ["0", "0:30", "1:00", "1:30", "2:00", "2:30"])
        #expect(TimeAxis(duration: 1_500).ticks.map(\.label).prefix(3) == ["0", "5 min", "10 min"])
    }

    @Test("takes without a tempo are grey squares under the plot; 33 takes are numbered every fifth")
    func passageCard() throws {
        let (report, _) = sampleSession()
        let row = try #require(ReportDigest(report).passages.first)
        var takes = report.allTakes.filter { $0.take.passage == row.passage.id }.map(\.take)
        takes[0].tempo = nil
        let card = PassageCardView(row, takes: takes)
        #expect(!card.points[0].hasTempo && card.points[0].cy == "110")
        #expect(card.points.map { $0.hasTempo } == takes.map { $0.tempo != nil })
        #expect(card.points.contains { $0.hasTempo })
        let many = PassageCardView(row, takes: Array(repeating: takes[1], count: 33))
        #expect(many.points.map(\.number).filter { !$0.isEmpty } == ["1", "5", "10", "15", "20", "25", "30"])
        #expect(!many.points.contains { $0.hasLabel })
        // A top at 110 % would print its label on the 100 % one: only the 100 % line is named.
        takes[0].tempo = 1.05
        #expect(PassageCardView(row, takes: takes).grid.map(\.label) == ["60%", "100%"])
        takes[0].tempo = 1.4
        #expect(PassageCardView(row, takes: takes).grid.map(\.label) == ["60%", "100%", "140%"])
    }

    @Test("the rest share names its breaks and pauses as the metrics do; long metric values wrap")
    func restShare() throws {
        let (report, notes) = sampleSession()
        // "25:38 on Brahms Hungarian Dance 5" ran into the next column when kept on one line.
        let style = try #require(report.html(notes: notes).split(separator: "\n").first { $0.hasPrefix("td.value {") })
        #expect(!style.contains("nowrap") && style.contains("overflow-wrap: anywhere"))
        let time = try #require(report.metrics.time)
        let rest = try #require(ReportPage.shares(report).first { $0.kind == "rest" })
        #expect(
            rest.label == "breaks \(ReportFormat.clock(time.breaks)) + pauses \(ReportFormat.clock(time.pauses))"
        )
    }
}
