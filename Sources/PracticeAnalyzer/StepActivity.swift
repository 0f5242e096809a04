public import PracticeSegmenter

/// What a step was doing beyond its kind: scales, arpeggios or exercises for technique (from
/// the exercises the segmenter named in it, or its label), passage work or run-through for
/// repertoire (from its takes).
public enum StepActivity {
    /// The activity an exercise counts for: scales (major, minor, chromatic, double notes),
    /// arpeggios (and broken chords), exercises (Hanon-like, five-finger); nil when unnamed.
    public static func activity(of kind: Exercise.Kind) -> ProcessTemplate.Activity? {
        switch kind {
        case .scale, .chromaticScale, .thirds, .sixths, .octaves: .scales
        case .arpeggio, .brokenChords: .arpeggios
        case .hanon, .fiveFinger: .exercises
        case .exercise: nil
        }
    }

    /// A technique step's activity: the one its named exercises spent the most time on (ties
    /// in the order scales, arpeggios, exercises); without exercises, what its label says.
    /// O(exercises).
    public static func technique(_ step: PracticeStep) -> ProcessTemplate.Activity? {
        guard !step.exercises.isEmpty else { return TechniqueLabel(step.label).activity }
        var time: [ProcessTemplate.Activity: Int64] = [:]
        for exercise in step.exercises {
            guard let activity = activity(of: exercise.kind) else { continue }
            time[activity, default: 0] += exercise.end - exercise.start
        }
        let order: [ProcessTemplate.Activity] = [.scales, .arpeggios, .exercises]
        // max(by:) keeps the first of equals.
        return order.filter { time[$0] != nil }.max { time[$0]! < time[$1]! }
    }

    /// The activity of every step, parallel to `segmentation.steps`. O(steps + takes).
    public static func classify(
        _ segmentation: Segmentation,
        runThroughShare: Double = 0.75
    )
        -> [ProcessTemplate.Activity?]
    {
        // A material's extent: the widest position range any of its takes covered this session.
        var extent: [String: (from: Double, to: Double)] = [:]
        for step in segmentation.steps {
            guard let material = step.material else { continue }
            for take in step.takes {
                let known = extent[material] ?? (take.from, take.to)
                extent[material] = (min(known.from, take.from), max(known.to, take.to))
            }
        }
        return segmentation.steps.map { step in
            switch step.kind {
            case .technique:
                return technique(step)
            case .repertoire:
                guard let material = step.material, let range = extent[material], range.to > range.from else {
                    return step.takes.isEmpty ? nil : .passageWork
                }
                var runThrough: Int64 = 0
                var total: Int64 = 0
                for take in step.takes {
                    total += take.end - take.start
                    if take.complete && take.to - take.from >= runThroughShare * (range.to - range.from) {
                        runThrough += take.end - take.start
                    }
                }
                guard total > 0 else { return nil }
                return runThrough * 2 >= total ? .runThrough : .passageWork
            case .free, .rest:
                return nil
            }
        }
    }
}

/// What a technique label says: "D minor scale, 3 octaves, hands together" is a scale in D minor.
public struct TechniqueLabel: Hashable, Sendable {
    public var activity: ProcessTemplate.Activity?
    /// Key as a tag: "d-minor", "f-sharp-major", "b-flat-minor"; nil when the label names none.
    public var key: String?

    public init(_ label: String) {
        let words = label.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "#" && $0 != "♯" && $0 != "♭" }
            .map(String.init)
        if words.contains(where: { $0.hasPrefix("arpeggio") || $0 == "broken" }) {
            activity = .arpeggios
        } else if words.contains(where: { $0.hasPrefix("scale") || $0 == "chromatic" }) {
            activity = .scales
        } else if words.contains(where: {
            $0.hasPrefix("exercise") || $0 == "hanon" || $0 == "czerny" || $0.hasPrefix("etude") || $0 == "pattern"
        }) {
            activity = .exercises
        }
        key = nil
        for (index, word) in words.enumerated().dropFirst() where word == "major" || word == "minor" {
            guard let note = Self.noteName(words[index - 1]) else { continue }
            key = note + "-" + word
            break
        }
    }

    /// "d" → "d", "f#" / "f♯" → "f-sharp", "bb" / "b♭" → "b-flat".
    private static func noteName(_ word: String) -> String? {
        guard let letter = word.first, "abcdefg".contains(letter) else { return nil }
        switch word.dropFirst() {
        case "": return String(letter)
        case "#", "♯", "sharp": return "\(letter)-sharp"
        case "b", "♭", "flat": return "\(letter)-flat"
        default: return nil
        }
    }
}
