/// Where in a reference a phrase can align, from the seeds (``SeedIndex/seeds(_:start:length:)``:
/// exact n-grams of pitch sets, top line and bottom line) the two share, as read aligners anchor
/// on exact k-mers before aligning: each shared seed puts the phrase on a diagonal (reference
/// position minus phrase offset), and the phrase is aligned only inside the stretch of the
/// reference those diagonals cover, widened by a margin for dropped and extra notes.
///
/// O(L) time and memory to build for a reference of L events; a window costs O(n + hits) for a
/// phrase of n events.
struct SeedAnchors {
    private var positions: [UInt64: [Int32]] = [:]
    private let length: Int
    /// Events in the reference.
    let count: Int

    /// - Parameter events: the reference's events, in musical order.
    init(_ events: [OnsetEvent], length: Int) {
        self.length = length
        count = events.count
        guard events.count >= length else { return }
        for start in 0...(events.count - length) {
            for seed in SeedIndex.seeds(events, start: start, length: length) {
                positions[seed, default: []].append(Int32(start))
            }
        }
    }

    /// Where a phrase can align in the reference.
    enum Placement: Equatable {
        /// The two share no seed.
        case unshared
        /// Anywhere: only seeds the reference repeats often are shared, or the bands would
        /// cover nearly all of it.
        case anywhere
        /// Per played event, the positions it may align to (``JumpAligner``'s bands).
        case within([ClosedRange<Int>])

        /// The bands to align in; nil for the whole reference.
        var bands: [ClosedRange<Int>]? {
            if case .within(let bands) = self { return bands }
            return nil
        }
    }

    /// Where `played` can align: anywhere from the lowest diagonal of the seeds it shares with
    /// the reference to the highest plus its length, widened on each side by
    /// `seedWindowMargin` events plus `seedWindowShare` of its length (for dropped and extra
    /// notes between the anchors). Seeds found more than `seedWindowMaximumHits` times in the
    /// reference (a figure it repeats, played from any of its places) anchor nothing.
    /// O(n + hits) for n played events.
    func placement(of played: [OnsetEvent], configuration: SegmenterConfiguration) -> Placement {
        let n = played.count
        guard count > 0, n >= length, !positions.isEmpty else { return .unshared }
        var lowest = Int.max
        var highest = Int.min
        var sharesFrequent = false
        for start in 0...(n - length) {
            for seed in SeedIndex.seeds(played, start: start, length: length) {
                guard let hits = positions[seed] else { continue }
                guard hits.count <= configuration.seedWindowMaximumHits else {
                    sharesFrequent = true
                    continue
                }
                // Hits are ascending: the first and last bound this seed's diagonals.
                lowest = min(lowest, Int(hits[0]) - start)
                highest = max(highest, Int(hits[hits.count - 1]) - start)
            }
        }
        guard lowest <= highest else { return sharesFrequent ? .anywhere : .unshared }
        let margin = configuration.seedWindowMargin + Int(configuration.seedWindowShare * Double(n))
        let low = max(0, lowest - margin)
        let high = min(count - 1, max(0, highest + n - 1 + margin))
        // Nearly the whole reference: aligning to all of it costs no more.
        guard low <= high, (high - low + 1) * 10 < count * 9 else { return .anywhere }
        return .within([ClosedRange<Int>](repeating: low...high, count: n))
    }
}
