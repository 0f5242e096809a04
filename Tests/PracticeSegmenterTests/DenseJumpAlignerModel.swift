@testable import PracticeSegmenter

/// The jump alignment as first written: one dense Viterbi table of n × (L + 2) cells with a move
/// and a source per cell. ``JumpAligner`` computes the same table faster and keeps two bytes per
/// cell; this model is what its results are checked against, bit for bit.
struct DenseJumpAlignerModel {
    private enum Move: UInt8 {
        case start, advance, stay, jump, insert, unaligned
    }

    let configuration: SegmenterConfiguration
    var overhangCost: Double?

    /// - Parameters:
    ///   - played: the phrase's pitch sets in order.
    ///   - reference: the material's reference pitch sets.
    ///   - jumpCosts: per played event, the cost of jumping to it; `jumpCost` when nil. Cheaper
    ///     jumps after a pause make a restart there likelier.
    /// - Parameter bands: per played event, the positions it may be aligned to (the others
    ///   score −∞); all when nil.
    func align(
        _ played: [PitchSet],
        to reference: [PitchSet],
        jumpCosts: [Double]? = nil,
        bands: [ClosedRange<Int>]? = nil
    ) -> JumpAligner.Result {
        let n = played.count
        let width = reference.count
        guard n > 0, width > 0 else {
            return JumpAligner.Result(
                steps: played.map { _ in JumpAligner.Step(position: nil, jumped: false) },
                score: 0,
                matched: 0
            )
        }
        let skip = configuration.skipCost
        let unalignedCost = overhangCost ?? configuration.insertCost
        let trailingCost = overhangCost ?? configuration.insertCost
        // State `width` is "not in a take yet / between takes", `width + 1` "after the last take".
        let stride = width + 2
        var previous = [Double](repeating: 0, count: stride)
        var current = previous
        var moves = [Move](repeating: .start, count: n * stride)
        var sources = [Int32](repeating: -1, count: n * stride)
        // Match score = shared · (matchWeight/|played| + coverWeight/|ref|) − matchOffset:
        // precomputed per reference event, the hot loop has no division.
        let referenceLow = reference.map(\.low)
        let referenceHigh = reference.map(\.high)
        let referenceWeight = reference.map { configuration.coverWeight / Double(max($0.count, 1)) }
        let mismatch = configuration.mismatchScore
        let offset = configuration.matchOffset + configuration.strayWeight
        let stayCost = configuration.stayCost
        let insertCost = configuration.insertCost
        // Where each distinct pitch set occurs in the reference (ascending), to price replays.
        var occurrences: [PitchSet: [Int]] = [:]
        if configuration.replayPenalty > 0 {
            for (position, set) in reference.enumerated() { occurrences[set, default: []].append(position) }
        }
        let replayWindow = configuration.replayWindow
        let replayPenalty = configuration.replayPenalty
        var rowBest = -Double.infinity
        var rowBestIndex = width
        for i in 0..<n {
            let row = i * stride
            // The best state of the previous row (positions, then "between takes"), tracked while
            // that row was filled rather than scanned again.
            let bestAll = i > 0 ? rowBest : -Double.infinity
            let bestAllIndex = i > 0 ? rowBestIndex : width
            rowBest = -Double.infinity
            rowBestIndex = width
            // Bit tests per played key beat two software popcounts (played events hold 1–3 keys).
            let playedKeys = played[i].keys
            // An extra note that is a reference event just played (a few positions back) is a
            // replay: the player went back, which a jump should explain, not a run of inserts.
            let replays = occurrences[played[i]] ?? []
            var replayIndex = 0
            let playedWeight =
                (configuration.matchWeight + configuration.strayWeight) / Double(max(played[i].count, 1))
            let jump = bestAll - (jumpCosts?[i] ?? configuration.jumpCost)
            let unalignedBefore = i == 0 ? 0 : previous[width]
            referenceLow.withUnsafeBufferPointer { refLow in
                referenceHigh.withUnsafeBufferPointer { refHigh in
                    referenceWeight.withUnsafeBufferPointer { refWeight in
                        previous.withUnsafeBufferPointer { prev in
                            current.withUnsafeMutableBufferPointer { cur in
                                moves.withUnsafeMutableBufferPointer { moveRow in
                                    sources.withUnsafeMutableBufferPointer { sourceRow in
                                        var runMax = -Double.infinity
                                        var runArg: Int32 = -1
                                        var skipHere = 0.0
                                        for p in 0..<width {
                                            var shared = 0.0
                                            let low = refLow[p]
                                            let high = refHigh[p]
                                            for key in playedKeys {
                                                let bit =
                                                    key < 64
                                                    ? (low >> UInt64(key)) & 1 : (high >> UInt64(key &- 64)) & 1
                                                shared += Double(bit)
                                            }
                                            let match =
                                                shared == 0 ? mismatch : shared * (playedWeight + refWeight[p]) - offset
                                            var best: Double
                                            var move: Move
                                            var source: Int32
                                            if i == 0 {
                                                best = match
                                                move = .start
                                                source = -1
                                            } else {
                                                let here = prev[p]
                                                best = unalignedBefore
                                                move = .start
                                                source = Int32(width)
                                                if jump > best {
                                                    best = jump
                                                    move = .jump
                                                    source = Int32(bestAllIndex)
                                                }
                                                let advance = runMax - skipHere
                                                if advance > best {
                                                    best = advance
                                                    move = .advance
                                                    source = runArg
                                                }
                                                if here - stayCost > best {
                                                    best = here - stayCost
                                                    move = .stay
                                                    source = Int32(p)
                                                }
                                                best += match
                                                while replayIndex < replays.count
                                                    && replays[replayIndex] < p - replayWindow
                                                {
                                                    replayIndex += 1
                                                }
                                                let replayed = replayIndex < replays.count && replays[replayIndex] <= p
                                                let insert = here - insertCost - (replayed ? replayPenalty : 0)
                                                if insert > best {
                                                    best = insert
                                                    move = .insert
                                                    source = Int32(p)
                                                }
                                                // From q = p a later p' costs skip·(p'−p−1).
                                                let candidate = here + skipHere + skip
                                                if candidate > runMax {
                                                    runMax = candidate
                                                    runArg = Int32(p)
                                                }
                                            }
                                            skipHere += skip
                                            if let bands, !bands[i].contains(p) { best = -Double.infinity }
                                            if best > rowBest {
                                                rowBest = best
                                                rowBestIndex = p
                                            }
                                            cur[p] = best
                                            moveRow[row + p] = move
                                            sourceRow[row + p] = source
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            // The between-takes state: stay there, or leave a take (as costly as a jump).
            var free = (i == 0 ? 0 : previous[width]) - unalignedCost
            var freeMove = Move.unaligned
            var freeSource = Int32(width)
            let leaveCost = jumpCosts?[i] ?? configuration.jumpCost
            if i > 0, bestAll - leaveCost - unalignedCost > free, bestAllIndex != width {
                free = bestAll - leaveCost - unalignedCost
                freeMove = .jump
                freeSource = Int32(bestAllIndex)
            }
            current[width] = free
            if free > rowBest {
                rowBest = free
                rowBestIndex = width
            }
            moves[row + width] = freeMove
            sources[row + width] = freeSource
            // The trailing state: entered for free from any position, never left.
            var trailing = (i == 0 ? -Double.infinity : previous[width + 1]) - trailingCost
            var trailingSource = Int32(width + 1)
            if i > 0, bestAll - trailingCost > trailing, bestAllIndex != width {
                trailing = bestAll - trailingCost
                trailingSource = Int32(bestAllIndex)
            }
            current[width + 1] = trailing
            moves[row + width + 1] = .unaligned
            sources[row + width + 1] = trailingSource
            swap(&previous, &current)
        }
        var state = 0
        for p in 0...(width + 1) where previous[p] > previous[state] { state = p }
        let score = previous[state]
        var steps = [JumpAligner.Step](repeating: JumpAligner.Step(position: nil, jumped: false), count: n)
        var matched = 0
        var i = n - 1
        while i >= 0 {
            let move = moves[i * stride + state]
            let source = Int(sources[i * stride + state])
            if state < width && move != .insert {
                steps[i] = JumpAligner.Step(position: state, jumped: move == .jump)
                matched += 1
            } else {
                steps[i] = JumpAligner.Step(position: nil, jumped: move == .jump)
            }
            if source >= 0 { state = source }
            i -= 1
        }
        return JumpAligner.Result(steps: steps, score: score, matched: matched)
    }
}
