import PracticeSimulator
import Testing

@testable import PracticeSegmenter

/// ``JumpAligner`` against the dense table it replaces (``DenseJumpAlignerModel``): the same
/// path, the same matched count and the same score, bit for bit, on playing made of the
/// reference with restarts, skips, wrong, extra and missing keys, under the configurations the
/// segmenter uses and some it does not.
struct JumpAlignerEquivalenceTests {
    /// A reference of single keys and chords from a small pool, so that events recur.
    static func reference(length: Int, using random: inout SeededGenerator) -> [PitchSet] {
        (0..<length).map { _ in
            var set = PitchSet()
            for _ in 0..<Int.random(in: 1...3, using: &random) { set.insert(UInt8.random(in: 55...70, using: &random)) }
            return set
        }
    }

    /// Takes through the reference: jumps back and ahead, skipped events, partial chords,
    /// wrong keys and extra events.
    static func playing(_ reference: [PitchSet], length: Int, using random: inout SeededGenerator) -> [PitchSet] {
        var played: [PitchSet] = []
        var position = Int.random(in: 0..<reference.count, using: &random)
        while played.count < length {
            switch Int.random(in: 0..<20, using: &random) {
            case 0: position = Int.random(in: 0..<reference.count, using: &random)
            case 1: position = max(0, position - Int.random(in: 1...12, using: &random))
            case 2: position += Int.random(in: 1...3, using: &random)
            case 3:
                var extra = PitchSet()
                extra.insert(UInt8.random(in: 40...90, using: &random))
                played.append(extra)
            case 4:
                var partial = PitchSet()
                if let key = reference[position % reference.count].keys.randomElement(using: &random) {
                    partial.insert(key)
                }
                partial.insert(UInt8.random(in: 55...70, using: &random))
                played.append(partial)
                position += 1
            default:
                played.append(reference[position % reference.count])
                position += 1
            }
            position %= reference.count
        }
        return played
    }

    static func configurations() -> [(name: String, configuration: SegmenterConfiguration, overhang: Double?)] {
        var stray = SegmenterConfiguration.standard
        stray.strayWeight = 0.4
        var noReplay = SegmenterConfiguration.standard
        noReplay.replayPenalty = 0
        var freeSkips = SegmenterConfiguration.standard
        freeSkips.skipCost = 0
        var cheapJumps = SegmenterConfiguration.standard
        cheapJumps.jumpCost = 1
        cheapJumps.stayCost = 0
        return [
            ("standard", .standard, nil),
            ("overlap", .standard, 0),
            ("stray keys", stray, nil),
            ("no replay penalty", noReplay, 0),
            ("free skips", freeSkips, nil),
            ("cheap jumps", cheapJumps, 0.2),
        ]
    }

    @Test(arguments: 0..<6)
    func sameAlignmentAsTheDenseTable(configurationIndex: Int) {
        let (name, configuration, overhang) = Self.configurations()[configurationIndex]
        var random = SeededGenerator(seed: 0x5eed + UInt64(configurationIndex))
        for trial in 0..<40 {
            let reference = Self.reference(length: Int.random(in: 1...400, using: &random), using: &random)
            let played = Self.playing(reference, length: Int.random(in: 1...150, using: &random), using: &random)
            // Cheap jumps after pauses and hesitations, as the take detector sets them.
            let jumpCosts: [Double]? =
                trial % 2 == 0 ? nil : played.indices.map { _ in [1, 3.5, 6].randomElement(using: &random)! }
            var fast = JumpAligner(configuration: configuration)
            fast.overhangCost = overhang
            var dense = DenseJumpAlignerModel(configuration: configuration)
            dense.overhangCost = overhang
            let expected = dense.align(played, to: reference, jumpCosts: jumpCosts)
            let result = fast.align(played, to: reference, jumpCosts: jumpCosts)
            #expect(result.steps == expected.steps, "\(name), trial \(trial)")
            #expect(result.matched == expected.matched, "\(name), trial \(trial)")
            #expect(result.score == expected.score, "\(name), trial \(trial)")
        }
    }

    /// Bands keep each event near given positions: the same as the full table with every
    /// cell outside its band scoring −∞.
    @Test(arguments: 0..<3)
    func bandsAreTheTableWithoutTheCellsOutside(configurationIndex: Int) {
        let (name, configuration, overhang) = Self.configurations()[configurationIndex]
        var random = SeededGenerator(seed: 0xba2d + UInt64(configurationIndex))
        for trial in 0..<40 {
            let reference = Self.reference(length: Int.random(in: 1...400, using: &random), using: &random)
            let played = Self.playing(reference, length: Int.random(in: 1...150, using: &random), using: &random)
            let jumpCosts = played.indices.map { _ in [1, 3.5, 6].randomElement(using: &random)! }
            // Wandering bands, sometimes the whole reference.
            var centre = Int.random(in: 0..<reference.count, using: &random)
            let bands = played.indices.map { _ -> ClosedRange<Int> in
                centre = max(0, min(reference.count - 1, centre + Int.random(in: -20...20, using: &random)))
                if Int.random(in: 0..<10, using: &random) == 0 { return 0...(reference.count - 1) }
                let margin = Int.random(in: 0...30, using: &random)
                return max(0, centre - margin)...min(reference.count - 1, centre + margin)
            }
            var fast = JumpAligner(configuration: configuration)
            fast.overhangCost = overhang
            var dense = DenseJumpAlignerModel(configuration: configuration)
            dense.overhangCost = overhang
            let expected = dense.align(played, to: reference, jumpCosts: jumpCosts, bands: bands)
            let result = fast.align(played, to: AlignmentReference(reference), jumpCosts: jumpCosts, bands: bands)
            #expect(result.steps == expected.steps, "\(name), trial \(trial)")
            #expect(result.matched == expected.matched, "\(name), trial \(trial)")
            #expect(result.score == expected.score, "\(name), trial \(trial)")
            #expect(zip(result.steps, bands).allSatisfy { step, band in step.position.map(band.contains) ?? true })
        }
    }

    /// With free skips the path moves on by hundreds of positions, more than a byte holds.
    @Test func longSkipsAreFollowed() {
        var configuration = SegmenterConfiguration.standard
        configuration.skipCost = 0
        var keys = (0..<700).map { UInt8(40 + $0 % 20) }
        for index in 0..<5 {
            keys[index] = UInt8(90 + index)
            keys[600 + index] = UInt8(100 + index)
        }
        let reference = ComponentTests.line(keys)
        let played = Array(reference[0..<5]) + Array(reference[600..<605])
        let result = JumpAligner(configuration: configuration).align(played, to: reference)
        let expected = DenseJumpAlignerModel(configuration: configuration).align(played, to: reference)
        #expect(result.steps == expected.steps)
        #expect(result.steps.compactMap(\.position) == Array(0..<5) + Array(600..<605))
        #expect(result.steps.allSatisfy { !$0.jumped })
    }
}
