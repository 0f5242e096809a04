import Foundation
import MIDICore
import PracticeSegmenter
import Testing

@testable import ScoreReader

/// Takes played from a generated score, segmented with the score as a known material, carry
/// exactly the bars they played.
struct ScoreBarsTests {
    /// A 24-bar 4/4 piece: a right-hand line of eighths wandering over two octaves of C major
    /// (seeded, so no two bars are alike) over left-hand fifths on beats 1 and 3.
    static func musicXML(seed: UInt64 = 7, tempo: Int? = nil) -> String {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let steps = ["C", "D", "E", "F", "G", "A", "B"]
        var degree = 7
        func note(_ degree: Int, _ duration: Int, staff: Int, voice: Int, chord: Bool = false) -> String {
            let octave = 4 + degree / 7 - (staff == 2 ? 2 : 0)
            return
                "<note>\(chord ? "<chord/>" : "")<pitch><step>\(steps[degree % 7])</step><octave>\(octave)</octave></pitch>"
                + "<duration>\(duration)</duration><voice>\(voice)</voice><staff>\(staff)</staff></note>"
        }
        var measures = ""
        for bar in 1...24 {
            var body = bar == 1 && tempo != nil ? "<sound tempo=\"\(tempo!)\"/>" : ""
            body +=
                bar == 1
                ? "<attributes><divisions>2</divisions><time><beats>4</beats><beat-type>4</beat-type></time><staves>2</staves></attributes>"
                : ""
            for _ in 0..<8 {
                degree = min(13, max(0, degree + [-2, -1, 1, 2, 3, -3][next(6)]))
                body += note(degree, 1, staff: 1, voice: 1)
            }
            body += "<backup><duration>8</duration></backup>"
            for half in 0..<2 {
                let root = [0, 3, 4, 5, 1, 6][(bar * 2 + half) % 6]
                body += note(root, 4, staff: 2, voice: 2) + note(root + 4, 4, staff: 2, voice: 2, chord: true)
            }
            measures += "<measure number=\"\(bar)\">\(body)</measure>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <score-partwise version="3.1"><work><work-title>Generated</work-title></work>
            <part-list><score-part id="P1"><part-name>Piano</part-name></score-part></part-list>
            <part id="P1">\(measures)</part></score-partwise>
            """
    }

    /// The notes of bars `first...last` at ♩ = 120 from `start` seconds, one hand or both.
    static func take(
        _ score: Score,
        bars: ClosedRange<Int>,
        start: Double,
        hand: Hand? = nil,
        secondsPerQuarter: Double = 0.5
    ) -> [Note] {
        let notes = score.notes.filter {
            bars.contains(Int(score.measures[score.playedMeasures[$0.playedMeasure].measure].label)!)
                && (hand == nil || $0.hand == hand)
        }
        let origin = notes.first!.onset
        return notes.map { note in
            let onset = Int64((start + (note.onset - origin) * secondsPerQuarter) * 1e9)
            let end = onset + Int64(note.duration * secondsPerQuarter * 0.9e9)
            return Note(onset: onset, release: end, end: end, key: note.key, velocity: 70)
        }
    }

    @Test func takesCarryThePrintedBarsTheyPlayed() throws {
        let score = try Score.read(Data(Self.musicXML().utf8), fileName: "generated.musicxml")
        #expect(score.measures.count == 24)
        let known = KnownMaterial(id: 1, name: "Generated", fingerprint: MaterialFingerprint(score: score))
        // Bars 9–12 four times, then bars 13–14 three times with the right hand alone.
        var notes: [Note] = []
        var start = 1.0
        var plan: [(ClosedRange<Int>, Hand?)] = Array(repeating: (9...12, nil), count: 4)
        plan += Array(repeating: (13...14, .right), count: 3)
        for (bars, hand) in plan {
            let take = Self.take(score, bars: bars, start: start, hand: hand)
            notes += take
            start = Double(take.map(\.end).max()!) / 1e9 + 3
        }
        let segmentation = PracticeSegmenter().segment(notes, known: [known])
        let material = try #require(segmentation.materials.first { $0.kind == .repertoire })
        #expect(material.name == "Generated")
        #expect(material.scoreTitle == "Generated" && material.barCount == 24)
        let takes = segmentation.steps.flatMap(\.takes)
        #expect(takes.count == 7)
        #expect(takes.prefix(4).allSatisfy { $0.bars == BarRange(first: "9", last: "12") })
        #expect(takes.suffix(3).allSatisfy { $0.bars == BarRange(first: "13", last: "14", hands: .right) })
        let passages = Set(takes.map(\.passage))
        #expect(passages.compactMap { segmentation.passageBars[$0]?.name }.sorted() == ["bars 13–14", "bars 9–12"])
    }

    @Test func aTakeStoppedInsideABarSaysOnWhichBeat() throws {
        let score = try Score.read(Data(Self.musicXML().utf8), fileName: "generated.musicxml")
        let known = KnownMaterial(id: 1, name: "Generated", fingerprint: MaterialFingerprint(score: score))
        var notes: [Note] = []
        var start = 1.0
        for _ in 0..<4 {
            // Bars 5–8, stopping after the first half of bar 8 (its notes before beat 3).
            let take = Self.take(score, bars: 5...8, start: start).filter {
                Double($0.onset) / 1e9 < start + 3 * 2 + 1 - 0.01
            }
            notes += take
            start = Double(take.map(\.end).max()!) / 1e9 + 3
        }
        let takes = PracticeSegmenter().segment(notes, known: [known]).steps.flatMap(\.takes)
        #expect(takes.count == 4)
        #expect(takes.allSatisfy { $0.bars == BarRange(first: "5", last: "8", lastBeat: 2.5) })
    }

    @Test func takesAreTimedAgainstTheScoresTempoMark() throws {
        let score = try Score.read(Data(Self.musicXML(tempo: 120).utf8), fileName: "generated.musicxml")
        #expect(score.tempos.first?.quarterNotesPerMinute == 120)
        let known = KnownMaterial(id: 1, name: "Generated", fingerprint: MaterialFingerprint(score: score))
        var notes: [Note] = []
        var start = 1.0
        // Bars 17–20 at ♩ = 120 twice, then twice at ♩ = 84 (70 %).
        for secondsPerQuarter in [0.5, 0.5, 0.5 / 0.7, 0.5 / 0.7] {
            let take = Self.take(score, bars: 17...20, start: start, secondsPerQuarter: secondsPerQuarter)
            notes += take
            start = Double(take.map(\.end).max()!) / 1e9 + 3
        }
        let takes = PracticeSegmenter().segment(notes, known: [known]).steps.flatMap(\.takes)
        #expect(takes.map(\.scoreTempo) == [1, 1, 0.7, 0.7])
        // Without a tempo mark there is nothing to compare with.
        let unmarked = try Score.read(Data(Self.musicXML().utf8), fileName: "generated.musicxml")
        let plain = KnownMaterial(id: 1, name: "Generated", fingerprint: MaterialFingerprint(score: unmarked))
        #expect(
            PracticeSegmenter().segment(notes, known: [plain]).steps.flatMap(\.takes).allSatisfy {
                $0.scoreTempo == nil
            }
        )
    }
}
