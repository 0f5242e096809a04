extension Note {
    /// Notes whose onsets lie within this many nanoseconds of the first onset of a chord are
    /// struck together: one chord. 40 ms. Humanised and real chords spread by 5–40 ms between
    /// their first and last key; a run of sixteenths at ♩ = 180 moves by 83 ms, a trill by
    /// 60–120 ms, so 40 ms keeps the notes of fast figures apart. The segmenter (onset
    /// events), the exercise recogniser, known materials and the analyzer (take key
    /// sequences) all group by this window.
    public static let chordWindow: Int64 = 40_000_000

    /// The chords of onset-sorted notes: consecutive ranges of their indices, in order, that
    /// together cover `notes.indices`. A note joins the current chord while its onset is
    /// within `window` of the chord's first onset; the next note starts a new chord. Chords are
    /// anchored on their first note, so a long arpeggio does not chain into one chord.
    /// - Parameters:
    ///   - notes: sorted by onset (ties in any order).
    ///   - window: nanoseconds, ``chordWindow`` unless a caller measures another one.
    /// - Complexity: O(n).
    public static func chords<Notes: RandomAccessCollection<Note>>(
        _ notes: Notes,
        window: Int64 = chordWindow
    ) -> [Range<Notes.Index>] {
        var chords: [Range<Notes.Index>] = []
        var start = notes.startIndex
        while start < notes.endIndex {
            let first = notes[start].onset
            var end = notes.index(after: start)
            while end < notes.endIndex && notes[end].onset - first <= window { end = notes.index(after: end) }
            chords.append(start..<end)
            start = end
        }
        return chords
    }
}
