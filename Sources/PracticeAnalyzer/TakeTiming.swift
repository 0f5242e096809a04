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

    /// Gaps between consecutive matched chords longer than `factor` times what the reference
    /// asks for at the take's tempo, and longer by at least `minimum` nanoseconds.
    func hesitations(factor: Double, minimum: Int64) -> Int {
        guard let tempo, tempo > 0 else { return 0 }
        var count = 0
        for index in pairs.indices.dropFirst() {
            let played = Double(pairs[index].take - pairs[index - 1].take)
            let expected = Double(pairs[index].reference - pairs[index - 1].reference) / tempo
            if played > factor * expected && played - expected >= Double(minimum) { count += 1 }
        }
        return count
    }
}
