/// A material's reference prepared for ``JumpAligner``: its pitch sets with, for every key, the
/// positions that hold it, and for every distinct pitch set, the positions where it occurs. These
/// let the aligner visit only the positions a played event can match instead of the whole
/// reference. Build it once per reference when aligning several phrases to it.
///
/// O(L·k) time and memory for L events of k keys; the occurrence table hashes each event once.
struct AlignmentReference: Sendable {
    /// The reference's pitch sets, in musical order.
    let sets: [PitchSet]
    /// Keys in each pitch set.
    let counts: [UInt8]
    /// `positionsOfKey[keyStart[k]..<keyStart[k + 1]]` are the positions holding key k, ascending.
    private let keyStart: [Int32]
    private let positionsOfKey: [Int32]
    /// Positions of each distinct pitch set, ascending.
    private let occurrences: [PitchSet: [Int32]]

    init(_ sets: [PitchSet]) {
        self.sets = sets
        counts = sets.map { UInt8(truncatingIfNeeded: $0.count) }
        var start = [Int32](repeating: 0, count: 129)
        for set in sets {
            set.forEachKey { start[Int($0) + 1] += 1 }
        }
        for key in 0..<128 { start[key + 1] += start[key] }
        var next = Array(start.dropLast())
        var positions = [Int32](repeating: 0, count: Int(start[128]))
        for (position, set) in sets.enumerated() {
            set.forEachKey { key in
                positions[Int(next[Int(key)])] = Int32(position)
                next[Int(key)] += 1
            }
        }
        keyStart = start
        positionsOfKey = positions
        var occurrences: [PitchSet: [Int32]] = [:]
        for (position, set) in sets.enumerated() { occurrences[set, default: []].append(Int32(position)) }
        self.occurrences = occurrences
    }

    var count: Int { sets.count }

    /// Positions whose pitch set is exactly `set`, ascending.
    func positions(of set: PitchSet) -> [Int32] { occurrences[set] ?? [] }

    /// Positions holding `key`, ascending.
    func positions(holding key: UInt8) -> ArraySlice<Int32> {
        positionsOfKey[Int(keyStart[Int(key)])..<Int(keyStart[Int(key) + 1])]
    }
}

extension PitchSet {
    /// Calls `body` with each key, ascending, without building an array.
    @inline(__always)
    func forEachKey(_ body: (UInt8) -> Void) {
        var bits = low
        while bits != 0 {
            body(UInt8(bits.trailingZeroBitCount))
            bits &= bits - 1
        }
        bits = high
        while bits != 0 {
            body(UInt8(64 + bits.trailingZeroBitCount))
            bits &= bits - 1
        }
    }
}
