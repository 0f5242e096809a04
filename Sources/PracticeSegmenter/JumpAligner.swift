/// Aligns played events to a material's reference sequence, allowing the player to restart or
/// jump anywhere (in the spirit of Nakamura's score follower with arbitrary repeats and skips):
/// a Viterbi pass over reference positions where each played event either matches a reference
/// event (after moving on by one, skipping some, staying on a split chord, or jumping), is an
/// extra note, or belongs to no take yet.
///
/// O(n · L) time for n played events and a reference of L events, with a few arithmetic steps
/// per cell: the match scores of a row are scattered from the positions holding the played keys
/// (``AlignmentReference``), everything else scores `mismatchScore`. O(n · L) bytes for the
/// back-pointers (two per cell); callers align one phrase, or a chunk of a run, at a time.
struct JumpAligner {
    struct Step: Equatable {
        /// Reference position this played event matched; nil for an extra or unaligned note.
        var position: Int?
        /// True when the path jumped to reach this event (a restart or a leap).
        var jumped: Bool
    }

    struct Result {
        var steps: [Step]
        var score: Double
        var matched: Int
    }

    enum Move: UInt8 {
        case start, advance, stay, jump, insert, unaligned
    }

    let configuration: SegmenterConfiguration
    /// Cost per played event before the first match and after the last one. Zero makes the
    /// alignment an overlap alignment (used to grow references); the default treats such events
    /// like extra notes.
    var overhangCost: Double?

    func matchScore(_ played: PitchSet, _ reference: PitchSet) -> Double {
        let shared = played.sharedCount(reference)
        if shared == 0 { return configuration.mismatchScore }
        return configuration.matchWeight * Double(shared) / Double(played.count)
            + configuration.coverWeight * Double(shared) / Double(reference.count)
            - configuration.matchOffset
            - configuration.strayWeight * Double(played.count - shared) / Double(played.count)
    }

    /// - Parameters:
    ///   - played: the phrase's pitch sets in order.
    ///   - reference: the material's reference pitch sets.
    ///   - jumpCosts: per played event, the cost of jumping to it; `jumpCost` when nil. Cheaper
    ///     jumps after a pause make a restart there likelier.
    func align(_ played: [PitchSet], to reference: [PitchSet], jumpCosts: [Double]? = nil) -> Result {
        align(played, to: AlignmentReference(reference), jumpCosts: jumpCosts)
    }

    /// The same, against a prepared reference (prepare it once to align several phrases to it).
    /// - Parameter bands: per played event, the only reference positions it may be aligned to
    ///   (a band around where an earlier alignment put it); all positions when nil. Cells
    ///   outside the band are not filled: O(Σ band widths) instead of O(n · L).
    func align(
        _ played: [PitchSet],
        to reference: AlignmentReference,
        jumpCosts: [Double]? = nil,
        bands: [ClosedRange<Int>]? = nil
    ) -> Result {
        align(played, to: reference, jumpCosts: jumpCosts, bands: bands, reaching: nil)!
    }

    /// The alignment when its score can reach `threshold`; nil once it provably cannot (the
    /// caller would reject it): after each row, the best state so far plus the most the
    /// remaining events can add (``ScoreCeiling``) is compared with `threshold`. A result
    /// that is returned is the full table's, bit for bit — the rows are filled as without a
    /// threshold, only abandoned early. Rejected phrases are abandoned after about 70 % of
    /// their rows.
    func align(_ played: [PitchSet], to reference: AlignmentReference, reaching threshold: Double) -> Result? {
        align(played, to: reference, jumpCosts: nil, bands: nil, reaching: threshold)
    }

    /// The same inside `bands` (see above; all positions when nil), abandoned once it cannot
    /// reach `threshold` when one is given. Within bands the ceiling still holds: a banded
    /// alignment scores at most what the whole table would.
    func align(
        _ played: [PitchSet],
        to reference: AlignmentReference,
        bands: [ClosedRange<Int>]?,
        reaching threshold: Double?
    ) -> Result? {
        align(played, to: reference, jumpCosts: nil, bands: bands, reaching: threshold)
    }

    private func align(
        _ played: [PitchSet],
        to reference: AlignmentReference,
        jumpCosts: [Double]?,
        bands: [ClosedRange<Int>]?,
        reaching threshold: Double?
    ) -> Result? {
        let n = played.count
        let width = reference.count
        guard n > 0, width > 0 else {
            return Result(steps: played.map { _ in Step(position: nil, jumped: false) }, score: 0, matched: 0)
        }
        let unalignedCost = overhangCost ?? configuration.insertCost
        let trailingCost = overhangCost ?? configuration.insertCost
        // What the rows after each one can add at most; nil when no row may be abandoned.
        let ceiling = threshold.flatMap { _ in
            ScoreCeiling(played, reference: reference, configuration: configuration, overhangCost: overhangCost)
        }
        let rows = AlignmentRows(reference: reference, configuration: configuration)
        let everything = 0...(width - 1)
        var table = BackPointers(rows: n, width: width, banded: bands != nil)
        var previous = rows.previous
        var current = rows.current
        // The band each buffer was last filled in: outside it, a buffer holds −∞.
        var previousBand = everything
        var currentBand = everything
        var rowBest = -Double.infinity
        var rowBestIndex = width
        for i in 0..<n {
            // The best state of the previous row, tracked while that row was filled.
            let bestAll = i > 0 ? rowBest : -Double.infinity
            let bestAllIndex = i > 0 ? rowBestIndex : width
            rowBest = -Double.infinity
            rowBestIndex = width
            let band = bands.map { $0[i].clamped(to: everything) } ?? everything
            // What this buffer held two rows ago, outside this row's band, is no longer there.
            let staleBefore = currentBand.lowerBound..<max(currentBand.lowerBound, band.lowerBound)
            let staleAfter = min(band.upperBound + 1, currentBand.upperBound + 1)..<(currentBand.upperBound + 1)
            for p in staleBefore where p <= currentBand.upperBound { current[p] = -Double.infinity }
            for p in staleAfter where p >= currentBand.lowerBound { current[p] = -Double.infinity }
            currentBand = band
            // Moving on may come from the previous row's cells before the band.
            let scanFrom = i == 0 ? band.lowerBound : min(previousBand.lowerBound, band.lowerBound)
            rows.load(played[i], from: scanFrom, band: band)
            let jumpCost = jumpCosts?[i] ?? configuration.jumpCost
            if i == 0 {
                for p in band {
                    current[p] = rows.matches[p]
                    if current[p] > rowBest {
                        rowBest = current[p]
                        rowBestIndex = p
                    }
                }
                table.setFirstRow(band)
            } else {
                // Starting (from "between takes") or jumping: the same for every position.
                var entry = previous[width]
                var entryMove = Move.start
                let jump = bestAll - jumpCost
                if jump > entry {
                    entry = jump
                    entryMove = .jump
                }
                table.setJumpSource(row: i, bestAllIndex)
                table.withRow(i, band: band) { moves, gaps in
                    rows.fill(
                        previous: UnsafeBufferPointer(previous),
                        current: current,
                        entry: (entry, entryMove),
                        scan: scanFrom...band.upperBound,
                        band: band,
                        moves: moves,
                        gaps: gaps,
                        best: &rowBest,
                        bestIndex: &rowBestIndex
                    )
                }
                for (position, gap) in rows.longGaps { table.setLongGap(row: i, position: position, gap: gap) }
            }
            // Between takes: stay there, or leave a take (as costly as a jump).
            var free = (i == 0 ? 0 : previous[width]) - unalignedCost
            var freeMove = Move.unaligned
            var freeSource = Int32(width)
            if i > 0, bestAll - jumpCost - unalignedCost > free, bestAllIndex != width {
                free = bestAll - jumpCost - unalignedCost
                freeMove = .jump
                freeSource = Int32(bestAllIndex)
            }
            current[width] = free
            if free > rowBest {
                rowBest = free
                rowBestIndex = width
            }
            // After the last take: entered for free from any position, never left.
            var trailing = (i == 0 ? -Double.infinity : previous[width + 1]) - trailingCost
            var trailingSource = Int32(width + 1)
            if i > 0, bestAll - trailingCost > trailing, bestAllIndex != width {
                trailing = bestAll - trailingCost
                trailingSource = Int32(bestAllIndex)
            }
            current[width + 1] = trailing
            table.setEdges(row: i, free: (freeMove, freeSource), trailing: trailingSource)
            rows.unload()
            if let ceiling, let threshold, ceiling.cannotReach(threshold, best: max(rowBest, trailing), after: i) {
                return nil
            }
            swap(&previous, &current)
            swap(&previousBand, &currentBand)
        }
        var state = 0
        for p in 0...(width + 1) where previous[p] > previous[state] { state = p }
        return table.traceback(from: state, score: previous[state])
    }
}
