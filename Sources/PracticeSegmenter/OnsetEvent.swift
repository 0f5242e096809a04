import MIDICore

/// A set of MIDI keys (0...127) as a 128-bit mask: intersections are two ANDs and popcounts.
struct PitchSet: Hashable, Sendable {
    var low: UInt64 = 0
    var high: UInt64 = 0

    mutating func insert(_ key: UInt8) {
        if key < 64 { low |= 1 << UInt64(key) } else { high |= 1 << UInt64(key - 64) }
    }

    /// Adds the keys of `other`.
    mutating func formUnion(_ other: PitchSet) {
        low |= other.low
        high |= other.high
    }

    var count: Int { low.nonzeroBitCount + high.nonzeroBitCount }
    var isEmpty: Bool { low == 0 && high == 0 }

    func sharedCount(_ other: PitchSet) -> Int {
        (low & other.low).nonzeroBitCount + (high & other.high).nonzeroBitCount
    }

    /// Whether the two share at least half the keys of the larger: the same chord, give or take
    /// a note. O(1).
    func sharesHalf(with other: PitchSet) -> Bool {
        2 * sharedCount(other) >= max(count, other.count)
    }

    var lowest: UInt8 {
        low != 0 ? UInt8(low.trailingZeroBitCount) : UInt8(64 + high.trailingZeroBitCount)
    }

    var highest: UInt8 {
        high != 0 ? UInt8(127 - high.leadingZeroBitCount) : UInt8(63 - low.leadingZeroBitCount)
    }

    var keys: [UInt8] {
        var result: [UInt8] = []
        var bits = low
        while bits != 0 {
            result.append(UInt8(bits.trailingZeroBitCount))
            bits &= bits - 1
        }
        bits = high
        while bits != 0 {
            result.append(UInt8(64 + bits.trailingZeroBitCount))
            bits &= bits - 1
        }
        return result
    }

    func contains(_ key: UInt8) -> Bool {
        key < 64 ? low & (1 << UInt64(key)) != 0 : high & (1 << UInt64(key - 64)) != 0
    }

    /// Pitch classes as a 12-bit mask.
    var pitchClasses: UInt16 {
        var mask: UInt16 = 0
        var bits = low
        while bits != 0 {
            mask |= 1 << UInt16(bits.trailingZeroBitCount % 12)
            bits &= bits - 1
        }
        bits = high
        while bits != 0 {
            mask |= 1 << UInt16((bits.trailingZeroBitCount + 64) % 12)
            bits &= bits - 1
        }
        return mask
    }
}

/// Notes struck together (a chord, or one note): the unit the segmenter aligns.
struct OnsetEvent: Sendable {
    /// Onset of the first note, nanoseconds.
    var time: Int64
    /// Latest key release among its notes, nanoseconds.
    var release: Int64
    /// Latest sound end (pedal included) among its notes, nanoseconds.
    var end: Int64
    var pitches: PitchSet
    /// Indices into the onset-sorted notes.
    var notes: Range<Int>
    var top: UInt8
    var bottom: UInt8
}

enum OnsetGrouping {
    /// Groups onset-sorted notes into events, one per chord of ``Note/chords(_:window:)``: a
    /// note joins the current event while its onset is within `spread` of the event's first
    /// onset. O(n).
    static func events(_ notes: [Note], spread: Int64 = Note.chordWindow) -> [OnsetEvent] {
        Note.chords(notes, window: spread).map { chord in
            var event = OnsetEvent(
                time: notes[chord.lowerBound].onset,
                release: notes[chord.lowerBound].release,
                end: notes[chord.lowerBound].end,
                pitches: PitchSet(),
                notes: chord,
                top: 0,
                bottom: 0
            )
            for note in notes[chord] {
                event.pitches.insert(note.key)
                event.release = max(event.release, note.release)
                event.end = max(event.end, note.end)
            }
            event.top = event.pitches.highest
            event.bottom = event.pitches.lowest
            return event
        }
    }
}

extension OnsetGrouping {
    /// Whether two pitch sets lie at least `interval` semitones apart, one above the other: the
    /// two hands (parallel octaves, contrary motion), not one hand's run.
    static func apart(_ a: PitchSet, _ b: PitchSet, by interval: Int) -> Bool {
        Int(b.lowest) - Int(a.highest) >= interval || Int(a.lowest) - Int(b.highest) >= interval
    }

    /// `events` with the two hands of one onset struck up to `spread` apart as one event again:
    /// two consecutive events whose keys `together` accepts as the two hands are merged; each
    /// event joins at most one other. The notes stay in order, so a merged event's `notes` is
    /// still one range. O(n) plus the predicate's cost.
    static func pairingHands(
        _ events: ArraySlice<OnsetEvent>,
        within spread: Int64,
        together: (PitchSet, PitchSet) -> Bool
    ) -> [OnsetEvent] {
        var result: [OnsetEvent] = []
        result.reserveCapacity(events.count)
        var index = events.startIndex
        while index < events.endIndex {
            var event = events[index]
            index += 1
            if index < events.endIndex, events[index].time - event.time <= spread,
                together(event.pitches, events[index].pitches)
            {
                let other = events[index]
                event.pitches.formUnion(other.pitches)
                event.release = max(event.release, other.release)
                event.end = max(event.end, other.end)
                event.notes = event.notes.lowerBound..<other.notes.upperBound
                event.top = event.pitches.highest
                event.bottom = event.pitches.lowest
                index += 1
            }
            result.append(event)
        }
        return result
    }
}

/// A run of events with no silence of `phraseSilence` inside: the unit of material matching.
struct Phrase: Sendable {
    var events: Range<Int>
    var start: Int64
    var end: Int64
    /// First event of short fragments joined at the end (a held chord after a pause), which may
    /// rather open what follows.
    var tail: Int?
}

enum PhraseSplitter {
    /// Cuts events where the next onset comes `silence` or more after every note stopped sounding
    /// (pedal included). O(n).
    static func phrases(_ events: [OnsetEvent], silence: Int64) -> [Phrase] {
        guard !events.isEmpty else { return [] }
        var phrases: [Phrase] = []
        var first = 0
        var lastSound = events[0].end
        for index in 1..<events.count {
            if events[index].time - lastSound >= silence {
                phrases.append(Phrase(events: first..<index, start: events[first].time, end: lastSound))
                first = index
                lastSound = events[index].end
            } else {
                lastSound = max(lastSound, events[index].end)
            }
        }
        phrases.append(Phrase(events: first..<events.count, start: events[first].time, end: lastSound))
        return phrases
    }

    /// Joins phrases of fewer than `minimumEvents` events to the nearer neighbour (by silence),
    /// unless both neighbours are at least `maximumGap` away. O(p).
    static func mergingFragments(_ phrases: [Phrase], minimumEvents: Int, maximumGap: Int64) -> [Phrase] {
        var result: [Phrase] = []
        var index = 0
        var pending: Phrase?
        while index < phrases.count {
            var phrase = phrases[index]
            if let carried = pending {
                phrase = Phrase(
                    events: carried.events.lowerBound..<phrase.events.upperBound,
                    start: carried.start,
                    end: phrase.end
                )
                pending = nil
            }
            if phrase.events.count < minimumEvents {
                let previousGap = result.last.map { phrase.start - $0.end } ?? Int64.max
                let nextGap = index + 1 < phrases.count ? phrases[index + 1].start - phrase.end : Int64.max
                if previousGap <= nextGap && previousGap < maximumGap {
                    let last = result.removeLast()
                    result.append(
                        Phrase(
                            events: last.events.lowerBound..<phrase.events.upperBound,
                            start: last.start,
                            end: max(last.end, phrase.end),
                            tail: last.tail ?? phrase.events.lowerBound
                        )
                    )
                    index += 1
                    continue
                } else if nextGap < maximumGap {
                    pending = phrase
                    index += 1
                    continue
                }
            }
            result.append(phrase)
            index += 1
        }
        if let carried = pending { result.append(carried) }
        return result
    }
}
