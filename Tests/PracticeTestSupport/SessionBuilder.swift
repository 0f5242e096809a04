public import MIDICore
public import PracticeSegmenter

/// A passage of music for generated sessions: chords (key sets) one beat apart.
public struct TestPassage: Sendable {
    public var chords: [[UInt8]]
    /// Seconds per chord at tempo 1.
    public var beat: Double

    public init(chords: [[UInt8]], beat: Double = 0.4) {
        self.chords = chords
        self.beat = beat
    }

    /// Eight chords: a right-hand melody over left-hand bass notes.
    public static let demo = TestPassage(chords: [
        [48, 64], [67], [52, 72], [71], [55, 69], [67], [43, 65], [62],
    ])

    /// The demo's melody and bass with an inner voice: three-key chords between single notes.
    public static let chorale = TestPassage(chords: [
        [48, 55, 64], [67], [52, 60, 72], [71], [55, 62, 69], [67], [43, 59, 65], [62],
    ])
}

/// How one take is played.
public struct TakePlan: Sendable {
    public var tempo: Double = 1
    /// Stop after this many chords (an abandoned take).
    public var stopAfter: Int?
    /// Chord indices where the top key is played a semitone higher.
    public var wrong: Set<Int> = []
    /// Chord indices where the top key is left out.
    public var missing: Set<Int> = []
    /// Chord indices after which a stray key is added halfway to the next chord.
    public var extra: Set<Int> = []
    /// Only keys ≥ 60 ("right") or < 60 ("left").
    public var hand: String?
    /// A pause of this many seconds inserted after the chord at `hesitationAfter`.
    public var hesitationAfter: Int?
    public var hesitation: Double = 0
    /// Seconds between the chord's keys (downwards), to test chord order.
    public var spread: Double = 0
    /// Chord indices whose top key is trilled with the key a tone above: six notes an eighth of
    /// a beat apart (50 ms at tempo 1).
    public var trill: Set<Int> = []
    /// Chord indices whose top key is preceded by a grace note a semitone above, 60 ms before.
    public var graceNote: Set<Int> = []
    /// Chord indices whose top key is doubled an octave above.
    public var octaveDoubled: Set<Int> = []
    /// Chord indices whose inner keys (all but the lowest and the highest) are left out.
    public var innerDropped: Set<Int> = []
    /// Chord indices rolled upwards: the keys struck from the lowest, 60 ms apart.
    public var rolled: Set<Int> = []
    /// Chord indices whose lowest key is struck again halfway to the next chord.
    public var restruck: Set<Int> = []
    /// Chords `lowerBound...upperBound` played once more right after the first time (a figure
    /// drilled, a repeat taken).
    public var repeated: ClosedRange<Int>?
    /// Chords of other music played after chord `after` (the take goes on into another
    /// section, or loses its way for a while).
    public var detour: (after: Int, chords: [[UInt8]])?
    /// Another passage played in place of the step's (a take of another section).
    public var passage: TestPassage?

    public init() {}
}

/// Builds a practice session note by note together with the segmentation that describes it
/// exactly, so analyzer tests know every expected number.
public struct SessionBuilder: Sendable {
    public private(set) var notes: [Note] = []
    public private(set) var steps: [PracticeStep] = []
    public private(set) var materials: [MaterialSummary] = []
    /// Current time, nanoseconds.
    public private(set) var now: Int64

    public init(start: Double = 0.5) {
        now = Self.ns(start)
    }

    static func ns(_ seconds: Double) -> Int64 { Int64((seconds * 1e9).rounded()) }

    public var segmentation: Segmentation {
        Segmentation(duration: now, steps: steps, materials: materials)
    }

    /// Silence without a step (a pause between steps).
    public mutating func pause(_ seconds: Double) { now += Self.ns(seconds) }

    /// A rest step.
    public mutating func rest(_ seconds: Double) {
        let start = now
        now += Self.ns(seconds)
        steps.append(
            PracticeStep(
                start: start,
                end: now,
                kind: .rest,
                material: nil,
                label: "break",
                notes: notes.count..<notes.count
            )
        )
    }

    /// A technique or free-play step: the keys one after another, `interval` seconds apart.
    public mutating func play(
        _ kind: StepKind,
        _ label: String,
        material: String,
        keys: [UInt8],
        interval: Double = 0.2
    ) {
        addMaterial(material, kind: kind, name: label)
        let start = now
        let first = notes.count
        for key in keys {
            add(key, at: now, length: Self.ns(interval * 0.9))
            now += Self.ns(interval)
        }
        steps.append(
            PracticeStep(
                start: start,
                end: now,
                kind: kind,
                material: material,
                label: label,
                notes: first..<notes.count
            )
        )
    }

    /// A repertoire step on `material` made of takes of passages, each after `gap` seconds.
    public mutating func repertoire(
        _ material: String,
        name: String,
        passage: TestPassage,
        passageID: String? = nil,
        takes: [TakePlan],
        gap: Double = 2
    ) {
        addMaterial(material, kind: .repertoire, name: name)
        let stepStart = now
        let stepFirst = notes.count
        var made: [Take] = []
        for (index, plan) in takes.enumerated() {
            if index > 0 { now += Self.ns(gap) }
            made.append(take(plan, passage: passage, id: passageID ?? material + "/p1"))
        }
        steps.append(
            PracticeStep(
                start: stepStart,
                end: now,
                kind: .repertoire,
                material: material,
                label: name,
                takes: made,
                notes: stepFirst..<notes.count
            )
        )
    }

    private mutating func take(_ plan: TakePlan, passage: TestPassage, id: String) -> Take {
        let start = now
        let first = notes.count
        let passage = plan.passage ?? passage
        let beat = Self.ns(passage.beat / plan.tempo)
        let played = min(plan.stopAfter ?? passage.chords.count, passage.chords.count)
        var order = Array(0..<played)
        if let repeated = plan.repeated, repeated.upperBound < played {
            order.insert(contentsOf: repeated, at: repeated.upperBound + 1)
        }
        var chords = order.map { passage.chords[$0] }
        var indices = order
        if let detour = plan.detour, let position = order.lastIndex(of: detour.after) {
            chords.insert(contentsOf: detour.chords, at: position + 1)
            indices.insert(contentsOf: Array(repeating: -1, count: detour.chords.count), at: position + 1)
        }
        for (index, chord) in zip(indices, chords) {
            var keys = chord.sorted()
            if plan.innerDropped.contains(index) && keys.count > 2 { keys = [keys[0], keys[keys.count - 1]] }
            if plan.missing.contains(index) { keys.removeLast() }
            if plan.wrong.contains(index), let top = keys.popLast() { keys.append(top + 1) }
            if let hand = plan.hand { keys = keys.filter { hand == "right" ? $0 >= 60 : $0 < 60 } }
            // Highest key first when spread, so onset order differs from pitch order.
            for (offset, key) in keys.reversed().enumerated() {
                let delay =
                    plan.rolled.contains(index) ? 0.06 * Double(keys.count - 1 - offset) : plan.spread * Double(offset)
                add(key, at: now + Self.ns(delay), length: beat * 9 / 10)
            }
            if let top = keys.last {
                if plan.octaveDoubled.contains(index) { add(top + 12, at: now, length: beat * 9 / 10) }
                if plan.graceNote.contains(index) { add(top + 1, at: now - 60_000_000, length: 50_000_000) }
                if plan.trill.contains(index) {
                    let step = beat / 8
                    for note in 1..<6 { add(note % 2 == 1 ? top + 2 : top, at: now + step * Int64(note), length: step) }
                }
            }
            if plan.restruck.contains(index), let low = keys.first { add(low, at: now + beat / 2, length: beat / 3) }
            if plan.extra.contains(index) { add(90, at: now + beat / 2, length: beat / 4) }
            now += beat
            if plan.hesitationAfter == index { now += Self.ns(plan.hesitation) }
        }
        return Take(
            start: start,
            end: now,
            passage: id,
            complete: played == passage.chords.count,
            from: 0,
            to: Double(played),
            notes: first..<notes.count
        )
    }

    private mutating func add(_ key: UInt8, at onset: Int64, length: Int64) {
        notes.append(Note(onset: onset, release: onset + length, end: onset + length, key: key, velocity: 64))
        // Keep notes sorted by onset (spread chords and extra keys are added slightly out of order).
        var index = notes.count - 1
        while index > 0 && notes[index - 1].onset > notes[index].onset {
            notes.swapAt(index - 1, index)
            index -= 1
        }
    }

    private mutating func addMaterial(_ id: String, kind: StepKind, name: String) {
        if !materials.contains(where: { $0.id == id }) {
            materials.append(MaterialSummary(id: id, kind: kind, name: name))
        }
    }
}
