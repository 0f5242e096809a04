import Testing

@testable import PracticeAnalyzer

/// ``KeyAlignment`` fills only the cells that can lie on the best alignment; it must give the
/// full table's alignment (``DenseKeyAlignmentModel``) whatever the takes: close copies, takes
/// of one hand, takes much longer or shorter than the reference, and unrelated keys.
struct KeyAlignmentEquivalenceTests {
    /// A small deterministic generator (the analyzer's tests do not depend on the simulator).
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// `reference` played with slips, wrong, missing and extra keys, restarts, a pickup before
    /// and the next notes after, or only its upper part.
    static func take(of reference: [UInt8], errorRate: Double, using random: inout Generator) -> [UInt8] {
        var keys: [UInt8] = []
        if Bool.random(using: &random) { keys += (0..<Int.random(in: 1...6, using: &random)).map { _ in 60 } }
        let from = Int.random(in: 0..<max(1, reference.count / 3), using: &random)
        let to = Int.random(in: max(from, 2 * reference.count / 3)...reference.count, using: &random)
        let upperOnly = Int.random(in: 0..<5, using: &random) == 0
        for key in reference[from..<to] {
            if upperOnly && key < 60 { continue }
            let roll = Double.random(in: 0..<1, using: &random)
            if roll < errorRate / 4 { continue }
            if roll < errorRate / 2 {
                keys.append(key &+ UInt8.random(in: 1...2, using: &random))
            } else if roll < 3 * errorRate / 4 {
                keys.append(key)
                keys.append(UInt8.random(in: 40...90, using: &random))
            } else if roll < errorRate {
                keys.append(UInt8.random(in: 40...90, using: &random))
            } else {
                keys.append(key)
            }
        }
        if Bool.random(using: &random) { keys += (0..<Int.random(in: 1...40, using: &random)).map { _ in 72 } }
        return keys
    }

    @Test(arguments: [0.0, 0.05, 0.2, 0.6, 1.0])
    func sameAlignmentAsTheFullTable(errorRate: Double) {
        var random = Generator(state: UInt64(errorRate * 1000) + 7)
        for trial in 0..<60 {
            let reference = (0..<Int.random(in: 1...500, using: &random)).map { _ in
                UInt8.random(in: 36...84, using: &random)
            }
            let take =
                trial % 10 == 9
                ? (0..<Int.random(in: 1...300, using: &random)).map { _ in UInt8.random(in: 36...84, using: &random) }
                : Self.take(of: reference, errorRate: errorRate, using: &random)
            let expected = DenseKeyAlignmentModel.align(take, to: reference, maximumCells: 1_000_000)
            let result = KeyAlignment.align(take, to: reference, maximumCells: 1_000_000)
            #expect(result == expected, "error rate \(errorRate), trial \(trial)")
        }
    }

    /// Long takes with dozens to hundreds of errors (past the first allowance, so the quick pass
    /// sets the second) of references built from repeated sections, where an alignment shifted
    /// by a section competes with the right one.
    @Test(arguments: [0.08, 0.25, 0.5])
    func longTakesWithManyErrors(errorRate: Double) {
        var random = Generator(state: UInt64(errorRate * 1000) + 91)
        for trial in 0..<8 {
            let sections = (0..<3).map { _ in
                (0..<Int.random(in: 20...80, using: &random)).map { _ in UInt8.random(in: 36...84, using: &random) }
            }
            var reference: [UInt8] = []
            while reference.count < 600 { reference += sections[Int.random(in: 0..<3, using: &random)] }
            let take = Self.take(of: reference, errorRate: errorRate, using: &random)
            let expected = DenseKeyAlignmentModel.align(take, to: reference, maximumCells: 1_000_000)
            let result = KeyAlignment.align(take, to: reference, maximumCells: 1_000_000)
            #expect(result == expected, "error rate \(errorRate), trial \(trial)")
        }
    }

    /// A take identical to its reference is aligned key for key without a table — as the table
    /// would — and still not at all when the table would be too large.
    @Test func identicalTakes() {
        var random = Generator(state: 5)
        for count in [1, 2, 7, 64, 301] {
            let keys = (0..<count).map { _ in UInt8.random(in: 36...84, using: &random) }
            let result = KeyAlignment.align(keys, to: keys, maximumCells: 1_000_000)
            #expect(result == DenseKeyAlignmentModel.align(keys, to: keys, maximumCells: 1_000_000))
            #expect(result?.matches.count == count && result?.errors.total == 0)
        }
        #expect(KeyAlignment.align([60, 62], to: [60, 62], maximumCells: 3) == nil)
    }

    @Test func tooLargeIsNotAligned() {
        #expect(KeyAlignment.align([60, 62], to: [60, 62, 64], maximumCells: 5) == nil)
        #expect(KeyAlignment.align([], to: [60], maximumCells: 5)?.outside == 0)
        #expect(KeyAlignment.align([60], to: [], maximumCells: 5)?.outside == 1)
    }
}
