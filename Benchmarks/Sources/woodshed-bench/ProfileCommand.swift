import ArgumentParser
import Foundation
import MIDICore

/// One operation and nothing else, for counting its instructions — repeatable on a shared
/// machine where times are not:
///
///     valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*profiled*' \
///         Benchmarks/.build/release/woodshed-bench profile read FILE.mid
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Runs one operation once, inside a function callgrind can be told to count."
    )

    enum Operation: String, ExpressibleByArgument, CaseIterable {
        /// Bytes to a performance and its paired notes.
        case read
        /// The same through the file's event model (StandardMIDIFile(bytes:).performance).
        case readModel = "read-model"
        /// A performance to SMF bytes.
        case write
    }

    @Argument(help: "read, read-model or write.")
    var operation: Operation

    @Argument(help: "A MIDI file.")
    var file: String

    func run() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        switch operation {
        case .read: print(try profiledRead(bytes))
        case .readModel: print(try profiledModelRead(bytes))
        case .write: print(profiledWrite(try Performance(midiFile: bytes)))
        }
    }
}

@inline(never) func profiledRead(_ bytes: [UInt8]) throws -> Int {
    try Performance(midiFile: bytes).notes.count
}

@inline(never) func profiledModelRead(_ bytes: [UInt8]) throws -> Int {
    try StandardMIDIFile(bytes: bytes).performance.notes.count
}

@inline(never) func profiledWrite(_ performance: Performance) -> Int {
    StandardMIDIFile(performance: performance.messages, portNames: performance.portNames).encoded().count
}
