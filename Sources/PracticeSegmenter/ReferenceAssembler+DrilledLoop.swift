extension ReferenceAssembler {
    /// Stretches of a reference that are a drill rather than music: events inside it that no
    /// other phrase passed through, and that only replay a much shorter stretch of the rest of
    /// the reference (a pianist looping two bars in the middle of a take). Returns the ranges
    /// (positions in `reference`) to leave out, in order. A section played once (nothing else
    /// replays it) or a recapitulation or repeat (it replays a stretch as long as itself) stays.
    ///
    /// `covered` holds, per reference position, whether another phrase's alignment matched it.
    /// One alignment per uncovered run of at least `minimumDrillLength` events: O(r · L).
    func drilledStretches(in reference: [Int], covered: [Bool], events: [OnsetEvent]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start: Int?
        for position in covered.indices {
            if !covered[position] {
                if start == nil { start = position }
            } else if let first = start {
                // Only runs between covered events: the music around a drill is played elsewhere.
                if first > 0 { runs.append(first..<position) }
                start = nil
            }
        }
        var aligner = JumpAligner(configuration: configuration)
        aligner.overhangCost = 0
        var drills: [Range<Int>] = []
        for run in runs where run.count >= configuration.minimumDrillLength {
            let rest = Array(reference[..<run.lowerBound]) + Array(reference[run.upperBound...])
            let played = reference[run].map { events[$0].pitches }
            let result = aligner.align(played, to: rest.map { events[$0].pitches })
            let positions = result.steps.compactMap(\.position)
            guard Double(result.matched) >= configuration.replayMatchedShare * Double(played.count),
                result.score >= configuration.drillMatchScore * Double(played.count),
                let low = positions.min(), let high = positions.max(),
                configuration.drillSpanShare * Double(run.count) >= Double(high - low + 1)
            else {
                trace?(
                    "  uncovered \(run) kept: matched \(result.matched) score \(result.score) span \(positions.min() ?? 0)...\(positions.max() ?? 0)"
                )
                continue
            }
            trace?("  uncovered \(run) is a drill of \(low)...\(high) (matched \(result.matched))")
            drills.append(run)
        }
        return drills
    }
}
