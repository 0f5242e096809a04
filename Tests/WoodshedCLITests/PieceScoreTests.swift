import Foundation
import MIDICore
import PracticeReports
import PracticeSegmenter
import PracticeSimulator
import PracticeTestSupport
import SessionStore
import Testing

@testable import WoodshedCLI

/// `woodshed pieces add` with MusicXML, .mxl and MIDI scores, and `woodshed pieces score`.
struct PieceScoreTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/scores").path

    /// The simulated piece of ``AnalyzeTests`` as a notation program exports it: 4/4, one track
    /// per hand, 480 ticks per quarter.
    static func scoreFile(_ piece: SimulatedPiece) -> StandardMIDIFile {
        typealias Event = StandardMIDIFile.Event
        let conductor = StandardMIDIFile.Track(events: [
            Event(tick: 0, kind: .meta(.text(.trackName, Array("Sonatina".utf8)))),
            Event(
                tick: 0,
                kind: .meta(
                    .timeSignature(numerator: 4, denominatorPower: 2, clocksPerClick: 24, thirtySecondsPerQuarter: 8)
                )
            ),
        ])
        let hands = [true, false].map { right in
            var events: [Event] = []
            for event in piece.events where event.rightHand == right {
                let tick = UInt64(event.beat * 480)
                for key in event.keys {
                    events.append(Event(tick: tick, kind: .midi(.noteOn(channel: 0, key: key, velocity: 80))))
                    events.append(
                        Event(
                            tick: tick + UInt64(event.beats * 480) - 1,
                            kind: .midi(.noteOff(channel: 0, key: key, velocity: 0))
                        )
                    )
                }
            }
            return StandardMIDIFile.Track(events: events.sorted { $0.tick < $1.tick })
        }
        return StandardMIDIFile(
            format: .simultaneousTracks,
            division: .ticksPerQuarter(480),
            tracks: [conductor] + hands
        )
    }

    @Test func aMusicXMLScoreAddsANamedPieceWithItsBars() async throws {
        let sandbox = Sandbox()
        #expect(await sandbox.run("pieces", "add", Self.fixtures + "/pickup-ties.mxl") == 0)
        #expect(await sandbox.run("pieces", "add", "Voltas", Self.fixtures + "/repeats-voltas.musicxml") == 0)
        let materials = try Library(path: sandbox.library).materials()
        #expect(materials.map(\.name) == ["Pickup Waltz", "Voltas"])
        #expect(materials.allSatisfy { $0.isReference })
        let fingerprint = try JSONDecoder().decode(MaterialFingerprint.self, from: materials[1].fingerprint)
        #expect(fingerprint.score?.labels == ["1", "2", "3", "4", "2", "3", "5", "6"])
        #expect(fingerprint.score?.barCount == 6)
    }

    @Test func aBadScoreIsRefusedAndAddsNothing() async throws {
        let sandbox = Sandbox()
        let bad = sandbox.write(Array("<score-partwise><part id=\"P1\"><measure>".utf8), "cut.musicxml")
        #expect(await sandbox.run("pieces", "add", "Cut", bad) == 1)
        #expect(await sandbox.run("pieces", "add", "Missing", sandbox.root + "/nowhere.musicxml") == 1)
        let materials = try Library(path: sandbox.library).materials()
        #expect(materials.isEmpty)
    }

    @Test func practiceOfAScoredPieceIsReportedInBars() async throws {
        let sandbox = Sandbox()
        let score = sandbox.write(Self.scoreFile(SimulatedPractice.piece).encoded(), "sonatina.mid")
        let practice = sandbox.write(SimulatedPractice.file(seed: 3).encoded(), "practice.mid")
        #expect(await sandbox.run("pieces", "add", "Sonatina", score) == 0)
        #expect(await sandbox.run("import", practice) == 0)
        #expect(await sandbox.run("analyze", "--session", "1", "-o", sandbox.root + "/report.txt") == 0)
        let library = try Library(path: sandbox.library)
        let report = try PracticeReport.decode(try #require(try library.analysis(session: 1)).report)
        #expect(report.materials.first?.name == "Sonatina")
        #expect(report.materials.first?.bars == 16)
        let bars = report.allTakes.map { $0.take.bars.map { "\($0.first)–\($0.last)" } ?? "none" }
        #expect(bars == ["1–4", "1–4", "1–4", "1–8"])
        let text = try String(contentsOfFile: sandbox.root + "/report.txt", encoding: .utf8)
        // The segmenter takes the three short takes for stops in the run-through: one passage.
        #expect(text.contains("Sonatina · bars 1–8"))
    }

    @Test func aPieceLearnedFromPlayingGetsItsScore() async throws {
        let sandbox = Sandbox()
        let practice = sandbox.write(SimulatedPractice.file(seed: 4).encoded(), "practice.mid")
        #expect(await sandbox.run("import", practice) == 0)
        #expect(await sandbox.run("analyze", "--session", "1", "-o", sandbox.root + "/first.txt") == 0)
        let library = try Library(path: sandbox.library)
        let learned = try #require(try library.materials().first)
        #expect(!learned.isReference)
        let score = sandbox.write(Self.scoreFile(SimulatedPractice.piece).encoded(), "sonatina.mid")
        #expect(await sandbox.run("pieces", "score", "\(learned.id)", score) == 0)
        let scored = try #require(try library.materials().first)
        #expect(scored.isReference && scored.name == "Sonatina")
        #expect(await sandbox.run("analyze", "--session", "1", "-o", sandbox.root + "/again.txt") == 0)
        let report = try PracticeReport.decode(try #require(try library.analysis(session: 1)).report)
        #expect(report.allTakes.first?.take.bars?.first == "1")
        #expect(await sandbox.run("pieces", "score", "99", score) == 1)
    }
}
