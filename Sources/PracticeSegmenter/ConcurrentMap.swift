import Dispatch
import Synchronization

/// Independent pieces of work spread over every core: the segmenter's alignments of different
/// phrases, runs or stream chunks, the analyzer's passages. They share nothing: each is computed
/// exactly as it would be alone, and the results come back in index order, so the result is the
/// same on one core or many (bit for bit).
package enum ConcurrentMap {
    /// `body(index)` for every index of `costs`, in index order. The costliest start first, so
    /// that no core is left with a large one at the end. Runs inline when there is one piece
    /// (or none).
    /// - Complexity: the sum of the pieces' work, over the cores; O(n log n) to order n pieces.
    package static func map<Result: Sendable>(costs: [Int], _ body: @Sendable (Int) -> Result) -> [Result] {
        let count = costs.count
        guard count > 1 else { return (0..<count).map(body) }
        let order = (0..<count).sorted { (costs[$0], $1) > (costs[$1], $0) }
        let results = Mutex([Result?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { position in
            let index = order[position]
            let result = body(index)
            results.withLock { $0[index] = result }
        }
        return results.withLock { $0.map { $0! } }
    }
}
