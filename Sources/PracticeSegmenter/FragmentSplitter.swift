/// Cuts a take where the player stopped at the end of a fragment they also practise on its own
/// and went on with the next one: what the take played up to a *seam* was played on its own,
/// start to end, in at least `minimumFragmentTakes` other takes, other takes begin right after
/// it, and the take crosses it after all keys were up for `fragmentPause`, and
/// `fragmentPauseRatio` times longer than the take's usual silences; each part
/// and each take that marks the seam has at least `minimumFragmentEvents` events. Practising
/// "bars 1–8", "bars 9–12", then running them into each other with a breath between: each
/// fragment is still an attempt at that fragment.
///
/// O(T² + E) for T takes of E events.
struct FragmentSplitter {
    let configuration: SegmenterConfiguration

    func split(_ takes: [TakeDetector.DetectedTake], events: [OnsetEvent]) -> [TakeDetector.DetectedTake] {
        var result: [TakeDetector.DetectedTake] = []
        for (index, take) in takes.enumerated() {
            guard take.positions.count == take.events.count else {
                result.append(take)
                continue
            }
            // Only takes of some length say where fragments begin and end.
            let others = takes.indices.filter {
                $0 != index && takes[$0].matched >= configuration.minimumFragmentEvents
            }.map { takes[$0] }
            var current = take
            let usual = usualSilence(take, events: events)
            var lastRelease = Int64.min
            var previousPosition = -1
            for (offset, event) in take.events.enumerated() {
                let position = Int(take.positions[offset])
                defer { lastRelease = max(lastRelease, events[event].release) }
                guard position >= 0 else { continue }
                defer { previousPosition = position }
                let local = event - current.events.lowerBound
                guard local > 0, previousPosition >= 0, position > previousPosition,
                    events[event].time - lastRelease >= max(configuration.fragmentPause, usual),
                    isSeam(from: current.from, to: previousPosition, next: position, among: others)
                else { continue }
                let (head, tail) = Self.cut(current, at: local)
                if let head, let tail, head.matched >= configuration.minimumFragmentEvents,
                    take.events.upperBound - event >= configuration.minimumFragmentEvents
                {
                    result.append(head)
                    current = tail
                }
            }
            result.append(current)
        }
        return result
    }

    /// `fragmentPauseRatio` times the 90th percentile of the silences (all keys up) between the
    /// take's events: a stop stands out from the rests and breaths the player takes inside it.
    private func usualSilence(_ take: TakeDetector.DetectedTake, events: [OnsetEvent]) -> Int64 {
        var silences: [Int64] = []
        var lastRelease = events[take.events.lowerBound].release
        for event in take.events.dropFirst() {
            silences.append(max(0, events[event].time - lastRelease))
            lastRelease = max(lastRelease, events[event].release)
        }
        guard !silences.isEmpty else { return 0 }
        silences.sort()
        return Int64(configuration.fragmentPauseRatio * Double(silences[silences.count * 9 / 10]))
    }

    /// Whether the stretch `from...to` was played on its own as a whole at least
    /// `minimumFragmentTakes` times and some of `takes` begin at `next`: two fragments the player
    /// works on one by one, run into each other.
    private func isSeam(from: Int, to: Int, next: Int, among takes: [TakeDetector.DetectedTake]) -> Bool {
        let tolerance = configuration.restartTolerance
        let alone = takes.filter { abs($0.from - from) <= tolerance && abs($0.to - to) <= tolerance }.count
        return alone >= configuration.minimumFragmentTakes && takes.contains { abs($0.from - next) <= tolerance }
    }

    /// The take's events before `local` and from it, each with its span; nil for a side that
    /// matched nothing.
    private static func cut(
        _ take: TakeDetector.DetectedTake,
        at local: Int
    ) -> (TakeDetector.DetectedTake?, TakeDetector.DetectedTake?) {
        func part(_ range: Range<Int>) -> TakeDetector.DetectedTake? {
            let positions = Array(take.positions[range])
            let matched = positions.filter { $0 >= 0 }
            guard let first = matched.first, let last = matched.max() else { return nil }
            return TakeDetector.DetectedTake(
                events: (take.events.lowerBound + range.lowerBound)..<(take.events.lowerBound + range.upperBound),
                from: Int(first),
                to: Int(last),
                matched: matched.count,
                positions: positions
            )
        }
        return (part(0..<local), part(local..<take.events.count))
    }
}
