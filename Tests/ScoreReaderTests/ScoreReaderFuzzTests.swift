import Foundation
import Testing

@testable import ScoreReader

/// Mutated fixtures — cut, spliced, bytes flipped, numbers made absurd, elements swapped — are
/// read or refused with one line naming the file; they never crash or hang the reader.
struct ScoreReaderFuzzTests {
    /// SplitMix64: the same mutations on every run.
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

    static let absurdNumbers = ["0", "-1", "-7", "99999999999999999999", "4294967296", "1e308", "nan", "", "3+", "12a"]
    static let elements = ["measure", "note", "part", "chord", "backup", "forward", "ending", "repeat", "tie", "staff"]

    static func mutate(_ bytes: [UInt8], using generator: inout Generator) -> [UInt8] {
        var bytes = bytes
        guard !bytes.isEmpty else { return bytes }
        let at = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<6, using: &generator) {
        case 0:
            bytes.removeSubrange(at...)
        case 1:
            bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...200, using: &generator)))
        case 2:
            let piece = bytes[at..<min(bytes.count, at + Int.random(in: 1...400, using: &generator))]
            bytes.insert(contentsOf: piece, at: Int.random(in: 0...bytes.count, using: &generator))
        case 3:
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
        case 4:
            // An absurd value in place of a number.
            let digits = bytes.indices.filter {
                (0x30...0x39).contains(bytes[$0]) && ($0 == 0 || !(0x30...0x39).contains(bytes[$0 - 1]))
            }
            if let start = digits.randomElement(using: &generator) {
                let end = bytes[start...].firstIndex { !(0x30...0x39).contains($0) } ?? bytes.count
                bytes.replaceSubrange(start..<end, with: Array(absurdNumbers.randomElement(using: &generator)!.utf8))
            }
        default:
            // One element's name in place of another's.
            let from = Array("<\(elements.randomElement(using: &generator)!)".utf8)
            let to = Array("<\(elements.randomElement(using: &generator)!)".utf8)
            let starts = bytes.indices.filter { bytes[$0...].starts(with: from) }
            if let start = starts.randomElement(using: &generator) {
                bytes.replaceSubrange(start..<start + from.count, with: to)
            }
        }
        return bytes
    }

    @Test(arguments: ScoreFixtures.names)
    func mutatedFixturesAreReadOrRefusedInOneLine(name: String) throws {
        let original = [UInt8](try ScoreFixtures.data(name))
        var generator = Generator(state: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ Int($1) }.magnitude))
        var refused = 0
        for round in 0..<150 {
            var bytes = original
            for _ in 0...(round % 3) { bytes = Self.mutate(bytes, using: &generator) }
            do {
                let score = try Score.read(Data(bytes), fileName: name)
                #expect(score.notes.allSatisfy { $0.onset.isFinite && $0.duration >= 0 })
                #expect(zip(score.notes, score.notes.dropFirst()).allSatisfy { $0.onset <= $1.onset + 1e-9 })
                #expect(score.playedMeasures.allSatisfy { $0.measure < score.measures.count })
            } catch {
                refused += 1
                #expect(error.description.hasPrefix(name + ":"), "\(error.description)")
                #expect(!error.description.contains("\n"))
            }
        }
        // The mutations are harsh enough that many documents are refused, and mild enough that
        // some are still read.
        #expect(refused > 10 && refused < 150)
    }
}
