import MIDICore
import PracticeSegmenter

/// Time and focus over a whole session: simple sums over the steps.
enum SessionMetrics {
    /// Where the time went. Playing is the notes' own (``Note/playingSpans(of:bridging:)``, the
    /// library's `activeNs`), split by the steps it falls in: each moment counts for the latest
    /// non-rest step begun by then (a bridged pause between two steps for the earlier one), so
    /// technique + repertoire + free = active. O(notes log notes + steps).
    static func time(_ segmentation: Segmentation, notes: [Note]) -> TimeMetrics {
        let total = Note.lastSoundEnd(of: notes)
        let spans = Note.playingSpans(of: notes)
        let active = spans.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) }
        let playing = segmentation.steps.filter { $0.kind != .rest }
        var byKind: [StepKind: Int64] = [:]
        var span = 0
        for (index, step) in playing.enumerated() {
            // This step's share of the time line: from its start (the first: from the beginning)
            // to the next playing step's start.
            let from = index == 0 ? Int64.min : step.start
            let to = index + 1 < playing.count ? playing[index + 1].start : Int64.max
            while span < spans.count && spans[span].upperBound <= from { span += 1 }
            var next = span
            while next < spans.count && spans[next].lowerBound < to {
                byKind[step.kind, default: 0] +=
                    min(spans[next].upperBound, to) - max(spans[next].lowerBound, from)
                next += 1
            }
        }
        let technique = byKind[.technique] ?? 0
        let breaks = segmentation.steps.filter { $0.kind == .rest }.reduce(Int64(0)) { $0 + $1.end - $1.start }
        return TimeMetrics(
            total: Seconds.from(total),
            active: Seconds.from(active),
            breaks: Seconds.from(breaks),
            pauses: Seconds.from(max(0, total - active - breaks)),
            technique: Seconds.from(technique),
            repertoire: Seconds.from(byKind[.repertoire] ?? 0),
            free: Seconds.from(byKind[.free] ?? 0),
            basicsShare: active > 0 ? Double(technique) / Double(active) : 0
        )
    }

    /// A run of consecutive non-rest steps on one material.
    struct Stretch {
        var material: String
        var start: Int64
        var end: Int64
    }

    /// Consecutive non-rest steps on the same material, merged; breaks do not end a stretch,
    /// and neither does free play shorter than `blipLength` between two steps on the stretch's
    /// material (it is part of the stretch).
    static func stretches(_ steps: [PracticeStep], blipLength: Int64 = 0) -> [Stretch] {
        let playing = steps.filter { $0.kind != .rest }
        var stretches: [Stretch] = []
        for (index, step) in playing.enumerated() {
            if step.kind == .free, step.end - step.start < blipLength, index > 0, index + 1 < playing.count,
                let before = playing[index - 1].material, before == playing[index + 1].material,
                playing[index - 1].kind != .free
            {
                continue
            }
            let material = step.material ?? "?"
            if let last = stretches.last, last.material == material {
                stretches[stretches.count - 1].end = step.end
            } else {
                stretches.append(Stretch(material: material, start: step.start, end: step.end))
            }
        }
        return stretches
    }

    /// Switches, returns, stretches and fragmentation. O(steps + windows).
    static func focus(_ segmentation: Segmentation, configuration: AnalyzerConfiguration) -> FocusMetrics {
        let stretches = stretches(segmentation.steps, blipLength: configuration.blipLength)
        let switches = max(0, stretches.count - 1)
        var seen: Set<String> = []
        var returns = 0
        for stretch in stretches {
            if !seen.insert(stretch.material).inserted { returns += 1 }
        }
        let longest = stretches.max { ($0.end - $0.start) < ($1.end - $1.start) }
        let lengths = stretches.map { Double($0.end - $0.start) / 1e9 }
        let totalLength = lengths.reduce(0, +)
        let typical = totalLength > 0 ? lengths.reduce(0) { $0 + $1 * $1 } / totalLength : 0

        // Distinct materials touching each window that has playing in it.
        let window = max(1, configuration.fragmentationWindow)
        // Sized by the session's span, which analysis bounds (SessionSpan): no overflow, no
        // allocation for the time a damaged file claims.
        let span = min(max(0, segmentation.duration), SessionSpan.plausible)
        let windows = Int(span / window + (span % window == 0 ? 0 : 1))
        var materials = [Set<String>](repeating: [], count: max(windows, 1))
        for step in segmentation.steps where step.kind != .rest && step.end > step.start {
            let first = Int(max(0, step.start) / window)
            let last = Int((min(step.end, span) - 1) / window)
            for index in first...last where index < materials.count {
                materials[index].insert(step.material ?? "?")
            }
        }
        let counts = materials.map(\.count).filter { $0 > 0 }
        let hours = Double(segmentation.duration) / 3.6e12
        let focusedLimit = max(Double(configuration.focusedReturns), configuration.focusedReturnsPerHour * hours)
        let scatteredLimit = max(Double(configuration.scatteredReturns), configuration.scatteredReturnsPerHour * hours)
        let style =
            Double(returns) <= focusedLimit ? "focused" : Double(returns) >= scatteredLimit ? "scattered" : "mixed"
        return FocusMetrics(
            contextSwitches: switches,
            switchesPerHour: hours > 0 ? Double(switches) / hours : 0,
            returns: returns,
            longestStretch: longest.map {
                FocusMetrics.Stretch(
                    material: $0.material,
                    start: Seconds.from($0.start),
                    end: Seconds.from($0.end),
                    duration: Seconds.from($0.end - $0.start)
                )
            },
            typicalStretch: (typical * 1000).rounded() / 1000,
            fragmentation: counts.isEmpty ? 0 : Double(counts.reduce(0, +)) / Double(counts.count),
            fragmentationPeak: counts.max() ?? 0,
            style: stretches.isEmpty ? "empty" : style
        )
    }
}
