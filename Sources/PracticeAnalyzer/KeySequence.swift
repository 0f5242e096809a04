import MIDICore

/// The keys of a stretch of playing — or of a passage's reference — in order, each with the
/// onset of its chord. Within a chord (``Note/chords(_:window:)``) keys are sorted upwards, so
/// the few milliseconds by which a pianist spreads a chord do not change the order.
///
/// A reference can come from takes (their consensus) or from a score: `times` are then the
/// score's onsets at any steady tempo, and `optional` marks its grace notes and ornaments.
struct KeySequence: Hashable, Sendable {
    var keys: [UInt8]
    /// Onset of the chord each key belongs to, nanoseconds. Keys of one chord share it.
    var times: [Int64]
    /// Keys whose presence or absence is no error: faint keys (a take's keys much softer than
    /// its usual touch, which barely sound) and, in a score, grace notes and ornaments.
    var optional: [Bool]

    init(keys: [UInt8], times: [Int64], optional: [Bool]? = nil) {
        self.keys = keys
        self.times = times
        self.optional = optional ?? [Bool](repeating: false, count: keys.count)
    }

    /// A take's keys, from its notes sorted by onset. The notes of ornaments (``Ornaments``)
    /// are optional, so a trill of 6 or 20 notes, a turn, a mordent or a grace note is no error
    /// beside the plain note; grace notes and the first notes of a rolled chord join the chord
    /// they lead to, so a chord rolled either way reads as the chord. Faint keys are optional
    /// too. O(n log c) for chords of c notes.
    /// - Parameters:
    ///   - isGhost: notes to leave out (a key brushed in passing is not a wrong note).
    ///   - faintShare: keys softer than this share of the notes' median velocity are optional.
    init(
        _ notes: ArraySlice<Note>,
        chordWindow: Int64,
        ornaments: Ornaments = Ornaments(),
        faintShare: Double = 0,
        isGhost: (Note) -> Bool = { _ in false }
    ) {
        let notes = notes.filter { !isGhost($0) }
        let chords = Note.chords(notes, window: chordWindow)
        let kinds = ornaments.kinds(notes, chords: chords)
        let velocities = notes.map(\.velocity).sorted()
        let faint = velocities.isEmpty ? 0 : faintShare * Double(velocities[velocities.count / 2])
        keys = []
        times = []
        optional = []
        keys.reserveCapacity(notes.count)
        times.reserveCapacity(notes.count)
        optional.reserveCapacity(notes.count)
        // Grace notes and the first notes of a rolled chord join the chord they lead to.
        var leading: [Int] = []
        for chord in chords {
            if chord.allSatisfy({ kinds[$0] == .grace }) {
                leading += chord
                continue
            }
            for index in (leading + chord).sorted(by: { notes[$0].key < notes[$1].key }) {
                keys.append(notes[index].key)
                times.append(notes[chord.lowerBound].onset)
                optional.append(kinds[index] != nil || Double(notes[index].velocity) < faint)
            }
            leading = []
        }
    }

    var count: Int { keys.count }

    /// The keys at `indices`, in order.
    func subsequence(_ indices: [Int]) -> KeySequence {
        KeySequence(
            keys: indices.map { keys[$0] },
            times: indices.map { times[$0] },
            optional: indices.map { optional[$0] }
        )
    }

    /// Chord number of every key (consecutive keys with one onset are one chord), and the
    /// index range of every chord. O(n).
    func chords() -> (ofKey: [Int], ranges: [Range<Int>]) {
        var ofKey: [Int] = []
        var ranges: [Range<Int>] = []
        ofKey.reserveCapacity(count)
        var start = 0
        for index in keys.indices {
            if index > 0 && times[index] != times[index - 1] {
                ranges.append(start..<index)
                start = index
            }
            ofKey.append(ranges.count)
        }
        if !keys.isEmpty { ranges.append(start..<keys.count) }
        return (ofKey, ranges)
    }
}
