import Foundation
import FuzzDriver
import MIDICore

/// Both Standard MIDI File readers on any bytes: each must return or throw a MIDIFileError,
/// agree with the other, and the notes of what they read must be well formed.
func fuzzSMF(_ start: UnsafeRawPointer, _ count: Int) -> Int32 {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let performance = try? Performance(midiFile: bytes)
    let file = try? StandardMIDIFile(bytes: bytes)
    precondition((performance == nil) == (file == nil), "the readers disagree on whether the file reads")
    guard let performance else { return 0 }
    precondition(performance.messages.count == file!.performance.messages.count, "the readers disagree")
    for note in performance.notes {
        precondition(note.onset <= note.release && note.release <= note.end, "a note ends before it starts")
    }
    _ = performance.pedalMoves
    _ = try? SessionSpan.check(performance)
    return 0
}

// libFuzzer's driver runs the test on every input it makes (see Fuzz/Package.swift).
exit(
    runFuzzer(CommandLine.argc, CommandLine.unsafeArgv) { data, count in
        data.map { fuzzSMF(UnsafeRawPointer($0), count) } ?? 0
    }
)
