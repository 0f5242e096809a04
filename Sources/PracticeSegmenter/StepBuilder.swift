import MIDICore

/// Turns labelled phrases into the session's steps: runs of phrases with one label become a
/// step (repertoire steps get their takes and passages), long silences become rest steps.
struct StepBuilder {
    let configuration: SegmenterConfiguration
    let notes: [Note]
    let events: [OnsetEvent]
    let phrases: [Phrase]
    let materials: [MaterialFinder.Material]

    /// Phrases shorter than this take the label of their nearest neighbour.
    var minimumLabelledEvents = 3

    private struct Run {
        var label: PhraseLabel
        var phrases: [Int]
        /// Events of the run (its phrases, give or take a moved tail fragment).
        var range: Range<Int> = 0..<0
    }

    func build(
        labels rawLabels: [PhraseLabel],
        alignments: [Int: JumpAligner.Result],
        features: [TechniqueFeatures],
        known: [KnownMaterial] = []
    ) -> Segmentation {
        let labels = smoothed(rawLabels, alignments: alignments)
        var runs: [Run] = []
        for (index, label) in labels.enumerated() {
            let isBreak = index > 0 && phrases[index].start - phrases[index - 1].end >= configuration.breakGap
            if let last = runs.last, last.label == label, !isBreak {
                runs[runs.count - 1].phrases.append(index)
            } else {
                runs.append(Run(label: label, phrases: [index]))
            }
        }
        for index in runs.indices {
            runs[index].range =
                phrases[runs[index].phrases.first!].events
                .lowerBound..<phrases[runs[index].phrases.last!].events.upperBound
        }
        // A fragment held at the end of one run (a chord, then a pause) opens the next when that
        // next run starts at its material's beginning: move it over.
        for index in runs.indices.dropLast() {
            guard let tail = phrases[runs[index].phrases.last!].tail, case .material = runs[index + 1].label,
                runs[index].label != runs[index + 1].label, tail > runs[index].range.lowerBound,
                let first = alignments[runs[index + 1].phrases.first!]?.steps.lazy.compactMap(\.position).first,
                first <= configuration.restartTolerance
            else { continue }
            runs[index].range = runs[index].range.lowerBound..<tail
            runs[index + 1].range = tail..<runs[index + 1].range.upperBound
        }
        // Takes per repertoire run, then passages per material over all its runs.
        var references = materials.map(\.reference)
        var takesOfRun: [Int: [TakeDetector.DetectedTake]] = [:]
        var runsOfMaterial: [Int: [Int]] = [:]
        for (runIndex, run) in runs.enumerated() {
            guard case .material(let material) = run.label else { continue }
            runsOfMaterial[material, default: []].append(runIndex)
        }
        /// The takes of `runIndices` (each of one material), against the materials' references
        /// as they are now: the runs share nothing, so all their chunks are followed at once on
        /// every core.
        func detectTakes(of runIndices: [Int]) -> [[TakeDetector.DetectedTake]] {
            var seedsOfMaterial: [Int: SeedAnchors] = [:]
            var preparedOfMaterial: [Int: AlignmentReference] = [:]
            for runIndex in runIndices {
                guard case .material(let material) = runs[runIndex].label, seedsOfMaterial[material] == nil else {
                    continue
                }
                seedsOfMaterial[material] = SeedAnchors(
                    references[material].map { events[$0] },
                    length: configuration.seedLength
                )
                preparedOfMaterial[material] = AlignmentReference(references[material].map { events[$0].pitches })
            }
            let (runs, references, seeds, prepared) = (runs, references, seedsOfMaterial, preparedOfMaterial)
            let streams = ConcurrentMap.map(costs: runIndices.map { runs[$0].range.count }) { index in
                let run = runs[runIndices[index]]
                guard case .material(let material) = run.label else { preconditionFailure("a run of free play") }
                return stream(
                    of: run,
                    material: materials[material],
                    reference: prepared[material]!,
                    onsets: references[material].map { events[$0].time },
                    seeds: seeds[material]
                )
            }
            return TakeDetector(configuration: configuration).takes(of: streams, events: events)
        }
        let repertoireRuns = runsOfMaterial.values.flatMap { $0 }.sorted()
        for (runIndex, takes) in zip(repertoireRuns, detectTakes(of: repertoireRuns)) { takesOfRun[runIndex] = takes }
        // Music that comes back, which the reference holds once, is not a restart in every take.
        let seams = RecurringSeamPass(configuration: configuration)
        var extendedRuns: [Int] = []
        for (material, runIndices) in runsOfMaterial {
            guard
                let extended = seams.extendedReference(
                    references[material],
                    takes: runIndices.flatMap { takesOfRun[$0]! },
                    events: events
                )
            else { continue }
            references[material] = extended
            extendedRuns += runIndices
        }
        extendedRuns.sort()
        for (runIndex, takes) in zip(extendedRuns, detectTakes(of: extendedRuns)) { takesOfRun[runIndex] = takes }
        // Fragments run into each other are cut at the seams between them.
        let splitter = FragmentSplitter(configuration: configuration)
        for runIndices in runsOfMaterial.values {
            var split = splitter.split(runIndices.flatMap { takesOfRun[$0]! }, events: events)[...]
            for run in runIndices {
                let count = split.prefix { runs[run].range.contains($0.events.lowerBound) }.count
                takesOfRun[run] = Array(split.prefix(count))
                split = split.dropFirst(count)
            }
        }
        var materialIDs: [Int: String] = [:]
        var summaries: [MaterialSummary] = []
        var fingerprints: [String: MaterialFingerprint] = [:]
        let matcher = KnownMaterialMatcher(configuration: configuration)
        var takeRecords: [Int: [Take]] = [:]
        var passageBars: [String: BarRange] = [:]
        let grouper = PassageGrouper(configuration: configuration)
        for material in runsOfMaterial.keys.sorted(by: { runsOfMaterial[$0]![0] < runsOfMaterial[$1]![0] }) {
            let id = "m\(summaries.count + 1)"
            materialIDs[material] = id
            var summary = MaterialSummary(id: id, kind: .repertoire, name: "piece \(summaries.count + 1)")
            summary.length = references[material].count
            let reference = references[material].map { events[$0].pitches }
            fingerprints[id] = MaterialFingerprint(events: reference.map(\.keys))
            var bars: [Double?]?
            var locator: ScoreLocator?
            if let match = matcher.match(reference, among: known) {
                let knownMaterial = known[match.known]
                summary.libraryID = knownMaterial.id
                summary.name = knownMaterial.name
                summary.isNew = false
                if let overlap = match.overlap, knownMaterial.fingerprint.bars == nil,
                    knownMaterial.fingerprint.score == nil
                {
                    fingerprints[id] = knownMaterial.fingerprint.grown(
                        by: reference.map(\.keys),
                        overlap: overlap,
                        edgeReach: configuration.fingerprintEdgeReach
                    )
                } else if let overlap = match.containedOverlap {
                    // One hand learned before, both now: the session's music, grown by what the
                    // library knew beyond it.
                    fingerprints[id] = MaterialFingerprint(events: reference.map(\.keys)).grown(
                        by: knownMaterial.fingerprint.events,
                        overlap: overlap,
                        edgeReach: configuration.fingerprintEdgeReach
                    )
                }
                if let knownBars = knownMaterial.fingerprint.bars {
                    bars = match.positions.map { $0.map { knownBars[$0] } }
                }
                locator = ScoreLocator(fingerprint: knownMaterial.fingerprint, positions: match.positions)
                summary.scoreTitle = locator?.places.title
                summary.barCount = locator?.places.barCount
            }
            summaries.append(summary)
            let runIndices = runsOfMaterial[material]!
            let all = runIndices.flatMap { takesOfRun[$0]! }
            let length = references[material].count
            let grouping = grouper.group(all, referenceLength: length)
            var cursor = 0
            for runIndex in runIndices {
                takeRecords[runIndex] = takesOfRun[runIndex]!.map { detected in
                    defer { cursor += 1 }
                    let passage = grouping.passageOfTake[cursor]
                    let span = grouping.spans[passage]
                    var take = record(
                        detected,
                        passage: "\(id)/p\(passage + 1)",
                        complete: grouper.isComplete(detected, span: span, referenceLength: length)
                    )
                    if let bars {
                        take.fromBar = Self.bar(near: detected.from, in: bars, direction: 1)
                        take.toBar = Self.bar(near: detected.to, in: bars, direction: -1)
                    }
                    take.bars = locator?.bars(from: detected.from, to: detected.to, notes: notes[take.notes])
                    let played = events[detected.events.upperBound - 1].time - events[detected.events.lowerBound].time
                    take.scoreTempo = locator?.tempo(
                        from: detected.from,
                        to: detected.to,
                        playedSeconds: Double(played) / 1e9
                    )
                    return take
                }
            }
            if let locator {
                for (index, span) in grouping.spans.enumerated() {
                    passageBars["\(id)/p\(index + 1)"] = locator.bars(from: span.from, to: span.to)
                }
            }
        }
        var steps: [PracticeStep] = []
        var freeCount = 0
        var hasTechnique = false
        for (runIndex, run) in runs.enumerated() {
            let first = Phrase(
                events: run.range,
                start: events[run.range.lowerBound].time,
                end: events[run.range].map(\.end).max() ?? events[run.range.lowerBound].end
            )
            let last = first
            if let previous = steps.last, first.start - previous.end >= configuration.breakGap {
                steps.append(
                    PracticeStep(
                        start: previous.end,
                        end: first.start,
                        kind: .rest,
                        material: nil,
                        label: "break",
                        notes: previous.notes.upperBound..<previous.notes.upperBound
                    )
                )
            }
            let noteRange =
                events[first.events.lowerBound].notes.lowerBound..<events[last.events.upperBound - 1].notes.upperBound
            switch run.label {
            case .material(let material):
                let takes = takeRecords[runIndex] ?? []
                steps.append(
                    PracticeStep(
                        start: first.start,
                        end: max(last.end, takes.last?.end ?? last.end),
                        kind: .repertoire,
                        material: materialIDs[material],
                        label: "piece \(materialIDs[material]!.dropFirst())",
                        takes: takes,
                        notes: noteRange
                    )
                )
            case .technique:
                hasTechnique = true
                // Exercises are named inside the step; they never move its boundaries.
                let exercises = ExerciseRecognizer(
                    phraseSilence: configuration.phraseSilence,
                    chordSpread: configuration.chordSpread,
                    handSpread: configuration.octaveDoublingWindow,
                    handsApartInterval: configuration.handsApartInterval
                ).exercises(events[first.events])
                let isWarmUp = !steps.contains { $0.kind != .rest }
                steps.append(
                    PracticeStep(
                        start: first.start,
                        end: last.end,
                        kind: .technique,
                        material: "t1",
                        label: Exercise.summary(exercises, isWarmUp: isWarmUp),
                        notes: noteRange,
                        exercises: exercises
                    )
                )
            case .free:
                freeCount += 1
                steps.append(
                    PracticeStep(
                        start: first.start,
                        end: last.end,
                        kind: .free,
                        material: "f\(freeCount)",
                        label: "free play",
                        notes: noteRange
                    )
                )
            }
        }
        if hasTechnique { summaries.append(MaterialSummary(id: "t1", kind: .technique, name: "technique")) }
        for index in 0..<freeCount {
            summaries.append(MaterialSummary(id: "f\(index + 1)", kind: .free, name: "free play"))
        }
        let duration = notes.map(\.end).max() ?? 0
        return Segmentation(
            duration: duration,
            steps: steps,
            materials: summaries,
            fingerprints: fingerprints,
            passageBars: passageBars
        )
    }

    /// The stream of one run of `material` against its reference (`onsets` its events' times)
    /// with `seeds` its seed index: where the run restarts after a pause, and where its phrases
    /// were aligned on their own.
    private func stream(
        of run: Run,
        material: MaterialFinder.Material,
        reference: AlignmentReference,
        onsets: [Int64],
        seeds: SeedAnchors?
    ) -> TakeDetector.Stream {
        let range = run.range
        // Restart points: every silence of `pauseSilence` or more, also inside phrases.
        var phraseStarts: [Int: Int64] = [:]
        var lastSound = events[range.lowerBound].end
        for event in range.dropFirst() {
            let silence = events[event].time - lastSound
            if silence >= configuration.pauseSilence { phraseStarts[event] = silence }
            lastSound = max(lastSound, events[event].end)
        }
        // Where the run's phrases were aligned to this material on their own (phrases
        // relabelled from elsewhere carry no alignment to it): the stream stays near there.
        var anchors: [Int: Int] = [:]
        let runPhrases = Set(run.phrases)
        for (phrase, alignment) in zip(material.phrases, material.alignments) where runPhrases.contains(phrase) {
            for (offset, step) in alignment.steps.enumerated() {
                if let position = step.position { anchors[phrases[phrase].events.lowerBound + offset] = position }
            }
        }
        return TakeDetector(configuration: configuration).stream(
            range: range,
            phraseStarts: phraseStarts,
            anchors: anchors,
            seeds: seeds,
            reference: reference,
            referenceOnsets: onsets
        )
    }

    /// The bar of the nearest position that has one, looking first in `direction`.
    static func bar(near position: Int, in bars: [Double?], direction: Int) -> Double? {
        for distance in 0..<bars.count {
            for candidate in [position + distance * direction, position - distance * direction]
            where candidate >= 0 && candidate < bars.count {
                if let bar = bars[candidate] { return bar }
            }
        }
        return nil
    }

    private func record(_ take: TakeDetector.DetectedTake, passage: String, complete: Bool) -> Take {
        let first = events[take.events.lowerBound]
        let lastEvent = events[take.events.upperBound - 1]
        let end = events[take.events].map(\.release).max() ?? lastEvent.release
        return Take(
            start: first.time,
            end: end,
            passage: passage,
            complete: complete,
            from: Double(take.from),
            to: Double(take.to),
            notes: first.notes.lowerBound..<lastEvent.notes.upperBound
        )
    }

    /// Short phrases (a stray chord or two) join the following material when it picks up at its
    /// start or they match the reference just before where it picks up (an opening chord held,
    /// then a pause), the
    /// preceding one when they match just after where it stopped, else the nearer neighbour.
    private func smoothed(_ labels: [PhraseLabel], alignments: [Int: JumpAligner.Result]) -> [PhraseLabel] {
        var result = labels
        func matches(_ phrase: Int, material: Int, near positions: ClosedRange<Int>) -> Bool {
            let reference = materials[material].reference
            let window = max(0, positions.lowerBound)...min(reference.count - 1, positions.upperBound)
            guard !window.isEmpty else { return false }
            return phrases[phrase].events.allSatisfy { event in
                let played = events[event].pitches
                return window.contains { 2 * played.sharedCount(events[reference[$0]].pitches) >= played.count }
            }
        }
        for index in labels.indices
        where phrases[index].events.count < minimumLabelledEvents && alignments[index] == nil {
            let previousGap = index > 0 ? phrases[index].start - phrases[index - 1].end : Int64.max
            let nextGap = index + 1 < labels.count ? phrases[index + 1].start - phrases[index].end : Int64.max
            if previousGap == Int64.max && nextGap == Int64.max { continue }
            if index + 1 < labels.count, case .material(let material) = labels[index + 1],
                let first = alignments[index + 1]?.steps.lazy.compactMap(\.position).first,
                nextGap < configuration.breakGap,
                first <= configuration.restartTolerance || matches(index, material: material, near: (first - 4)...first)
            {
                result[index] = labels[index + 1]
                continue
            }
            if index > 0, case .material(let material) = result[index - 1],
                let last = alignments[index - 1]?.steps.last(where: { $0.position != nil })?.position,
                previousGap < configuration.breakGap, matches(index, material: material, near: last...(last + 4))
            {
                result[index] = result[index - 1]
                continue
            }
            result[index] = previousGap <= nextGap ? result[index - 1] : labels[index + 1]
        }
        return result
    }
}
