import PracticeSegmenter
import Testing

@testable import PracticeAnalyzer

/// What a report leads with is judged by the analyzer, whatever the words.
@Suite("Session highlights")
struct SessionHighlightTests {
    static func passage(_ id: String, takes: Int, firstClean: Int?) -> PassageMetrics {
        PassageMetrics(
            id: id,
            material: "m1",
            kind: .repertoire,
            from: 0,
            to: 8,
            takes: TakeTotals(
                count: takes,
                complete: takes,
                abandoned: 0,
                clean: firstClean == nil ? 0 : 1,
                judged: takes,
                cleanRatio: 0,
                restartsWithoutPause: 0,
                errorsPerTake: 0
            ),
            takesToFirstClean: firstClean,
            referenceNotes: 8,
            tempos: [],
            tempoTrend: nil,
            tempoVariation: nil,
            time: 30
        )
    }

    static func time(technique: Double, active: Double) -> TimeMetrics {
        TimeMetrics(
            total: active,
            active: active,
            breaks: 0,
            pauses: 0,
            technique: technique,
            repertoire: active - technique,
            free: 0,
            basicsShare: technique / active
        )
    }

    @Test("the passage that got faster and ended clean leads; the stubborn one follows")
    func passages() {
        let faster = Self.passage("m1/p1", takes: 3, firstClean: 2)
        let stubborn = Self.passage("m1/p2", takes: 4, firstClean: nil)
        let takes = [
            SessionHighlight.Take(passage: "m1/p1", start: 0, tempo: 0.6, clean: false),
            SessionHighlight.Take(passage: "m1/p1", start: 10, tempo: 0.8, clean: true),
            SessionHighlight.Take(passage: "m1/p1", start: 20, tempo: 1.0, clean: true),
            SessionHighlight.Take(passage: "m1/p2", start: 30, tempo: 0.9, clean: false),
        ]
        let highlights = SessionHighlight.highlights(
            passages: [faster, stubborn],
            takes: takes,
            focus: nil,
            time: Self.time(technique: 30, active: 600)
        )
        #expect(
            highlights == [
                .tempoGain(faster, from: 0.6, to: 1.0), .noCleanTake(stubborn),
                .basics(Self.time(technique: 30, active: 600)),
            ]
        )
        #expect(highlights.map(\.tone) == [.good, .warning, .warning])
    }

    @Test("takes whose notes were not judged make no 'no clean take' highlight")
    func notJudged() {
        var twice = Self.passage("m1/p1", takes: 2, firstClean: nil)
        twice.takes.judged = 0
        twice.takes.errorsJudged = 0
        let highlights = SessionHighlight.highlights(
            passages: [twice],
            takes: [
                SessionHighlight.Take(passage: "m1/p1", start: 0, tempo: 1, clean: nil),
                SessionHighlight.Take(passage: "m1/p1", start: 10, tempo: 1, clean: nil),
            ],
            focus: nil,
            time: nil
        )
        #expect(highlights.isEmpty)
    }

    @Test("basics: a warning below a tenth of the playing time, none at all says so")
    func basics() {
        let enough = SessionHighlight.highlights(
            passages: [],
            takes: [],
            focus: nil,
            time: Self.time(technique: 60, active: 600)
        )
        #expect(enough.map(\.tone) == [.neutral])
        let none = SessionHighlight.highlights(
            passages: [],
            takes: [],
            focus: nil,
            time: Self.time(technique: 0, active: 600)
        )
        #expect(none == [.noTechnique])
        #expect(SessionHighlight.highlights(passages: [], takes: [], focus: nil, time: nil).isEmpty)
    }

    @Test("a late first clean take is worth saying from the third on")
    func lateFirstClean() {
        let third = Self.passage("m1/p1", takes: 5, firstClean: 3)
        let second = Self.passage("m1/p1", takes: 5, firstClean: 2)
        #expect(
            SessionHighlight.highlights(passages: [third], takes: [], focus: nil, time: nil) == [
                .lateFirstClean(third, take: 3)
            ]
        )
        #expect(SessionHighlight.highlights(passages: [second], takes: [], focus: nil, time: nil).isEmpty)
    }
}
