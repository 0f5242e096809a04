import Testing

@testable import MIDICore

@Suite("Standard MIDI File errors name the byte offset")
struct MIDIFileErrorTests {
    func error(_ bytes: [UInt8]) -> MIDIFileError? {
        do {
            _ = try StandardMIDIFile(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test("an empty file")
    func empty() {
        #expect(
            error([])?.message
                == "byte offset 0: expected a Standard MIDI File header 'MThd', found an empty file (0 bytes)"
        )
    }

    @Test("a PNG image renamed .mid")
    func png() {
        let e = error([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        #expect(e?.offset == 0)
        #expect(e?.found.contains("PNG image") == true)
    }

    @Test("a truncated file")
    func truncated() {
        let bytes = Array(MIDIFileReaderTests.runningStatusFile.prefix(30))
        let e = error(bytes)
        #expect(e?.offset == 18)
        #expect(e?.found.contains("file truncated") == true)
    }

    @Test("a chunk length of 4 GB costs no memory and names its offset")
    func hugeChunk() {
        var bytes = smf(format: 0, division: (0x00, 0x60), tracks: [[0x00, 0xFF, 0x2F, 0x00]])
        bytes.replaceSubrange(18..<22, with: [0xFF, 0xFF, 0xFF, 0xFF])
        let e = error(bytes)
        #expect(e?.offset == 18)
        #expect(e?.found.hasPrefix("4294967295 for chunk 'MTrk'") == true)
    }

    @Test("a variable-length number longer than 4 bytes")
    func longVariableLength() {
        let e = error(
            smf(format: 0, division: (0x00, 0x60), tracks: [[0x81, 0x81, 0x81, 0x81, 0x00, 0x90, 0x3C, 0x40]])
        )
        #expect(e?.offset == 22)
        #expect(e?.expected.contains("at most 4 bytes") == true)
    }

    @Test("a data byte with no running status in effect")
    func noRunningStatus() {
        let e = error(smf(format: 0, division: (0x00, 0x60), tracks: [[0x00, 0x3C, 0x40]]))
        #expect(
            e?.message
                == "byte offset 23: expected a status byte in track 1 (no running status is in effect), found data byte 0x3C"
        )
    }

    @Test("a status byte where a data byte belongs")
    func statusInsteadOfData() {
        let e = error(smf(format: 0, division: (0x00, 0x60), tracks: [[0x00, 0x90, 0x3C, 0x90]]))
        #expect(e?.offset == 25)
    }

    @Test("an unsupported format and a zero division")
    func header() {
        #expect(
            error(smf(format: 3, division: (0x00, 0x60), tracks: []))?.message
                == "byte offset 8: expected format 0, 1 or 2, found format 3"
        )
        #expect(error(smf(format: 0, division: (0x00, 0x00), tracks: []))?.offset == 12)
    }
}
