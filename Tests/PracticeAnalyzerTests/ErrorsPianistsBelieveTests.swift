import MIDICore
import PracticeAnalyzer
import PracticeSegmenter
import PracticeTestSupport
import Testing

/// Wrong, missing and extra notes as a piano teacher counts them, on generated sessions whose
/// every note is known: what varies between good takes is no error, a key that is not in the
/// music is, and a take with nothing trustworthy to compare with is not judged.
@Suite("Errors a pianist believes")
struct ErrorsPianistsBelieveTests {
    let analyzer = WorkflowAnalyzer()

    static func plan(_ change: (inout TakePlan) -> Void) -> TakePlan {
        var plan = TakePlan()
        change(&plan)
        return plan
    }

    func details(_ takes: [TakePlan], passage: TestPassage = .chorale) -> [TakeMetrics] {
        var builder = SessionBuilder()
        builder.repertoire("m1", name: "Chorale", passage: passage, takes: takes)
        return analyzer.analyze(builder.segmentation, notes: builder.notes).takeDetails
    }

    @Test("a trill, a grace note, a rolled chord, an added octave, a dropped inner voice, a re-struck bass: no error")
    func whatVariesIsNoError() {
        let takes = [
            TakePlan(), TakePlan(), TakePlan(),
            Self.plan { $0.trill = [1, 5] },
            Self.plan { $0.graceNote = [3] },
            Self.plan { $0.spread = 0.06 },  // 120 ms from the top key to the bass
            Self.plan { $0.octaveDoubled = [2, 6] },
            Self.plan { $0.innerDropped = [0, 2, 4, 6] },
            Self.plan { $0.restruck = [0, 4] },
        ]
        let details = details(takes)
        #expect(details.map(\.errors) == Array(repeating: NoteErrors(wrong: 0, missing: 0, extra: 0), count: 9))
        #expect(details.map(\.notJudged) == Array(repeating: nil, count: 9))
        #expect(details.map(\.clean) == Array(repeating: true, count: 9))
    }

    @Test("a figure played once more than the others play it is no error; a stray key inside a take still is")
    func repeatedFigure() {
        let takes = [
            TakePlan(), TakePlan(), TakePlan(),
            Self.plan { $0.repeated = 2...5 },
            Self.plan {
                $0.repeated = 2...5
                $0.extra = [0]
            },
        ]
        let details = details(takes)
        #expect(details.map(\.errors?.total) == [0, 0, 0, 0, 1])
    }

    @Test("going on into another section is none of this passage's errors; losing the way inside it is one")
    func detours() {
        let elsewhere: [[UInt8]] = [[46, 58, 70], [73], [58, 61], [70], [46, 58, 73], [77], [61], [58]]
        let takes = [
            TakePlan(), TakePlan(), TakePlan(),
            Self.plan { $0.detour = (after: 7, chords: elsewhere) },
            Self.plan { $0.detour = (after: 3, chords: elsewhere) },
        ]
        let details = details(takes)
        #expect(details.map(\.errors?.total) == [0, 0, 0, 0, 1])
    }

    @Test("the worked example of docs/metrics.md")
    func workedExample() {
        let takes = [
            TakePlan(),
            Self.plan {
                $0.trill = [1]
                $0.innerDropped = [4]
            },
            Self.plan {
                $0.octaveDoubled = [2]
                $0.rolled = [6]
            },
            Self.plan { $0.wrong = [2] },
        ]
        let details = details(takes)
        #expect(details.map(\.errors?.total) == [0, 0, 0, 1])
        #expect(details[3].errors == NoteErrors(wrong: 1, missing: 0, extra: 0))
        #expect(details.map(\.clean) == [true, true, true, false])
        let twice = self.details([TakePlan(), Self.plan { $0.wrong = [2] }])
        #expect(twice.map(\.notJudged) == [.fewTakes, .fewTakes])
    }

    @Test("a key that is not in the music is one wrong note, whatever else the take varies")
    func realWrongNote() {
        let takes = [
            TakePlan(), TakePlan(), TakePlan(),
            Self.plan { $0.wrong = [2] },
            Self.plan {
                $0.wrong = [5]
                $0.trill = [1]
                $0.innerDropped = [0]
            },
        ]
        let details = details(takes)
        #expect(details[3].errors == NoteErrors(wrong: 1, missing: 0, extra: 0))
        #expect(details[4].errors == NoteErrors(wrong: 1, missing: 0, extra: 0))
        #expect(details.map(\.clean) == [true, true, true, false, false])
    }

    @Test("the melody left out is missing, a key added between chords is extra")
    func missingAndExtra() {
        let takes = [
            TakePlan(), TakePlan(), TakePlan(),
            Self.plan { $0.missing = [3] },
            Self.plan { $0.extra = [1] },
        ]
        let details = details(takes)
        #expect(details[3].errors == NoteErrors(wrong: 0, missing: 1, extra: 0))
        #expect(details[4].errors == NoteErrors(wrong: 0, missing: 0, extra: 1))
    }

    @Test("a take of another section in the passage's takes is not judged; the others still are")
    func anotherSection() {
        let other = TestPassage(chords: [[53, 69], [72], [57, 76], [74], [50, 65], [69], [48, 64], [60]])
        let takes = [TakePlan(), TakePlan(), TakePlan(), Self.plan { $0.passage = other }]
        let details = details(takes)
        #expect(details[3].errors == nil)
        #expect(details[3].notJudged == .unmatched)
        #expect(details[3].clean == nil)
        #expect(details[0..<3].map(\.errors) == Array(repeating: NoteErrors(wrong: 0, missing: 0, extra: 0), count: 3))
    }

    @Test("two takes only: neither is judged against the other, nor counted in errors per take")
    func twoTakesOnly() {
        var builder = SessionBuilder()
        builder.repertoire("m1", name: "Chorale", passage: .chorale, takes: [Self.plan { $0.wrong = [2] }, TakePlan()])
        let analysis = analyzer.analyze(builder.segmentation, notes: builder.notes)
        #expect(analysis.takeDetails.map(\.errors) == [nil, nil])
        #expect(analysis.takeDetails.map(\.notJudged) == [.fewTakes, .fewTakes])
        #expect(analysis.takeDetails.map(\.clean) == [nil, nil])
        #expect(analysis.takes.errorsJudged == 0)
        #expect(analysis.takes.errorsPerJudgedTake == nil)
        #expect(analysis.takes.judged == 0)
        #expect(analysis.passages[0].takesToFirstClean == nil)
        // Tempo needs no judgement of the notes.
        #expect(analysis.takeDetails.map(\.tempo) == [1, 1])
    }

    @Test("errors per take are over the judged takes only")
    func errorsPerJudgedTake() {
        var builder = SessionBuilder()
        builder.repertoire(
            "m1",
            name: "Chorale",
            passage: .chorale,
            takes: [TakePlan(), TakePlan(), Self.plan { $0.wrong = [2] }, Self.plan { $0.wrong = [4, 6] }]
        )
        builder.pause(3)
        builder.repertoire("m2", name: "Minuet", passage: .demo, takes: [TakePlan(), Self.plan { $0.wrong = [1] }])
        let analysis = analyzer.analyze(builder.segmentation, notes: builder.notes)
        #expect(analysis.takeDetails.map { $0.errors?.total } == [0, 0, 1, 2, nil, nil])
        #expect(analysis.takes.errorsJudged == 4)
        #expect(analysis.takes.errorsPerTake == 0.75)
        #expect(analysis.takes.judged == 4)
    }
}
