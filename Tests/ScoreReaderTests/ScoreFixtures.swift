import Foundation

@testable import ScoreReader

/// The hand-written scores under Fixtures/scores.
enum ScoreFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/scores")

    static let names = [
        "pickup-ties.musicxml", "repeats-voltas.musicxml", "dc-al-fine.musicxml", "ds-al-coda.musicxml",
        "grand-staff.musicxml", "timewise.musicxml", "pickup-ties.mxl",
    ]

    static func url(_ name: String) -> URL { folder.appendingPathComponent(name) }

    static func data(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }

    static func read(_ name: String) throws -> Score { try Score.read(contentsOf: url(name), name: name) }

    /// Printed labels of the played bars.
    static func playedLabels(_ score: Score) -> [String] {
        score.playedMeasures.map { score.measures[$0.measure].label }
    }
}

extension Double {
    /// Equal within a millionth of a quarter note (triplets are not exact in binary).
    func isClose(to other: Double) -> Bool { abs(self - other) < 1e-6 }
}
