import PracticeSimulator
import Testing

@testable import PracticeSegmenter

/// ``SeedAnchors``: the window of a phrase covers where it was played from and little else, none
/// without a shared seed, the whole reference when only repeated figures are shared; aligning
/// inside the window finds what the whole table finds for phrases played from one stretch of a
/// long reference.
struct SeedAnchorsTests {
    static func events(_ sets: [PitchSet]) -> [OnsetEvent] {
        sets.enumerated().map { index, set in
            OnsetEvent(
                time: Int64(index) * 200_000_000,
                release: Int64(index) * 200_000_000 + 150_000_000,
                end: Int64(index) * 200_000_000 + 150_000_000,
                pitches: set,
                notes: index..<(index + 1),
                top: set.highest,
                bottom: set.lowest
            )
        }
    }

    /// Distinct chords: a reference of `length` events with few repeated seeds.
    static func reference(length: Int, using random: inout SeededGenerator) -> [PitchSet] {
        (0..<length).map { _ in
            var set = PitchSet()
            for _ in 0..<Int.random(in: 1...3, using: &random) { set.insert(UInt8.random(in: 36...96, using: &random)) }
            return set
        }
    }

    /// A stretch of the reference played with a wrong key now and then, a skipped event and an
    /// extra one.
    static func played(
        _ reference: [PitchSet],
        from start: Int,
        count: Int,
        using random: inout SeededGenerator
    )
        -> [PitchSet]
    {
        var played: [PitchSet] = []
        for position in start..<min(reference.count, start + count) {
            switch Int.random(in: 0..<12, using: &random) {
            case 0: continue
            case 1:
                var wrong = reference[position]
                wrong.insert(UInt8.random(in: 36...96, using: &random))
                played.append(wrong)
            case 2:
                played.append(reference[position])
                var extra = PitchSet()
                extra.insert(UInt8.random(in: 36...96, using: &random))
                played.append(extra)
            default: played.append(reference[position])
            }
        }
        return played
    }

    @Test func bandsCoverTheStretchPlayed() {
        var random = SeededGenerator(seed: 0x5eed)
        let configuration = SegmenterConfiguration.standard
        var narrow = 0
        for trial in 0..<40 {
            let reference = Self.reference(length: 2_000, using: &random)
            let anchors = SeedAnchors(Self.events(reference), length: configuration.seedLength)
            let start = Int.random(in: 0..<1_900, using: &random)
            let count = Int.random(in: 20...100, using: &random)
            let played = Self.played(reference, from: start, count: count, using: &random)
            let placement = anchors.placement(of: Self.events(played), configuration: configuration)
            #expect(placement != .unshared, "trial \(trial)")
            // A top or bottom line of four keys recurs by chance now and then, widening the
            // window (to the whole reference when it spans nearly all of it).
            guard let bands = placement.bands else { continue }
            #expect(bands.count == played.count)
            #expect(bands.allSatisfy { $0 == bands[0] }, "trial \(trial)")
            #expect(bands[0].contains(start), "trial \(trial)")
            #expect(bands[0].contains(min(reference.count, start + count) - 1), "trial \(trial)")
            // Mostly the stretch played and its margins, not the piece.
            let margin = configuration.seedWindowMargin + Int(configuration.seedWindowShare * Double(played.count))
            if bands[0].count <= 2 * count + 2 * margin { narrow += 1 }
            // The whole table's best alignment lies inside the bands: the same score there.
            let prepared = AlignmentReference(reference)
            let aligner = JumpAligner(configuration: configuration)
            let full = aligner.align(played, to: prepared)
            let banded = aligner.align(played, to: prepared, bands: bands, reaching: nil)
            #expect(banded?.score == full.score, "trial \(trial)")
            #expect(banded?.matched == full.matched, "trial \(trial)")
        }
        #expect(narrow >= 30)
    }

    @Test func unsharedWithoutACommonSeed() {
        var random = SeededGenerator(seed: 0xa11c)
        let configuration = SegmenterConfiguration.standard
        let reference = Self.reference(length: 500, using: &random)
        let anchors = SeedAnchors(Self.events(reference), length: configuration.seedLength)
        // Single keys above the reference's range share no seed with it.
        let other = (0..<60).map { index -> PitchSet in
            var set = PitchSet()
            set.insert(UInt8(100 + index % 20))
            return set
        }
        #expect(anchors.placement(of: Self.events(other), configuration: configuration) == .unshared)
        // Fewer events than a seed: nothing to anchor.
        #expect(
            anchors.placement(of: Self.events(Array(reference[10..<13])), configuration: configuration) == .unshared
        )
        let four = anchors.placement(of: Self.events(Array(reference[10..<14])), configuration: configuration)
        #expect(four.bands?.first == 0...(13 + configuration.seedWindowMargin + 2))
    }

    @Test func frequentSeedsAnchorNothing() {
        let configuration = SegmenterConfiguration.standard
        // A reference that repeats a four-chord figure throughout, then something else.
        var random = SeededGenerator(seed: 0xf1f0)
        let figure = Self.reference(length: 4, using: &random)
        let reference = Array(repeating: figure, count: 50).flatMap { $0 } + Self.reference(length: 300, using: &random)
        let anchors = SeedAnchors(Self.events(reference), length: configuration.seedLength)
        #expect(anchors.placement(of: Self.events(figure + figure), configuration: configuration) == .anywhere)
    }

    @Test func phrasePlayingBothEndsIsAlignedAnywhere() {
        var random = SeededGenerator(seed: 0xb07d)
        let configuration = SegmenterConfiguration.standard
        let reference = Self.reference(length: 1_000, using: &random)
        let anchors = SeedAnchors(Self.events(reference), length: configuration.seedLength)
        let played = Array(reference[0..<40]) + Array(reference[940..<1_000])
        #expect(anchors.placement(of: Self.events(played), configuration: configuration) == .anywhere)
        let start = Array(reference[0..<40]) + Array(reference[100..<160])
        let bands = anchors.placement(of: Self.events(start), configuration: configuration).bands
        #expect(bands?.first == 0...(159 + configuration.seedWindowMargin + 50))
    }
}
