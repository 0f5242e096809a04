import MIDICore

/// Finds the notes of ornaments in a stretch of playing, so that a trill, a turn, a mordent or
/// a grace note played differently from one take to the next is not taken for wrong notes.
///
/// Two patterns:
/// - **Alternation** (trill, mordent, turn): a key, its neighbour a second away, and the key
///   again (a–b–a), each within `alternationInterval` of the one before, whatever other keys
///   sound meanwhile (the other hand goes on). The second and third notes are ornamental;
///   chained, a trill a–b–a–b–a keeps only its first note, a turn b–a–c–a its first two.
/// - **Grace notes** (acciaccaturas, a slide, the first notes of a rolled chord): up to
///   `maximumGraceNotes` single keys each followed within `graceInterval` by the next, leading
///   to a main note, with silences before them and after the main note of at least
///   `graceIsolation` × their own spacing — so the notes of an even run are never grace notes.
///
/// Meant for performed notes; a score says which of its notes are ornaments.
struct Ornaments: Hashable, Sendable {
    /// Nanoseconds: trills and turns move at 6 notes a second or faster.
    var alternationInterval: Int64 = 170_000_000
    /// Nanoseconds from a grace note to the next note.
    var graceInterval: Int64 = 100_000_000
    var maximumGraceNotes = 3
    /// How much longer than a grace group's spacing the silences around it are.
    var graceIsolation: Int64 = 2

    enum Kind: Hashable, Sendable {
        /// A note of a trill, turn or mordent after its first.
        case alternation
        /// A grace note, or a note of a rolled chord before its last: it belongs to the next chord.
        case grace
    }

    /// For each of `notes` (sorted by onset, grouped into `chords` of ``Note/chords(_:window:)``):
    /// which ornament it is a note of, nil for a note of the music. O(n).
    func kinds(_ notes: [Note], chords: [Range<Int>]) -> [Kind?] {
        var result = [Kind?](repeating: nil, count: notes.count)
        // Alternations, key by key: the last onset and note of every key.
        var lastOnset = [Int64?](repeating: nil, count: 128)
        var lastNote = [Int](repeating: 0, count: 128)
        for (index, note) in notes.enumerated() {
            let key = Int(note.key)
            if let previous = lastOnset[key] {
                for neighbour in [key - 2, key - 1, key + 1, key + 2] where neighbour >= 0 && neighbour < 128 {
                    guard let between = lastOnset[neighbour], between > previous,
                        between - previous <= alternationInterval, note.onset - between <= alternationInterval
                    else { continue }
                    result[index] = .alternation
                    result[lastNote[neighbour]] = .alternation
                }
            }
            lastOnset[key] = note.onset
            lastNote[key] = index
        }
        // Grace notes: a short group of quick single keys before a main note, set apart.
        func gap(_ chord: Int) -> Int64 {
            notes[chords[chord + 1].lowerBound].onset - notes[chords[chord].lowerBound].onset
        }
        var start = 0
        while start < chords.count - 1 {
            var main = start
            while main < chords.count - 1 && main - start < maximumGraceNotes && chords[main].count == 1
                && gap(main) <= graceInterval
            {
                main += 1
            }
            guard main > start else {
                start += 1
                continue
            }
            let spacing = (start..<main).map(gap).max() ?? 0
            let before = start == 0 ? Int64.max : gap(start - 1)
            let after = main == chords.count - 1 ? Int64.max : gap(main)
            if before >= graceIsolation * spacing && after >= graceIsolation * spacing {
                for chord in start..<main { result[chords[chord].lowerBound] = .grace }
            }
            start = main
        }
        return result
    }
}
