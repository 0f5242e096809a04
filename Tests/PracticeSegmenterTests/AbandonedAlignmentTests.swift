import PracticeSimulator
import Testing

@testable import PracticeSegmenter

/// ``JumpAligner/align(_:to:reaching:)`` against the full table: it gives up only on alignments
/// whose full score is below the threshold, and what it returns is the full table's alignment
/// bit for bit — with thresholds at the score itself (a ceiling too low would abandon those),
/// just above it and far below it, under the configurations of the equivalence tests.
struct AbandonedAlignmentTests {
    @Test(arguments: 0..<6)
    func abandonsOnlyWhatTheFullTableScoresBelow(configurationIndex: Int) {
        let (name, configuration, overhang) = JumpAlignerEquivalenceTests.configurations()[configurationIndex]
        var random = SeededGenerator(seed: 0xab4d + UInt64(configurationIndex))
        var abandoned = 0
        var kept = 0
        for trial in 0..<60 {
            let reference = JumpAlignerEquivalenceTests.reference(
                length: Int.random(in: 1...400, using: &random),
                using: &random
            )
            // Half the phrases are played from another reference: poor alignments to abandon.
            let source =
                trial % 2 == 0
                ? reference
                : JumpAlignerEquivalenceTests.reference(length: 200, using: &random)
            let played = JumpAlignerEquivalenceTests.playing(
                source,
                length: Int.random(in: 1...150, using: &random),
                using: &random
            )
            var aligner = JumpAligner(configuration: configuration)
            aligner.overhangCost = overhang
            let prepared = AlignmentReference(reference)
            let full = aligner.align(played, to: prepared)
            let count = Double(played.count)
            let thresholds = [
                full.score, full.score + 0.01, full.score + 0.5 * count, full.score - 3, 0.35 * count, -1e9,
            ]
            for threshold in thresholds {
                guard let result = aligner.align(played, to: prepared, reaching: threshold) else {
                    #expect(full.score < threshold, "\(name), trial \(trial): abandoned at \(threshold)")
                    abandoned += 1
                    continue
                }
                kept += 1
                #expect(result.steps == full.steps, "\(name), trial \(trial), threshold \(threshold)")
                #expect(result.matched == full.matched, "\(name), trial \(trial), threshold \(threshold)")
                #expect(result.score == full.score, "\(name), trial \(trial), threshold \(threshold)")
            }
        }
        // Both outcomes occur, so both are checked.
        #expect(abandoned > 20, "\(name)")
        #expect(kept > 20, "\(name)")
    }

    /// A configuration under which a row can gain more than its match (a negative cost) is
    /// never abandoned.
    @Test func negativeCostsAbandonNothing() {
        var configuration = SegmenterConfiguration.standard
        configuration.stayCost = -0.5
        var random = SeededGenerator(seed: 7)
        let reference = JumpAlignerEquivalenceTests.reference(length: 50, using: &random)
        let played = (0..<40).map { _ in PitchSet() }
        let aligner = JumpAligner(configuration: configuration)
        let full = aligner.align(played, to: AlignmentReference(reference))
        let result = aligner.align(played, to: AlignmentReference(reference), reaching: 1e9)
        #expect(result?.steps == full.steps)
    }
}
