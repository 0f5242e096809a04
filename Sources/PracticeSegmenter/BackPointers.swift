/// The back-pointers of ``JumpAligner``'s Viterbi table in two bytes per filled cell: the move,
/// and for a move on from an earlier position how many positions back that was. A jump comes
/// from the previous row's best state (one number per row), a start from "between takes", a
/// stay or an extra note from the same position; "between takes" and "after the last take" keep
/// their own per-row pointers. Each row keeps the cells of its band (all positions unbanded).
struct BackPointers {
    typealias Move = JumpAligner.Move

    private let rows: Int
    private let width: Int
    private var moves: [UInt8]
    private var gaps: [UInt8]
    /// Row r's cells are `rowStart[r]..<rowStart[r + 1]`, for positions from `rowLow[r]` on.
    private var rowStart: [Int]
    private var rowLow: [Int]
    /// Moves on by more than 255 positions (only when skipping is nearly free), by row and
    /// position.
    private var longGaps: [Int: Int] = [:]
    private var jumpSources: [Int32]
    private var freeMoves: [Move]
    private var freeSources: [Int32]
    private var trailingSources: [Int32]

    /// - Parameter banded: rows fill bands of varying width; otherwise every row is whole.
    init(rows: Int, width: Int, banded: Bool) {
        self.rows = rows
        self.width = width
        // Unbanded, every cell is written before it is read; banded, the rows grow as filled.
        let cells = banded ? 0 : rows * width
        moves = [UInt8](unsafeUninitializedCapacity: cells) { _, count in count = cells }
        gaps = [UInt8](unsafeUninitializedCapacity: cells) { _, count in count = cells }
        rowStart = banded ? [0] : Array(stride(from: 0, through: cells, by: width))
        rowLow = [Int](repeating: 0, count: rows)
        jumpSources = [Int32](repeating: -1, count: rows)
        freeMoves = [Move](repeating: .unaligned, count: rows)
        freeSources = [Int32](repeating: Int32(width), count: rows)
        trailingSources = [Int32](repeating: Int32(width + 1), count: rows)
    }

    /// Gives the moves and gaps of `row`'s cells in `band` to fill (rows in order).
    mutating func withRow(
        _ row: Int,
        band: ClosedRange<Int>,
        _ body: (UnsafeMutableBufferPointer<UInt8>, UnsafeMutableBufferPointer<UInt8>) -> Void
    ) {
        rowLow[row] = band.lowerBound
        if rowStart.count == row + 1 {
            // Banded: append the row's cells.
            let start = moves.count
            moves.append(contentsOf: repeatElement(0, count: band.count))
            gaps.append(contentsOf: repeatElement(0, count: band.count))
            rowStart.append(start + band.count)
        }
        let range = rowStart[row]..<(rowStart[row] + band.count)
        moves.withUnsafeMutableBufferPointer { moves in
            gaps.withUnsafeMutableBufferPointer { gaps in
                body(
                    UnsafeMutableBufferPointer(rebasing: moves[range]),
                    UnsafeMutableBufferPointer(rebasing: gaps[range])
                )
            }
        }
    }

    /// The first row: every position of the band starts there.
    mutating func setFirstRow(_ band: ClosedRange<Int>) {
        withRow(0, band: band) { moves, _ in
            for index in moves.indices { moves[index] = Move.start.rawValue }
        }
    }

    /// Where a jump in `row` comes from: the previous row's best state.
    mutating func setJumpSource(row: Int, _ state: Int) { jumpSources[row] = Int32(state) }

    mutating func setEdges(row: Int, free: (move: Move, source: Int32), trailing: Int32) {
        freeMoves[row] = free.move
        freeSources[row] = free.source
        trailingSources[row] = trailing
    }

    mutating func setLongGap(row: Int, position: Int, gap: Int) { longGaps[row * width + position] = gap }

    /// The move into `state` at `row` and the state it came from (−1 before the first row).
    private func backPointer(row: Int, state: Int) -> (move: Move, source: Int) {
        if state == width { return (freeMoves[row], Int(freeSources[row])) }
        if state == width + 1 { return (.unaligned, Int(trailingSources[row])) }
        let cell = rowStart[row] + state - rowLow[row]
        let move = Move(rawValue: moves[cell]) ?? .start
        switch move {
        case .start: return (.start, row == 0 ? -1 : width)
        case .jump: return (.jump, Int(jumpSources[row]))
        case .advance: return (.advance, state - (longGaps[row * width + state] ?? Int(gaps[cell])))
        case .stay, .insert, .unaligned: return (move, state)
        }
    }

    /// The path that ends in `state` after the last row, as steps.
    func traceback(from state: Int, score: Double) -> JumpAligner.Result {
        var state = state
        var steps = [JumpAligner.Step](repeating: JumpAligner.Step(position: nil, jumped: false), count: rows)
        var matched = 0
        for row in stride(from: rows - 1, through: 0, by: -1) {
            let (move, source) = backPointer(row: row, state: state)
            if state < width && move != .insert {
                steps[row] = JumpAligner.Step(position: state, jumped: move == .jump)
                matched += 1
            } else {
                steps[row] = JumpAligner.Step(position: nil, jumped: move == .jump)
            }
            if source >= 0 { state = source }
        }
        return JumpAligner.Result(steps: steps, score: score, matched: matched)
    }
}
