/// The most a ``JumpAligner`` path can still gain after each played event, for abandoning an
/// alignment whose score can no longer reach what its caller accepts.
///
/// Every move into a row adds that row's match score to a state of the previous row at no
/// gain (moving on, staying, jumping, starting, an extra note, "between takes" and "after the
/// last take" all cost ≥ 0), so the best state of a row exceeds the best of the previous one by
/// at most max(0, the row's best possible match). That match is bounded without looking at the
/// reference's positions: with s of the played event's k keys held anywhere in the reference,
/// a position scores at most (matchWeight + strayWeight)·s/k + coverWeight − matchOffset −
/// strayWeight. O(n·k) for n events of k keys.
struct ScoreCeiling {
    /// `remaining[i]`: the most rows i + 1 ..< n can add together.
    private let remaining: [Double]

    /// nil when some cost of `configuration` is negative (then a row can gain more than its
    /// match, and nothing may be abandoned).
    init?(
        _ played: [PitchSet],
        reference: AlignmentReference,
        configuration c: SegmenterConfiguration,
        overhangCost: Double?
    ) {
        let edgeCost = overhangCost ?? c.insertCost
        guard
            [c.skipCost, c.stayCost, c.insertCost, c.jumpCost, c.replayPenalty, edgeCost, c.coverWeight]
                .allSatisfy({ $0 >= 0 }),
            c.matchWeight + c.strayWeight >= 0
        else { return nil }
        var gains = [Double](repeating: 0, count: played.count)
        for (row, set) in played.enumerated() {
            var held = 0
            set.forEachKey { key in
                if !reference.positions(holding: key).isEmpty { held += 1 }
            }
            let best =
                held == 0
                ? c.mismatchScore
                : (c.matchWeight + c.strayWeight) * Double(held) / Double(max(set.count, 1)) + c.coverWeight
                    - c.matchOffset - c.strayWeight
            gains[row] = max(0, best, c.mismatchScore)
        }
        var remaining = [Double](repeating: 0, count: played.count)
        var sum = 0.0
        for row in played.indices.reversed() {
            remaining[row] = sum
            sum += gains[row]
        }
        self.remaining = remaining
    }

    /// Whether a best state of `best` after row `row` can no longer end at `threshold` or above.
    /// A margin far above the rounding of the row sums keeps this on the safe side.
    func cannotReach(_ threshold: Double, best: Double, after row: Int) -> Bool {
        let ceiling = best + remaining[row]
        return ceiling + 1e-6 * (1 + abs(ceiling) + abs(threshold)) < threshold
    }
}
