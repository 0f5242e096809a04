import PracticeSegmenter

/// Tags the analyzer puts on a session, so `woodshed sessions --tag NAME` finds it later.
///
/// Tags are lowercase words joined by hyphens ("d-minor", "slow-practice"), safe to type in a
/// shell. Technique steps tag the activity and key of every exercise named in them (or of their
/// label, for steps without exercises). Material names become tags only when they were given
/// (a reference score, or `woodshed pieces name`): automatic names ("piece 1", "Piece #7")
/// would say nothing.
public enum AutomaticTags {
    /// - Parameters:
    ///   - activities: parallel to `segmentation.steps`.
    ///   - slowestTempo: the slowest take tempo of the session relative to its passage's fastest
    ///     clean take (nil without tempos).
    /// - Complexity: O(steps + exercises + materials + devices).
    static func tags(
        _ segmentation: Segmentation,
        activities: [ProcessTemplate.Activity?],
        focus: FocusMetrics,
        tempoRange: ClosedRange<Double>?,
        context: AnalysisContext,
        configuration: AnalyzerConfiguration
    ) -> [String] {
        var tags: Set<String> = []
        for (step, activity) in zip(segmentation.steps, activities) {
            switch step.kind {
            case .technique: tags.insert("technique")
            case .repertoire: tags.insert("repertoire")
            case .free: tags.insert("free-play")
            case .rest: tags.insert("breaks")
            }
            if let activity, step.kind == .technique { tags.insert(activity.rawValue) }
            if activity == .runThrough { tags.insert("run-through") }
            guard step.kind == .technique else { continue }
            if step.exercises.isEmpty {
                if let key = TechniqueLabel(step.label).key { tags.insert(key) }
            }
            // Every named exercise: its activity and its key ("d-minor", "b-flat-major").
            for exercise in step.exercises {
                if let activity = StepActivity.activity(of: exercise.kind) { tags.insert(activity.rawValue) }
                if let key = exercise.keyName.flatMap({ TechniqueLabel($0).key }) { tags.insert(key) }
            }
        }
        for material in segmentation.materials where material.libraryID != nil && material.kind != .rest {
            if material.hasGivenName {
                let name = slug(material.name)
                if !name.isEmpty { tags.insert(name) }
            }
            if material.isNew { tags.insert("new-material") }
        }
        if focus.style == "focused" || focus.style == "scattered" { tags.insert(focus.style) }
        if let tempoRange {
            let low = Int((tempoRange.lowerBound * 10).rounded()) * 10
            let high = Int((tempoRange.upperBound * 10).rounded()) * 10
            tags.insert("tempo-\(low)-\(high)")
            if tempoRange.lowerBound < configuration.slowPracticeTempo { tags.insert("slow-practice") }
        }
        for device in context.devices {
            if let name = deviceTag(device) { tags.insert(name) }
        }
        if let hour = context.startHour { tags.insert(timeOfDay(hour)) }
        return tags.sorted()
    }

    /// A device's tag: short, the name a musician knows the instrument by. A sequencer port
    /// ("client / port") gives its client, "Digital Piano / Digital Piano MIDI 1" → "digital-piano";
    /// a device node its file name, "/dev/snd/midiC1D0" → "midic1d0"; a trailing "MIDI 1" or
    /// "Port 2" (a port number, not a name) is left out. nil when nothing is left.
    public static func deviceTag(_ device: String) -> String? {
        var name = device
        if let client = name.firstRange(of: " / ") {
            name = String(name[..<client.lowerBound])
        } else if name.hasPrefix("/dev/") {
            name = String(name.split(separator: "/").last ?? "")
        }
        var words = slug(name).split(separator: "-")
        if words.count > 2, ["midi", "port"].contains(words[words.count - 2]), words.last!.allSatisfy(\.isNumber) {
            words.removeLast(2)
        }
        return words.isEmpty ? nil : words.joined(separator: "-")
    }

    /// morning 5–12 h, afternoon 12–17 h, evening 17–22 h, night otherwise (local time).
    public static func timeOfDay(_ hour: Int) -> String {
        switch hour {
        case 5..<12: "morning"
        case 12..<17: "afternoon"
        case 17..<22: "evening"
        default: "night"
        }
    }

    /// "Für Elise, Op. posth." → "für-elise-op-posth": lowercase letters and digits, hyphens between words.
    public static func slug(_ text: String) -> String {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: "-")
    }
}
