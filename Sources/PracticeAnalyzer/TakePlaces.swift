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
    private(set) var playedAt: [KeySet]
    /// Take keys placed at each chord or at one beside it.
    private var playedNear: [KeySet]
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
        playedAt = Array(repeating: KeySet(), count: chords.count)
        playedNear = Array(repeating: KeySet(), count: chords.count)
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
    /// played within `nearby` of the key, has it (a chord spread wider than the chord window);
    /// or when it lies within a tone of an optional key (an ornament) of its chord or the next.
    func inMusic(_ key: Placed) -> Bool {
        let onset = take.times[key.index]
        for other in max(0, key.chord - 2)...min(chords.count - 1, key.chord + 2) {
            let adjacent = other == key.chord || (key.inserted && other == key.chord + 1)
            guard adjacent || time[other].map({ abs($0 - onset) <= nearby }) == true else { continue }
            for index in chords[other] {
                let distance = abs(Int(reference.keys[index]) - Int(key.key))
                if distance % 12 == 0 && distance <= 24 { return true }
                // Around an ornament the reference leaves open (a score's trill, mordent, turn or
                // grace note), its neighbour keys are the ornament being played.
                if reference.optional[index] && distance <= 2 && abs(other - key.chord) <= 1 { return true }
            }
        }
        return false
    }

    /// What runs of take keys played one after another with no counterpart are, when they are
    /// long (placed-key indices):
    /// - `repeated`: keys of a run of at least `minimumRun`, nearly all of which (four in five)
    ///   the reference has within as many chords of their place as the run is long, plus
    ///   `reach` — a figure or a bar played once more than the reference plays it (a drill, a
    ///   repeat taken): material of the passage, not wrong notes. The run's other keys stay
    ///   what they are.
    /// - `elsewhere`: every key of any other run of at least `foreignRun` keys — music the
    ///   reference does not have here: another section played before or after the passage
    ///   (within `foreignRun` aligned keys of the take's first or last one; those few keys
    ///   beyond it are elsewhere too), which is no concern of this passage; or, in the middle
    ///   of it, the player lost and finding the way back — one mistake, whose first key is in
    ///   `lost`.
    /// O(n·r) for runs of r keys.
    func insertedRuns(
        minimumRun: Int = 4,
        reach: Int = 8,
        foreignRun: Int = 8
    )
        -> (repeated: Set<Int>, elsewhere: Set<Int>, lost: [Int])
    {
        var repeated = Set<Int>()
        var elsewhere = Set<Int>()
        var lost: [Int] = []
        let aligned = placed.filter { !$0.inserted }.map(\.index).sorted()
        var run: [Int] = []
        func close() {
            defer { run = [] }
            guard run.count >= minimumRun else { return }
            let radius = run.count + reach
            let found = run.filter { placedIndex in
                let key = placed[placedIndex]
                let window = max(0, key.chord - radius)...min(chords.count - 1, key.chord + radius)
                return window.contains { chords[$0].contains { reference.keys[$0] == key.key } }
            }
            if found.count * 5 >= run.count * 4 {
                repeated.formUnion(found)
            } else if run.count >= foreignRun {
                elsewhere.formUnion(run)
                let first = placed[run[0]].index
                let last = placed[run[run.count - 1]].index
                let before = aligned.prefix { $0 < first }.count
                let after = aligned.count - before
                if before >= foreignRun && after >= foreignRun {
                    lost.append(run[0])
                } else {
                    // The few keys beyond the detour, at the take's edge, are beyond the passage too.
                    let beyond =
                        before < foreignRun ? { (index: Int) in index < first } : { (index: Int) in index > last }
                    elsewhere.formUnion(placed.indices.filter { beyond(placed[$0].index) })
                }
            }
        }
        for (placedIndex, key) in placed.enumerated() where key.inserted {
            if let last = run.last, placed[last].index + 1 != key.index { close() }
            run.append(placedIndex)
        }
        close()
        return (repeated, elsewhere, lost)
    }

    /// Whether a reference key was played at its place: the key itself at its chord or beside
    /// it (a repeated or held note, a spread chord) or struck within `nearby`; or only an
    /// octave of it, at its chord or within `nearby` — a doubling left out, unless a wrong
    /// note took its place.
    func sounded(_ key: UInt8, at chord: Int) -> Sounded {
        if playedNear[chord].contains(key) || struck(Int(key), near: chord) { return .played }
        for octave in [-12, 12, -24, 24] {
            let other = Int(key) + octave
            guard other >= 0 && other < 128 else { continue }
            if playedAt[chord].contains(UInt8(other)) || struck(other, near: chord) { return .octave }
        }
        return .absent
    }
}

/// A set of keys (0–255) as a bitmap: what ``TakePlaces`` keeps for every chord, without a
/// hash table for each.
struct KeySet: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    var isEmpty: Bool { words.0 | words.1 | words.2 | words.3 == 0 }

    mutating func insert(_ key: UInt8) {
        let bit = UInt64(1) << (key & 63)
        switch key >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    func contains(_ key: UInt8) -> Bool {
        let word =
            switch key >> 6 {
            case 0: words.0
            case 1: words.1
            case 2: words.2
            default: words.3
            }
        return word & (UInt64(1) << (key & 63)) != 0
    }
}
