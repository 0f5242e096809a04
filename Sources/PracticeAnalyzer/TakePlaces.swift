/// Where in the music a take played each of its keys, from its alignment against a reference:
/// the **place** of a key is the reference chord it was aligned to, or for a key with no
/// counterpart the chord it follows. Every reference chord gets a time in the take — when keys
/// were played at it, or when it was due (between the places around it, in proportion to the
/// reference's own timing). What ``NoteJudgement`` asks of a take: was a key in the music at
/// its place, was a reference key sounded at its place?
struct TakePlaces {
    /// One played key at its place.
    struct Placed {
        /// Index of the key in the take.
        var index: Int
        var key: UInt8
        /// Index of the reference chord.
        var chord: Int
        /// No counterpart in the reference: played between `chord` and the next chord.
        var inserted: Bool
    }

    /// Whether a reference key was played at its place.
    enum Sounded { case played, octave, absent }

    let take: KeySequence
    let reference: KeySequence
    /// Reference chords: the key index ranges of keys with one onset.
    let chords: [Range<Int>]
    let chordOf: [Int]
    /// Every aligned take key (optional ones included: a faint key is still played).
    private(set) var placed: [Placed] = []
    /// Take keys placed at each chord.
    private(set) var playedAt: [Set<UInt8>]
    /// Take keys placed at each chord or at one beside it.
    private var playedNear: [Set<UInt8>]
    /// When each reference chord was played or due in the take, nanoseconds.
    private(set) var time: [Int64?]
    /// Onsets of each key in the take, in order.
    private var onsets = [[Int64]](repeating: [], count: 128)
    /// Nanoseconds: a key struck this close to when a chord was played belongs to it.
    let nearby: Int64

    /// O(n + m) for n take keys and m reference keys.
    init(_ take: KeySequence, against reference: KeySequence, alignment: KeyAlignment, nearby: Int64) {
        self.take = take
        self.reference = reference
        self.nearby = nearby
        (chordOf, chords) = reference.chords()
        for pair in alignment.matches + alignment.substitutions {
            placed.append(
                Placed(index: pair.take, key: take.keys[pair.take], chord: chordOf[pair.reference], inserted: false)
            )
        }
        for pair in alignment.insertions {
            placed.append(
                Placed(index: pair.take, key: take.keys[pair.take], chord: chordOf[pair.reference], inserted: true)
            )
        }
        playedAt = Array(repeating: [], count: chords.count)
        playedNear = Array(repeating: [], count: chords.count)
        time = Array(repeating: nil, count: chords.count)
        for key in placed {
            playedAt[key.chord].insert(key.key)
            time[key.chord] = min(time[key.chord] ?? .max, take.times[key.index])
            for chord in max(0, key.chord - 1)...min(chords.count - 1, key.chord + 1) {
                playedNear[chord].insert(key.key)
            }
        }
        for index in take.keys.indices { onsets[Int(take.keys[index])].append(take.times[index]) }
        interpolateTimes()
    }

    /// Onset of a reference chord in the reference's own time, nanoseconds.
    func onset(_ chord: Int) -> Int64 { reference.times[chords[chord].lowerBound] }

    /// Times of the chords nothing was placed at: between the places around them in proportion
    /// to the reference's timing; before the first place and after the last at its pace. O(m).
    private mutating func interpolateTimes() {
        var next = [Int?](repeating: nil, count: chords.count + 1)
        for chord in chords.indices.reversed() { next[chord] = time[chord] != nil ? chord : next[chord + 1] }
        var previous: Int?
        for chord in chords.indices {
            if time[chord] != nil {
                previous = chord
                continue
            }
            switch (previous, next[chord]) {
            case (let before?, let after?):
                let share = Double(onset(chord) - onset(before)) / Double(max(1, onset(after) - onset(before)))
                time[chord] = time[before]! + Int64(share * Double(time[after]! - time[before]!))
            case (let before?, nil): time[chord] = time[before]! + onset(chord) - onset(before)
            case (nil, let after?): time[chord] = time[after]! - (onset(after) - onset(chord))
            case (nil, nil): break
            }
        }
    }

    /// The take struck `key` within `nearby` of when `chord` was played. O(log n).
    func struck(_ key: Int, near chord: Int) -> Bool {
        guard let time = time[chord] else { return false }
        let times = onsets[key]
        var low = 0
        var high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] < time - nearby { low = middle + 1 } else { high = middle }
        }
        return low < times.count && times[low] <= time + nearby
    }

    /// A key is in the music at its place when its chord has it or an octave of it (an added
    /// doubling) — for a key between two chords, either chord — or a chord within two of it,
    /// played within `nearby` of the key, has it (a chord spread wider than the chord window).
    func inMusic(_ key: Placed) -> Bool {
        let onset = take.times[key.index]
        for other in max(0, key.chord - 2)...min(chords.count - 1, key.chord + 2) {
            let adjacent = other == key.chord || (key.inserted && other == key.chord + 1)
            guard adjacent || time[other].map({ abs($0 - onset) <= nearby }) == true else { continue }
            for index in chords[other] {
                let distance = abs(Int(reference.keys[index]) - Int(key.key))
                if distance % 12 == 0 && distance <= 24 { return true }
            }
        }
        return false
    }

    /// Whether a reference key was played at its place: the key itself at its chord or beside
    /// it (a repeated or held note, a spread chord) or struck within `nearby`; or only an
    /// octave of it, at its chord or within `nearby` — a doubling left out, unless a wrong
    /// note took its place.
    func sounded(_ key: UInt8, at chord: Int) -> Sounded {
        if playedNear[chord].contains(key) || struck(Int(key), near: chord) { return .played }
        let octaves = [Int(key) - 12, Int(key) + 12, Int(key) - 24, Int(key) + 24].filter { $0 >= 0 && $0 < 128 }
        return octaves.contains { playedAt[chord].contains(UInt8($0)) || struck($0, near: chord) } ? .octave : .absent
    }
}
