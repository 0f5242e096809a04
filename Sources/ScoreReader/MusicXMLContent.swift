/// What the MusicXML reader collects per part and measure, before measures are laid end to end
/// and repeats unfolded (``ScoreAssembler``). Times are quarter notes from the measure's start.
struct MusicXMLContent {
    var isTimewise = false
    var workTitle: String?
    var movementTitle: String?
    var creditTitle: String?
    var composer: String?
    /// Part ids in `<part-list>` order.
    var partOrder: [String] = []
    var parts: [String: Part] = [:]

    struct Part {
        var measures: [MeasureContent] = []
        /// Largest `<staves>` seen (1 when never said).
        var staves = 1
    }

    struct MeasureContent {
        var label: String
        var isImplicit: Bool
        var line: Int
        /// True once a note, rest or forward filled time in it.
        var hasContent = false
        /// Furthest point its notes, rests and forwards reached.
        var length = 0.0
        /// The time and key signatures in force in this measure.
        var time: TimeSignature
        var timeIsWritten = false
        var key: KeySignature?
        var notes: [NoteContent] = []
        var jumps = Jumps()
        var tempos: [(offset: Double, quarterNotesPerMinute: Double, text: String?)] = []
        var dynamics: [(offset: Double, text: String, staff: Int)] = []
    }

    /// Repeat and jump marks of a measure, from its barlines, directions and `<sound>`s.
    struct Jumps: Equatable {
        var forwardRepeat = false
        var backwardRepeat = false
        /// `times` of a backward repeat when written (the section is played that often).
        var repeatTimes: Int?
        /// Volta numbers when an ending (volta bracket) starts here, and whether one ends here.
        var endingStart: [Int]?
        var endingStop = false
        var segno = false
        var coda = false
        var toCoda = false
        var daCapo = false
        var dalSegno = false
        var fine = false
    }

    struct NoteContent {
        var offset: Double
        var duration: Double
        var key: UInt8
        /// Staff within the part, from 1.
        var staff: Int
        var voice: Int
        var isGrace: Bool
        var ornament: Ornament?
        var tieStart: Bool
        var tieStop: Bool
    }
}
