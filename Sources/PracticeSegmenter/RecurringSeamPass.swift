/// Music that comes back (a recapitulation, a sequence, a return of the opening theme) looks
/// like a restart to a reference that holds it once: every take of the passage runs to the
/// reference's end and "starts over" at the same earlier place without a pause. A pianist's
/// restarts fall where the playing broke down, which differs from take to take, and go back to
/// where the take began; a seam that recurs at the same place, into the same earlier music,
/// in `minimumRecurringSeams` takes is the music's own. The pass appends that music to the
/// reference once more, so the takes run through it. (Leaps forward that recur are left
/// alone: on real rehearsals they are fragments played one after another, which a musician
/// counts apart.)
///
/// O(t²) over the t takes of a material (a few hundred at most).
struct RecurringSeamPass {
    let configuration: SegmenterConfiguration

    /// A take that ends at `end` followed without a pause by one starting at `start`.
    struct Seam {
        var end: Int
        var start: Int
        /// Where the second take reaches.
        var reach: Int
    }

    /// Consecutive takes with no pause between them: the seam from the first to the second.
    private func seams(
        _ takes: [TakeDetector.DetectedTake],
        events: [OnsetEvent]
    ) -> [(index: Int, seam: Seam)] {
        takes.indices.dropLast().compactMap { index in
            let (previous, next) = (takes[index], takes[index + 1])
            let lastSound = events[previous.events].reduce(Int64.min) { max($0, $1.end) }
            guard events[next.events.lowerBound].time - lastSound < configuration.pauseSilence else { return nil }
            return (index, Seam(end: previous.to, start: next.from, reach: next.to))
        }
    }

    /// The seams among `seams` that recur at the same place (within `tolerance`) at least
    /// `minimumRecurringSeams` times: the largest such cluster.
    private func recurring(_ seams: [Seam], tolerance: Int) -> [Seam] {
        let clusters = seams.map { seam in
            seams.filter { abs($0.end - seam.end) <= tolerance && abs($0.start - seam.start) <= tolerance }
        }
        guard let cluster = clusters.max(by: { $0.count < $1.count }),
            cluster.count >= configuration.minimumRecurringSeams
        else { return [] }
        return cluster
    }

    private func tolerance(_ length: Int) -> Int {
        max(configuration.passageToleranceEvents, Int(configuration.passageToleranceFraction * Double(length)))
    }

    /// The reference with the recurring music appended, or nil when no seam recurs.
    /// - Parameters:
    ///   - takes: the material's takes in time order, positions in `reference`.
    ///   - reference: session event indices of the material's reference.
    func extendedReference(
        _ reference: [Int],
        takes: [TakeDetector.DetectedTake],
        events: [OnsetEvent]
    ) -> [Int]? {
        let length = reference.count
        let tolerance = tolerance(length)
        let returns = seams(takes, events: events).compactMap { index, seam -> Seam? in
            let previous = takes[index]
            guard seam.end >= length - 1 - tolerance, seam.start < seam.end - tolerance,
                abs(seam.start - previous.from) > tolerance
            else { return nil }
            return seam
        }
        let cluster = recurring(returns, tolerance: tolerance)
        guard let first = cluster.map(\.start).min(), let last = cluster.map(\.reach).max(),
            first < last, last < length
        else { return nil }
        return reference + reference[first...last]
    }
}
