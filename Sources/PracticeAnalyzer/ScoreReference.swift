import MIDICore
import PracticeSegmenter

/// A score as the analyzer judges takes against it: its keys in played order (repeats
/// unfolded), each with its score event, the grace notes and written ornaments optional — a
/// take may play them any way, or not at all — as are the alternating notes of ornaments
/// written out as notes (``Ornaments``, at the score's tempo), and every key trusted.
///
/// A take is judged against the stretch of the score around the bars the segmenter placed it
/// in (``reference(around:)``), so a recapitulation or a repeated section elsewhere in the
/// piece does not draw it away; the whole score is the fallback.
struct ScoreReference: Sendable {
    let places: ScorePlaces
    /// The whole score as a reference; `events` maps each key to its score event.
    let whole: PassageReference
    /// Bars around a take's printed bars that its window also takes in: the segmenter's bars
    /// are within one bar of the truth nine times in ten.
    static let margin = 2
    /// Seconds per bar when the score marks no tempo: the times only need to be steady.
    static let secondsPerBar = 2.0

    /// Nil when the fingerprint carries no printed places (a material learned from playing).
    /// O(keys).
    init?(_ fingerprint: MaterialFingerprint) {
        guard let places = fingerprint.score, places.eventBars.count == fingerprint.events.count,
            places.eventBeats.count == fingerprint.events.count, !fingerprint.events.isEmpty
        else { return nil }
        self.places = places
        let optional = Set(places.graceEvents).union(places.ornamentEvents)
        let seconds =
            places.eventSeconds.flatMap { $0.count == fingerprint.events.count ? $0 : nil }
            ?? (fingerprint.bars.flatMap { $0.count == fingerprint.events.count ? $0 : nil }
            ?? fingerprint.events.indices.map(Double.init)).map { $0 * Self.secondsPerBar }
        var keys: [UInt8] = []
        var times: [Int64] = []
        var flags: [Bool] = []
        var events: [Int] = []
        var last = Int64.min
        for (event, eventKeys) in fingerprint.events.enumerated() where !eventKeys.isEmpty {
            // Each event is a chord of its own, even a grace note written at its principal's time.
            let time = max(Int64((seconds[event] * 1e9).rounded()), last &+ 1)
            last = time
            for key in eventKeys.sorted() {
                keys.append(key)
                times.append(time)
                flags.append(optional.contains(event))
                events.append(event)
            }
        }
        // Ornaments written out as notes (a MIDI score's trills and turns, a measured trill) are
        // played as freely as written ones: their alternating notes are optional too.
        let notes = zip(keys, times).map { Note(onset: $1, release: $1 + 1, end: $1 + 1, key: $0, velocity: 64) }
        for (index, kind) in Ornaments().kinds(notes, chords: []).enumerated() where kind == .alternation {
            flags[index] = true
        }
        whole = PassageReference(
            sequence: KeySequence(keys: keys, times: times, optional: flags),
            trusted: [Bool](repeating: true, count: keys.count),
            events: events
        )
    }

    /// The score from ``margin`` bars before `bars` to as many after (every time they are
    /// played, when repeats play them more than once); the whole score when `bars` is nil or
    /// its labels are not numbers. O(keys).
    func reference(around bars: BarRange?) -> (reference: PassageReference, isWindow: Bool) {
        guard let bars, let first = BarRange.number(bars.first), let last = BarRange.number(bars.last),
            let events = whole.events
        else { return (whole, false) }
        let range = (min(first, last) - Self.margin)...(max(first, last) + Self.margin)
        let inside = places.labels.map { BarRange.number($0).map(range.contains) ?? false }
        let indices = events.indices.filter { inside[places.eventBars[events[$0]]] }
        guard !indices.isEmpty, indices.count < whole.sequence.count else { return (whole, false) }
        return (whole.subsequence(indices), true)
    }

    /// The printed bar label and beat of a score event.
    func place(ofEvent event: Int) -> (bar: String, beat: Double) {
        (places.labels[places.eventBars[event]], places.eventBeats[event])
    }

    /// Played-bar index of a score event (an index into ``ScorePlaces/labels``).
    func playedBar(ofEvent event: Int) -> Int { places.eventBars[event] }

    /// Labels of the played bars in the order the score prints them: each label where it is
    /// first played (a repeat or a D.C. plays bars already printed). O(bars).
    var printedLabels: [String] {
        var seen = Set<String>()
        return places.labels.filter { seen.insert($0).inserted }
    }
}
