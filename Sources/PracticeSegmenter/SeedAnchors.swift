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

    /// Where `played` can align, event by event, as read aligners band an alignment around its
    /// chained anchors. Each seed shared with the reference puts the events it covers on a
    /// diagonal (reference position minus played offset) per place it occurs; an event may align
    /// within `seedBandMargin` positions of the diagonals that the seeds starting within
    /// `seedBandReach` events of it agree on — those supported by at least half as many of those
    /// seeds as the best-supported one (a passage the reference holds twice keeps both copies; a
    /// single seed occurring elsewhere by chance is dropped once three or more agree). An event
    /// with no seed near it (a stretch of wrong notes, or of a figure the reference repeats more
    /// than `seedWindowMaximumHits` times, which anchors nothing) lies between the bands of the
    /// nearest anchored events before and after it, widened by `seedWindowShare` of the
    /// distance to them. A restart inside the phrase shows as a new diagonal, so the band follows it.
    /// O(n · reach · hits) for n played events.
    /// - Parameter everyCopy: keep every copy of a passage however far apart they lie (no
    ///   `seedBandWidest` cap): for a stream that may play each of them in turn.
    func placement(
        of played: [OnsetEvent],
        configuration: SegmenterConfiguration,
        everyCopy: Bool = false
    ) -> Placement {
        let n = played.count
        guard count > 0, n >= length, !positions.isEmpty else { return .unshared }
        // Per seed start, the diagonals of its seeds' hits: `diagonals[first[s]..<first[s + 1]]`.
        let starts = n - length + 1
        var first = [Int](repeating: 0, count: starts + 1)
        var diagonals: [Int] = []
        var sharesFrequent = false
        for start in 0..<starts {
            for seed in SeedIndex.seeds(played, start: start, length: length) {
                guard let hits = positions[seed] else { continue }
                guard hits.count <= configuration.seedWindowMaximumHits else {
                    sharesFrequent = true
                    continue
                }
                for hit in hits where !diagonals[first[start]...].contains(Int(hit) - start) {
                    diagonals.append(Int(hit) - start)
                }
            }
            first[start + 1] = diagonals.count
        }
        guard !diagonals.isEmpty else { return sharesFrequent ? .anywhere : .unshared }
        let reach = configuration.seedBandReach
        let margin = configuration.seedBandMargin
        // Per event, the agreed diagonals' range (nil where no seed is near), found for a few
        // events at a time from the seeds near any of them (a little wider, much cheaper).
        var agreed = [ClosedRange<Int>?](repeating: nil, count: n)
        var lastRange: ClosedRange<Int>?
        let block = DiagonalAgreement.block
        var agreement = DiagonalAgreement(join: configuration.seedBandJoin, window: 2 * reach + length + block)
        for blockStart in stride(from: 0, to: n, by: block) {
            let from = max(0, blockStart - length + 1 - reach)
            let to = min(starts - 1, blockStart + block - 1 + reach)
            guard from <= to, first[to + 1] > first[from] else { continue }
            agreement.removeAll()
            for start in from...to {
                for index in first[start]..<first[start + 1] {
                    agreement.append(diagonal: diagonals[index], seed: start - from)
                }
            }
            let range = agreement.range(near: lastRange, widest: everyCopy ? .max : configuration.seedBandWidest)
            lastRange = range
            for event in blockStart..<min(n, blockStart + block) { agreed[event] = range }
        }
        var bands: [ClosedRange<Int>] = []
        bands.reserveCapacity(n)
        var cells = 0
        var previous = -1
        var next = 0
        for event in 0..<n {
            var low = Int.max
            var high = Int.min
            if let range = agreed[event] {
                low = range.lowerBound - margin
                high = range.upperBound + margin
                previous = event
            } else {
                // Between anchored events (or beyond the last one): the diagonals on either
                // side, widened with the distance to them.
                if next <= event { next = (event..<n).first { agreed[$0] != nil } ?? n }
                func widen(toward side: Int) {
                    guard side >= 0 && side < n else { return }
                    let widening = margin + Int(configuration.seedWindowShare * Double(abs(side - event)))
                    low = min(low, agreed[side]!.lowerBound - widening)
                    high = max(high, agreed[side]!.upperBound + widening)
                }
                widen(toward: previous)
                widen(toward: next)
            }
            let lowest = min(max(0, low + event), count - 1)
            let highest = max(min(count - 1, high + event), lowest)
            bands.append(lowest...highest)
            cells += highest - lowest + 1
        }
        // Nearly the whole reference: aligning to all of it costs no more.
        return cells * 10 < n * count * 9 ? .within(bands) : .anywhere
    }
}

/// The diagonals that the seeds near one played event agree on (see
/// ``SeedAnchors/placement(of:configuration:)``): diagonals within `join` of one another form a
/// cluster, supported by the distinct seeds in it; the clusters with at least half the best
/// support are kept. O(h log h) for h diagonals.
private struct DiagonalAgreement {
    let join: Int
    /// Diagonal and seed (0..<window) packed in one integer, so sorting orders by diagonal.
    private var entries: [Int] = []
    /// Per seed, the last cluster that counted it.
    private var counted: [Int]
    private static let seedBits = 16
    /// Events that share one agreement.
    static let block = 8

    init(join: Int, window: Int) {
        self.join = join
        counted = [Int](repeating: -1, count: window)
    }

    mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    mutating func append(diagonal: Int, seed: Int) { entries.append(diagonal << Self.seedBits | seed) }

    /// The kept clusters' lowest to highest diagonal; entries must not be empty. When they
    /// span more than `widest` diagonals (a passage the reference holds several times, far
    /// apart), only the kept cluster nearest `near` (the previous events' range; the
    /// best-supported, earliest one without it), as a read aligner chains its anchors.
    mutating func range(near: ClosedRange<Int>?, widest: Int) -> ClosedRange<Int> {
        entries.sort()
        let mask = (1 << Self.seedBits) - 1
        var clusters: [(low: Int, high: Int, support: Int)] = []
        var low = entries[0] >> Self.seedBits
        var high = low
        var support = 0
        for entry in entries {
            let diagonal = entry >> Self.seedBits
            if diagonal - high > join {
                clusters.append((low, high, support))
                low = diagonal
                support = 0
            }
            high = diagonal
            let seed = entry & mask
            if counted[seed] != clusters.count {
                counted[seed] = clusters.count
                support += 1
            }
        }
        clusters.append((low, high, support))
        for seed in counted.indices { counted[seed] = -1 }
        let best = clusters.reduce(0) { max($0, $1.support) }
        let kept = clusters.filter { 2 * $0.support >= best }
        let lowest = kept.map(\.low).min()!
        let highest = kept.map(\.high).max()!
        guard highest - lowest > widest else { return lowest...highest }
        func distance(_ cluster: (low: Int, high: Int, support: Int)) -> Int {
            guard let near else { return -cluster.support }
            return max(0, cluster.low - near.upperBound, near.lowerBound - cluster.high)
        }
        let chosen = kept.min { distance($0) < distance($1) }!
        return chosen.low...chosen.high
    }
}
