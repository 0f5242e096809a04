import MIDICore

/// Finds the bars of the score that takes and passages of a session material played, through
/// the material's match to a known score: each position of the session's reference maps to an
/// event of the score (or none), each event has its bar and beat.
struct ScoreLocator {
    let places: ScorePlaces
    /// Keys of each score event.
    let events: [[UInt8]]
    /// For each position of the session material's reference, the score event it matched.
    let positions: [Int?]
    /// Lowest and highest beat of any event in each played bar.
    private let beatRange: [Int: (low: Double, high: Double)]

    /// A staff counts as left out when fewer than this share of its notes were played…
    static let leftOutShare = 0.15
    /// …while the other staff's were, at least this share.
    static let playedShare = 0.5
    /// Staves with fewer notes in the range than this tell nothing.
    static let minimumStaffNotes = 3

    init?(fingerprint: MaterialFingerprint, positions: [Int?]) {
        guard let places = fingerprint.score, places.eventBars.count == fingerprint.events.count,
            places.eventBeats.count == fingerprint.events.count, !places.labels.isEmpty
        else { return nil }
        self.places = places
        self.events = fingerprint.events
        self.positions = positions
        var ranges: [Int: (low: Double, high: Double)] = [:]
        for (bar, beat) in zip(places.eventBars, places.eventBeats) {
            let range = ranges[bar] ?? (beat, beat)
            ranges[bar] = (min(range.low, beat), max(range.high, beat))
        }
        beatRange = ranges
    }

    /// The score event matched nearest to a session position, looking first in `direction`.
    func event(near position: Int, direction: Int) -> Int? {
        for distance in 0..<positions.count {
            for candidate in [position + distance * direction, position - distance * direction]
            where candidate >= 0 && candidate < positions.count {
                if let event = positions[candidate] { return event }
            }
        }
        return nil
    }

    /// The bars from session position `from` to `to`; `notes` (the take's notes) tell which
    /// hand played alone.
    func bars(from: Int, to: Int, notes: ArraySlice<Note>? = nil) -> BarRange? {
        guard let (first, last) = scoreEvents(from: from, to: to) else { return nil }
        guard first < places.eventBars.count, last < places.eventBars.count else { return nil }
        guard places.eventBars[first] < places.labels.count, places.eventBars[last] < places.labels.count
        else { return nil }
        var range = range(first...last)
        range.hands = notes.flatMap { hand(events: first...last, notes: $0) }
        var seen: Set<[String]> = [[range.first, range.last]]
        for other in recurrences(of: first...last) {
            let alternative = self.range(other)
            if seen.insert([alternative.first, alternative.last]).inserted { range.sameAs.append(alternative) }
        }
        return range
    }

    /// The score events of session positions `from` and `to`, in order.
    func scoreEvents(from: Int, to: Int) -> (first: Int, last: Int)? {
        guard var first = event(near: from, direction: 1), var last = event(near: to, direction: -1) else { return nil }
        if first > last { swap(&first, &last) }
        return (first, last)
    }

    /// The score's marked tempo is measured over at least this many seconds of it.
    static let minimumTempoSpan = 2.0

    /// The played tempo against the score's marks over session positions `from`…`to`, whose
    /// notes were played `seconds` apart: 0.7 is 70 % of the marked tempo. Nil when the score
    /// marks no tempo or the stretch is too short to tell.
    func tempo(from: Int, to: Int, playedSeconds seconds: Double) -> Double? {
        guard let times = places.eventSeconds, times.count == events.count, seconds > 0,
            let (first, last) = scoreEvents(from: from, to: to)
        else { return nil }
        let written = times[last] - times[first]
        guard written >= Self.minimumTempoSpan else { return nil }
        return ((written / seconds) * 100).rounded() / 100
    }

    /// The bars of score events `events`, with the beats where they start or stop inside a bar.
    private func range(_ events: ClosedRange<Int>) -> BarRange {
        let firstBar = places.eventBars[events.lowerBound]
        let lastBar = places.eventBars[events.upperBound]
        let firstBeat = places.eventBeats[events.lowerBound]
        let lastBeat = places.eventBeats[events.upperBound]
        return BarRange(
            first: places.labels[firstBar],
            last: places.labels[lastBar],
            firstBeat: firstBeat > (beatRange[firstBar]?.low ?? firstBeat) + 1e-6 ? Self.rounded(firstBeat) : nil,
            lastBeat: lastBeat < (beatRange[lastBar]?.high ?? lastBeat) - 1e-6 ? Self.rounded(lastBeat) : nil
        )
    }

    /// A share of events at least this large must be found again, in order, for another place
    /// to be the same music.
    static let recurrenceShare = 0.9
    /// Events another place may have more or fewer (a grace note, an ornament written out).
    static let recurrenceSlack = 3

    /// Other places in the score with the same events as `range` — at least ``recurrenceShare``
    /// of them, in order, give or take ``recurrenceSlack`` events: the music comes back.
    /// O(score events · range · slack).
    func recurrences(of range: ClosedRange<Int>) -> [ClosedRange<Int>] {
        let pattern = Array(events[range])
        guard pattern.count >= 4 else { return [] }
        let needed = Int((Self.recurrenceShare * Double(pattern.count)).rounded(.up))
        var found: [ClosedRange<Int>] = []
        var start = 0
        while start < events.count {
            defer { start += 1 }
            guard abs(start - range.lowerBound) >= pattern.count, events[start] == pattern[0],
                let end = matchEnd(pattern, at: start, needed: needed)
            else { continue }
            found.append(start...end)
            start = end
        }
        return found
    }

    /// Where `pattern` ends when it is found again from `start`: the end of a banded longest
    /// common subsequence with at least `needed` events; nil when there are fewer.
    private func matchEnd(_ pattern: [[UInt8]], at start: Int, needed: Int) -> Int? {
        let slack = Self.recurrenceSlack
        let width = min(pattern.count + slack, events.count - start)
        guard width >= needed else { return nil }
        // common[i][j]: the longest common subsequence of pattern[..<i] and events[start..<start+j],
        // for |i − j| ≤ slack.
        var previous = [Int](repeating: 0, count: width + 1)
        var current = previous
        for i in 1...pattern.count {
            current = [Int](repeating: 0, count: width + 1)
            let low = max(1, i - slack)
            let high = min(width, i + slack)
            if low <= high {
                for j in low...high {
                    current[j] =
                        pattern[i - 1] == events[start + j - 1]
                        ? previous[j - 1] + 1 : max(previous[j], current[j - 1])
                }
            }
            previous = current
        }
        let low = max(1, pattern.count - slack)
        guard low <= width, let best = (low...width).max(by: { previous[$0] < previous[$1] }), previous[best] >= needed
        else { return nil }
        return start + best - 1
    }

    private static func rounded(_ beat: Double) -> Double { (beat * 100).rounded() / 100 }

    /// The hand that played alone over score events `range`: the share of each staff's notes
    /// whose keys were played (as often as written), one staff high and the other near none.
    private func hand(events range: ClosedRange<Int>, notes: ArraySlice<Note>) -> BarRange.Hand? {
        guard let staves = places.staves, staves.count == events.count else { return nil }
        var played: [UInt8: Int] = [:]
        for note in notes { played[note.key, default: 0] += 1 }
        var written: [[UInt8: Int]] = [[:], [:]]
        for event in range {
            for (key, staff) in zip(events[event], staves[event]) where staff == 1 || staff == 2 {
                written[Int(staff) - 1][key, default: 0] += 1
            }
        }
        let shares = written.map { counts -> Double? in
            let total = counts.values.reduce(0, +)
            guard total >= Self.minimumStaffNotes else { return nil }
            let found = counts.reduce(0) { $0 + min($1.value, played[$1.key] ?? 0) }
            return Double(found) / Double(total)
        }
        guard let right = shares[0], let left = shares[1] else { return nil }
        if right >= Self.playedShare && left <= Self.leftOutShare { return .right }
        if left >= Self.playedShare && right <= Self.leftOutShare { return .left }
        return nil
    }
}
