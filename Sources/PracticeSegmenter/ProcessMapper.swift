/// Maps a session's steps onto a process template: how long went to each template step against
/// its target, which steps were missed, which came out of order, and playing that fits none.
///
/// Repertoire steps are split by take: a take covering at least `runThroughShare` of its
/// material counts as a run-through, the others as passage work. O(steps · template steps).
public struct ProcessMapper: Sendable {
    public var runThroughShare = 0.6

    public init() {}

    public struct Mapping: Hashable, Sendable, Codable {
        public var template: String
        public var title: String
        public var steps: [StepResult]
        /// Indices into the segmentation's steps of non-rest steps that fit no template step.
        public var unmatched: [Int]
        /// Template step ids first met after a step that the template puts later.
        public var outOfOrder: [String]
    }

    public struct StepResult: Hashable, Sendable, Codable {
        public enum Status: String, Hashable, Sendable, Codable {
            /// Practised for at least its target (or at all, without a target).
            case done
            /// Practised, but for less than its target.
            case short
            /// Not practised, and not optional.
            case missed
            /// Not practised, optional.
            case skipped
        }

        public var id: String
        public var title: String
        public var targetMinutes: Double?
        public var minutes: Double
        public var status: Status
        /// Indices into the segmentation's steps that counted for it.
        public var sessionSteps: [Int]
    }

    private struct Unit {
        var step: Int
        var kind: StepKind
        var activity: ProcessTemplate.Activity?
        var start: Int64
        var nanoseconds: Int64
    }

    public func map(_ segmentation: Segmentation, onto template: ProcessTemplate) -> Mapping {
        let lengths = Dictionary(
            segmentation.materials.map { ($0.id, $0.length) },
            uniquingKeysWith: { a, _ in a }
        )
        var units: [Unit] = []
        for (index, step) in segmentation.steps.enumerated() where step.kind != .rest {
            guard step.kind == .repertoire, !step.takes.isEmpty else {
                units.append(
                    Unit(
                        step: index,
                        kind: step.kind,
                        activity: nil,
                        start: step.start,
                        nanoseconds: step.end - step.start
                    )
                )
                continue
            }
            let length = Double(step.material.flatMap { lengths[$0] } ?? 0)
            for take in step.takes {
                let isRunThrough = length > 0 && (take.to - take.from + 1) >= runThroughShare * length
                units.append(
                    Unit(
                        step: index,
                        kind: .repertoire,
                        activity: isRunThrough ? .runThrough : .passageWork,
                        start: take.start,
                        nanoseconds: take.end - take.start
                    )
                )
            }
        }
        var results = template.steps.map {
            StepResult(
                id: $0.id,
                title: $0.title,
                targetMinutes: $0.minutes,
                minutes: 0,
                status: .missed,
                sessionSteps: []
            )
        }
        var firstSeen: [Int: Int64] = [:]
        var unmatched: [Int] = []
        for unit in units {
            let fits = template.steps.indices.filter { candidate in
                let step = template.steps[candidate]
                guard step.kinds.contains(unit.kind) else { return false }
                guard let wanted = step.activity else { return true }
                switch wanted {
                case .passageWork, .runThrough: return unit.activity == wanted
                // Exercises are not told apart yet: any technique counts for each.
                case .scales, .arpeggios, .exercises: return unit.kind == .technique
                }
            }
            guard let target = fits.first else {
                if unmatched.last != unit.step { unmatched.append(unit.step) }
                continue
            }
            results[target].minutes += Double(unit.nanoseconds) / 60e9
            if results[target].sessionSteps.last != unit.step { results[target].sessionSteps.append(unit.step) }
            firstSeen[target] = min(firstSeen[target] ?? unit.start, unit.start)
        }
        for index in results.indices {
            let optional = template.steps[index].optional ?? false
            if results[index].sessionSteps.isEmpty {
                results[index].status = optional ? .skipped : .missed
            } else if let target = results[index].targetMinutes, results[index].minutes < target {
                results[index].status = .short
            } else {
                results[index].status = .done
            }
            results[index].minutes = (results[index].minutes * 10).rounded() / 10
        }
        // Out of order: a step first met before an earlier template step's first meeting.
        var outOfOrder: [String] = []
        let met = firstSeen.keys.sorted()
        for (position, index) in met.enumerated() {
            if met[..<position].contains(where: { firstSeen[$0]! > firstSeen[index]! }) {
                outOfOrder.append(template.steps[index].id)
            }
        }
        return Mapping(
            template: template.name,
            title: template.title,
            steps: results,
            unmatched: unmatched,
            outOfOrder: outOfOrder
        )
    }
}
