@testable import PracticeAnalyzer

/// The key alignment as first written: the whole n × m table of both layers. ``KeyAlignment``
/// fills only the cells that can lie on the best alignment; this model is what its results are
/// checked against.
enum DenseKeyAlignmentModel {
    /// How a cell was reached. The alignment keeps two layers: cells whose last move placed a
    /// reference key (aligned or skipped it) and cells whose last move was an extra take key.
    /// Only the first can end an alignment, so keys after the last aligned one pay `edgeCost`
    /// as outside keys instead of slipping out as cheap extras.
    enum Move: UInt8 {
        /// The first aligned key: everything before it in the take is outside.
        case first
        case diagonalAfterKey, diagonalAfterExtra
        case missingAfterKey, missingAfterExtra
        /// In the extra layer: after a placed key, or after another extra.
        case extraAfterKey, extraAfterExtra
    }

    static let matchCost: Int32 = -2
    static let slipCost: Int32 = 3
    static let farCost: Int32 = 4
    static let gapCost: Int32 = 2
    /// A take key before the first or after the last aligned one costs more than a wrong one, so
    /// the alignment does not shed a take's awkward ends; a real pickup still ends up outside.
    static let edgeCost: Int32 = 4

    static func align(_ take: [UInt8], to reference: [UInt8], maximumCells: Int) -> KeyAlignment? {
        typealias Pair = KeyAlignment.Pair
        let n = take.count
        let m = reference.count
        guard n > 0, m > 0 else {
            var empty = KeyAlignment()
            empty.outside = n
            return empty
        }
        guard n <= maximumCells / m else { return nil }
        let width = m + 1
        let unreachable = Int32.max / 4
        var keyMoves = [Move](repeating: .first, count: (n + 1) * width)
        var extraMoves = [Move](repeating: .extraAfterKey, count: (n + 1) * width)
        // Rolling rows of both layers, for alignments that have started (placed a take key on a
        // reference key). Before that the reference is free and each take key costs edgeCost.
        var keyPrevious = [Int32](repeating: unreachable, count: width)
        var keyCurrent = keyPrevious
        var extraPrevious = keyPrevious
        var extraCurrent = keyPrevious
        // Where the alignment ends; the keys after it are outside. All outside is the worst case.
        var best = (cost: Int32(n) * Self.edgeCost, row: 0, column: 0)
        for i in 1...n {
            let key = take[i - 1]
            let notStarted = Int32(i - 1) * Self.edgeCost
            for j in 1...m {
                let cell = i * width + j
                let wanted = reference[j - 1]
                let change =
                    wanted == key
                    ? Self.matchCost : (wanted > key ? wanted - key : key - wanted) <= 2 ? Self.slipCost : Self.farCost
                // Extra layer: this take key has no counterpart.
                if keyPrevious[j] <= extraPrevious[j] {
                    extraCurrent[j] = keyPrevious[j] + Self.gapCost
                    extraMoves[cell] = .extraAfterKey
                } else {
                    extraCurrent[j] = extraPrevious[j] + Self.gapCost
                    extraMoves[cell] = .extraAfterExtra
                }
                // Key layer: this take key on this reference key, or this reference key skipped.
                var cost = notStarted + change
                var move = Move.first
                if keyPrevious[j - 1] + change <= cost {
                    cost = keyPrevious[j - 1] + change
                    move = .diagonalAfterKey
                }
                if extraPrevious[j - 1] + change < cost {
                    cost = extraPrevious[j - 1] + change
                    move = .diagonalAfterExtra
                }
                if keyCurrent[j - 1] + Self.gapCost < cost {
                    cost = keyCurrent[j - 1] + Self.gapCost
                    move = .missingAfterKey
                }
                if extraCurrent[j - 1] + Self.gapCost < cost {
                    cost = extraCurrent[j - 1] + Self.gapCost
                    move = .missingAfterExtra
                }
                keyCurrent[j] = cost
                keyMoves[cell] = move
            }
            // Ties go to the later row (more of the take aligned), then the earlier column.
            let outside = Int32(n - i) * Self.edgeCost
            for j in 1...m
            where keyCurrent[j] + outside < best.cost || (keyCurrent[j] + outside == best.cost && best.row < i) {
                best = (keyCurrent[j] + outside, i, j)
            }
            swap(&keyPrevious, &keyCurrent)
            swap(&extraPrevious, &extraCurrent)
        }

        var result = KeyAlignment()
        var i = best.row
        var j = best.column
        var inExtraLayer = false
        var firstReference = m
        var lastReference = -1
        tracing: while i > 0 && j > 0 {
            let move = inExtraLayer ? extraMoves[i * width + j] : keyMoves[i * width + j]
            switch move {
            case .first, .diagonalAfterKey, .diagonalAfterExtra:
                let pair = Pair(take: i - 1, reference: j - 1)
                if take[i - 1] == reference[j - 1] {
                    result.matches.append(pair)
                } else {
                    result.substitutions.append(pair)
                }
                firstReference = j - 1
                lastReference = max(lastReference, j - 1)
                i -= 1
                j -= 1
                if move == .first { break tracing }
                inExtraLayer = move == .diagonalAfterExtra
            case .extraAfterKey, .extraAfterExtra:
                result.insertions.append(Pair(take: i - 1, reference: j - 1))
                i -= 1
                inExtraLayer = move == .extraAfterExtra
            case .missingAfterKey, .missingAfterExtra:
                result.deletions.append(j - 1)
                j -= 1
                inExtraLayer = move == .missingAfterExtra
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
