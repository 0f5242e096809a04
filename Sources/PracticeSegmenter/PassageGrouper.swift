/// Groups a material's takes into passages by where they start and end, in time order: takes
/// starting at the same place one after another form a block; a block splits when two takes in
/// a row agree on an end well short of the block's; blocks with the same start and end are the
/// same passage.
struct PassageGrouper {
    let configuration: SegmenterConfiguration

    struct Grouping {
        /// Passage number (0-based, order of first appearance) per take.
        var passageOfTake: [Int]
        /// Start and end position of each passage.
        var spans: [(from: Int, to: Int)]
    }

    /// Positions by which two takes' starts (or ends) may differ in one passage: a share of
    /// the material's length, at least `passageToleranceEvents`.
    func tolerance(referenceLength: Int) -> Int {
        max(
            configuration.passageToleranceEvents,
            Int((configuration.passageToleranceFraction * Double(referenceLength)).rounded())
        )
    }

    func group(_ takes: [TakeDetector.DetectedTake], referenceLength: Int) -> Grouping {
        let tolerance = tolerance(referenceLength: referenceLength)
        // Blocks of consecutive takes with a common start, split on a consistent shorter end.
        var blocks: [[Int]] = []
        var blockFrom = Int.min
        var blockTo = 0
        for (index, take) in takes.enumerated() {
            if blocks.isEmpty || abs(take.from - blockFrom) > tolerance {
                blocks.append([index])
                blockFrom = take.from
                blockTo = take.to
                continue
            }
            let shorter = take.to < blockTo - tolerance
            let next = index + 1 < takes.count ? takes[index + 1] : nil
            if shorter, let next, abs(next.from - take.from) <= tolerance, abs(next.to - take.to) <= tolerance {
                blocks.append([index])
                blockTo = take.to
            } else {
                blocks[blocks.count - 1].append(index)
                blockTo = max(blockTo, take.to)
            }
        }
        var spans: [(from: Int, to: Int)] = []
        var passageOfTake = [Int](repeating: 0, count: takes.count)
        for block in blocks {
            let from = takes[block[0]].from
            let to = block.map { takes[$0].to }.max()!
            let existing = spans.firstIndex { abs($0.from - from) <= tolerance && abs($0.to - to) <= tolerance }
            let passage = existing ?? spans.count
            if existing == nil { spans.append((from, to)) }
            for take in block { passageOfTake[take] = passage }
        }
        // A take that stops well short of its block's passage but exactly where another passage
        // with its start ends is a whole take of that one (a run-through's block swallowed a
        // take of the shorter passage played right after it).
        for (index, take) in takes.enumerated() where take.to < spans[passageOfTake[index]].to - tolerance {
            if let other = spans.indices.first(where: {
                abs(spans[$0].from - take.from) <= tolerance && abs(spans[$0].to - take.to) <= tolerance
            }) {
                passageOfTake[index] = other
            }
        }
        // A take stopped early between two takes of one passage with its start is of that
        // passage.
        for index in takes.indices.dropFirst().dropLast() {
            let before = passageOfTake[index - 1]
            let after = passageOfTake[index + 1]
            let take = takes[index]
            guard before == after, before != passageOfTake[index], take.to < spans[before].to - tolerance,
                take.to < spans[passageOfTake[index]].to - tolerance,
                abs(spans[before].from - take.from) <= tolerance
            else { continue }
            passageOfTake[index] = before
        }
        return Grouping(passageOfTake: passageOfTake, spans: spans)
    }

    func isComplete(_ take: TakeDetector.DetectedTake, span: (from: Int, to: Int), referenceLength: Int) -> Bool {
        take.to >= span.to - tolerance(referenceLength: referenceLength)
    }
}
