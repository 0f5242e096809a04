import MIDICore
import PracticeSegmenter

/// Every take of a session, assessed passage by passage.
struct TakeAnalysis {
    /// All takes in step order, with their step's kind and material.
    var takes: [Take] = []
    var kinds: [StepKind] = []
    var materials: [String?] = []
    /// Parallel to `takes`.
    var details: [TakeMetrics] = []
    var passages: [PassageMetrics] = []
    /// Parallel to `takes`: the take's keys and its assessment against its passage's reference.
    var assessments: [(sequence: KeySequence, assessment: PassageAssessment.Assessment)?] = []
    /// The reference of each passage, by passage id.
    var references: [String: PassageReference] = [:]
    /// The score of each material that has one, by material id.
    private var scores: [String: ScoreReference] = [:]
    /// Per material judged against its score: each judged take's played bars and its errors
    /// per bar, by printed label.
    private var scoredTakes: [String: [(played: Set<String>, errors: [String: Int])]] = [:]
    private var configuration: AnalyzerConfiguration

    init(
        _ segmentation: Segmentation,
        notes: [Note],
        scores known: [Int64: MaterialFingerprint] = [:],
        configuration: AnalyzerConfiguration
    ) {
        self.configuration = configuration
        for material in segmentation.materials where material.kind == .repertoire {
            if let id = material.libraryID, let fingerprint = known[id], let score = ScoreReference(fingerprint) {
                scores[material.id] = score
            }
        }
        for step in segmentation.steps {
            var previousEnd: Int64?
            for take in step.takes {
                let gap = previousEnd.map { take.start - $0 }
                takes.append(take)
                kinds.append(step.kind)
                materials.append(step.material)
                details.append(
                    TakeMetrics(
                        number: 0,
                        gapBefore: gap.map(Seconds.from),
                        restartWithoutPause: gap.map { $0 < configuration.restartPause } ?? false,
                        errors: nil,
                        notJudged: nil,
                        clean: nil,
                        tempo: nil,
                        hand: nil,
                        hesitations: 0,
                        isReference: false
                    )
                )
                previousEnd = take.end
            }
        }
        assessments = Array(repeating: nil, count: takes.count)
        // Passages in order of their first take; takes of a passage in time order.
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for index in takes.indices {
            let passage = takes[index].passage
            if members[passage] == nil { order.append(passage) }
            members[passage, default: []].append(index)
        }
        let groups = order.map { passage in members[passage]!.sorted { takes[$0].start < takes[$1].start } }
        let inputs = groups.map { takeInputs($0, notes: notes) }
        // The passages without a score are judged against their own consensus: the costly part,
        // computed for all passages at once on every core.
        let consensus = PassageAssessment.assessments(
            of: groups.indices.map { scores[materials[groups[$0][0]] ?? "?"] == nil ? inputs[$0] : nil },
            configuration: configuration
        )
        for (position, passage) in order.enumerated() {
            passages.append(assess(passage, groups[position], inputs: inputs[position], consensus: consensus[position]))
        }
    }

    /// A key brushed in passing: very soft and very short. Real keyboards record these; they
    /// are not wrong notes.
    private func isGhost(_ note: Note) -> Bool {
        note.velocity < configuration.ghostVelocity && note.release - note.onset < configuration.ghostDuration
    }

    /// The takes `indices` as a passage's assessment takes them: their keys, whether complete, their span.
    private func takeInputs(_ indices: [Int], notes: [Note]) -> [PassageAssessment.TakeInput] {
        indices.map { index in
            let range = takes[index].notes.clamped(to: notes.indices)
            return PassageAssessment.TakeInput(
                sequence: KeySequence(
                    notes[range],
                    chordWindow: configuration.chordWindow,
                    ornaments: configuration.ornaments,
                    faintShare: configuration.faintShare,
                    isGhost: isGhost
                ),
                complete: takes[index].complete,
                span: takes[index].to - takes[index].from
            )
        }
    }

    /// Assesses the takes of one passage (`consensus`: their assessment against their own
    /// consensus, when already made) and fills their details. O(c·k·n²).
    private mutating func assess(
        _ passage: String,
        _ indices: [Int],
        inputs: [PassageAssessment.TakeInput],
        consensus: PassageAssessment?
    ) -> PassageMetrics {
        let material = materials[indices[0]] ?? "?"
        let score = scores[material]
        let results: [PassageAssessment.Assessment]
        var referenceTake: Int?
        let referenceNotes: Int
        if let score {
            results = assessAgainst(score, inputs, indices)
            referenceNotes = results.map(\.spanEvents.count).max() ?? 0
        } else {
            let assessment = consensus ?? PassageAssessment(inputs, configuration: configuration)
            results = assessment.takes
            referenceTake = assessment.referenceTake
            referenceNotes = assessment.referenceNotes
            references[passage] = assessment.reference
        }
        for (position, index) in indices.enumerated() {
            assessments[index] = (inputs[position].sequence, results[position])
        }
        var cleanTempos: [Double] = []
        for (position, index) in indices.enumerated() {
            let result = results[position]
            // One take alone has nothing to be compared with — but its score.
            let outcome =
                indices.count == 1 && score == nil
                ? .notJudged(.playedOnce) : result.judgement?.outcome ?? .notJudged(.unmatched)
            var errors: NoteErrors?
            if case .judged(let judged) = outcome { errors = judged }
            // An abandoned take is not clean, whatever its notes; a complete one only when judged.
            let clean = takes[index].complete ? errors.map { $0.total <= configuration.cleanTolerance } : false
            details[index].number = position + 1
            details[index].errors = errors
            if case .notJudged(let reason) = outcome { details[index].notJudged = reason }
            details[index].clean = clean
            details[index].hand = result.hand
            details[index].hesitations = result.hesitations
            details[index].isReference = position == referenceTake
            if clean == true, let tempo = result.tempo { cleanTempos.append(tempo) }
            if let score, errors != nil { placeErrors(of: index, result, in: score, material: material) }
            if score == nil, errors != nil, let mistakes = result.judgement?.mistakes {
                details[index].errorMarks = mistakes.map { mistake in
                    let kind: ErrorPlace.Kind =
                        switch mistake.kind {
                        case .wrong: .wrong
                        case .missing: .missing
                        case .extra: .extra
                        }
                    return ErrorMark(kind: kind, key: mistake.key, time: Seconds.from(mistake.onset))
                }
            }
        }
        // Tempo against the fastest clean take; without one, against the fastest take.
        let raw = results.map(\.tempo)
        let basis = cleanTempos.max() ?? raw.compactMap { $0 }.max()
        var tempos: [Double?] = []
        for (position, index) in indices.enumerated() {
            let tempo =
                indices.count == 1 ? nil : raw[position].flatMap { value in basis.map { Self.round(value / $0) } }
            details[index].tempo = tempo
            tempos.append(tempo)
        }
        let totals = totals(indices)
        return PassageMetrics(
            id: passage,
            material: material,
            kind: kinds[indices[0]],
            from: indices.map { takes[$0].from }.min() ?? 0,
            to: indices.map { takes[$0].to }.max() ?? 0,
            takes: totals,
            takesToFirstClean: indices.firstIndex { details[$0].clean == true }.map { $0 + 1 },
            referenceNotes: referenceNotes,
            tempos: tempos,
            tempoTrend: Self.trend(tempos),
            tempoVariation: Self.variation(
                indices.indices.filter { takes[indices[$0]].complete }.compactMap { tempos[$0] }
            ),
            time: Seconds.from(indices.reduce(Int64(0)) { $0 + takes[$1].end - takes[$1].start })
        )
    }

    /// Each take against the stretch of its piece's score around the bars the segmenter placed
    /// it in, or the whole score when that stretch does not judge it (the bars were off); the
    /// hesitations against the score's own timing. O(k·n·w) for windows of w keys.
    private func assessAgainst(
        _ score: ScoreReference,
        _ inputs: [PassageAssessment.TakeInput],
        _ indices: [Int]
    ) -> [PassageAssessment.Assessment] {
        var results = indices.indices.map { position in
            let take = inputs[position].sequence
            let window = score.reference(around: takes[indices[position]].bars)
            let result = PassageAssessment.assess(take, against: window.reference, configuration: configuration)
            guard window.isWindow, result.errors == nil else { return result }
            let whole = PassageAssessment.assess(take, against: score.whole, configuration: configuration)
            return whole.errors != nil ? whole : result
        }
        let usual = PassageAssessment.usualIntervals(results, consensus: score.whole.sequence)
        for index in results.indices {
            results[index].hesitations =
                results[index].timing?.hesitations(
                    usual: usual,
                    factor: configuration.hesitationFactor,
                    minimum: configuration.hesitationMinimum
                ) ?? 0
        }
        return results
    }

    /// The printed bar and beat of each error of a take judged against a score, and the bars
    /// it played, for the material's per-bar summary. O(n).
    private mutating func placeErrors(
        of index: Int,
        _ result: PassageAssessment.Assessment,
        in score: ScoreReference,
        material: String
    ) {
        guard let mistakes = result.judgement?.mistakes, mistakes.count == result.mistakeEvents.count else { return }
        var places: [ErrorPlace] = []
        var errors: [String: Int] = [:]
        for (mistake, event) in zip(mistakes, result.mistakeEvents) {
            let place = score.place(ofEvent: event)
            let kind: ErrorPlace.Kind =
                switch mistake.kind {
                case .wrong: .wrong
                case .missing: .missing
                case .extra: .extra
                }
            places.append(
                ErrorPlace(
                    kind: kind,
                    bar: place.bar,
                    beat: (place.beat * 100).rounded() / 100,
                    key: mistake.key,
                    time: Seconds.from(mistake.onset)
                )
            )
            errors[place.bar, default: 0] += 1
        }
        details[index].errorPlaces = places
        var played = Set(result.spanEvents.map { score.places.labels[score.playedBar(ofEvent: $0)] })
        played.formUnion(errors.keys)
        scoredTakes[material, default: []].append((played, errors))
    }

    /// Every bar the takes of `material` judged against its score played, in printed order,
    /// with how many went wrong in it; nil when none was judged against a score. O(k·b).
    func barErrors(_ material: String) -> [BarErrors]? {
        guard let score = scores[material], let judged = scoredTakes[material], !judged.isEmpty else { return nil }
        return score.printedLabels.compactMap { label in
            let takes = judged.filter { $0.played.contains(label) }
            guard !takes.isEmpty else { return nil }
            let wrong = takes.compactMap { $0.errors[label] }
            return BarErrors(bar: label, takes: takes.count, takesWithErrors: wrong.count, errors: wrong.reduce(0, +))
        }
    }

    /// The first tempo mark of the score of `material`, quarter notes per minute.
    func markedTempo(_ material: String) -> Double? { scores[material]?.places.tempo }

    /// Counts over some of the takes. O(k).
    func totals(_ indices: [Int]) -> TakeTotals {
        let complete = indices.filter { takes[$0].complete }.count
        let clean = indices.filter { details[$0].clean == true }.count
        let judged = indices.filter { details[$0].clean != nil }.count
        let assessed = indices.compactMap { details[$0].errors?.total }
        return TakeTotals(
            count: indices.count,
            complete: complete,
            abandoned: indices.count - complete,
            clean: clean,
            judged: judged,
            cleanRatio: judged == 0 ? 0 : Double(clean) / Double(judged),
            restartsWithoutPause: indices.filter { details[$0].restartWithoutPause }.count,
            errorsPerTake: assessed.isEmpty ? 0 : Self.round(Double(assessed.reduce(0, +)) / Double(assessed.count)),
            errorsJudged: assessed.count
        )
    }

    /// Least-squares slope of tempo over take number; nil with fewer than two tempos.
    static func trend(_ tempos: [Double?]) -> Double? {
        let points = tempos.enumerated().compactMap { index, tempo in tempo.map { (Double(index + 1), $0) } }
        guard points.count >= 2 else { return nil }
        let meanX = points.reduce(0) { $0 + $1.0 } / Double(points.count)
        let meanY = points.reduce(0) { $0 + $1.1 } / Double(points.count)
        let covariance = points.reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) }
        let variance = points.reduce(0) { $0 + ($1.0 - meanX) * ($1.0 - meanX) }
        return variance > 0 ? round(covariance / variance) : nil
    }

    /// Standard deviation ÷ mean (population); nil with fewer than two values.
    static func variation(_ values: [Double]) -> Double? {
        guard values.count >= 2 else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        guard mean > 0 else { return nil }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return round(variance.squareRoot() / mean)
    }

    /// Four decimals: enough for ratios, and equal inputs give equal JSON.
    static func round(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
