extension Note {
    /// Where a session ends: the end of its last sound, the latest `end` of any note (so a note
    /// held by the pedal lasts until the pedal lifts); 0 without notes. A session's duration is
    /// from its time 0 to here, whatever came after the music — a MIDI file's end-of-track, a
    /// stray controller message. O(n).
    public static func lastSoundEnd(of notes: [Note]) -> Int64 {
        notes.reduce(0) { max($0, $1.end) }
    }

    /// Silences shorter than this are part of playing: a breath between phrases, a page turn
    /// of the hand. 2 s.
    public static let playingBridge: Int64 = 2 * .nanosecondsPerSecond

    /// How long someone was playing — the session's **playing time** (docs/metrics.md), the one
    /// definition the library (`activeNs`), `woodshed sessions`, the report and the trends show:
    /// the union of the notes' sounding intervals, where silences shorter than `bridging` count
    /// as playing. The sum of ``playingSpans(of:bridging:)``.
    ///
    /// - Parameter notes: any order. O(n log n); O(n) when already sorted by onset.
    /// - Returns: nanoseconds.
    public static func activeDuration(of notes: [Note], bridging: Int64 = playingBridge) -> Int64 {
        playingSpans(of: notes, bridging: bridging).reduce(0) { $0 + ($1.upperBound - $1.lowerBound) }
    }

    /// The stretches of playing, in time order and disjoint: sounding notes, joined across
    /// silences shorter than `bridging`. O(n log n); O(n) when `notes` are sorted by onset.
    public static func playingSpans(of notes: [Note], bridging: Int64 = playingBridge) -> [Range<Int64>] {
        let sorted = notes.isSorted { $0.onset <= $1.onset } ? notes : notes.sorted { $0.onset < $1.onset }
        guard var spanStart = sorted.first?.onset, var spanEnd = sorted.first?.end else { return [] }
        var spans: [Range<Int64>] = []
        for note in sorted.dropFirst() {
            if note.onset - spanEnd < bridging {
                spanEnd = max(spanEnd, note.end)
            } else {
                spans.append(spanStart..<spanEnd)
                spanStart = note.onset
                spanEnd = note.end
            }
        }
        spans.append(spanStart..<max(spanStart, spanEnd))
        return spans
    }
}

extension Sequence {
    /// True when every adjacent pair satisfies `areInOrder`. O(n).
    func isSorted(by areInOrder: (Element, Element) -> Bool) -> Bool {
        var iterator = makeIterator()
        guard var previous = iterator.next() else { return true }
        while let next = iterator.next() {
            if !areInOrder(previous, next) { return false }
            previous = next
        }
        return true
    }
}

extension Note {
    /// Times at which a pedal moved: sustain (CC 64), sostenuto (CC 66) or soft (CC 67), in
    /// the order of `messages`. Analysis uses them to see a take begin with the pedal, before
    /// its first note. O(n).
    public static func pedalMoves(from messages: some Sequence<TimedMessage>) -> [Int64] {
        messages.compactMap { timed in
            guard case .controlChange(_, let controller, _) = timed.message, [64, 66, 67].contains(controller) else {
                return nil
            }
            return timed.time
        }
    }
}
