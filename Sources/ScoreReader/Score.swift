/// A piece as its score writes it: printed measures, the order they are played in (repeats,
/// voltas, D.C./D.S. unfolded) and every sounding note in that played order, from a MusicXML
/// (`.musicxml`, `.xml`, `.mxl`) or MIDI score. Read one with ``Score/read(_:fileName:)``.
///
/// Time is in quarter notes from the start of the played score (a pickup starts at 0), and in
/// seconds through the score's tempo marks (120 quarter notes per minute before the first).
public struct Score: Hashable, Sendable {
    /// Where the score came from.
    public enum Format: String, Hashable, Sendable, Codable {
        case musicXML
        case midi
    }

    public var format: Format
    /// The work or movement title, or the MIDI file's first track name; nil when it has none.
    public var title: String?
    public var composer: String?
    /// Measures as printed, in document order.
    public var measures: [Measure]
    /// The played order: each played bar, with its start (unfolded repeats repeat measures).
    public var playedMeasures: [PlayedMeasure]
    /// Sounding notes in played order, sorted by onset (grace notes before their principal
    /// note), then key.
    public var notes: [ScoreNote]
    /// Tempo marks in played order (a metronome mark, or the tempo a MIDI score sets).
    public var tempos: [TempoMark]
    /// Dynamics (`pp`, `mf`, `sfz`, …) in played order.
    public var dynamics: [DynamicMark]
    /// Staves over all parts (2 for a piano score); 0 for a MIDI score that does not tell them.
    public var staffCount: Int
    /// The measures (indices into ``measures``) as a performance that takes no repeat plays
    /// them — every repeated section once, the last volta — for recordings made that way; nil
    /// for a MIDI score, whose repeats are already unfolded.
    public var orderWithoutRepeats: [Int]?

    public init(
        format: Format,
        title: String? = nil,
        composer: String? = nil,
        measures: [Measure],
        playedMeasures: [PlayedMeasure],
        notes: [ScoreNote],
        tempos: [TempoMark] = [],
        dynamics: [DynamicMark] = [],
        staffCount: Int,
        orderWithoutRepeats: [Int]? = nil
    ) {
        self.format = format
        self.title = title
        self.composer = composer
        self.measures = measures
        self.playedMeasures = playedMeasures
        self.notes = notes
        self.tempos = tempos
        self.dynamics = dynamics
        self.staffCount = staffCount
        self.orderWithoutRepeats = orderWithoutRepeats
    }

    /// Printed bars: measures that count in the numbering (not an implicit pickup or split bar).
    public var barCount: Int { measures.count { !$0.isImplicit } }
}

/// A measure as printed.
public struct Measure: Hashable, Sendable {
    /// The printed number: "12", "12a", "0" for a pickup; numbering may restart.
    public var label: String
    /// The label's leading integer ("12a" → 12); nil when it has none.
    public var number: Int? {
        let digits = label.prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : Int(digits)
    }
    /// True for a measure outside the numbering: `implicit="yes"` (a pickup, the second half of
    /// a split bar), or a MIDI score's opening partial bar.
    public var isImplicit: Bool
    /// True for an opening bar shorter than its time signature (an anacrusis), implicit or not.
    public var isPickup: Bool
    /// Length as filled by its notes and rests, in quarter notes.
    public var length: Double
    public var time: TimeSignature
    public var key: KeySignature?
    /// Line of the `<measure>` element (MusicXML) for messages; 0 for MIDI.
    public var line: Int

    public init(
        label: String,
        isImplicit: Bool = false,
        isPickup: Bool = false,
        length: Double,
        time: TimeSignature,
        key: KeySignature? = nil,
        line: Int = 0
    ) {
        self.label = label
        self.isImplicit = isImplicit
        self.isPickup = isPickup
        self.length = length
        self.time = time
        self.key = key
        self.line = line
    }
}

/// One bar in played order.
public struct PlayedMeasure: Hashable, Sendable {
    /// Index into ``Score/measures``.
    public var measure: Int
    /// Start in quarter notes from the start of the played score.
    public var start: Double
    /// Start in seconds.
    public var seconds: Double
    /// Quarter notes of its bar before it starts: 0 for a bar that starts on a downbeat; the
    /// missing part of a pickup; the first part of a bar that a repeat sign splits in two.
    public var phase: Double

    public init(measure: Int, start: Double, seconds: Double, phase: Double = 0) {
        self.measure = measure
        self.start = start
        self.seconds = seconds
        self.phase = phase
    }

    /// True when the bar starts on a downbeat.
    public var isDownbeat: Bool { phase < 1e-6 }

    /// The bars of `order` (indices into `measures`) laid end to end from quarter note 0, with
    /// their phases; seconds are left 0.
    public static func laidOut(_ order: [Int], measures: [Measure]) -> [PlayedMeasure] {
        let phases = Self.phases(
            lengths: order.map { measures[$0].length },
            fullLengths: order.map { measures[$0].time.quarters }
        )
        var start = 0.0
        return order.enumerated().map { index, measure in
            defer { start += measures[measure].length }
            return PlayedMeasure(measure: measure, start: start, seconds: 0, phase: phases[index])
        }
    }

    /// The phase of each bar played in order, from each bar's length and full length (quarter
    /// notes). A short bar that the next one completes starts on a downbeat and the next goes on
    /// from it (a bar split by a repeat sign or a volta); any other short bar but the last is an
    /// upbeat bar — a pickup, or a lead-in bar before a return — whose notes end on its bar's
    /// last beat. O(bars).
    static func phases(lengths: [Double], fullLengths: [Double]) -> [Double] {
        var phases: [Double] = []
        for index in lengths.indices {
            let full = fullLengths[index]
            let length = lengths[index]
            if index > 0 {
                let reached = phases[index - 1] + lengths[index - 1]
                if reached < fullLengths[index - 1] - 1e-6 && reached + length <= full + 1e-6 {
                    phases.append(reached)
                    continue
                }
            }
            let isShort = length < full - 1e-6
            let isLast = index + 1 == lengths.count
            let completedByNext = !isLast && length + lengths[index + 1] <= full + 1e-6
            phases.append(isShort && !isLast && !completedByNext ? full - length : 0)
        }
        return phases
    }
}

/// A time signature: `beats` of 1/`beatType` notes (3/4, 6/8, 2/2; "3+2"/8 is 5/8).
public struct TimeSignature: Hashable, Sendable {
    public var beats: Int
    public var beatType: Int

    public init(beats: Int, beatType: Int) {
        self.beats = beats
        self.beatType = beatType
    }

    /// A full bar in quarter notes.
    public var quarters: Double { Double(beats) * beatLength }
    /// One beat (a 1/`beatType` note) in quarter notes.
    public var beatLength: Double { 4 / Double(beatType) }
    public static let common = TimeSignature(beats: 4, beatType: 4)
}

/// A key signature: sharps (positive) or flats (negative), and the mode when written.
public struct KeySignature: Hashable, Sendable {
    public var fifths: Int
    /// "major", "minor", …; nil when the score does not say.
    public var mode: String?

    public init(fifths: Int, mode: String? = nil) {
        self.fifths = fifths
        self.mode = mode
    }
}

/// Which hand a staff is for, by piano convention: the upper staff of a two-staff part is the
/// right hand's, the lower the left's.
public enum Hand: String, Hashable, Sendable, Codable {
    case right
    case left
}

/// A written ornament: the performer plays more notes than the score writes.
public enum Ornament: String, Hashable, Sendable, Codable {
    case trill, mordent, turn, tremolo, other
}

/// A sounding note of the score, in played order; tied notes are one note.
public struct ScoreNote: Hashable, Sendable {
    /// Onset in quarter notes from the start of the played score.
    public var onset: Double
    /// Sounding length in quarter notes (ties merged); 0 for grace notes.
    public var duration: Double
    /// Onset and length in seconds, through the tempo marks.
    public var seconds: Double
    public var durationSeconds: Double
    /// MIDI key number (60 is middle C), with the written alteration.
    public var key: UInt8
    /// Staff over all parts, from 1 (1 = the upper staff of the first part); 0 when unknown.
    public var staff: Int
    /// The hand of the staff (two-staff keyboard parts), nil when the score does not tell.
    public var hand: Hand?
    /// Voice within the part (1 when the score has no voices).
    public var voice: Int
    /// A grace note: played before its principal note, taking no time in the score.
    public var isGrace: Bool
    /// An ornament written on the note (trill, mordent, turn, tremolo), nil when none.
    public var ornament: Ornament?
    /// Index into ``Score/playedMeasures`` of the bar the note starts in.
    public var playedMeasure: Int
    /// Beat within its bar, from 1, in the time signature's beat unit (2.5 is halfway through
    /// beat 2); a pickup's beats count back from the bar's end (a one-beat 4/4 pickup is beat
    /// 4), and the second part of a bar split by a repeat sign goes on from the first's.
    public var beat: Double

    public init(
        onset: Double,
        duration: Double,
        seconds: Double = 0,
        durationSeconds: Double = 0,
        key: UInt8,
        staff: Int = 0,
        hand: Hand? = nil,
        voice: Int = 1,
        isGrace: Bool = false,
        ornament: Ornament? = nil,
        playedMeasure: Int = 0,
        beat: Double = 1
    ) {
        self.onset = onset
        self.duration = duration
        self.seconds = seconds
        self.durationSeconds = durationSeconds
        self.key = key
        self.staff = staff
        self.hand = hand
        self.voice = voice
        self.isGrace = isGrace
        self.ornament = ornament
        self.playedMeasure = playedMeasure
        self.beat = beat
    }
}

/// A tempo mark: quarter notes per minute from `onset` on.
public struct TempoMark: Hashable, Sendable {
    /// Quarter notes from the start of the played score.
    public var onset: Double
    /// Quarter notes per minute (♩. = 60 in 6/8 is 90).
    public var quarterNotesPerMinute: Double
    /// The mark as written ("Allegro", "♩ = 120"), when there is one.
    public var text: String?

    public init(onset: Double, quarterNotesPerMinute: Double, text: String? = nil) {
        self.onset = onset
        self.quarterNotesPerMinute = quarterNotesPerMinute
        self.text = text
    }
}

/// A dynamic mark at a point of the played score.
public struct DynamicMark: Hashable, Sendable {
    public var onset: Double
    /// "pp", "mf", "sfz", …
    public var text: String
    /// Staff the mark is under, 0 when not said.
    public var staff: Int

    public init(onset: Double, text: String, staff: Int = 0) {
        self.onset = onset
        self.text = text
        self.staff = staff
    }
}
