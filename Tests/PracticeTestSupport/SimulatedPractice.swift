public import MIDICore
public import PracticeSimulator

/// One simulated practice session of one piece as a MIDI file, for tests that import, analyse
/// and serve a session made by the project's own simulator (WoodshedCLITests, JournalServerTests).
public enum SimulatedPractice {
    /// The piece practised: 16 bars in C major.
    public static let piece = SimulatedPiece(name: "A", tonic: 60, minor: false, bars: 16, seed: 5)

    /// Three takes of bars 1–4 and a run-through of bars 1–8, played as `seed` decides.
    public static func file(seed: UInt64) -> StandardMIDIFile {
        var script = PracticeScript(
            pieces: [piece],
            activities: [
                .take(piece: 0, from: 1, to: 4), .silence(seconds: 3), .take(piece: 0, from: 1, to: 4),
                .silence(seconds: 3), .take(piece: 0, from: 1, to: 4), .silence(seconds: 4),
                .take(piece: 0, from: 1, to: 8),
            ]
        )
        script.seed = seed
        var messages: [TimedMessage] = []
        for note in script.render().notes {
            messages.append(
                TimedMessage(time: note.onset, port: 0, message: .noteOn(channel: 0, key: note.key, velocity: 64))
            )
            messages.append(
                TimedMessage(time: note.release, port: 0, message: .noteOff(channel: 0, key: note.key, velocity: 0))
            )
        }
        messages.sort { $0.time < $1.time }
        return StandardMIDIFile(performance: messages, portNames: ["Piano"], title: "practice")
    }
}
