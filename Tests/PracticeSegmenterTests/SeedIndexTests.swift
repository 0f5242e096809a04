import Testing

@testable import PracticeSegmenter

/// ``SeedIndex/seeds(_:start:length:)``: the full, top-line and bottom-line seeds in that
/// order, the lines marked apart, as ``SeedIndex/seedsByKind(_:start:length:)`` computes them.
struct SeedIndexTests {
    static func set(_ keys: [UInt8]) -> PitchSet {
        var set = PitchSet()
        for key in keys { set.insert(key) }
        return set
    }

    @Test(
        arguments: [
            [[60], [62], [64], [65]],
            [[48, 60, 64], [50, 62, 65], [52, 64, 67], [53, 65, 69]],
            [[48, 60], [50, 62], [52, 64], [53, 65]],
        ] as [[[UInt8]]]
    )
    func fullTopAndBottomInOrder(_ keys: [[UInt8]]) {
        let events = SeedAnchorsTests.events(keys.map(Self.set))
        let byKind = SeedIndex.seedsByKind(events, start: 0, length: 4)
        #expect(Array(SeedIndex.seeds(events, start: 0, length: 4)) == [byKind[0], byKind[1] ^ 0x1, byKind[2] ^ 0x2])
    }

    @Test func anotherStartGivesOtherSeeds() {
        let events = SeedAnchorsTests.events([[60], [62], [64], [65], [67]].map(Self.set))
        let first = Set(SeedIndex.seeds(events, start: 0, length: 4))
        #expect(first.isDisjoint(with: SeedIndex.seeds(events, start: 1, length: 4)))
    }
}
