import Testing

@testable import PracticeSegmenter

@Suite struct ConcurrentMapTests {
    @Test func resultsComeBackInIndexOrderWhateverTheCosts() {
        // Costs that order the work neither by index nor its reverse.
        let costs = (0..<200).map { ($0 * 37) % 11 }
        let squares = ConcurrentMap.map(costs: costs) { index in
            (0...index).reduce(0) { $0 + $1 * $1 }
        }
        #expect(squares == (0..<200).map { index in (0...index).reduce(0) { $0 + $1 * $1 } })
    }

    @Test func noWorkAndOnePieceRunInline() {
        #expect(ConcurrentMap.map(costs: []) { $0 }.isEmpty)
        #expect(ConcurrentMap.map(costs: [7]) { $0 + 41 } == [41])
    }
}
