extension Note {
    /// Where a session ends: the end of its last sound, the latest `end` of any note (so a note
    /// held by the pedal lasts until the pedal lifts); 0 without notes. A session's duration is
    /// from its time 0 to here, whatever came after the music — a MIDI file's end-of-track, a
    /// stray controller message. O(n).
    public static func lastSoundEnd(of notes: [Note]) -> Int64 {
        notes.reduce(0) { max($0, $1.end) }
    }

    /// How long someone was playing: the union of the notes' sounding intervals, where silences
    /// shorter than `bridging` (default 2 s, a breath between phrases) count as playing.
    ///
    /// - Parameter notes: any order. O(n log n); O(n) when already sorted by onset.
    /// - Returns: nanoseconds.
    public static func activeDuration(of notes: [Note], bridging: Int64 = 2 * .nanosecondsPerSecond) -> Int64 {
        let sorted = notes.isSorted { $0.onset <= $1.onset } ? notes : notes.sorted { $0.onset < $1.onset }
        guard var spanStart = sorted.first?.onset, var spanEnd = sorted.first?.end else { return 0 }
        var total: Int64 = 0
        for note in sorted.dropFirst() {
            if note.onset - spanEnd < bridging {
                spanEnd = max(spanEnd, note.end)
            } else {
                total += spanEnd - spanStart
                spanStart = note.onset
                spanEnd = note.end
            }
        }
        return total + (spanEnd - spanStart)
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
