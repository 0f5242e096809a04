@testable import MIDICore

/// Builds SMF bytes from a hand-written header and hand-written track bodies; only the chunk
/// lengths are computed, so each test's event bytes stay exactly as written.
func smf(format: UInt16, division: (UInt8, UInt8), tracks: [[UInt8]], trackCount: UInt16? = nil) -> [UInt8] {
    let count = trackCount ?? UInt16(tracks.count)
    var bytes: [UInt8] =
        Array("MThd".utf8) + [
            0, 0, 0, 6, 0, UInt8(format), UInt8(count >> 8), UInt8(count & 0xFF), division.0, division.1,
        ]
    for body in tracks {
        let n = body.count
        bytes +=
            Array("MTrk".utf8) + [UInt8(n >> 24 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]
            + body
    }
    return bytes
}

/// Messages of a file with their times in milliseconds (exact in these fixtures).
func timedMilliseconds(_ file: StandardMIDIFile) -> [(Int64, MIDIMessage)] {
    file.timedMessages().map { ($0.time / 1_000_000, $0.message) }
}
