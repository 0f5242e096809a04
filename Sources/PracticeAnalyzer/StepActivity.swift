public import PracticeSegmenter

/// What a step was doing beyond its kind: scales, arpeggios or exercises for technique (from
/// the segmenter's label), passage work or run-through for repertoire (from its takes).
public enum StepActivity {
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
                return TechniqueLabel(step.label).activity
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
