import MIDICore

/// The keys of a stretch of playing in order, each with the onset of its chord. Within a chord
/// (notes starting within the chord window of its first note) keys are sorted upwards, so the
/// few milliseconds by which a pianist spreads a chord do not change the order.
struct KeySequence: Hashable, Sendable {
    var keys: [UInt8]
    /// Onset of the chord each key belongs to, nanoseconds.
    var times: [Int64]

    init(keys: [UInt8], times: [Int64]) {
        self.keys = keys
        self.times = times
    }

    /// From notes sorted by onset. O(n log c) for chords of c notes.
    init(_ notes: ArraySlice<Note>, chordWindow: Int64) {
        keys = []
        times = []
        keys.reserveCapacity(notes.count)
        times.reserveCapacity(notes.count)
        var index = notes.startIndex
        while index < notes.endIndex {
            let chordStart = notes[index].onset
            var chordEnd = index
            while chordEnd < notes.endIndex && notes[chordEnd].onset - chordStart <= chordWindow { chordEnd += 1 }
            for key in notes[index..<chordEnd].map(\.key).sorted() {
                keys.append(key)
                times.append(chordStart)
            }
            index = chordEnd
        }
    }

    var count: Int { keys.count }
}

/// A take's keys aligned against a reference: which keys match, which are wrong, missing or
/// extra. The reference may be longer than the take on either side (a take can start late or
/// stop early) — reference keys before the first and after the last aligned one are not missing,
/// and take keys before the first and after the last aligned one (a pickup, the first notes of
/// the next attempt) are not extra.
struct KeyAlignment: Hashable, Sendable {
    /// Take index and reference index of each key played as in the reference, in order.
    var matches: [Pair] = []
    /// Take index and reference index of each key played in place of another.
    var substitutions: [Pair] = []
    /// Reference indices skipped inside the aligned span.
    var deletions: [Int] = []
    /// Take indices with no counterpart inside the aligned span, each with the reference index
    /// it follows.
    var insertions: [Pair] = []
    /// Take keys before the first or after the last aligned key: outside the passage.
    var outside = 0
    /// Reference indices from the first to the last one aligned; empty when nothing aligned.
    var referenceSpan: Range<Int> = 0..<0

    struct Pair: Hashable, Sendable {
        var take: Int
        var reference: Int
    }

    var errors: NoteErrors {
        NoteErrors(wrong: substitutions.count, missing: deletions.count, extra: insertions.count)
    }

    private enum Move: UInt8 {
        case diagonal, extra, missing, start
    }

    /// Costs: a wrong key costs less than a missing plus an extra one (so a wrong key counts as
    /// one error), but more than either alone, so a take of one hand against both hands reads
    /// as missing keys rather than a run of wrong ones.
    private static let wrongCost: Int32 = 3
    private static let gapCost: Int32 = 2

    /// Semi-global edit-distance alignment (the reference's ends are free).
    /// Returns nil when `take.count × reference.count` exceeds `maximumCells`.
    /// O(n·m) time, n·m bytes for the traceback.
    static func align(_ take: [UInt8], to reference: [UInt8], maximumCells: Int) -> KeyAlignment? {
        let n = take.count
        let m = reference.count
        guard n > 0, m > 0 else {
            var empty = KeyAlignment()
            empty.outside = n
            return empty
        }
        guard n <= maximumCells / m else { return nil }
        let width = m + 1
        var moves = [Move](repeating: .start, count: (n + 1) * width)
        // Two rolling rows of costs; row 0 is free (the take may start anywhere in the reference).
        var previous = [Int32](repeating: 0, count: width)
        var current = [Int32](repeating: 0, count: width)
        for i in 1...n {
            current[0] = Int32(i) * Self.gapCost
            moves[i * width] = .extra
            let key = take[i - 1]
            for j in 1...m {
                let diagonal = previous[j - 1] + (reference[j - 1] == key ? 0 : Self.wrongCost)
                let extra = previous[j] + Self.gapCost
                let missing = current[j - 1] + Self.gapCost
                // Ties prefer the diagonal, then an extra key: a wrong key is one error, not two.
                if diagonal <= extra && diagonal <= missing {
                    current[j] = diagonal
                    moves[i * width + j] = .diagonal
                } else if extra <= missing {
                    current[j] = extra
                    moves[i * width + j] = .extra
                } else {
                    current[j] = missing
                    moves[i * width + j] = .missing
                }
            }
            swap(&previous, &current)
        }
        // The take may stop anywhere in the reference: the best end column, earliest on ties.
        var endColumn = 1
        for j in 1...m where previous[j] < previous[endColumn] { endColumn = j }

        var result = KeyAlignment()
        var i = n
        var j = endColumn
        var firstReference = m
        var lastReference = -1
        while i > 0 {
            switch j == 0 ? Move.extra : moves[i * width + j] {
            case .diagonal:
                let pair = Pair(take: i - 1, reference: j - 1)
                if take[i - 1] == reference[j - 1] {
                    result.matches.append(pair)
                } else {
                    result.substitutions.append(pair)
                }
                firstReference = min(firstReference, j - 1)
                lastReference = max(lastReference, j - 1)
                i -= 1
                j -= 1
            case .extra, .start:
                result.insertions.append(Pair(take: i - 1, reference: j - 1))
                i -= 1
            case .missing:
                result.deletions.append(j - 1)
                j -= 1
            }
        }
        result.matches.reverse()
        result.substitutions.reverse()
        let aligned = (result.matches + result.substitutions).map(\.take)
        let firstTake = aligned.min() ?? n
        let lastTake = aligned.max() ?? -1
        result.insertions = result.insertions.reversed().filter { $0.take > firstTake && $0.take < lastTake }
        result.outside = n - aligned.count - result.insertions.count
        // Keys skipped before the first aligned one are outside the take, not missing.
        result.deletions = result.deletions.reversed().filter { $0 > firstReference && $0 < lastReference }
        result.referenceSpan = lastReference >= firstReference ? firstReference..<(lastReference + 1) : 0..<0
        return result
    }
}
