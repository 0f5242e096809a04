/// The timing of a take against its reference, from the onsets of the keys they share.
///
/// Tempo is the median of the speed ratios of the intervals between chords, so one hesitation
/// or a ritardando at the end moves it little — unlike the total length would.
struct TakeTiming: Sendable {
    /// Matched chord onsets (take, reference) in nanoseconds, one pair per chord, both increasing.
    var pairs: [(take: Int64, reference: Int64)]

    /// Reference intervals shorter than this (nanoseconds) are the spread of a chord, not tempo.
    static let shortest: Int64 = 30_000_000

    init(_ matches: [(Int64, Int64)]) {
        pairs = []
        for (take, reference) in matches {
            if let last = pairs.last, take <= last.take || reference <= last.reference { continue }
            pairs.append((take, reference))
        }
    }

    /// Speed against the reference (1 = same, 2 = twice as fast): the median of the speed
    /// ratios of consecutive intervals, so a hesitation in the take or in the reference (one
    /// long interval) or a few rushed notes move it little. Intervals shorter than 30 ms of
    /// reference (a spread chord) carry no tempo. nil with fewer than three intervals.
    /// O(p log p) for p pairs.
    var tempo: Double? {
        var ratios: [Double] = []
        for index in pairs.indices.dropFirst() {
            let reference = pairs[index].reference - pairs[index - 1].reference
            let played = pairs[index].take - pairs[index - 1].take
            guard reference >= Self.shortest, played > 0 else { continue }
            ratios.append(Double(reference) / Double(played))
        }
        guard ratios.count >= 3 else { return nil }
        ratios.sort()
        let middle = ratios.count / 2
        return ratios.count % 2 == 1 ? ratios[middle] : (ratios[middle - 1] * ratios[middle]).squareRoot()
    }

    /// Gaps between consecutive matched chords longer than `factor` times their usual length
    /// at the take's tempo, and longer by at least `minimum` nanoseconds. `usual` holds usual
    /// intervals by the onset of their first chord; other intervals (across a skipped chord)
    /// fall back on the reference's own length. O(p).
    func hesitations(usual: [Int64: UsualInterval], factor: Double, minimum: Int64) -> Int {
        guard let tempo, tempo > 0 else { return 0 }
        var count = 0
        for index in pairs.indices.dropFirst() {
            let played = Double(pairs[index].take - pairs[index - 1].take)
            var reference = pairs[index].reference - pairs[index - 1].reference
            if let known = usual[pairs[index - 1].reference], known.end == pairs[index].reference {
                reference = known.length
            }
            let expected = Double(reference) / tempo
            if played > factor * expected && played - expected >= Double(minimum) { count += 1 }
        }
        return count
    }
}

/// The usual length of the interval from one consensus chord to the next (nanoseconds at the
/// reference tempo), and the onset of that next chord.
struct UsualInterval: Hashable, Sendable {
    var end: Int64
    var length: Int64
}
