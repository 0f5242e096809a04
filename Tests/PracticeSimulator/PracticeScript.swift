public import MIDICore

/// A practice session to simulate, activity by activity, and what it should be found to contain.
public struct PracticeScript: Sendable {
    public enum Hands: Sendable { case both, right, left }

    public enum Activity: Sendable {
        /// An exercise at `bpm` (quarter notes per minute; the exercise runs in sixteenths).
        case exercise(SimulatedExercise, bpm: Double)
        /// One attempt at bars `from...to` of `pieces[piece]`. `tempo` scales durations (2 is
        /// half speed); `stopAfter` abandons the take after that share of its events.
        case take(piece: Int, from: Int, to: Int, hands: Hands = .both, tempo: Double = 1, stopAfter: Double? = nil)
        /// Improvised notes in the key of `tonic` for `seconds`.
        case free(seconds: Double, tonic: UInt8)
        /// Silence of `seconds` (a pause between takes, or a break).
        case silence(seconds: Double)
    }

    public var pieces: [SimulatedPiece]
    public var activities: [Activity]
    /// Quarter notes per minute of the pieces at tempo 1.
    public var pieceBPM: Double = 96
    /// Share of played notes replaced by a neighbouring key, dropped, or doubled by a stray key.
    public var wrongNoteRate: Double = 0
    public var droppedNoteRate: Double = 0
    public var extraNoteRate: Double = 0
    /// Onset jitter, ± milliseconds.
    public var jitterMilliseconds: Double = 12
    /// How much later the left hand strikes than the right, milliseconds (hands apart in
    /// octave passages; real players lie 10–60 ms apart).
    public var leftHandLagMilliseconds: Double = 0
    public var seed: UInt64 = 1

    public init(pieces: [SimulatedPiece], activities: [Activity]) {
        self.pieces = pieces
        self.activities = activities
    }
}

/// What a simulated activity was: its time span and, for takes, the passage.
public struct SimulatedSegment: Hashable, Sendable {
    public enum Kind: String, Sendable { case technique, repertoire, free }

    public var kind: Kind
    /// Piece index for takes, exercise description otherwise.
    public var material: String
    public var passage: String?
    public var complete: Bool
    /// First onset and last sound end, nanoseconds.
    public var start: Int64
    public var end: Int64
}

/// A rendered session: its notes in onset order and the truth about them.
public struct SimulatedSession: Sendable {
    public var notes: [Note]
    public var segments: [SimulatedSegment]

    /// Changes of material between consecutive segments (exercises count as one material,
    /// "technique", as the evaluation set does; every free segment is its own).
    public var contextSwitches: Int {
        var count = 0
        var previous: String?
        for (index, segment) in segments.enumerated() {
            let material = segment.kind == .free ? "free\(index)" : segment.material
            if let previous, previous != material { count += 1 }
            previous = material
        }
        return count
    }

    public var takes: [SimulatedSegment] { segments.filter { $0.kind == .repertoire } }
}
