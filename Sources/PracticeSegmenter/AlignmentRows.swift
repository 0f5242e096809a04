/// The working rows of one ``JumpAligner`` pass: the previous and current scores per reference
/// position (plus "between takes" and "after the last take"), the played event's match score per
/// position, and where the reference holds the played event itself (an extra note there replays
/// it). Unmanaged buffers, so the per-cell loop does no bounds or uniqueness checks.
final class AlignmentRows {
    private typealias Move = JumpAligner.Move

    private let reference: AlignmentReference
    private let width: Int
    /// Scores of the previous and of the current row, `width + 2` states each.
    let previous: UnsafeMutableBufferPointer<Double>
    let current: UnsafeMutableBufferPointer<Double>
    /// The loaded event's match score per position (`mismatchScore` where it shares no key).
    let matches: UnsafeMutableBufferPointer<Double>
    /// 1 where the reference event equals the loaded event.
    private let occurs: UnsafeMutableBufferPointer<UInt8>
    private let shared: UnsafeMutableBufferPointer<UInt8>
    private let touched: UnsafeMutableBufferPointer<Int32>
    private var touchedCount = 0
    private var occurrences: [Int32] = []
    private var occurrenceBefore = Int.min / 2
    /// Skip cost summed over the positions before each one, as one pass along the row adds it.
    private let skipBefore: UnsafeMutableBufferPointer<Double>
    private let referenceWeight: UnsafeMutableBufferPointer<Double>
    /// Moves on by more than a byte holds in the last filled row (never when skipping costs
    /// anything: a jump is cheaper than skipping 6 / 0.12 = 50 positions).
    private(set) var longGaps: [(position: Int, gap: Int)] = []

    private let skip: Double
    private let stayCost: Double
    private let insertCost: Double
    private let mismatch: Double
    private let offset: Double
    private let playedWeightNumerator: Double
    private let replayPenalty: Double
    private let replayWindow: Int
    private var playedWeight = 0.0

    init(reference: AlignmentReference, configuration: SegmenterConfiguration) {
        self.reference = reference
        width = reference.count
        skip = configuration.skipCost
        stayCost = configuration.stayCost
        insertCost = configuration.insertCost
        mismatch = configuration.mismatchScore
        offset = configuration.matchOffset + configuration.strayWeight
        playedWeightNumerator = configuration.matchWeight + configuration.strayWeight
        replayPenalty = configuration.replayPenalty
        replayWindow = configuration.replayWindow
        // Positions never filled score −∞; the two edge states start at 0.
        previous = .allocate(capacity: width + 2)
        previous.initialize(repeating: -.infinity)
        previous[width] = 0
        previous[width + 1] = 0
        current = .allocate(capacity: width + 2)
        current.initialize(repeating: -.infinity)
        matches = .allocate(capacity: width)
        matches.initialize(repeating: configuration.mismatchScore)
        occurs = .allocate(capacity: width)
        occurs.initialize(repeating: 0)
        shared = .allocate(capacity: width)
        shared.initialize(repeating: 0)
        touched = .allocate(capacity: width)
        touched.initialize(repeating: 0)
        skipBefore = .allocate(capacity: width + 1)
        skipBefore[0] = 0
        for position in 0..<width { skipBefore[position + 1] = skipBefore[position] + configuration.skipCost }
        referenceWeight = .allocate(capacity: width)
        for (position, count) in reference.counts.enumerated() {
            referenceWeight[position] = configuration.coverWeight / Double(max(count, 1))
        }
    }

    deinit {
        for buffer in [previous, current, matches, skipBefore, referenceWeight] { buffer.deallocate() }
        occurs.deallocate()
        shared.deallocate()
        touched.deallocate()
    }

    /// Sets the match scores of `set` at the positions of `band` holding its keys, and marks
    /// where the reference holds `set` itself from `from` on (an extra note replays it there).
    /// O(log L + positions holding its keys in the band).
    func load(_ set: PitchSet, from: Int, band: ClosedRange<Int>) {
        let whole = band.count == width
        set.forEachKey { key in
            let holding = reference.positions(holding: key)
            let first = whole ? holding.startIndex : Self.firstIndex(in: holding, atLeast: band.lowerBound)
            for position in holding[first...] {
                if !whole && Int(position) > band.upperBound { break }
                if shared[Int(position)] == 0 {
                    touched[touchedCount] = position
                    touchedCount += 1
                }
                shared[Int(position)] += 1
            }
        }
        playedWeight = playedWeightNumerator / Double(max(set.count, 1))
        for index in 0..<touchedCount {
            let p = Int(touched[index])
            matches[p] = Double(shared[p]) * (playedWeight + referenceWeight[p]) - offset
        }
        let all = replayPenalty > 0 ? reference.positions(of: set) : []
        let first = Self.firstIndex(in: all[...], atLeast: from)
        // The last occurrence before the scan, for the replays at its first positions.
        occurrenceBefore = first > all.startIndex ? Int(all[first - 1]) : Int.min / 2
        occurrences = []
        for position in all[first...] {
            if Int(position) > band.upperBound { break }
            occurs[Int(position)] = 1
            occurrences.append(position)
        }
    }

    /// The first index of ascending `positions` holding a position ≥ `bound`.
    private static func firstIndex(in positions: ArraySlice<Int32>, atLeast bound: Int) -> Int {
        var low = positions.startIndex
        var high = positions.endIndex
        while low < high {
            let middle = (low + high) / 2
            if Int(positions[middle]) < bound { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Undoes `load`.
    func unload() {
        for index in 0..<touchedCount {
            let p = Int(touched[index])
            matches[p] = mismatch
            shared[p] = 0
        }
        touchedCount = 0
        for position in occurrences { occurs[Int(position)] = 0 }
    }

    /// Fills a row after the first for the loaded event: per position, the best of starting or
    /// jumping (`entry`), moving on from an earlier position (skipping costs `skipCost` per
    /// position passed), staying on this one, then the match; or an extra note on this position
    /// (dearer when it replays one of the last `replayWindow` reference events). Ties go to the
    /// earlier of those moves, and moving on to the earliest source. O(L) with no branches per
    /// position but the best-so-far updates.
    func fill(
        previous: UnsafeBufferPointer<Double>,
        current: UnsafeMutableBufferPointer<Double>,
        entry: (value: Double, move: JumpAligner.Move),
        scan: ClosedRange<Int>,
        band: ClosedRange<Int>,
        moves: UnsafeMutableBufferPointer<UInt8>,
        gaps: UnsafeMutableBufferPointer<UInt8>,
        best: inout Double,
        bestIndex: inout Int
    ) {
        longGaps.removeAll(keepingCapacity: true)
        var runMax = -Double.infinity
        var runArg = 0
        var rowBest = best
        var rowBestIndex = bestIndex
        var lastOccurrence = occurrenceBefore
        let penalty = replayPenalty > 0 ? replayPenalty : 0
        let first = band.lowerBound
        // Before the band only the running best for moving on is kept.
        for p in scan.lowerBound..<first {
            let candidate = previous[p] + skipBefore[p] + skip
            if candidate > runMax {
                runMax = candidate
                runArg = p
            }
            lastOccurrence = occurs[p] != 0 ? p : lastOccurrence
        }
        for p in band {
            let here = previous[p]
            var value = entry.value
            var move = entry.move
            let advance = runMax - skipBefore[p]
            if advance > value {
                value = advance
                move = .advance
            }
            if here - stayCost > value {
                value = here - stayCost
                move = .stay
            }
            value += matches[p]
            lastOccurrence = occurs[p] != 0 ? p : lastOccurrence
            let insert = here - insertCost - (p &- lastOccurrence <= replayWindow ? penalty : 0)
            if insert > value {
                value = insert
                move = .insert
            }
            moves[p &- first] = move.rawValue
            gaps[p &- first] = UInt8(truncatingIfNeeded: p &- runArg)
            if p &- runArg > 255 && move == .advance { longGaps.append((p, p &- runArg)) }
            // From q = p a later p' costs skip·(p' − p − 1).
            let candidate = here + skipBefore[p] + skip
            if candidate > runMax {
                runMax = candidate
                runArg = p
            }
            if value > rowBest {
                rowBest = value
                rowBestIndex = p
            }
            current[p] = value
        }
        best = rowBest
        bestIndex = rowBestIndex
    }
}
