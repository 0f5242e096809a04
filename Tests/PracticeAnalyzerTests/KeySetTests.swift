import Testing

@testable import PracticeAnalyzer

/// ``KeySet`` answers as a `Set<UInt8>` of the same keys would, in all four of its words.
struct KeySetTests {
    @Test func answersAsASetWould() {
        var random = KeyAlignmentEquivalenceTests.Generator(state: 11)
        for trial in 0..<100 {
            var keys = KeySet()
            var reference: Set<UInt8> = []
            #expect(keys.isEmpty)
            for _ in 0..<Int.random(in: 0...12, using: &random) {
                let key = UInt8.random(in: 0...255, using: &random)
                keys.insert(key)
                reference.insert(key)
            }
            #expect(keys.isEmpty == reference.isEmpty, "trial \(trial)")
            let wrong = (UInt8.min...UInt8.max).filter { keys.contains($0) != reference.contains($0) }
            #expect(wrong.isEmpty, "trial \(trial): keys \(wrong)")
        }
    }
}
