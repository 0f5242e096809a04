import PracticeSimulator
import Testing

@testable import PracticeSegmenter

/// ``SeedAnchors``: each event's band covers where it was played from and little else, follows a
/// jump inside the phrase, keeps both copies of a passage the reference holds twice; none without
/// a shared seed, the whole reference when only repeated figures are shared; aligning inside the
/// bands finds what the whole table finds for phrases played from one stretch of a long
/// reference.
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
    /// extra one; with the position each played event came from (nil for an extra one).
    static func played(
        _ reference: [PitchSet],
        from start: Int,
        count: Int,
        using random: inout SeededGenerator
    )
        -> [(set: PitchSet, position: Int?)]
    {
        var played: [(set: PitchSet, position: Int?)] = []
        for position in start..<min(reference.count, start + count) {
            switch Int.random(in: 0..<12, using: &random) {
            case 0: continue
            case 1:
                var wrong = reference[position]
                wrong.insert(UInt8.random(in: 36...96, using: &random))
                played.append((wrong, position))
            case 2:
                played.append((reference[position], position))
                var extra = PitchSet()
                extra.insert(UInt8.random(in: 36...96, using: &random))
                played.append((extra, nil))
            default: played.append((reference[position], position))
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
            let stretch = Self.played(reference, from: start, count: count, using: &random)
            let played = stretch.map(\.set)
            let placement = anchors.placement(of: Self.events(played), configuration: configuration)
            #expect(placement != .unshared, "trial \(trial)")
            guard let bands = placement.bands else { continue }
            #expect(bands.count == played.count)
            // Every event's band holds the position it was played from.
            for (band, event) in zip(bands, stretch) {
                if let position = event.position { #expect(band.contains(position), "trial \(trial)") }
            }
            // Mostly the margins around the diagonal, not the piece (a top or bottom line of four
            // keys recurs by chance now and then, widening a band).
            let cells = bands.reduce(0) { $0 + $1.count }
            if cells <= played.count * (2 * configuration.seedBandMargin + 2 * configuration.seedBandJoin + 8) {
                narrow += 1
            }
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
        #expect(
            four.bands
                == (0..<4).map {
                    max(0, 10 + $0 - configuration.seedBandMargin)...(10 + $0 + configuration.seedBandMargin)
                }
        )
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

    @Test func bandsFollowAJumpInsideThePhrase() {
        var random = SeededGenerator(seed: 0xb07d)
        let configuration = SegmenterConfiguration.standard
        let reference = Self.reference(length: 1_000, using: &random)
        let anchors = SeedAnchors(Self.events(reference), length: configuration.seedLength)
        // The opening, then a leap to the end; a restart from the beginning after 60 events.
        for positions in [Array(0..<40) + Array(940..<1_000), Array(0..<60) + Array(0..<60)] {
            let played = positions.map { reference[$0] }
            let bands = anchors.placement(of: Self.events(played), configuration: configuration).bands
            #expect(bands?.count == played.count)
            guard let bands else { continue }
            for (band, position) in zip(bands, positions) { #expect(band.contains(position)) }
            // Far from the jump, only the margins around the stretch being played.
            #expect(bands[0] == 0...configuration.seedBandMargin)
            #expect(bands.last!.count <= 2 * configuration.seedBandMargin + 1)
            let full = JumpAligner(configuration: configuration).align(played, to: AlignmentReference(reference))
            let banded = JumpAligner(configuration: configuration).align(
                played,
                to: AlignmentReference(reference),
                bands: bands,
                reaching: nil
            )
            #expect(banded?.score == full.score)
        }
    }

    @Test func aPassageHeldTwiceKeepsBothCopies() {
        var random = SeededGenerator(seed: 0x2c0b)
        let configuration = SegmenterConfiguration.standard
        let passage = Self.reference(length: 100, using: &random)
        // Both copies, 500 events apart, in a reference long enough for the bands to matter.
        let reference =
            passage + Self.reference(length: 400, using: &random) + passage
            + Self.reference(length: 1_000, using: &random)
        let anchors = SeedAnchors(Self.events(reference), length: configuration.seedLength)
        let bands = anchors.placement(of: Self.events(passage), configuration: configuration).bands
        #expect(bands?.count == passage.count)
        for (offset, band) in (bands ?? []).enumerated() {
            #expect(band.contains(offset) && band.contains(500 + offset))
        }
    }

    @Test func copiesFarApartAreFollowedOneAtATime() {
        var random = SeededGenerator(seed: 0xfa12)
        let configuration = SegmenterConfiguration.standard
        let passage = Self.reference(length: 100, using: &random)
        let between = Self.reference(length: configuration.seedBandWidest + 200, using: &random)
        // Copies further apart than `seedBandWidest`: a band spanning both would be most of it.
        let reference = passage + between + passage + Self.reference(length: 500, using: &random)
        let second = passage.count + between.count
        let anchors = SeedAnchors(Self.events(reference), length: configuration.seedLength)
        // The passage alone: the first copy, narrowly.
        let alone = anchors.placement(of: Self.events(passage), configuration: configuration).bands
        #expect(alone?.count == passage.count)
        for (offset, band) in (alone ?? []).enumerated() {
            #expect(band.contains(offset) && band.count <= 2 * configuration.seedBandMargin + 1)
        }
        // Played on from what precedes the second copy: that copy, by continuity.
        let lead = Array(between.suffix(60))
        let onward = anchors.placement(of: Self.events(lead + passage), configuration: configuration).bands
        #expect(onward?.count == lead.count + passage.count)
        for (offset, band) in (onward ?? []).enumerated() {
            #expect(band.contains(second - lead.count + offset))
            #expect(!band.contains(offset - lead.count))
        }
    }
}
