/// Finds phrases that share material: exact n-grams ("seeds") of pitch sets, of the top line and
/// of the bottom line of consecutive events, indexed in one hash table. The top and bottom lines
/// keep hands-separate practice findable (a right-hand take shares the top line of the full
/// texture, a left-hand take its bottom line).
///
/// O(E) to build for E events; linking costs O(E · k) for k ≤ `maxSeedOccurrences`.
struct SeedIndex {
    private var table: [UInt64: [Int32]] = [:]
    private let length: Int

    init(events: [OnsetEvent], phrases: [Phrase], length: Int) {
        self.length = length
        for phrase in phrases where phrase.events.count >= length {
            for start in phrase.events.lowerBound...(phrase.events.upperBound - length) {
                for seed in Self.seeds(events, start: start, length: length) {
                    table[seed, default: []].append(Int32(start))
                }
            }
        }
    }

    /// The seeds starting at `start`: full pitch sets, top line, bottom line (one to three; no
    /// allocation — this runs for every event of the session several times).
    static func seeds(_ events: [OnsetEvent], start: Int, length: Int) -> SeedTriple {
        var full: UInt64 = 0xcbf2_9ce4_8422_2325
        var top: UInt64 = 0x8422_2325_cbf2_9ce4
        var bottom: UInt64 = 0x9ce4_cbf2_2325_8422
        for index in start..<(start + length) {
            let event = events[index]
            full = mix(mix(full, event.pitches.low), event.pitches.high)
            top = mix(top, UInt64(event.top))
            bottom = mix(bottom, UInt64(event.bottom))
        }
        // The three start apart, so they differ even for single notes; a seed equal to another
        // (a hash collision) is kept once.
        var result = SeedTriple(full)
        if top != full { result.append(top ^ 0x1) }
        if bottom != full && bottom != top { result.append(bottom ^ 0x2) }
        return result
    }

    /// Full, top-line and bottom-line seeds at `start`, always three (equal for single notes).
    static func seedsByKind(_ events: [OnsetEvent], start: Int, length: Int) -> [UInt64] {
        var full: UInt64 = 0xcbf2_9ce4_8422_2325
        var top: UInt64 = 0x8422_2325_cbf2_9ce4
        var bottom: UInt64 = 0x9ce4_cbf2_2325_8422
        for index in start..<(start + length) {
            let event = events[index]
            full = mix(mix(full, event.pitches.low), event.pitches.high)
            top = mix(top, UInt64(event.top))
            bottom = mix(bottom, UInt64(event.bottom))
        }
        return [full, top, bottom]
    }

    private static func mix(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        var h = (hash ^ value) &* 0x100_0000_01b3
        h ^= h >> 29
        return h &* 0xbf58_476d_1ce4_e5b9
    }

    /// Pairs of phrases (indices, `a ≤ b`) and how many events of the shorter one start a seed
    /// found in the other. A phrase is paired with itself when a seed recurs in it at least
    /// `length` events apart (a restart without pause).
    func sharedSeedCounts(
        events: [OnsetEvent],
        phrases: [Phrase],
        phraseOfEvent: [Int32],
        maxOccurrences: Int
    ) -> [PhrasePair: Int] {
        var counts: [PhrasePair: Int] = [:]
        // The phrases a start's seeds are found in: at most 3 · `maxOccurrences`, so a short
        // list beats hashing.
        var seen: [Int] = []
        for (phraseIndex, phrase) in phrases.enumerated() where phrase.events.count >= length {
            for start in phrase.events.lowerBound...(phrase.events.upperBound - length) {
                seen.removeAll(keepingCapacity: true)
                for seed in Self.seeds(events, start: start, length: length) {
                    guard let hits = table[seed], hits.count > 1, hits.count <= maxOccurrences else { continue }
                    for hit in hits {
                        let other = Int(phraseOfEvent[Int(hit)])
                        if other == phraseIndex && abs(Int(hit) - start) < length { continue }
                        if other < phraseIndex { continue }  // counted from the other side's view too
                        if !seen.contains(other) { seen.append(other) }
                    }
                }
                for other in seen { counts[PhrasePair(a: phraseIndex, b: other), default: 0] += 1 }
            }
        }
        return counts
    }
}

struct PhrasePair: Hashable {
    var a: Int
    var b: Int
}

/// Disjoint sets over 0..<count with path halving. Near O(1) per operation.
struct UnionFind {
    private var parent: [Int]

    init(count: Int) { parent = Array(0..<count) }

    mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    mutating func union(_ a: Int, _ b: Int) {
        let ra = find(a)
        let rb = find(b)
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
}

/// One to three seeds (``SeedIndex/seeds(_:start:length:)``), in order, held inline.
struct SeedTriple: Sequence, IteratorProtocol {
    private var values: (UInt64, UInt64, UInt64)
    private var count = 1
    private var position = 0

    init(_ first: UInt64) { values = (first, 0, 0) }

    mutating func append(_ seed: UInt64) {
        if count == 1 { values.1 = seed } else { values.2 = seed }
        count += 1
    }

    mutating func next() -> UInt64? {
        defer { position += 1 }
        switch position {
        case 0: return values.0
        case 1 where count > 1: return values.1
        case 2 where count > 2: return values.2
        default: return nil
        }
    }
}
