import MIDICore
import PracticeSegmenter
import PracticeTestSupport
import Testing

@testable import PracticeAnalyzer

/// Takes of a generated score judged against it: every error in its printed bar and on its
/// beat, the score's grace notes and trills no errors, and the bars that went wrong in how many
/// takes.
struct ScoreErrorsTests {
    static let score = TestScore()

    static func analyze(_ session: ScoredSession) -> WorkflowAnalysis {
        WorkflowAnalyzer().analyze(
            session.segmentation,
            notes: session.notes,
            context: AnalysisContext(scores: [1: score.fingerprint])
        )
    }

    @Test func errorsCarryTheirBarAndBeat() throws {
        let score = Self.score
        var session = ScoredSession(score: score)
        let stray = score.strayKey(bar: 4, beat: 3)
        session.play(1...12, mistakes: [.wrong(bar: 7, beat: 2), .missing(bar: 10, beat: 2)])
        session.play(1...12, mistakes: [.wrong(bar: 7, beat: 2), .extra(bar: 4, beat: 3, key: stray)])
        session.play(1...12, mistakes: [.wrong(bar: 7, beat: 2), .ornaments])
        session.play(1...12)
        let analysis = Self.analyze(session)
        let places = analysis.takeDetails.map { $0.errorPlaces?.map { "\($0.kind) \($0.bar):\($0.beat) \($0.key)" } }
        let wrong = "wrong 7:2.0 \(score.wrongKey(bar: 7, beat: 2))"
        #expect(
            places == [
                [wrong, "missing 10:2.0 \(score.melody(bar: 10, beat: 2))"],
                ["extra 4:3.0 \(stray)", wrong],
                [wrong],
                [],
            ]
        )
        #expect(analysis.takeDetails.map { $0.errors?.total } == [2, 2, 1, 0])
        // The score is the reference: no take is, and the clean one is clean.
        #expect(analysis.takeDetails.allSatisfy { !$0.isReference })
        #expect(analysis.takeDetails.map(\.clean) == [false, false, false, true])
        let material = try #require(analysis.materials.first)
        #expect(material.markedTempo == 120)
        let bars = try #require(material.barErrors)
        #expect(bars.map(\.bar) == (1...12).map(String.init))
        #expect(bars.allSatisfy { $0.takes == 4 })
        #expect(
            bars.filter { $0.takesWithErrors > 0 }.map { "\($0.bar): \($0.takesWithErrors)/\($0.errors)" } == [
                "4: 1/1", "7: 3/3", "10: 1/1",
            ]
        )
        let runs = try #require(material.barsNeedingWork)
        #expect(
            runs.map(\.summary) == [
                "bar 4: errors in 1 of 4 takes", "bar 7: errors in 3 of 4 takes", "bar 10: errors in 1 of 4 takes",
            ]
        )
        #expect(BarsNeedingWork.worst(runs, limit: 1).map(\.summary) == ["bar 7: errors in 3 of 4 takes"])
    }

    @Test func aTakeOfSomeBarsIsJudgedThereAndCountsOnlyThoseBars() throws {
        let score = Self.score
        var session = ScoredSession(score: score)
        session.play(5...8, passage: "m1/p1", mistakes: [.wrong(bar: 6, beat: 4)])
        session.play(5...8, passage: "m1/p1", mistakes: [.wrong(bar: 6, beat: 4), .wrong(bar: 7, beat: 1)])
        session.play(9...12, passage: "m1/p2", mistakes: [.missing(bar: 11, beat: 3)])
        let analysis = Self.analyze(session)
        // Played once, yet judged: the score says what the music is.
        #expect(analysis.takeDetails[2].notJudged == nil)
        #expect(analysis.takeDetails.map { $0.errors?.total } == [1, 2, 1])
        let bars = try #require(analysis.materials.first?.barErrors)
        #expect(
            bars.map { "\($0.bar) \($0.takesWithErrors)/\($0.takes)" } == [
                "5 0/2", "6 2/2", "7 1/2", "8 0/2", "9 0/1", "10 0/1", "11 1/1", "12 0/1",
            ]
        )
        #expect(
            analysis.materials.first?.barsNeedingWork?.map(\.summary) == [
                "bar 6: errors in 2 of 2 takes", "bar 7: errors in 1 of 2 takes", "bar 11: errors in 1 of 1 take",
            ]
        )
    }

    @Test func aTakeEnteringItsFirstChordPartlyMissesNothingThere() {
        var session = ScoredSession(score: Self.score)
        // Bar 5's first chord with its bass alone (the take began there), then bar 6's melody
        // left out on beat 1, the take going on: one missing note, in bar 6.
        session.play(5...8, mistakes: [.missing(bar: 5, beat: 1), .missing(bar: 6, beat: 1)])
        let analysis = Self.analyze(session)
        #expect(analysis.takeDetails[0].errorPlaces?.map { "\($0.kind) \($0.bar):\($0.beat)" } == ["missing 6:1.0"])
    }

    /// The score with bar 5's trill written out as notes (main, upper, main, upper, main an
    /// eighth of a beat apart), as a MIDI score has it, and no ornament flags.
    static func writtenOutTrill() -> MaterialFingerprint {
        var fingerprint = score.fingerprint
        var places = fingerprint.score!
        let trill = places.ornamentEvents[0]
        let main = fingerprint.events[trill].last!
        let start = places.eventSeconds![trill]
        var insert = trill + 1
        for (step, key) in [main + 2, main, main + 2, main].enumerated() {
            fingerprint.events.insert([key], at: insert)
            fingerprint.bars!.insert(fingerprint.bars![trill], at: insert)
            places.eventBars.insert(places.eventBars[trill], at: insert)
            places.eventBeats.insert(places.eventBeats[trill] + Double(step + 1) / 8, at: insert)
            places.eventSeconds!.insert(start + Double(step + 1) * 0.0625, at: insert)
            places.staves!.insert([1], at: insert)
            insert += 1
        }
        places.ornamentEvents = []
        fingerprint.score = places
        return fingerprint
    }

    @Test func anOrnamentWrittenOutAsNotesIsNoErrorLeftOut() {
        var session = ScoredSession(score: Self.score)
        session.play(4...7)
        let analysis = WorkflowAnalyzer().analyze(
            session.segmentation,
            notes: session.notes,
            context: AnalysisContext(scores: [1: Self.writtenOutTrill()])
        )
        // The take plays the trill's main note alone: nothing missing in bar 5.
        #expect(analysis.takeDetails[0].errorPlaces?.isEmpty == true)
    }

    @Test func withoutTheScoreTheTakesAreJudgedAgainstEachOtherAndPlaceNothing() {
        var session = ScoredSession(score: Self.score)
        for _ in 0..<3 { session.play(1...12, mistakes: [.wrong(bar: 7, beat: 2)]) }
        session.play(1...12)
        let analysis = WorkflowAnalyzer().analyze(session.segmentation, notes: session.notes)
        #expect(analysis.takeDetails.allSatisfy { $0.errorPlaces == nil })
        #expect(analysis.materials.first?.barErrors == nil)
        // Three takes agree on the wrong note: without a score it is the music.
        #expect(analysis.takeDetails.map { $0.errors?.total } == [0, 0, 0, 1])
    }

    @Test func adjacentBarsWithTheSameCountsAreOneRun() {
        let bars = [
            BarErrors(bar: "20", takes: 8, takesWithErrors: 0, errors: 0),
            BarErrors(bar: "21", takes: 8, takesWithErrors: 6, errors: 7),
            BarErrors(bar: "22", takes: 8, takesWithErrors: 6, errors: 6),
            BarErrors(bar: "23", takes: 8, takesWithErrors: 2, errors: 2),
            BarErrors(bar: "24", takes: 7, takesWithErrors: 2, errors: 2),
            BarErrors(bar: "26", takes: 7, takesWithErrors: 2, errors: 3),
            BarErrors(bar: "26a", takes: 7, takesWithErrors: 2, errors: 2),
        ]
        let runs = BarsNeedingWork.runs(bars)
        #expect(
            runs.map(\.summary) == [
                "bars 21–22: errors in 6 of 8 takes", "bar 23: errors in 2 of 8 takes",
                "bar 24: errors in 2 of 7 takes",
                "bars 26–26a: errors in 2 of 7 takes",
            ]
        )
        #expect(runs.map(\.errors) == [13, 2, 2, 5])
        #expect(BarsNeedingWork.worst(runs, limit: 2).map(\.bars.name) == ["bars 21–22", "bars 26–26a"])
    }
}
