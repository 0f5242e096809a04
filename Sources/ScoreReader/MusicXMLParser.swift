import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Streams a MusicXML document (`score-partwise` or `score-timewise`) through XMLParser and
/// collects each part's measures: notes with their offsets, signatures, barlines, directions.
/// Memory grows with the notes kept, not with the document (a 100 MB file parses in ~20 MB).
final class MusicXMLParser: NSObject, XMLParserDelegate {
    private let file: String
    private(set) var content = MusicXMLContent()
    private(set) var failure: ScoreReadError?
    private weak var parser: XMLParser?

    // Element context.
    private var path: [String] = []
    private var text = ""
    // Where we are: part and measure (index within the part).
    private var part: String?
    private var measureIndex = -1
    private var timewiseMeasure: (label: String, isImplicit: Bool, line: Int)?
    // Per part, carried from measure to measure.
    private var divisions: [String: Int] = [:]
    private var time: [String: TimeSignature] = [:]
    private var key: [String: KeySignature] = [:]
    // Inside a measure: the time cursor (quarter notes) and the last note's onset, for chords.
    private var cursor = 0.0
    private var lastOnset = 0.0
    // The element being read.
    private var note = NoteFields()
    private var moveDuration: Int?
    private var direction = DirectionFields()
    private var barline = BarlineFields()
    private var creditIsTitle = false
    private var creatorIsComposer = false
    private var pendingBeats = ""
    private var pendingBeatType = ""

    private struct NoteFields {
        var line = 0
        var isChord = false, isGrace = false, isRest = false, isCue = false, isUnpitched = false
        var step: Character?
        var alter = 0.0
        var octave: Int?
        var duration: Int?
        var staff = 1, voice = 1
        var tieStart = false, tieStop = false
        var ornament: Ornament?
    }

    private struct DirectionFields {
        var offset = 0
        var staff = 0
        var words: [String] = []
        var dynamics: [String] = []
        var beatUnit: String?
        var beatUnitDots = 0
        var perMinute: String?
        var soundTempo: Double?
        var jumps = MusicXMLContent.Jumps()
    }

    private struct BarlineFields {
        var jumps = MusicXMLContent.Jumps()
    }

    init(file: String) {
        self.file = file
    }

    /// Parses the whole stream; returns the content or throws the first problem found.
    func parse(_ parser: XMLParser) throws -> MusicXMLContent {
        self.parser = parser
        parser.delegate = self
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let succeeded = parser.parse()
        if let failure { throw failure }
        guard succeeded else {
            let underlying = parser.parserError.map { " (\(($0 as NSError).localizedDescription))" } ?? ""
            throw ScoreReadError(
                file: file,
                location: "line \(parser.lineNumber)",
                problem: "the XML is cut short or malformed\(underlying) — expected a complete MusicXML document"
            )
        }
        guard sawRoot else {
            throw ScoreReadError(file: file, problem: "no XML element in it — expected a MusicXML score")
        }
        return content
    }

    private var sawRoot = false

    private func fail(_ problem: String, element: String? = nil) {
        guard failure == nil else { return }
        let line = parser?.lineNumber ?? 0
        failure = ScoreReadError(
            file: file,
            location: "line \(line)" + (element.map { ", <\($0)>" } ?? ""),
            problem: problem
        )
        parser?.abortParsing()
    }

    private var parent: String? { path.count >= 2 ? path[path.count - 2] : nil }
    private func inside(_ name: String) -> Bool { path.dropLast().contains(name) }

    // MARK: - Elements

    func parser(
        _ parser: XMLParser,
        didStartElement name: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard failure == nil else { return }
        path.append(name)
        text = ""
        if path.count == 1 {
            sawRoot = true
            switch name {
            case "score-partwise": content.isTimewise = false
            case "score-timewise": content.isTimewise = true
            case "opus":
                fail("an opus lists other files — open one of its scores instead", element: name)
            default:
                fail("not a MusicXML score: the document is <\(name)> — expected <score-partwise>", element: name)
            }
            return
        }
        switch name {
        case "score-part":
            if let id = attributes["id"] { content.partOrder.append(id) }
        case "part" where !inside("part-list"):
            guard let id = attributes["id"] else { return fail("a part without an id", element: name) }
            part = id
            if content.parts[id] == nil { content.parts[id] = MusicXMLContent.Part() }
            if content.isTimewise, let measure = timewiseMeasure {
                beginMeasure(label: measure.label, isImplicit: measure.isImplicit, line: measure.line)
            }
        case "measure":
            let label = attributes["text"] ?? attributes["number"] ?? ""
            let isImplicit = attributes["implicit"] == "yes"
            if content.isTimewise {
                timewiseMeasure = (label, isImplicit, parser.lineNumber)
                measureIndex += 1
            } else {
                guard part != nil else { return fail("a measure outside any part", element: name) }
                beginMeasure(label: label, isImplicit: isImplicit, line: parser.lineNumber)
            }
        case "note":
            note = NoteFields(line: parser.lineNumber)
            note.isCue = false
        case "chord" where parent == "note": note.isChord = true
        case "grace" where parent == "note": note.isGrace = true
        case "rest" where parent == "note": note.isRest = true
        case "cue" where parent == "note": note.isCue = true
        case "unpitched" where parent == "note": note.isUnpitched = true
        case "tie" where parent == "note":
            if attributes["type"] == "start" { note.tieStart = true }
            if attributes["type"] == "stop" { note.tieStop = true }
        case "tied" where inside("note"):
            if attributes["type"] == "start" || attributes["type"] == "continue" { note.tieStart = true }
            if attributes["type"] == "stop" || attributes["type"] == "continue" { note.tieStop = true }
        case "trill-mark": note.ornament = .trill
        case "wavy-line" where inside("ornaments"): note.ornament = .trill
        case "mordent", "inverted-mordent": note.ornament = .mordent
        case "turn", "inverted-turn", "delayed-turn", "delayed-inverted-turn", "vertical-turn": note.ornament = .turn
        case "tremolo" where inside("ornaments"): note.ornament = .tremolo
        case "shake", "schleifer", "haydn", "other-ornament": note.ornament = note.ornament ?? .other
        case "backup", "forward": moveDuration = nil
        case "direction": direction = DirectionFields()
        case "barline": barline = BarlineFields()
        case "repeat" where parent == "barline":
            if attributes["direction"] == "forward" { barline.jumps.forwardRepeat = true }
            if attributes["direction"] == "backward" {
                barline.jumps.backwardRepeat = true
                barline.jumps.repeatTimes = attributes["times"].flatMap { Int($0) }.map { max(1, $0) }
            }
        case "ending" where parent == "barline":
            let numbers = (attributes["number"] ?? "").split { $0 == "," || $0 == " " }.compactMap { Int($0) }
            switch attributes["type"] {
            case "start": barline.jumps.endingStart = numbers.isEmpty ? [1] : numbers
            case "stop", "discontinue": barline.jumps.endingStop = true
            default: break
            }
        case "segno" where inside("direction-type") || parent == "barline":
            if inside("barline") { barline.jumps.segno = true } else { direction.jumps.segno = true }
        case "coda" where inside("direction-type") || parent == "barline":
            if inside("barline") { barline.jumps.coda = true } else { direction.jumps.coda = true }
        case "sound": readSound(attributes)
        case "creator" where parent == "identification": creatorIsComposer = attributes["type"] == "composer"
        case "credit": creditIsTitle = false
        case "metronome": break
        default:
            if parent == "dynamics", inside("direction") { direction.dynamics.append(name) }
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(
        _ parser: XMLParser,
        didEndElement name: String,
        namespaceURI: String?,
        qualifiedName: String?
    ) {
        guard failure == nil else { return }
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        text = ""
        defer { path.removeLast() }
        switch name {
        case "work-title": content.workTitle = value.isEmpty ? nil : value
        case "movement-title": content.movementTitle = value.isEmpty ? nil : value
        case "credit-type" where value == "title": creditIsTitle = true
        case "credit-words" where creditIsTitle && content.creditTitle == nil && !value.isEmpty:
            content.creditTitle = value
        case "creator" where creatorIsComposer && !value.isEmpty: content.composer = value
        case "divisions":
            guard let number = Int(value), number > 0 else {
                return fail(
                    "\(value.isEmpty ? "no" : value) divisions per quarter note — expected a positive whole number",
                    element: name
                )
            }
            if let part { divisions[part] = number }
        case "fifths" where parent == "key":
            if let part, let fifths = Int(value) {
                key[part] = KeySignature(fifths: fifths, mode: nil)
                updateMeasure { $0.key = self.key[part] }
            }
        case "mode" where parent == "key":
            if let part, key[part] != nil {
                key[part]!.mode = value
                updateMeasure { $0.key = self.key[part] }
            }
        case "beats" where parent == "time": pendingBeats = value
        case "beat-type" where parent == "time": pendingBeatType = value
        case "time" where parent == "attributes": endTime()
        case "staves" where parent == "attributes":
            if let part, let staves = Int(value), staves > 0 {
                content.parts[part]!.staves = max(content.parts[part]!.staves, staves)
            }
        case "step" where parent == "pitch": note.step = value.first
        case "alter" where parent == "pitch": note.alter = Double(value) ?? 0
        case "octave" where parent == "pitch":
            guard let octave = Int(value) else {
                return fail("octave \"\(value)\" — expected a number 0–9", element: name)
            }
            note.octave = octave
        case "duration" where parent == "note": note.duration = Int(value)
        case "duration" where parent == "backup" || parent == "forward": moveDuration = Int(value)
        case "voice" where parent == "note": note.voice = Int(value.prefix { $0.isNumber }) ?? 1
        case "staff" where parent == "note": note.staff = max(1, Int(value) ?? 1)
        case "staff" where parent == "direction": direction.staff = Int(value) ?? 0
        case "offset" where parent == "direction": direction.offset = Int(value) ?? 0
        case "words" where inside("direction-type"): if !value.isEmpty { direction.words.append(value) }
        case "other-dynamics": if !value.isEmpty { direction.dynamics.append(value) }
        case "beat-unit" where parent == "metronome": if direction.beatUnit == nil { direction.beatUnit = value }
        case "beat-unit-dot" where parent == "metronome": direction.beatUnitDots += 1
        case "per-minute" where parent == "metronome": direction.perMinute = value
        case "note": endNote()
        case "backup", "forward": endMove(name)
        case "direction": endDirection()
        case "barline": endBarline()
        case "part" where content.isTimewise == false: part = nil
        default: break
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard failure == nil else { return }
        failure = ScoreReadError(
            file: file,
            location: "line \(parser.lineNumber)",
            problem:
                "the XML is cut short or malformed (\((parseError as NSError).localizedDescription.trimmingCharacters(in: .whitespacesAndNewlines))) — expected a complete MusicXML document"
        )
    }

    // MARK: - Building

    private func beginMeasure(label: String, isImplicit: Bool, line: Int) {
        guard let part else { return }
        cursor = 0
        lastOnset = 0
        var measures = content.parts[part]!.measures
        if !content.isTimewise { measureIndex = measures.count }
        let measure = MusicXMLContent.MeasureContent(
            label: label,
            isImplicit: isImplicit,
            line: line,
            time: time[part] ?? .common,
            key: key[part]
        )
        if measureIndex < measures.count {
            measures[measureIndex] = measure
        } else {
            while measures.count < measureIndex {
                measures.append(
                    MusicXMLContent.MeasureContent(label: label, isImplicit: isImplicit, line: line, time: measure.time)
                )
            }
            measures.append(measure)
        }
        content.parts[part]!.measures = measures
    }

    private func updateMeasure(_ change: (inout MusicXMLContent.MeasureContent) -> Void) {
        guard let part, measureIndex >= 0, measureIndex < content.parts[part]?.measures.count ?? 0 else { return }
        change(&content.parts[part]!.measures[measureIndex])
    }

    private func currentDivisions(_ element: String) -> Double? {
        guard let part, let value = divisions[part] else {
            fail(
                "a duration before any <divisions> — expected <attributes><divisions> in the first measure",
                element: element
            )
            return nil
        }
        return Double(value)
    }

    private func endTime() {
        defer {
            pendingBeats = ""
            pendingBeatType = ""
        }
        guard let part else { return }
        let beats = pendingBeats.split(separator: "+").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard let beatType = Int(pendingBeatType), beatType > 0, !beats.isEmpty, beats.allSatisfy({ $0 > 0 }) else {
            return  // senza-misura or an unreadable signature: keep the previous one
        }
        time[part] = TimeSignature(beats: beats.reduce(0, +), beatType: beatType)
        updateMeasure {
            $0.time = self.time[part]!
            $0.timeIsWritten = true
        }
    }

    private func endNote() {
        guard part != nil, measureIndex >= 0 else { return fail("a note outside any measure", element: "note") }
        let onset = note.isChord ? lastOnset : cursor
        var length = 0.0
        if !note.isGrace {
            guard let duration = note.duration else {
                return fail("a note without <duration> — expected its length in divisions", element: "note")
            }
            guard duration >= 0 else { return fail("a negative duration", element: "duration") }
            guard let divisions = currentDivisions("note") else { return }
            length = Double(duration) / divisions
        }
        let fields = note
        updateMeasure { measure in
            measure.hasContent = true
            if !fields.isChord { measure.length = max(measure.length, onset + length) }
        }
        if !note.isChord {
            lastOnset = cursor
            if !note.isGrace { cursor += length }
        }
        guard !note.isRest, !note.isCue, !note.isUnpitched else { return }
        guard let step = note.step, let semitone = Self.semitones[step], let octave = note.octave else {
            return fail(
                "a note without a pitch — expected <pitch> with <step> A–G and <octave>, or <rest/>",
                element: "note"
            )
        }
        let midi = (octave + 1) * 12 + semitone + Int(note.alter.rounded())
        guard (0...127).contains(midi) else {
            return fail("pitch \(step)\(octave) is outside the MIDI range C-1…G9", element: "note")
        }
        let value = MusicXMLContent.NoteContent(
            offset: onset,
            duration: length,
            key: UInt8(midi),
            staff: note.staff,
            voice: note.voice,
            isGrace: note.isGrace,
            ornament: note.ornament,
            tieStart: note.tieStart,
            tieStop: note.tieStop
        )
        updateMeasure { $0.notes.append(value) }
    }

    private static let semitones: [Character: Int] = ["C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11]

    private func endMove(_ name: String) {
        guard let duration = moveDuration, duration >= 0 else {
            return fail("<\(name)> without a duration — expected <duration> in divisions", element: name)
        }
        guard let divisions = currentDivisions(name) else { return }
        let amount = Double(duration) / divisions
        if name == "backup" {
            cursor = max(0, cursor - amount)
        } else {
            cursor += amount
            updateMeasure {
                $0.hasContent = true
                $0.length = max($0.length, self.cursor)
            }
        }
    }

    private func readSound(_ attributes: [String: String]) {
        var jumps = MusicXMLContent.Jumps()
        if attributes["dacapo"] == "yes" { jumps.daCapo = true }
        if attributes["dalsegno"] != nil { jumps.dalSegno = true }
        if attributes["fine"] != nil { jumps.fine = true }
        if attributes["tocoda"] != nil { jumps.toCoda = true }
        if attributes["coda"] != nil { jumps.coda = true }
        if attributes["segno"] != nil { jumps.segno = true }
        if inside("direction") {
            direction.jumps.merge(jumps)
            if let tempo = attributes["tempo"].flatMap(Double.init), tempo > 0 { direction.soundTempo = tempo }
        } else {
            updateMeasure { $0.jumps.merge(jumps) }
            if let tempo = attributes["tempo"].flatMap(Double.init), tempo > 0 {
                let offset = cursor
                updateMeasure { $0.tempos.append((offset, tempo, nil)) }
            }
        }
    }

    private func endDirection() {
        var fields = direction
        let offset = cursor + (Double(fields.offset) / Double(part.flatMap { divisions[$0] } ?? 1))
        fields.jumps.merge(MusicXMLContent.Jumps(words: fields.words))
        if fields.jumps.coda && fields.jumps.toCoda { fields.jumps.coda = false }
        var tempo = fields.soundTempo
        if tempo == nil, let unit = fields.beatUnit, let perMinute = fields.perMinute {
            let digits = perMinute.filter { $0.isNumber || $0 == "." }
            if let count = Double(digits), count > 0, let quarters = Self.quarters(ofUnit: unit) {
                var length = quarters
                var dot = quarters / 2
                for _ in 0..<fields.beatUnitDots {
                    length += dot
                    dot /= 2
                }
                tempo = count * length
            }
        }
        let text = fields.words.first ?? fields.perMinute.map { "\(fields.beatUnit ?? "quarter") = \($0)" }
        updateMeasure { measure in
            measure.jumps.merge(fields.jumps)
            if let tempo { measure.tempos.append((offset, tempo, text)) }
            for dynamic in fields.dynamics { measure.dynamics.append((offset, dynamic, fields.staff)) }
        }
    }

    private static func quarters(ofUnit unit: String) -> Double? {
        switch unit {
        case "whole": 4
        case "half": 2
        case "quarter": 1
        case "eighth": 0.5
        case "16th": 0.25
        case "32nd": 0.125
        case "breve": 8
        default: nil
        }
    }

    private func endBarline() {
        let jumps = barline.jumps
        updateMeasure { $0.jumps.merge(jumps) }
    }
}

extension MusicXMLContent.Jumps {
    /// Jumps a direction's words announce ("D.C. al Fine", "D.S. al Coda", "Fine", "To Coda").
    init(words: [String]) {
        self.init()
        for word in words {
            let lower = word.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
            if lower.hasPrefix("d.c.") || lower.hasPrefix("da capo") || lower.hasPrefix("d. c.") {
                daCapo = true
            } else if lower.hasPrefix("d.s.") || lower.hasPrefix("dal segno") || lower.hasPrefix("d. s.") {
                dalSegno = true
            } else if lower == "fine" {
                fine = true
            } else if lower.hasPrefix("to coda") || lower.hasPrefix("al coda") {
                toCoda = true
            }
        }
    }

    mutating func merge(_ other: Self) {
        forwardRepeat = forwardRepeat || other.forwardRepeat
        backwardRepeat = backwardRepeat || other.backwardRepeat
        repeatTimes = repeatTimes ?? other.repeatTimes
        endingStart = endingStart ?? other.endingStart
        endingStop = endingStop || other.endingStop
        segno = segno || other.segno
        coda = coda || other.coda
        toCoda = toCoda || other.toCoda
        daCapo = daCapo || other.daCapo
        dalSegno = dalSegno || other.dalSegno
        fine = fine || other.fine
    }
}
