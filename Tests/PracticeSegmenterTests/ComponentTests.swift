import MIDICore
import PracticeReports
import PracticeSimulator
import Testing

@testable import PracticeSegmenter

/// The pieces of the pipeline on small hand-made inputs.
struct ComponentTests {
    static func note(_ seconds: Double, _ key: UInt8, length: Double = 0.2) -> Note {
        let onset = Int64.fromSeconds(seconds)
        return Note(
            onset: onset,
            release: onset + Int64.fromSeconds(length),
            end: onset + Int64.fromSeconds(length),
            key: key,
            velocity: 64
        )
    }

    @Test func chordNotesWithinTheSpreadFormOneEvent() {
        let notes = [Self.note(0, 60), Self.note(0.02, 64), Self.note(0.035, 67), Self.note(0.3, 72)]
        let events = OnsetGrouping.events(notes)
        #expect(events.count == 2)
        #expect(events[0].pitches.keys == [60, 64, 67] && events[0].notes == 0..<3)
        #expect(events[1].top == 72 && events[1].bottom == 72)
    }

    @Test func phrasesEndAtSilences() {
        let notes =
            (0..<4).map { Self.note(Double($0) * 0.25, 60) } + (0..<4).map { Self.note(3 + Double($0) * 0.25, 62) }
        let events = OnsetGrouping.events(notes)
        let phrases = PhraseSplitter.phrases(events, silence: 600_000_000)
        #expect(phrases.map(\.events) == [0..<4, 4..<8])
    }

    static func line(_ keys: [UInt8]) -> [PitchSet] {
        keys.map {
            var set = PitchSet()
            set.insert($0)
            return set
        }
    }

    @Test func restartWithoutPauseIsAJumpBack() {
        let reference = Self.line([60, 62, 64, 65, 67, 69, 71, 72, 74, 76, 77, 79])
        let played = Array(reference[0..<7]) + reference
        let result = JumpAligner(configuration: .standard).align(played, to: reference)
        let positions = result.steps.map(\.position)
        #expect(positions[6] == 6 && positions[7] == 0)
        #expect(result.steps[7].jumped)
        #expect(result.steps.filter(\.jumped).count == 1)
    }

    @Test func oneHandAloneAlignsToBothHands() {
        var reference: [PitchSet] = []
        for (low, high) in zip(
            [48, 52, 55, 52, 48, 52, 55, 52] as [UInt8],
            [72, 74, 76, 77, 79, 77, 76, 74] as [UInt8]
        ) {
            var both = PitchSet()
            both.insert(low)
            both.insert(high)
            reference.append(both)
        }
        let rightHand = Self.line([72, 74, 76, 77, 79, 77, 76, 74])
        let result = JumpAligner(configuration: .standard).align(rightHand, to: reference)
        #expect(result.steps.map(\.position) == Array(0..<8))
    }

    @Test(arguments: [
        SimulatedExercise.scale(tonic: 50, minor: true, octaves: 2),
        .arpeggio(tonic: 48, minor: false, octaves: 2),
        .hanon(tonic: 48, degrees: 8),
    ])
    func exercisesLookLikeTechnique(exercise: SimulatedExercise) {
        var script = PracticeScript(pieces: [], activities: [.exercise(exercise, bpm: 100)])
        script.seed = 3
        #expect(techniqueScore(script.render().notes) >= SegmenterConfiguration.standard.techniqueThreshold)
    }

    /// Hands 30–54 ms apart split every octave of a fast scale into two onset events; the
    /// pitch-class line still reads a scale.
    @Test(arguments: [30.0, 42.0])
    func octaveScalesWithTheHandsApartLookLikeTechnique(lag: Double) {
        let keys: [SimulatedExercise] = [48, 55, 50, 57].map { .scale(tonic: $0, minor: false, octaves: 4) }
        var script = PracticeScript(pieces: [], activities: keys.map { .exercise($0, bpm: 120) })
        script.leftHandLagMilliseconds = lag
        script.seed = 5
        #expect(techniqueScore(script.render().notes) >= SegmenterConfiguration.standard.techniqueThreshold)
    }

    private func techniqueScore(_ notes: [Note]) -> Double {
        let configuration = SegmenterConfiguration.standard
        let events = OnsetGrouping.events(notes, spread: configuration.chordSpread)
        return TechniqueFeatures(events[...], notes: notes, configuration: configuration).score
    }

    @Test func aPieceDoesNotLookLikeTechnique() {
        let piece = SimulatedPiece(name: "P", tonic: 60, minor: false, bars: 8, seed: 77)
        var script = PracticeScript(pieces: [piece], activities: [.take(piece: 0, from: 1, to: 8)])
        script.seed = 3
        #expect(techniqueScore(script.render().notes) < SegmenterConfiguration.standard.techniqueThreshold)
    }

    @Test func reportCarriesSchemaMetricsAndRoundTrips() throws {
        let take = Take(
            start: 2_000_000_000,
            end: 5_000_000_000,
            passage: "m1/p1",
            complete: true,
            from: 0,
            to: 10,
            notes: 0..<10
        )
        let segmentation = Segmentation(
            duration: 40_000_000_000,
            steps: [
                PracticeStep(
                    start: 0,
                    end: 1_500_000_000,
                    kind: .technique,
                    material: "t1",
                    label: "technique",
                    notes: 0..<0
                ),
                PracticeStep(
                    start: 2_000_000_000,
                    end: 5_000_000_000,
                    kind: .repertoire,
                    material: "m1",
                    label: "piece 1",
                    takes: [take],
                    notes: 0..<10
                ),
                PracticeStep(
                    start: 5_000_000_000,
                    end: 35_000_000_000,
                    kind: .rest,
                    material: nil,
                    label: "break",
                    notes: 10..<10
                ),
                PracticeStep(
                    start: 35_000_000_000,
                    end: 40_000_000_000,
                    kind: .repertoire,
                    material: "m1",
                    label: "piece 1",
                    takes: [take],
                    notes: 10..<20
                ),
            ],
            materials: [MaterialSummary(id: "m1", kind: .repertoire, name: "piece 1")]
        )
        let report = PracticeReport(segmentation, noteCount: 20)
        #expect(report.schema == "woodshed.report.v1")
        #expect(report.metrics.contextSwitches == 1)
        #expect(report.metrics.takes == 2)
        #expect(report.session.activeTime == 9.5)
        let decoded = try PracticeReport.decode(report.jsonData())
        #expect(decoded == report)
        #expect(report.text().contains("piece 1"))
    }
}
