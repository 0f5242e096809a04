public import PracticeSegmenter

/// Maps the steps of a session onto the steps of a process template, and measures how the
/// session followed it: time per template step against its target, order, steps that match
/// nothing.
///
/// A session step can count for a template step when its kind is one of the step's kinds and
/// its activity does not contradict the step's (an unknown activity contradicts nothing).
/// Among the possible assignments the mapper picks the one that leaves the fewest steps
/// unmatched, then goes back in the template the fewest times, then matches activities most
/// exactly — a small dynamic programme over (session step, last template step reached).
///
/// ``map(_:activities:)`` maps a technique step exercise by exercise (its scales to a scales
/// step, its arpeggios to an arpeggios step), so time per template step is that precise.
public struct ProcessMapper: Sendable {
    public var template: ProcessTemplate

    public init(template: ProcessTemplate) {
        self.template = template
    }

    private static let unmatchedCost = 1_000
    private static let backwardCost = 10
    private static let inexactCost = 1

    /// A stretch of one session step that is mapped as a whole: the step, or for a technique
    /// step with named exercises, a run of its exercises of one activity.
    struct Span {
        /// Index of the session step it belongs to.
        var step: Int
        var start: Int64
        var end: Int64
        var kind: StepKind
        var activity: ProcessTemplate.Activity?
    }

    /// The template step index for each of `steps` (nil for rest and for steps matching nothing).
    /// - Parameter activities: the activity of each step, parallel to `steps`.
    /// - Complexity: O(n·k²) for n steps and k template steps.
    public func assign(_ steps: [PracticeStep], activities: [ProcessTemplate.Activity?]) -> [Int?] {
        assign(Self.spans(steps, activities: activities, byExercise: false))
    }

    /// Maps `steps` exercise by exercise: the template step each session step counts for (the one
    /// that got most of its time), and the process metrics with each exercise's time where it
    /// was mapped. Steps without exercises are mapped whole, as ``assign(_:activities:)`` does.
    /// - Complexity: O(s·k²) for s steps and runs of exercises, k template steps.
    public func map(
        _ steps: [PracticeStep],
        activities: [ProcessTemplate.Activity?]
    )
        -> (assignment: [Int?], metrics: ProcessMetrics)
    {
        let spans = Self.spans(steps, activities: activities, byExercise: true)
        let assigned = assign(spans)
        var time = [[Int64]](repeating: [Int64](repeating: 0, count: template.steps.count), count: steps.count)
        for (span, target) in zip(spans, assigned) {
            if let target { time[span.step][target] += span.end - span.start }
        }
        let assignment = steps.indices.map { index -> Int? in
            let row = time[index]
            // max(by:) keeps the first of equals: the earlier template step.
            guard let best = row.indices.max(by: { row[$0] < row[$1] }), row[best] > 0 else {
                // No time mapped (unmatched, or a step of no length): what its first span got.
                return zip(spans, assigned).first { $0.0.step == index }?.1
            }
            return best
        }
        return (assignment, metrics(spans, assignment: assigned))
    }

    /// One span per step, or per run of exercises of one activity in a technique step.
    static func spans(_ steps: [PracticeStep], activities: [ProcessTemplate.Activity?], byExercise: Bool) -> [Span] {
        var spans: [Span] = []
        for (index, step) in steps.enumerated() {
            let exercises = step.exercises
            guard byExercise, step.kind == .technique, !exercises.isEmpty else {
                spans.append(
                    Span(step: index, start: step.start, end: step.end, kind: step.kind, activity: activities[index])
                )
                continue
            }
            // Each exercise lasts until the next begins; the first from the step's start, the
            // last to its end: the spans share out exactly the step's time.
            for (number, exercise) in exercises.enumerated() {
                let start = number == 0 ? step.start : exercise.start
                let end = number + 1 == exercises.count ? step.end : exercises[number + 1].start
                let activity = StepActivity.activity(of: exercise.kind)
                if number > 0, spans[spans.count - 1].activity == activity {
                    spans[spans.count - 1].end = end
                } else {
                    spans.append(Span(step: index, start: start, end: end, kind: .technique, activity: activity))
                }
            }
        }
        return spans
    }

    /// The dynamic programme over spans (rest spans stay unassigned).
    private func assign(_ spans: [Span]) -> [Int?] {
        let k = template.steps.count
        let playing = spans.indices.filter { spans[$0].kind != .rest }
        // cost[s + 1]: best cost so far with s the last template step reached (−1: none yet).
        var cost = [Int](repeating: Int.max, count: k + 1)
        cost[0] = 0
        var choices: [[(choice: Int?, from: Int)]] = []
        for index in playing {
            var next = [Int](repeating: Int.max, count: k + 1)
            var choice = [(choice: Int?, from: Int)](repeating: (nil, 0), count: k + 1)
            for state in 0...k where cost[state] != Int.max {
                // Leave the step unmatched: the state stays.
                let unmatched = cost[state] + Self.unmatchedCost
                if unmatched < next[state] {
                    next[state] = unmatched
                    choice[state] = (nil, state)
                }
                for target in 0..<k {
                    guard let fit = fit(spans[index].kind, spans[index].activity, template.steps[target]) else {
                        continue
                    }
                    let backward = state > 0 && target < state - 1 ? Self.backwardCost : 0
                    let total = cost[state] + backward + fit
                    if total < next[target + 1] {
                        next[target + 1] = total
                        choice[target + 1] = (target, state)
                    }
                }
            }
            cost = next
            choices.append(choice)
        }
        var result = [Int?](repeating: nil, count: spans.count)
        guard var state = cost.indices.min(by: { cost[$0] < cost[$1] }) else { return result }
        for (position, index) in playing.enumerated().reversed() {
            let (choice, from) = choices[position][state]
            result[index] = choice
            state = from
        }
        return result
    }

    /// Extra cost of counting a step for a template step; nil when it cannot count.
    private func fit(_ kind: StepKind, _ activity: ProcessTemplate.Activity?, _ step: ProcessTemplate.Step) -> Int? {
        guard step.kinds.contains(kind) else { return nil }
        guard let wanted = step.activity else { return activity == nil ? 0 : Self.inexactCost }
        guard let activity else { return Self.inexactCost }
        return activity == wanted ? 0 : nil
    }

    /// Time per template step, order and unmatched playing. O(n + k).
    public func metrics(_ steps: [PracticeStep], assignment: [Int?]) -> ProcessMetrics {
        metrics(Self.spans(steps, activities: steps.map { _ in nil }, byExercise: false), assignment: assignment)
    }

    /// Metrics over spans; `unmatchedSteps` counts the session steps with unmatched time.
    private func metrics(_ spans: [Span], assignment: [Int?]) -> ProcessMetrics {
        var actual = [Int64](repeating: 0, count: template.steps.count)
        var unmatchedTime: Int64 = 0
        var unmatchedSteps: Set<Int> = []
        var order: [String] = []
        var outOfOrder = 0
        var last: Int?
        for (span, assigned) in zip(spans, assignment) where span.kind != .rest {
            guard let assigned else {
                unmatchedTime += span.end - span.start
                unmatchedSteps.insert(span.step)
                continue
            }
            actual[assigned] += span.end - span.start
            let id = template.steps[assigned].id
            if !order.contains(id) { order.append(id) }
            if let last, assigned < last { outOfOrder += 1 }
            last = assigned
        }
        let rows = template.steps.enumerated().map { index, step in
            let planned = step.minutes.map { $0 * 60 }
            let seconds = Seconds.from(actual[index])
            return ProcessMetrics.TemplateStep(
                id: step.id,
                title: step.title,
                planned: planned,
                actual: seconds,
                status: Self.status(actual: seconds, planned: planned, optional: step.optional ?? false),
                optional: step.optional ?? false
            )
        }
        return ProcessMetrics(
            template: template.name,
            title: template.title,
            steps: rows,
            unmatchedTime: Seconds.from(unmatchedTime),
            unmatchedSteps: unmatchedSteps.count,
            order: order,
            outOfOrder: outOfOrder
        )
    }

    /// done within ±25 % of the target (or any time without one), else short or long; skipped at 0.
    static func status(actual: Double, planned: Double?, optional: Bool) -> String {
        if actual == 0 { return optional ? "skipped (optional)" : "skipped" }
        guard let planned else { return "done" }
        if actual < 0.75 * planned { return "short" }
        if actual > 1.25 * planned { return "long" }
        return "done"
    }
}

/// Nanoseconds to seconds rounded to the millisecond: the unit of every time in the report and
/// in `woodshed sessions --json`, and what every clock display (``ReportFormat``) starts from.
public enum Seconds {
    public static func from(_ nanoseconds: Int64) -> Double {
        (Double(nanoseconds) / 1e6).rounded() / 1e3
    }
}
