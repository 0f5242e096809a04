/// The back-pointers of ``JumpAligner``'s Viterbi table in two bytes per cell: the move, and for
/// a move on from an earlier position how many positions back that was. A jump comes from the
/// previous row's best state (one number per row), a start from "between takes", a stay or an
/// extra note from the same position; "between takes" and "after the last take" keep their own
/// per-row pointers.
struct BackPointers {
    typealias Move = JumpAligner.Move

    private let rows: Int
    private let width: Int
    private var moves: [UInt8]
    private var gaps: [UInt8]
    /// Moves on by more than 255 positions (only when skipping is nearly free), by cell.
    private var longGaps: [Int: Int] = [:]
    private var jumpSources: [Int32]
    private var freeMoves: [Move]
    private var freeSources: [Int32]
    private var trailingSources: [Int32]

    init(rows: Int, width: Int) {
        self.rows = rows
        self.width = width
        let cells = rows * width
        // Every cell is written before it is read.
        moves = [UInt8](unsafeUninitializedCapacity: cells) { _, count in count = cells }
        gaps = [UInt8](unsafeUninitializedCapacity: cells) { _, count in count = cells }
        jumpSources = [Int32](repeating: -1, count: rows)
        freeMoves = [Move](repeating: .unaligned, count: rows)
        freeSources = [Int32](repeating: Int32(width), count: rows)
        trailingSources = [Int32](repeating: Int32(width + 1), count: rows)
    }

    /// The first row: every position starts there.
    mutating func setFirstRow() {
        moves.withUnsafeMutableBufferPointer { moves in
            for p in 0..<width { moves[p] = Move.start.rawValue }
        }
    }

    /// Where a jump in `row` comes from: the previous row's best state.
    mutating func setJumpSource(row: Int, _ state: Int) { jumpSources[row] = Int32(state) }

    mutating func setEdges(row: Int, free: (move: Move, source: Int32), trailing: Int32) {
        freeMoves[row] = free.move
        freeSources[row] = free.source
        trailingSources[row] = trailing
    }

    /// Gives the moves and gaps of `row` to fill.
    mutating func withRow(
        _ row: Int,
        _ body: (UnsafeMutableBufferPointer<UInt8>, UnsafeMutableBufferPointer<UInt8>) -> Void
    ) {
        let range = (row * width)..<((row + 1) * width)
        moves.withUnsafeMutableBufferPointer { moves in
            gaps.withUnsafeMutableBufferPointer { gaps in
                body(
                    UnsafeMutableBufferPointer(rebasing: moves[range]),
                    UnsafeMutableBufferPointer(rebasing: gaps[range])
                )
            }
        }
    }

    mutating func setLongGap(row: Int, position: Int, gap: Int) { longGaps[row * width + position] = gap }

    /// The move into `state` at `row` and the state it came from (−1 before the first row).
    private func backPointer(row: Int, state: Int) -> (move: Move, source: Int) {
        if state == width { return (freeMoves[row], Int(freeSources[row])) }
        if state == width + 1 { return (.unaligned, Int(trailingSources[row])) }
        let cell = row * width + state
        let move = Move(rawValue: moves[cell]) ?? .start
        switch move {
        case .start: return (.start, row == 0 ? -1 : width)
        case .jump: return (.jump, Int(jumpSources[row]))
        case .advance: return (.advance, state - (longGaps[cell] ?? Int(gaps[cell])))
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
