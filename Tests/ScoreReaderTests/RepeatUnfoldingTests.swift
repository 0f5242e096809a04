import Foundation
import Testing

@testable import ScoreReader

/// Repeats, voltas, D.C., D.S., coda and Fine unfolded into the played order, each played bar
/// keeping its printed number.
struct RepeatUnfoldingTests {
    @Test func repeatWithFirstAndSecondEndings() throws {
        let score = try ScoreFixtures.read("repeats-voltas.musicxml")
        #expect(ScoreFixtures.playedLabels(score) == ["1", "2", "3", "4", "2", "3", "5", "6"])
        #expect(score.playedMeasures.map(\.start) == [0, 2, 4, 6, 8, 10, 12, 14])
        // Notes follow the played order: the second pass plays D4 E4, then the second ending G4.
        #expect(score.notes.map(\.key) == [60, 62, 64, 65, 62, 64, 67, 72])
        #expect(score.notes.map(\.playedMeasure) == Array(0..<8))
    }

    @Test func daCapoAlFineTakesNoRepeatTheSecondTime() throws {
        let score = try ScoreFixtures.read("dc-al-fine.musicxml")
        #expect(ScoreFixtures.playedLabels(score) == ["1", "2", "1", "2", "3", "4", "1", "2"])
        #expect(score.notes.count == 8)
        #expect(score.notes.last!.onset == 28)
    }

    @Test func dalSegnoAlCodaJumpsFromToCodaToTheCoda() throws {
        let score = try ScoreFixtures.read("ds-al-coda.musicxml")
        #expect(ScoreFixtures.playedLabels(score) == ["1", "2", "2a", "3", "2", "2a", "1", "2"])
        #expect(score.playedMeasures.map(\.measure) == [0, 1, 2, 3, 1, 2, 4, 5])
    }

    @Test(
        arguments: [
            // Three passes through "1, 2" and "3" endings: 1 2 3 | 1 2 3 | 1 2 4.
            (
                [[], ["forward"], [], ["end:1,2", "stop", "backward"], ["end:3", "stop"]],
                [0, 1, 2, 3, 1, 2, 3, 1, 2, 4]
            ),
            // A backward repeat with no forward one goes back to the start; times="3" plays it thrice.
            ([[], ["backward:3"], []], [0, 1, 0, 1, 0, 1, 2]),
            // Two sections repeated one after the other: the second goes back to its own start.
            ([[], ["backward"], [], ["backward"]], [0, 1, 0, 1, 2, 3, 2, 3]),
            // D.C. after a volta: the second time round the last ending is played.
            ([[], ["end:1", "stop", "backward"], ["end:2", "stop"], ["dacapo"]], [0, 1, 0, 2, 3, 0, 2, 3]),
            // Only coda signs and no "To Coda": the first sign is where to leave for the last.
            ([["segno"], ["coda"], ["dalsegno"], ["coda"]], [0, 1, 2, 0, 1, 3]),
        ] as [([[String]], [Int])]
    )
    func playedOrder(marks: [[String]], expected: [Int]) throws {
        let jumps = marks.map { names in
            var jumps = MusicXMLContent.Jumps()
            for name in names {
                let parts = name.split(separator: ":")
                switch parts[0] {
                case "forward": jumps.forwardRepeat = true
                case "backward":
                    jumps.backwardRepeat = true
                    jumps.repeatTimes = parts.count > 1 ? Int(parts[1]) : nil
                case "end": jumps.endingStart = parts[1].split(separator: ",").compactMap { Int($0) }
                case "stop": jumps.endingStop = true
                case "dacapo": jumps.daCapo = true
                case "dalsegno": jumps.dalSegno = true
                case "segno": jumps.segno = true
                case "coda": jumps.coda = true
                default: Issue.record("unknown mark \(name)")
                }
            }
            return jumps
        }
        #expect(try RepeatUnfolder(jumps: jumps).playedOrder() == expected)
    }

    @Test func aRepeatThatNeverEndsIsRefused() throws {
        var jumps = [MusicXMLContent.Jumps(), MusicXMLContent.Jumps()]
        jumps[1].backwardRepeat = true
        jumps[1].repeatTimes = 1_000_000
        #expect(throws: RepeatUnfolder.Loop.self) { try RepeatUnfolder(jumps: jumps).playedOrder() }
    }
}
