import Foundation
import MIDICore

/// A Standard MIDI File's notes and pedal moves, as the segmenter takes them.
struct Performance {
    var notes: [Note]
    /// Times at which a pedal moved (``Note/pedalMoves(from:)``).
    var pedalMoves: [Int64]

    /// Reads the file at `path`; throws the reader's error for a file it cannot read.
    /// O(file size).
    init(path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let messages = try StandardMIDIFile(bytes: bytes).timedMessages()
        notes = Note.notes(from: messages)
        pedalMoves = Note.pedalMoves(from: messages)
    }
}
