public import PracticeSegmenter

/// A practice routine as a list of expected steps (a "process"), e.g. warm-up, passage work,
/// run-through, free play. Built-in ones live in `seeds/process/*.toml`.
public struct ProcessTemplate: Hashable, Sendable, Codable {
    /// Short identifier, e.g. "daily-practice".
    public var name: String
    /// What a musician calls it.
    public var title: String
    public var description: String?
    /// The steps, in the order they are meant to come.
    public var steps: [Step]

    public init(name: String, title: String, description: String? = nil, steps: [Step]) {
        self.name = name
        self.title = title
        self.description = description
        self.steps = steps
    }

    enum CodingKeys: String, CodingKey {
        case name, title, description
        case steps = "step"
    }

    /// What narrows a step beyond its kinds.
    public enum Activity: String, Hashable, Sendable, Codable, CaseIterable {
        case scales
        case arpeggios
        case exercises
        /// Repeated takes at parts of a piece.
        case passageWork = "passage-work"
        /// One take covering most of a piece or section.
        case runThrough = "run-through"
    }

    /// One expected step of a routine.
    public struct Step: Hashable, Sendable, Codable {
        /// Unique within the template.
        public var id: String
        public var title: String
        /// Segmenter kinds that count for this step.
        public var kinds: [StepKind]
        public var activity: Activity?
        /// Target duration in minutes.
        public var minutes: Double?
        /// True when skipping the step is fine.
        public var optional: Bool?

        public init(
            id: String,
            title: String,
            kinds: [StepKind],
            activity: Activity? = nil,
            minutes: Double? = nil,
            optional: Bool? = nil
        ) {
            self.id = id
            self.title = title
            self.kinds = kinds
            self.activity = activity
            self.minutes = minutes
            self.optional = optional
        }

        enum CodingKeys: String, CodingKey {
            case id, title, kinds, activity, minutes, optional
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            title = try container.decodeIfPresent(String.self, forKey: .title) ?? id
            kinds = try container.decode([StepKind].self, forKey: .kinds)
            activity = try container.decodeIfPresent(Activity.self, forKey: .activity)
            // TOML tells integers from floats; "minutes = 10" must work as well as "7.5".
            if let whole = try? container.decodeIfPresent(Int.self, forKey: .minutes) {
                minutes = Double(whole)
            } else {
                minutes = try container.decodeIfPresent(Double.self, forKey: .minutes)
            }
            optional = try container.decodeIfPresent(Bool.self, forKey: .optional)
        }
    }

    /// Problems that make a template unusable, one line each (empty when it is fine).
    public var problems: [String] {
        var problems: [String] = []
        if steps.isEmpty { problems.append("template '\(name)' has no [[step]] tables") }
        var seen: Set<String> = []
        for step in steps {
            if !seen.insert(step.id).inserted { problems.append("step id '\(step.id)' appears twice") }
            if step.kinds.isEmpty { problems.append("step '\(step.id)' names no kinds (technique, repertoire, free)") }
            if step.kinds.contains(.rest) { problems.append("step '\(step.id)': rest is not a practice step") }
            if let minutes = step.minutes, !(minutes > 0) {
                problems.append("step '\(step.id)': minutes must be positive")
            }
        }
        return problems
    }
}
