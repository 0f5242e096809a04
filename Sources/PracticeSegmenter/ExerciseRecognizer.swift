public import MIDICore

/// Splits a stretch of technique into its exercises and names each one: "D minor scale
/// (harmonic), 2 octaves, hands together", "C major arpeggio, 2 octaves, right hand",
/// "Hanon-like pattern in G major, hands together". Pure and deterministic.
///
/// 0. **Hands paired.** In parallel octaves and contrary motion the hands often strike more
///    than `chordSpread` apart, so one onset comes as two events, one hand each, which would
///    read as a single line leaping between the hands. Two consecutive events at most
///    `handSpread` apart that together double each other an octave or two apart (and neither
///    alone does) are one event again; then two lone keys at least `handsApartInterval`
///    semitones apart.
/// 1. **Pieces.** The stretch is cut where no key is down for `phraseSilence` (the pedal may
///    hold the sound across the breath between two exercises);
///    a long phrase is cut again where its line comes back to the note it started on after
///    going an octave away (a scale up and down, then straight into an arpeggio).
/// 2. Pieces shorter than `minimumEvents` (a stray chord, a false start) join the nearer
///    neighbour in time.
/// 3. Each piece is described (``ExerciseDescription``: texture, key, pattern); consecutive
///    pieces that agree on kind, key and hands are one exercise (a scale played twice), and the
///    joined piece is described again from all its notes, which tells its tonic and range
///    better than either half.
///
/// Complexity: O(n) for a stretch of n onset events (each event is looked at a constant number
/// of times: reading its phrase's texture, describing its piece, describing its exercise).
public struct ExerciseRecognizer: Sendable {
    /// Silence of the hands (no key down) that separates two pieces, nanoseconds.
    public var phraseSilence: Int64
    /// Notes whose onsets lie within this of an event's first note belong to it, nanoseconds.
    public var chordSpread: Int64
    /// Pieces with fewer onset events are too short to name on their own.
    public var minimumEvents: Int
    /// The two hands of one onset may strike this far apart, nanoseconds.
    public var handSpread: Int64
    /// Two lone keys at least this many semitones apart are the two hands.
    public var handsApartInterval: Int

    public init(
        phraseSilence: Int64 = 600_000_000,
        chordSpread: Int64 = Note.chordWindow,
        minimumEvents: Int = 8,
        handSpread: Int64 = 80_000_000,
        handsApartInterval: Int = 7
    ) {
        self.phraseSilence = phraseSilence
        self.chordSpread = chordSpread
        self.minimumEvents = minimumEvents
        self.handSpread = handSpread
        self.handsApartInterval = handsApartInterval
    }

    /// The exercises in `notes`, in time order.
    /// - Parameter notes: one stretch of technique, sorted by onset then key (as the segmenter
    ///   sorts a session; other orders are sorted so first). `Exercise.notes` indexes that order.
    ///   O(n log n) for the sort, O(n) after it.
    public func exercises(in notes: [Note]) -> [Exercise] {
        let sorted = notes.sorted { ($0.onset, $0.key) < ($1.onset, $1.key) }
        return exercises(OnsetGrouping.events(sorted, spread: chordSpread)[...])
    }

    /// The exercises among `events`, a slice of the session's onset events.
    func exercises(_ stretch: ArraySlice<OnsetEvent>) -> [Exercise] {
        guard !stretch.isEmpty else { return [] }
        // Octaves first: a pair that makes an octave doubling pairs each note with its own
        // octave even when the hand that leads changes from note to note. Then lone keys far
        // apart (contrary motion), of which an octave texture has few left.
        let octaves = OnsetGrouping.pairingHands(stretch, within: handSpread) { first, second in
            var both = first
            both.formUnion(second)
            return ExerciseTexture.doubling(both.keys) != nil && ExerciseTexture.doubling(first.keys) == nil
                && ExerciseTexture.doubling(second.keys) == nil
        }
        let interval = handsApartInterval
        let events = OnsetGrouping.pairingHands(octaves[...], within: handSpread) { first, second in
            first.count == 1 && second.count == 1 && OnsetGrouping.apart(first, second, by: interval)
        }[...]
        var pieces: [Range<Int>] = []
        var start = events.startIndex
        // The hands' silence, not the sound's: a pedal held down through a routine (a habit on
        // digital pianos) keeps sounding across the breath between two exercises.
        var lastKeyUp = events[start].release
        for index in events.indices.dropFirst() {
            if events[index].time - lastKeyUp >= phraseSilence {
                pieces += cycles(events, start..<index)
                start = index
                lastKeyUp = events[index].release
            } else {
                lastKeyUp = max(lastKeyUp, events[index].release)
            }
        }
        pieces += cycles(events, start..<events.endIndex)
        pieces = joiningShort(pieces, events)

        let descriptions = pieces.map { ExerciseDescription(events[$0]) }
        var result: [Exercise] = []
        var first = 0
        for index in pieces.indices
        where index + 1 == pieces.count
            || descriptions[index + 1].identity != descriptions[first].identity
        {
            let range = pieces[first].lowerBound..<pieces[index].upperBound
            var description = descriptions[first]
            if index > first {
                let joined = ExerciseDescription(events[range])
                if joined.identity == description.identity {
                    description = joined
                } else {
                    description.lowest = joined.lowest
                    description.highest = joined.highest
                    description.octaves = descriptions[first...index].compactMap(\.octaves).max()
                }
            }
            result.append(exercise(description, events: events, range: range))
            first = index + 1
        }
        return result
    }

    private func exercise(
        _ description: ExerciseDescription,
        events: ArraySlice<OnsetEvent>,
        range: Range<Int>
    )
        -> Exercise
    {
        Exercise(
            start: events[range.lowerBound].time,
            end: events[range].map(\.end).max()!,
            kind: description.kind,
            tonic: description.tonic,
            mode: description.mode,
            octaves: description.octaves,
            hands: description.hands,
            notes: events[range.lowerBound].notes.lowerBound..<events[range.upperBound - 1].notes.upperBound,
            lowest: description.lowest,
            highest: description.highest
        )
    }

    /// Cuts a phrase after each event where its line (the part ``ExerciseTexture`` reads) is
    /// back on the note the current piece started on, having been an octave or more away, when
    /// both sides are long enough.
    private func cycles(_ events: ArraySlice<OnsetEvent>, _ phrase: Range<Int>) -> [Range<Int>] {
        guard phrase.count >= 2 * minimumEvents else { return [phrase] }
        let line = ExerciseTexture(events[phrase]).lineOfEvent
        var result: [Range<Int>] = []
        var start = phrase.lowerBound
        var origin: Int?
        var away = false
        for (offset, key) in line.enumerated() {
            let index = phrase.lowerBound + offset
            guard let key else { continue }
            guard let home = origin else {
                origin = key
                continue
            }
            if abs(key - home) >= 12 { away = true }
            if away, key == home, index + 1 - start >= minimumEvents, phrase.upperBound - index - 1 >= minimumEvents {
                result.append(start..<(index + 1))
                start = index + 1
                origin = nil
                away = false
            }
        }
        result.append(start..<phrase.upperBound)
        return result
    }

    /// Joins pieces shorter than `minimumEvents` to the neighbour across the shorter silence.
    private func joiningShort(_ pieces: [Range<Int>], _ events: ArraySlice<OnsetEvent>) -> [Range<Int>] {
        func soundEnd(_ piece: Range<Int>) -> Int64 { events[piece].map(\.end).max()! }
        var result: [Range<Int>] = []
        var pending: Range<Int>?
        for (index, original) in pieces.enumerated() {
            var piece = original
            if let carried = pending {
                piece = carried.lowerBound..<piece.upperBound
                pending = nil
            }
            guard piece.count < minimumEvents else {
                result.append(piece)
                continue
            }
            let previousGap = result.last.map { events[piece.lowerBound].time - soundEnd($0) }
            let nextGap = index + 1 < pieces.count ? events[pieces[index + 1].lowerBound].time - soundEnd(piece) : nil
            if let previousGap, previousGap < nextGap ?? Int64.max {
                result[result.count - 1] = result[result.count - 1].lowerBound..<piece.upperBound
            } else if nextGap != nil {
                pending = piece
            } else {
                result.append(piece)
            }
        }
        return result
    }
}
