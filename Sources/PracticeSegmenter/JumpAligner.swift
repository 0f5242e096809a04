/// Aligns played events to a material's reference sequence, allowing the player to restart or
/// jump anywhere (in the spirit of Nakamura's score follower with arbitrary repeats and skips):
/// a Viterbi pass over reference positions where each played event either matches a reference
/// event (after moving on by one, skipping some, staying on a split chord, or jumping), is an
/// extra note, or belongs to no take yet.
///
/// O(n · L) time for n played events and a reference of L events, O(n · L) bytes for the
/// back-pointers; callers align one phrase at a time to bound memory.
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

    private enum Move: UInt8 {
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
        let n = played.count
        let width = reference.count
        guard n > 0, width > 0 else {
            return Result(steps: played.map { _ in Step(position: nil, jumped: false) }, score: 0, matched: 0)
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
        for i in 0..<n {
            let row = i * stride
            var bestAll = -Double.infinity
            var bestAllIndex = width
            if i > 0 {
                for p in 0..<(width + 1) where previous[p] > bestAll {
                    bestAll = previous[p]
                    bestAllIndex = p
                }
            }
            // Bit tests per played key beat two software popcounts (played events hold 1–3 keys).
            let playedKeys = played[i].keys
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
                                                    key < 64 ? (low >> UInt64(key)) & 1 : (high >> UInt64(key &- 64)) & 1
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
                                                if here - insertCost > best {
                                                    best = here - insertCost
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
        var steps = [Step](repeating: Step(position: nil, jumped: false), count: n)
        var matched = 0
        var i = n - 1
        while i >= 0 {
            let move = moves[i * stride + state]
            let source = Int(sources[i * stride + state])
            if state < width && move != .insert {
                steps[i] = Step(position: state, jumped: move == .jump)
                matched += 1
            } else {
                steps[i] = Step(position: nil, jumped: move == .jump)
            }
            if source >= 0 { state = source }
            i -= 1
        }
        return Result(steps: steps, score: score, matched: matched)
    }
}
