import MIDICore
import PracticeAnalyzer
import PracticeSegmenter
import PracticeTestSupport
import Testing

/// Takes against a passage's best rendition, on generated sessions whose every note is known.
@Suite("Take metrics")
struct TakeMetricsTests {
    let analyzer = WorkflowAnalyzer()

    /// Warm-up, three takes of a passage (the second abandoned after four chords), free play.
    static func threeTakes() -> SessionBuilder {
        var builder = SessionBuilder()
        builder.play(.technique, "C major scale", material: "t1", keys: [60, 62, 64, 65, 67, 69, 71, 72])
        builder.pause(2)
        var abandoned = TakePlan()
        abandoned.stopAfter = 4
        builder.repertoire("m1", name: "Minuet", passage: .demo, takes: [TakePlan(), abandoned, TakePlan()])
        builder.pause(2)
        builder.play(.free, "free play", material: "f1", keys: [50, 53, 57, 60, 57, 53, 50, 45])
        return builder
    }

    @Test("three takes, the second abandoned: clean-take ratio 2/3 and 2 context switches")
    func issueExample() {
        let builder = Self.threeTakes()
        let analysis = analyzer.analyze(builder.segmentation, notes: builder.notes)
        #expect(analysis.takes.count == 3)
        #expect(analysis.takes.complete == 2)
        #expect(analysis.takes.abandoned == 1)
        #expect(analysis.takes.clean == 2)
        #expect(analysis.takes.cleanRatio == 2.0 / 3.0)
        #expect(analysis.focus.contextSwitches == 2)
        #expect(analysis.passages.count == 1)
        #expect(analysis.passages[0].takesToFirstClean == 1)
        #expect(analysis.passages[0].referenceNotes == 12)
        #expect(analysis.takeDetails.map(\.clean) == [true, false, true])
        #expect(analysis.takeDetails.map(\.errors?.total) == [0, 0, 0])
        #expect(analysis.takeDetails.map(\.number) == [1, 2, 3])
    }

    /// Four takes of a minuet: one wrong note in the first, a missing and an extra one in the
    /// second, the last two clean.
    static func minuetWithErrors() -> SessionBuilder {
        var builder = SessionBuilder()
        var wrong = TakePlan()
        wrong.wrong = [2]
        var missingAndExtra = TakePlan()
        missingAndExtra.missing = [4]
        missingAndExtra.extra = [5]
        builder.repertoire(
            "m1",
            name: "Minuet",
            passage: .demo,
            takes: [wrong, missingAndExtra, TakePlan(), TakePlan()]
        )
        return builder
    }

    @Test("a wrong, a missing and an extra note are counted as such; the first clean take is the third")
    func errorsPerTake() {
        let builder = Self.minuetWithErrors()
        let analysis = analyzer.analyze(builder.segmentation, notes: builder.notes)
        let errors = analysis.takeDetails.map(\.errors)
        #expect(errors[0] == NoteErrors(wrong: 1, missing: 0, extra: 0))
        #expect(errors[1] == NoteErrors(wrong: 0, missing: 1, extra: 1))
        #expect(errors[2] == NoteErrors(wrong: 0, missing: 0, extra: 0))
        #expect(analysis.passages[0].takesToFirstClean == 3)
        #expect(analysis.passages[0].takes.clean == 2)
        #expect(analysis.takes.errorsPerTake == 0.75)
    }

    @Test("without a score each error is marked with its kind, key and time inside its take")
    func errorMarks() {
        let builder = Self.minuetWithErrors()
        let analysis = analyzer.analyze(builder.segmentation, notes: builder.notes)
        let marks = analysis.takeDetails.map { $0.errorMarks?.map(\.kind.rawValue) }
        #expect(marks == [["wrong"], ["missing", "extra"], [], []])
        // Each mark lies in its own take: after the previous take's last note.
        let onsets = builder.notes.map { Seconds.from($0.onset) }.sorted()
        let perTake = onsets.count / 4
        for (index, details) in analysis.takeDetails.enumerated() {
            for mark in details.errorMarks ?? [] {
                let first = onsets[index * perTake]
                let last = onsets[min(onsets.count - 1, (index + 1) * perTake)]
                #expect(mark.time >= first - 0.5 && mark.time <= last + 0.5)
            }
            #expect(details.errorPlaces == nil)
        }
    }

    @Test("a wrong note in the only complete take is outvoted by the takes that stopped early")
    func consensusOutvotesTheMedoid() {
        var builder = SessionBuilder()
        var stopped = TakePlan()
        stopped.stopAfter = 7
        var wrong = TakePlan()
        wrong.wrong = [5]
        // The complete take is the only candidate for best rendition; it carries the wrong note.
        builder.repertoire("m1", name: "Minuet", passage: .demo, takes: [stopped, stopped, stopped, wrong])
        let analysis = analyzer.analyze(builder.segmentation, notes: builder.notes)
        #expect(analysis.takeDetails.map(\.isReference) == [false, false, false, true])
        #expect(analysis.takeDetails[3].errors == NoteErrors(wrong: 1, missing: 0, extra: 0))
        #expect(analysis.takeDetails.map(\.clean) == [false, false, false, false])
        #expect(analysis.passages[0].takesToFirstClean == nil)
    }

    @Test("tempo is relative to the fastest clean take, with its trend and spread")
    func tempoProgression() {
        var builder = SessionBuilder()
        var half = TakePlan()
        half.tempo = 0.5
        var threeQuarters = TakePlan()
        threeQuarters.tempo = 0.75
        builder.repertoire("m1", name: "Minuet", passage: .demo, takes: [half, threeQuarters, TakePlan()])
        let passage = analyzer.analyze(builder.segmentation, notes: builder.notes).passages[0]
        #expect(passage.tempos == [0.5, 0.75, 1])
        #expect(passage.tempoTrend == 0.25)
        // Population standard deviation √(0.125 / 3) over the mean 0.75.
        #expect(passage.tempoVariation == 0.2722)
    }

    @Test("a faster take with a wrong note does not set the tempo basis")
    func tempoBasisIsClean() {
        var builder = SessionBuilder()
        var fastButWrong = TakePlan()
        fastButWrong.tempo = 1.25
        fastButWrong.wrong = [1]
        builder.repertoire("m1", name: "Minuet", passage: .demo, takes: [TakePlan(), TakePlan(), fastButWrong])
        let passage = analyzer.analyze(builder.segmentation, notes: builder.notes).passages[0]
        #expect(passage.tempos == [1, 1, 1.25])
    }

    @Test("a pause inside a take is a hesitation and does not change its tempo")
    func hesitation() {
        var builder = SessionBuilder()
        var hesitant = TakePlan()
        hesitant.hesitationAfter = 3
        hesitant.hesitation = 2
        builder.repertoire("m1", name: "Minuet", passage: .demo, takes: [TakePlan(), hesitant])
        let details = analyzer.analyze(builder.segmentation, notes: builder.notes).takeDetails
        #expect(details.map(\.hesitations) == [0, 1])
        #expect(details.map(\.tempo) == [1, 1])
    }

    @Test("a spread chord, highest key first, is the same chord")
    func spreadChord() {
        var builder = SessionBuilder()
        var spread = TakePlan()
        spread.spread = 0.015
        builder.repertoire("m1", name: "Minuet", passage: .demo, takes: [TakePlan(), spread, TakePlan()])
        let details = analyzer.analyze(builder.segmentation, notes: builder.notes).takeDetails
        #expect(details.map(\.errors?.total) == [0, 0, 0])
    }

    @Test("one hand alone is compared with that hand's part")
    func handsSeparately() {
        var builder = SessionBuilder()
        var right = TakePlan()
        right.hand = "right"
        var left = TakePlan()
        left.hand = "left"
        // Sixteen chords, so that the left hand's eight bass notes are enough to judge.
        let passage = TestPassage(chords: TestPassage.demo.chords + TestPassage.demo.chords.reversed())
        builder.repertoire("m1", name: "Minuet", passage: passage, takes: [TakePlan(), right, left, TakePlan()])
        let details = analyzer.analyze(builder.segmentation, notes: builder.notes).takeDetails
        #expect(details.map(\.hand) == [nil, "right", "left", nil])
        #expect(details.map(\.errors?.total) == [0, 0, 0, 0])
        #expect(details.map(\.clean) == [true, true, true, true])
    }

    @Test("a hand's part too short to judge is not judged")
    func handTooShort() {
        var builder = SessionBuilder()
        var left = TakePlan()
        left.hand = "left"
        builder.repertoire("m1", name: "Minuet", passage: .demo, takes: [TakePlan(), left, TakePlan(), TakePlan()])
        let details = analyzer.analyze(builder.segmentation, notes: builder.notes).takeDetails
        #expect(details.map(\.notJudged) == [nil, .tooFewKeys, nil, nil])
        #expect(details.map(\.clean) == [true, nil, true, true])
    }

    @Test(
        "a passage played once or twice has nothing trustworthy to be compared with: not judged, unless stopped early"
    )
    func playedOnce() {
        var builder = SessionBuilder()
        var stopped = TakePlan()
        stopped.stopAfter = 5
        builder.repertoire("m1", name: "Minuet", passage: .demo, takes: [TakePlan()])
        builder.repertoire("m2", name: "Etude", passage: .demo, takes: [stopped])
        builder.repertoire("m3", name: "Waltz", passage: .demo, takes: [TakePlan(), TakePlan()])
        let analysis = analyzer.analyze(builder.segmentation, notes: builder.notes)
        #expect(analysis.takeDetails.map(\.clean) == [nil, false, nil, nil])
        #expect(analysis.takeDetails.map(\.notJudged) == [.playedOnce, .playedOnce, .fewTakes, .fewTakes])
        #expect(analysis.takeDetails.map(\.tempo) == [nil, nil, 1, 1])
        #expect(analysis.takes.judged == 1)
        #expect(analysis.takes.errorsJudged == 0)
        #expect(analysis.takes.clean == 0)
        #expect(analysis.takes.cleanRatio == 0)
        #expect(analysis.passages.map(\.takesToFirstClean) == [nil, nil, nil])
    }

    @Test("a restart within a second of the last take's end is a restart without a pause")
    func restarts() {
        var builder = SessionBuilder()
        builder.repertoire("m1", name: "Minuet", passage: .demo, takes: [TakePlan(), TakePlan()], gap: 0.3)
        builder.repertoire("m2", name: "Etude", passage: .demo, takes: [TakePlan(), TakePlan()], gap: 3)
        let analysis = analyzer.analyze(builder.segmentation, notes: builder.notes)
        #expect(analysis.takeDetails.map(\.restartWithoutPause) == [false, true, false, false])
        #expect(analysis.takeDetails.map(\.gapBefore) == [nil, 0.3, nil, 3])
        #expect(analysis.takes.restartsWithoutPause == 1)
    }
}
