/// Cuts a material's playing into takes: a new take starts where the aligned position jumps back
/// (a restart, with or without a pause), leaps forward beyond reach, or where a phrase after a
/// pause does not continue where the previous one stopped.
///
/// O(n) over the events of the step.
struct TakeDetector {
    let configuration: SegmenterConfiguration

    struct DetectedTake {
        /// Session event indices of the take, contiguous.
        var events: Range<Int>
        /// First and last matched reference positions.
        var from: Int
        var to: Int
        /// Positions matched, for coverage.
        var matched: Int
        /// The reference position of each of `events` (-1: not matched).
        var positions: [Int32] = []
    }

    /// One run of a material's phrases, followed as one stream against the material's reference
    /// in bounded chunks (they keep the back-pointer table small; chunks end at phrase starts).
    struct Stream: Sendable {
        /// The run's session events.
        var range: Range<Int>
        /// Events that begin a phrase, with the silence before them.
        var phraseStarts: [Int: Int64]
        /// Reference positions some events were aligned to before (in their phrases); the stream
        /// keeps within `streamBand` of them (see ``SegmenterConfiguration``).
        var anchors: [Int: Int]
        /// The reference's seeds: where they anchor the stream's events, the stream may also go
        /// (``SeedAnchors/placement(of:configuration:everyCopy:)``).
        var seeds: SeedAnchors?
        var reference: AlignmentReference
        var referenceOnsets: [Int64]
        var chunks: [Range<Int>] = []
    }

    /// The stream of a run: its chunks of at most `maximumStreamEvents` events, each ending at a
    /// phrase start where one comes.
    func stream(
        range: Range<Int>,
        phraseStarts: [Int: Int64],
        anchors: [Int: Int] = [:],
        seeds: SeedAnchors? = nil,
        reference: AlignmentReference,
        referenceOnsets: [Int64]
    ) -> Stream {
        var stream = Stream(
            range: range,
            phraseStarts: phraseStarts,
            anchors: anchors,
            seeds: seeds,
            reference: reference,
            referenceOnsets: referenceOnsets
        )
        var chunkStart = range.lowerBound
        while chunkStart < range.upperBound {
            var chunkEnd = min(range.upperBound, chunkStart + configuration.maximumStreamEvents)
            if chunkEnd < range.upperBound {
                if let cut = (chunkStart + 1..<chunkEnd).last(where: { phraseStarts[$0] != nil }) { chunkEnd = cut }
            }
            stream.chunks.append(chunkStart..<chunkEnd)
            chunkStart = chunkEnd
        }
        return stream
    }

    /// Aligns a run of one material's phrases as one stream (restarts are cheaper after a pause)
    /// and cuts it into takes. See ``Stream`` for the parameters.
    func takes(
        events: [OnsetEvent],
        range: Range<Int>,
        phraseStarts: [Int: Int64],
        anchors: [Int: Int] = [:],
        seeds: SeedAnchors? = nil,
        reference: [PitchSet],
        referenceOnsets: [Int64]
    ) -> [DetectedTake] {
        let stream = stream(
            range: range,
            phraseStarts: phraseStarts,
            anchors: anchors,
            seeds: seeds,
            reference: AlignmentReference(reference),
            referenceOnsets: referenceOnsets
        )
        return takes(of: [stream], events: events)[0]
    }

    /// The takes of each stream. Every chunk of every stream is aligned on its own, so all of
    /// them are aligned at once on every core (one long run-through is as many pieces of work
    /// as it has chunks); cutting a stream's chunks into takes goes in order (a take may go on
    /// across a chunk's end).
    func takes(of streams: [Stream], events: [OnsetEvent]) -> [[DetectedTake]] {
        let work = streams.indices.flatMap { stream in streams[stream].chunks.indices.map { (stream, $0) } }
        let results = ConcurrentMap.map(costs: work.map { streams[$0.0].chunks[$0.1].count }) { index in
            let (stream, chunk) = work[index]
            return align(streams[stream].chunks[chunk], of: streams[stream], events: events)
        }
        var resultsOfStream = [[JumpAligner.Result]](repeating: [], count: streams.count)
        for ((stream, _), result) in zip(work, results) { resultsOfStream[stream].append(result) }
        return zip(streams, resultsOfStream).map { stream, results in
            var takes: [DetectedTake] = []
            let reference = stream.reference.sets
            for (chunk, result) in zip(stream.chunks, results) {
                cut(
                    result,
                    events: events,
                    offset: chunk.lowerBound,
                    phraseStarts: stream.phraseStarts,
                    reference: reference,
                    referenceOnsets: stream.referenceOnsets,
                    into: &takes,
                    continuing: chunk.lowerBound != stream.range.lowerBound
                )
            }
            return withoutTries(
                withHeldOpenings(restartingAfterTheStop(takes, events: events), events: events),
                events: events
            )
        }
    }

    /// One chunk of a stream aligned: restarts cost less after a pause or a hesitation; within
    /// `streamBand` of the anchors and inside the seed bands (every copy of a passage the
    /// reference holds several times: a run may play each).
    private func align(_ chunk: Range<Int>, of stream: Stream, events: [OnsetEvent]) -> JumpAligner.Result {
        let played = chunk.map { events[$0].pitches }
        let jumpCosts = chunk.map { event in
            if stream.phraseStarts[event] != nil { return configuration.pauseJumpCost }
            // A hesitation (an onset gap well above the recent ones) is where restarts
            // without a pause come, notes still sounding.
            let window = configuration.hesitationWindow
            guard event >= chunk.lowerBound + window else { return configuration.jumpCost }
            let gap = events[event].time - events[event - 1].time
            let recent = ((event - window)..<(event - 1)).map { events[$0 + 1].time - events[$0].time }.sorted()
            return gap > Int64(configuration.hesitationRatio * Double(recent[recent.count / 2]))
                ? configuration.hesitationJumpCost : configuration.jumpCost
        }
        let seedBands =
            configuration.streamBand > 0
            ? stream.seeds?.placement(of: Array(events[chunk]), configuration: configuration, everyCopy: true).bands
            : nil
        return JumpAligner(configuration: configuration).align(
            played,
            to: stream.reference,
            jumpCosts: jumpCosts,
            bands: bands(chunk, anchors: stream.anchors, seeds: seedBands, width: stream.reference.count)
        )
    }

    /// A take that begins right after the previous one (no pause) with a chord or two and then
    /// a silence with every key up begins after that silence: the chord was where the previous
    /// take broke down (a wrong note that happens to match the passage), the restart comes after
    /// the player stopped. Only within `restartLookahead` events, and only when that silence is
    /// at least `restartStop` and longer than the gap before the take.
    func restartingAfterTheStop(_ takes: [DetectedTake], events: [OnsetEvent]) -> [DetectedTake] {
        var result = takes
        for index in result.indices.dropFirst() {
            let previous = result[index - 1]
            let take = result[index]
            guard previous.events.upperBound == take.events.lowerBound,
                take.events.count > 2 * configuration.restartLookahead
            else { continue }
            func silence(before event: Int) -> Int64 {
                let lastSound = events[take.events.lowerBound - 1..<event].reduce(Int64.min) { max($0, $1.end) }
                return events[event].time - lastSound
            }
            let before = silence(before: take.events.lowerBound)
            let candidates = (take.events.lowerBound + 1)...(take.events.lowerBound + configuration.restartLookahead)
            guard let stop = candidates.max(by: { silence(before: $0) < silence(before: $1) }),
                silence(before: stop) >= configuration.restartStop, silence(before: stop) > before
            else { continue }
            let moved = stop - take.events.lowerBound
            let movedPositions = take.positions.prefix(moved).filter { $0 >= 0 }
            let kept = Array(take.positions.dropFirst(moved))
            guard let from = kept.first(where: { $0 >= 0 }) else { continue }
            result[index - 1].events = previous.events.lowerBound..<stop
            result[index - 1].positions += take.positions.prefix(moved)
            result[index - 1].matched += movedPositions.count
            result[index - 1].to = max(previous.to, movedPositions.map { Int($0) }.max() ?? previous.to)
            result[index] = DetectedTake(
                events: stop..<take.events.upperBound,
                from: Int(from),
                to: take.to,
                matched: take.matched - movedPositions.count,
                positions: kept
            )
        }
        return result
    }

    /// Per event of `chunk`, the reference positions the stream may align it to: within
    /// `streamBand` of the anchors of the events up to `streamBandRows` before and after it,
    /// together with its seed band (`seeds`, per event of the chunk) when there is one; its seed
    /// band alone without anchors nearby; all positions with neither, or when `streamBand` is 0
    /// (then nil). O(chunk · rows).
    func bands(
        _ chunk: Range<Int>,
        anchors: [Int: Int],
        seeds: [ClosedRange<Int>]? = nil,
        width: Int
    ) -> [ClosedRange<Int>]? {
        let margin = configuration.streamBand
        guard margin > 0, !anchors.isEmpty || seeds != nil else { return nil }
        let reach = configuration.streamBandRows
        // The anchors of the chunk and `reach` events on either side, −1 where none.
        let anchorAt = ((chunk.lowerBound - reach)..<(chunk.upperBound + reach)).map { anchors[$0] ?? -1 }
        return chunk.map { event in
            // The stream's opening may take up the reference anywhere (a lead-in that the
            // phrase's own alignment left unmatched).
            if event - chunk.lowerBound < reach { return 0...(width - 1) }
            var low = Int.max
            var high = Int.min
            for neighbour in (event - chunk.lowerBound)...(event - chunk.lowerBound + 2 * reach) {
                let position = anchorAt[neighbour]
                guard position >= 0 else { continue }
                low = min(low, position &- margin)
                high = max(high, position &+ margin)
            }
            if let seeds {
                let band = seeds[event - chunk.lowerBound]
                low = min(low, band.lowerBound)
                high = max(high, band.upperBound)
            }
            let first = max(0, low)
            let last = min(width - 1, high)
            return first <= last ? first...last : 0...(width - 1)
        }
    }

    /// Whether `range` of events holds fewer than `minimumTakeNotes` notes: a try or a held
    /// opening, not a take of its own.
    func hasTooFewNotes(_ range: Range<Int>, events: [OnsetEvent]) -> Bool {
        events[range].reduce(0) { $0 + $1.notes.count } < configuration.minimumTakeNotes
    }

    /// Drops "tries": a few notes of a passage's opening, fewer than `minimumTakeNotes`, sounded
    /// before the take that really starts there. They stay in the step but are no attempt.
    func withoutTries(_ takes: [DetectedTake], events: [OnsetEvent]) -> [DetectedTake] {
        takes.indices.compactMap { index in
            let take = takes[index]
            if hasTooFewNotes(take.events, events: events), index + 1 < takes.count,
                abs(takes[index + 1].from - take.from) <= configuration.restartTolerance
            {
                return nil
            }
            return take
        }
    }

    /// Fewer than `minimumTakeNotes` notes, then the material from its first bar. When they
    /// open the same way, they were a try: no take. Otherwise they are a note or chord held
    /// before a pause in the opening that the reference does not know (it was always cut off
    /// from the rest by that pause), and they begin this take.
    func withHeldOpenings(_ takes: [DetectedTake], events: [OnsetEvent]) -> [DetectedTake] {
        var result: [DetectedTake] = []
        for take in takes {
            if let held = result.last, held.from > configuration.restartTolerance,
                take.from <= configuration.restartTolerance,
                hasTooFewNotes(held.events, events: events)
            {
                let first = events[held.events.lowerBound].pitches
                let opening = events[take.events.lowerBound].pitches
                if first.sharesHalf(with: opening) {
                    result[result.count - 1] = take
                } else {
                    let between = take.events.lowerBound - held.events.upperBound
                    result[result.count - 1] = DetectedTake(
                        events: held.events.lowerBound..<take.events.upperBound,
                        from: take.from,
                        to: take.to,
                        matched: take.matched,
                        positions: [Int32](repeating: -1, count: held.events.count + between) + take.positions
                    )
                }
            } else {
                result.append(take)
            }
        }
        return result
    }

    /// Whether the first chord after a pause, `replay`, plays again one of the chords of `take`
    /// (half of the keys of the larger of the two or more in common): a few notes tried, stopped,
    /// and begun again. O(notes of the take).
    func replaysATry(_ take: DetectedTake, with replay: Int, events: [OnsetEvent]) -> Bool {
        guard replay >= take.events.upperBound, replay < events.count else { return false }
        let again = events[replay].pitches
        return take.events.contains { events[$0].pitches.sharesHalf(with: again) }
    }

    /// Whether the stream from `index` on (a jump's landing) plays the reference again: of the
    /// next `restartEvidenceEvents` events, `restartSolidShare` share half their keys with the reference event
    /// one or two positions after the previous match. Fewer events left than that: yes.
    /// O(restartEvidenceEvents).
    func playsAgain(
        _ steps: [JumpAligner.Step],
        from index: Int,
        events: [OnsetEvent],
        offset: Int,
        reference: [PitchSet]
    ) -> Bool {
        let window = configuration.restartEvidenceEvents
        guard index + window <= steps.count, let landing = steps[index].position else { return true }
        var previous = landing
        var solid = events[offset + index].pitches.sharesHalf(with: reference[landing]) ? 1 : 0
        for next in (index + 1)..<(index + window) {
            guard let position = steps[next].position else { continue }
            if position > previous, position <= previous + 2,
                events[offset + next].pitches.sharesHalf(with: reference[position])
            {
                solid += 1
            }
            previous = position
        }
        return Double(solid) >= configuration.restartSolidShare * Double(window)
    }

    private func cut(
        _ result: JumpAligner.Result,
        events: [OnsetEvent],
        offset: Int,
        phraseStarts: [Int: Int64],
        reference: [PitchSet],
        referenceOnsets: [Int64],
        into takes: inout [DetectedTake],
        continuing: Bool
    ) {
        var current: DetectedTake? = continuing ? takes.popLast() : nil
        var lastPosition = current?.to ?? 0
        var lastMatched = (current?.events.upperBound ?? offset) - 1
        var phraseStart = offset
        var pauseSinceMatch: Int64 = 0
        var firstOfChunk = continuing
        for (index, step) in result.steps.enumerated() {
            let event = offset + index
            if let silence = phraseStarts[event] {
                phraseStart = event
                pauseSinceMatch = max(pauseSinceMatch, silence)
            }
            guard let position = step.position else { continue }
            var startsTake = current == nil
            if !startsTake {
                let back = position < lastPosition - configuration.restartTolerance
                let far = position > lastPosition + configuration.continuationReach
                // A long pause after only a chord or two is part of the music (a held opening),
                // and so is one the reference has too (a fermata, a rest in slow music).
                let played = events[event].time - events[lastMatched].time
                let written =
                    position > lastPosition ? referenceOnsets[position] - referenceOnsets[lastPosition] : 0
                let longPause =
                    pauseSinceMatch >= configuration.continuationPause
                    && !hasTooFewNotes(current!.events, events: events)
                    && (written <= 0 || Double(played) > configuration.musicalPauseRatio * Double(written))
                // The first match of a continuing chunk has no jump flag: judge it by position.
                let jumped = step.jumped || firstOfChunk
                startsTake = (jumped && (back || far)) || far || longPause
                if startsTake, !longPause, pauseSinceMatch < configuration.pauseSilence,
                    !playsAgain(result.steps, from: index, events: events, offset: offset, reference: reference)
                {
                    startsTake = false
                }
            }
            // A few notes of the opening, a pause, then the opening again: that was a try. Where
            // the music repeats a figure, the stream may have gone on instead of back, so the
            // keys of the notes after the pause say it too.
            // The take then begins where the stream places its notes: a try's own few notes are
            // placed less surely than a take's.
            if let take = current, !startsTake, pauseSinceMatch >= configuration.pauseSilence,
                hasTooFewNotes(take.events, events: events),
                position <= take.from + configuration.restartTolerance
                    || replaysATry(take, with: phraseStart, events: events)
            {
                current = nil
                startsTake = true
            }
            if startsTake {
                if let done = current { takes.append(done) }
                var first = max(lastMatched + 1, min(phraseStart, event))
                if phraseStart <= lastMatched, first < event {
                    // No pause between the takes: the unmatched notes after the last match go
                    // with the side they are nearer in time to (the restart is the longest gap).
                    first = ((first + 1)...event).max { a, b in
                        (events[a].time - events[a - 1].time, b) < (events[b].time - events[b - 1].time, a)
                    }!
                }
                current = DetectedTake(
                    events: first..<(event + 1),
                    from: position,
                    to: position,
                    matched: 1,
                    positions: [Int32](repeating: -1, count: event - first) + [Int32(position)]
                )
            } else {
                let skipped = event - current!.events.upperBound
                current!.positions += [Int32](repeating: -1, count: skipped) + [Int32(position)]
                current!.events = current!.events.lowerBound..<(event + 1)
                current!.to = max(current!.to, position)
                current!.matched += 1
            }
            lastPosition = position
            lastMatched = event
            pauseSinceMatch = 0
            firstOfChunk = false
        }
        if let done = current { takes.append(done) }
    }
}
