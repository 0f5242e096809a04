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

    /// How a cell was reached. The alignment keeps two layers: cells whose last move placed a
    /// reference key (aligned or skipped it) and cells whose last move was an extra take key.
    /// Only the first can end an alignment, so keys after the last aligned one pay `edgeCost`
    /// as outside keys instead of slipping out as cheap extras.
    fileprivate enum Move: UInt8 {
        /// The first aligned key: everything before it in the take is outside.
        case first
        case diagonalAfterKey, diagonalAfterExtra
        case missingAfterKey, missingAfterExtra
        /// In the extra layer: after a placed key, or after another extra.
        case extraAfterKey, extraAfterExtra
    }

    /// Costs. A match earns a little, so among equally good alignments the one matching most
    /// keys wins. A wrong key next to the right one (a slip of a finger, up to two semitones)
    /// costs less than a missing plus an extra key, so it counts as one error; a key far from
    /// the right one costs as much as both, so a take of one hand against both hands reads as
    /// missing keys rather than a run of wrong ones.
    private static let matchCost: Int32 = -2
    private static let slipCost: Int32 = 3
    private static let farCost: Int32 = 4
    private static let gapCost: Int32 = 2
    /// A take key before the first or after the last aligned one costs more than a wrong one, so
    /// the alignment does not shed a take's awkward ends; a real pickup still ends up outside.
    private static let edgeCost: Int32 = 4
    /// The least a take key with no reference key left for it costs beyond a match: an extra
    /// key (`gapCost`) — or an outside one (`edgeCost`, more).
    private static let surplusCost: Int32 = gapCost - matchCost

    /// Semi-global edit-distance alignment: the reference's ends are free, the take's ends cost
    /// `edgeCost` a key.
    /// Returns nil when `take.count × reference.count` exceeds `maximumCells`.
    ///
    /// Only cells that can lie on the best alignment are filled (Ukkonen's cut-off): every take
    /// key still to come costs at least `matchCost`, so a cell whose cost so far is more than an
    /// allowance above n·`matchCost` − (the keys to come)·`matchCost` cannot be on an alignment
    /// within the allowance; nor can one with fewer reference keys after it than take keys,
    /// each surplus key costing at least `gapCost`. The allowance is first 64 (about a dozen
    /// errors); when the best alignment does not fit in it, a quick pass that keeps only cells
    /// near each row's best finds an alignment whose cost bounds the best one's, and that cost is
    /// the allowance. Once the best alignment found fits in the allowance no cell of it (or of
    /// any alignment as good) was left out, and the result is the full table's. A take close to
    /// the reference fills a band about as wide as its allowance around its diagonal, after a
    /// few full rows where it may still start anywhere: O(n·a) for an allowance a in practice,
    /// O(n·m) at worst (an unrelated take); memory (one byte a cell) for the filled cells only.
    static func align(_ take: [UInt8], to reference: [UInt8], maximumCells: Int) -> KeyAlignment? {
        let n = take.count
        let m = reference.count
        guard n > 0, m > 0 else {
            var empty = KeyAlignment()
            empty.outside = n
            return empty
        }
        guard n <= maximumCells / m else { return nil }
        // A take identical to its reference (the medoid against a consensus equal to it) aligns
        // key for key: n matches is the least any alignment can cost, and only the diagonal
        // reaches it, so the table would find exactly this.
        if take == reference {
            var identity = KeyAlignment()
            identity.matches = (0..<n).map { Pair(take: $0, reference: $0) }
            identity.referenceSpan = 0..<n
            return identity
        }
        // All keys outside costs n·edgeCost, n·(edgeCost − matchCost) above n·matchCost: an
        // allowance that large cuts nothing.
        func bounded(_ allowance: Int) -> Int32? {
            allowance < n * Int(edgeCost - matchCost) ? Int32(allowance) : nil
        }
        var unused: Int32 = 0
        if let result = align(take, to: reference, allowance: bounded(64), found: &unused) { return result }
        // More than a dozen errors: a quick pass keeping only cells close to each row's best
        // finds some alignment, whose cost the best one does not exceed — an allowance that
        // surely fits, and is seldom much more than needed.
        var found: Int32 = 0
        _ = align(take, to: reference, allowance: nil, beam: beamWidth, found: &found)
        var allowance = max(64, Int(found) - n * Int(matchCost))
        while true {
            if let result = align(take, to: reference, allowance: bounded(allowance), found: &unused) {
                return result
            }
            allowance *= 4
        }
    }

    /// How far above the previous row's best a cell of the quick pass may cost.
    private static let beamWidth: Int32 = 64

    /// The alignment when its cost is at most n·`matchCost` + `allowance` (any cost when nil);
    /// nil otherwise. `found` is the cost of the best alignment among the cells filled.
    /// - Parameter beam: when given, also leave out every cell costing more than `beam` above
    ///   the previous row's best, and return nil: only `found` is wanted.
    private static func align(
        _ take: [UInt8],
        to reference: [UInt8],
        allowance: Int32?,
        beam: Int32? = nil,
        found: inout Int32
    ) -> KeyAlignment? {
        let n = take.count
        let m = reference.count
        let unreachable = Int32.max / 4
        let limit = allowance ?? unreachable
        // Rolling rows of both layers, for alignments that have started (placed a take key on a
        // reference key). Before that the reference is free and each take key costs edgeCost.
        // Cells not filled hold `unreachable`. Costs stay far from Int32's limits (|cost| ≤
        // 4·n + `unreachable`), so the arithmetic below wraps nowhere.
        // Both layers of a row interleaved: column j's key-layer cost at 2j, its extra-layer cost
        // at 2j + 1.
        let rows = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 4 * (m + 2))
        rows.initialize(repeating: unreachable)
        defer { rows.deallocate() }
        var previous = rows.baseAddress!
        var current = previous + 2 * (m + 2)
        // The moves of the filled cells, row by row: row i holds columns rowLow[i]..<rowHigh[i].
        var moves = MoveStore(capacity: min(n * m, 64 * (m + 1)))
        var rowLow = [Int](repeating: 1, count: n + 1)
        var rowStart = [Int](repeating: 0, count: n + 1)
        var currentFilled = 1..<1
        // Columns of the previous row whose cells were kept.
        var kept = 1..<1
        // Where the alignment ends; the keys after it are outside. All outside is the worst case.
        var best = (cost: Int32(n) &* Self.edgeCost, row: 0, column: 0)
        var previousRowBest = unreachable
        reference.withUnsafeBufferPointer { reference in
            for i in 1...n {
                let notStarted = Int32(i - 1) &* Self.edgeCost
                // A cell is kept while its cost + (keys to come)·(−matchCost) is within the limit.
                var keepBelow = limit &+ Int32(n) &* Self.matchCost &+ Int32(n - i) &* -Self.matchCost
                if let beam, previousRowBest < unreachable {
                    keepBelow = min(keepBelow, previousRowBest &+ beam)
                }
                // Starting here (the take's first keys outside) may still fit: every column.
                let starts = notStarted &+ Self.matchCost <= keepBelow
                if !starts && kept.isEmpty { break }
                let low = starts ? 1 : kept.lowerBound
                // Clear what this buffer held two rows ago.
                for j in currentFilled {
                    current[2 * j] = unreachable
                    current[2 * j + 1] = unreachable
                }
                moves.reserve(m + 1 - low)
                rowStart[i] = moves.count
                rowLow[i] = low
                let row = fillRow(
                    key: Int32(take[i - 1]),
                    notStarted: notStarted,
                    keepBelow: keepBelow,
                    // Past the previous row's kept cells only skipped reference keys go on.
                    open: starts ? m : kept.upperBound,
                    tight: m - n + i,
                    columns: low...m,
                    reference: reference.baseAddress!,
                    previous: previous,
                    current: current,
                    moves: moves.cells + moves.count
                )
                moves.count += row.end - low
                currentFilled = low..<row.end
                // Ties go to the later row (more of the take aligned), then the earlier column.
                let outside = Int32(n - i) &* Self.edgeCost
                if row.bestColumn > 0 && row.best &+ outside <= best.cost {
                    best = (row.best &+ outside, i, row.bestColumn)
                }
                previousRowBest = row.best
                // The columns kept, from the first to the last.
                var first = low
                while first < row.end && min(current[2 * first], current[2 * first + 1]) >= unreachable { first += 1 }
                var last = row.end - 1
                while last >= first && min(current[2 * last], current[2 * last + 1]) >= unreachable { last -= 1 }
                kept = first <= last ? first..<(last + 1) : 1..<1
                swap(&previous, &current)
            }
        }
        found = best.cost
        if beam != nil { return nil }
        if let allowance, best.cost > Int32(n) * Self.matchCost + allowance { return nil }
        func move(row: Int, column: Int, extraLayer: Bool) -> Move {
            let cell = moves.cells[rowStart[row] + column - rowLow[row]]
            return extraLayer ? MoveStore.extraMove(cell) : Move(rawValue: cell & 7) ?? .first
        }
        var result = KeyAlignment()
        var i = best.row
        var j = best.column
        var inExtraLayer = false
        var firstReference = m
        var lastReference = -1
        tracing: while i > 0 && j > 0 {
            let move = move(row: i, column: j, extraLayer: inExtraLayer)
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

    /// Where a row's filling stopped (the first column not filled), its lowest key-layer cost
    /// and the first column holding it (0 when none was kept).
    private struct Row {
        var end: Int
        var best: Int32
        var bestColumn: Int
    }

    /// Fills one row of both layers over `columns` (until, past `open`, the cell to the left
    /// was not kept), writing each cell's moves to `moves` from the first column on. Rows are
    /// interleaved (see `align`); cells costing more than their bound are left `unreachable`.
    @inline(never)
    private static func fillRow(
        key: Int32,
        notStarted: Int32,
        keepBelow: Int32,
        open: Int,
        tight: Int,
        columns: ClosedRange<Int>,
        reference: UnsafePointer<UInt8>,
        previous: UnsafePointer<Int32>,
        current: UnsafeMutablePointer<Int32>,
        moves: UnsafeMutablePointer<UInt8>
    ) -> Row {
        let unreachable = Int32.max / 4
        let low = columns.lowerBound
        // keepBelow − surplusCost·(j − tight) for the columns past `tight`.
        let tightened = keepBelow &+ surplusCost &* Int32(truncatingIfNeeded: tight)
        var rowBest = unreachable
        var rowBestColumn = 0
        var left = current[2 * low - 2]
        var leftExtra = current[2 * low - 1]
        var diagonalKey = previous[2 * low - 2]
        var diagonalExtra = previous[2 * low - 1]
        var j = low
        while j <= columns.upperBound {
            if j > open && left > keepBelow { break }
            let wanted = Int32(reference[j &- 1])
            let distance = wanted > key ? wanted &- key : key &- wanted
            let change = distance == 0 ? matchCost : distance <= 2 ? slipCost : farCost
            // Extra layer: this take key has no counterpart.
            let above = previous[2 &* j]
            let aboveExtra = previous[2 &* j &+ 1]
            let afterKey = above <= aboveExtra
            var extra = (afterKey ? above : aboveExtra) &+ gapCost
            // Key layer: this take key on this reference key, or this reference key skipped.
            var cost = notStarted &+ change
            var move = Move.first.rawValue
            let diagonal = diagonalKey &+ change
            if diagonal <= cost {
                cost = diagonal
                move = Move.diagonalAfterKey.rawValue
            }
            let fromExtra = diagonalExtra &+ change
            if fromExtra < cost {
                cost = fromExtra
                move = Move.diagonalAfterExtra.rawValue
            }
            if left &+ gapCost < cost {
                cost = left &+ gapCost
                move = Move.missingAfterKey.rawValue
            }
            if leftExtra &+ gapCost < cost {
                cost = leftExtra &+ gapCost
                move = Move.missingAfterExtra.rawValue
            }
            moves[j &- low] = MoveStore.pack(key: move, extraAfterExtra: !afterKey)
            let bound = min(keepBelow, tightened &- surplusCost &* Int32(truncatingIfNeeded: j))
            if cost > bound { cost = unreachable }
            if extra > bound { extra = unreachable }
            current[2 &* j] = cost
            current[2 &* j &+ 1] = extra
            if cost < rowBest {
                rowBest = cost
                rowBestColumn = j
            }
            left = cost
            leftExtra = extra
            diagonalKey = above
            diagonalExtra = aboveExtra
            j &+= 1
        }
        return Row(end: j, best: rowBest, bestColumn: rowBestColumn)
    }
}

/// The moves of the filled cells of a ``KeyAlignment`` table, one byte each (the key layer's
/// move in the low three bits, whether the extra layer's came after another extra above), in
/// unmanaged storage that doubles when full.
private struct MoveStore: ~Copyable {
    private(set) var cells: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Cells written so far; the filler writes at `cells + count` and then advances it.
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        cells = .allocate(capacity: self.capacity)
    }

    deinit {
        cells.deallocate()
    }

    /// Makes room for `more` moves.
    mutating func reserve(_ more: Int) {
        guard count + more > capacity else { return }
        let grown = max(2 * capacity, count + more)
        let newCells = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        newCells.update(from: cells, count: count)
        cells.deallocate()
        cells = newCells
        capacity = grown
    }

    /// One cell's moves in a byte.
    @inline(__always)
    static func pack(key: UInt8, extraAfterExtra: Bool) -> UInt8 {
        extraAfterExtra ? key | 8 : key
    }

    /// The extra layer's move of a packed cell.
    static func extraMove(_ cell: UInt8) -> KeyAlignment.Move {
        cell & 8 != 0 ? .extraAfterExtra : .extraAfterKey
    }
}
