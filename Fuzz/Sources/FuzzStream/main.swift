import Foundation
import FuzzDriver
import MIDICore

/// The raw byte-stream decoder on any bytes, fed in chunks of the sizes the first byte picks:
/// the same messages however the stream is cut, and every message re-encodes to bytes that
/// decode to itself.
func fuzzStream(_ start: UnsafeRawPointer, _ count: Int) -> Int32 {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let first = bytes.first else { return 0 }
    let input = bytes.dropFirst()
    var whole = MIDIStreamDecoder(maxSysExLength: 64)
    var all: [MIDIMessage] = whole.decode(input)
    whole.finish { all.append($0) }
    var chunked = MIDIStreamDecoder(maxSysExLength: 64)
    var pieces: [MIDIMessage] = []
    var index = input.startIndex
    let size = Int(first % 7) + 1
    while index < input.endIndex {
        let end = min(index + size, input.endIndex)
        pieces += chunked.decode(input[index..<end])
        index = end
    }
    chunked.finish { pieces.append($0) }
    precondition(all == pieces, "decoding depends on how the stream is cut")
    for message in all where !message.bytes.isEmpty {
        if case .sysEx = message { continue }
        precondition(MIDIMessage(bytes: message.bytes) == message, "a message does not survive its own bytes")
    }
    return 0
}

// libFuzzer's driver runs the test on every input it makes (see Fuzz/Package.swift).
exit(
    runFuzzer(CommandLine.argc, CommandLine.unsafeArgv) { data, count in
        data.map { fuzzStream(UnsafeRawPointer($0), count) } ?? 0
    }
)
