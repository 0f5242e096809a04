import Foundation
import MIDICore
import PracticeAnalyzer
import PracticeLibrary
import PracticeReports
import PracticeSegmenter
import ScoreReader
import Testing

/// From a MusicXML score to the bars that need work: a generated score read by ScoreReader,
/// takes of it played with mistakes, segmented against the score as a known piece and judged
/// against it — each error in its printed bar and on its beat, the score's grace note no error.
struct ScoreJudgementTests {
    /// 16 bars of 4/4 at ♩ = 120: a right-hand line of quarter notes (seeded, no two
    /// neighbours alike) over a left-hand half note on beats 1 and 3; bar 6 opens with a grace
    /// note.
    static func musicXML() -> String {
        var state: UInt64 = 5
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let steps = ["C", "D", "E", "F", "G", "A", "B"]
        func pitch(_ degree: Int, octave: Int) -> String {
            "<pitch><step>\(steps[degree % 7])</step><octave>\(octave + degree / 7)</octave></pitch>"
        }
        var degree = 7
        var measures = ""
        for bar in 1...16 {
            var body =
                bar == 1
                ? "<attributes><divisions>1</divisions><time><beats>4</beats><beat-type>4</beat-type></time>"
                    + "<staves>2</staves></attributes><sound tempo=\"120\"/>" : ""
            for beat in 1...4 {
                degree = min(13, max(0, degree + [-2, -1, 1, 2][next(4)]))
                if bar == 6 && beat == 1 {
                    body += "<note><grace/>\(pitch(degree + 1, octave: 4))<voice>1</voice><staff>1</staff></note>"
                }
                body += "<note>\(pitch(degree, octave: 4))<duration>1</duration><voice>1</voice><staff>1</staff></note>"
            }
            body += "<backup><duration>4</duration></backup>"
            for half in 0..<2 {
                let root = [0, 3, 4, 5, 1][(bar * 2 + half) % 5]
                body += "<note>\(pitch(root, octave: 2))<duration>2</duration><voice>2</voice><staff>2</staff></note>"
            }
            measures += "<measure number=\"\(bar)\">\(body)</measure>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <score-partwise version="3.1"><work><work-title>Judged</work-title></work>
            <part-list><score-part id="P1"><part-name>Piano</part-name></score-part></part-list>
            <part id="P1">\(measures)</part></score-partwise>
            """
    }

    /// Bars `bars` of `score` at its tempo from `start` seconds; the melody note on beat `beat`
    /// of bar `wrongBar` a semitone too high (or too low, where that is a neighbour's key).
    static func take(_ score: Score, bars: ClosedRange<Int>, start: Double, wrong: (bar: Int, beat: Double)?) -> [Note]
    {
        let label = { (note: ScoreNote) in Int(score.measures[score.playedMeasures[note.playedMeasure].measure].label)!
        }
        let notes = score.notes.filter { bars.contains(label($0)) && !$0.isGrace }
        let origin = notes[0].onset
        return notes.map { note in
            var key = note.key
            if let wrong, label(note) == wrong.bar, note.beat == wrong.beat, note.hand == .right {
                let neighbours = notes.filter { abs($0.onset - note.onset) <= 1 && $0.hand == .right }.map(\.key)
                key = neighbours.contains(note.key + 1) ? note.key - 1 : note.key + 1
            }
            let onset = Int64((start + (note.onset - origin) * 0.5) * 1e9)
            let end = onset + Int64(note.duration * 0.45e9)
            return Note(onset: onset, release: end, end: end, key: key, velocity: 72)
        }
    }

    @Test func errorsAreInThePrintedBarsOfAMusicXMLScore() throws {
        let score = try Score.read(Data(Self.musicXML().utf8), fileName: "judged.musicxml")
        let known = KnownMaterial(id: 7, name: "Judged", fingerprint: MaterialFingerprint(score: score))
        var notes: [Note] = []
        var start = 2.0
        // Bars 5–8 five times, the second, third and fourth take with bar 7's third beat wrong;
        // none plays bar 6's grace note.
        for take in 0..<5 {
            let played = Self.take(score, bars: 5...8, start: start, wrong: (1...3).contains(take) ? (7, 3) : nil)
            notes += played
            start = Double(played.map(\.end).max()!) / 1e9 + 3
        }
        let report = SessionAnalysis.report(
            notes: notes,
            known: [known],
            context: AnalysisContext(),
            facts: PracticeReport.SessionFacts()
        )
        let takes = report.allTakes.map(\.take)
        #expect(takes.count == 5)
        #expect(takes.allSatisfy { $0.bars?.first == "5" && $0.bars?.last == "8" })
        #expect(
            takes.map { $0.errorPlaces?.map { "\($0.kind.rawValue) \($0.bar):\($0.beat)" } } == [
                [], ["wrong 7:3.0"], ["wrong 7:3.0"], ["wrong 7:3.0"], [],
            ]
        )
        let material = try #require(report.materials.first { $0.libraryID == 7 })
        #expect(material.markedTempo == 120)
        #expect(material.barsNeedingWork?.map(\.summary) == ["bar 7: errors in 3 of 5 takes"])
        #expect(report.text().contains("bar 7: errors in 3 of 5 takes"))
        #expect(report.text().contains("played at 100% of ♩ = 120"))
    }
}
