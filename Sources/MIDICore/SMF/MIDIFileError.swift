/// Why a Standard MIDI File could not be read, with the byte offset where it went wrong.
///
/// The description is one line a user can act on; callers add the file name in front.
public struct MIDIFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Offset from the start of the file, in bytes, of the byte that could not be read.
    public var offset: Int
    /// What the reader expected there, in words.
    public var expected: String
    /// What it found instead, in words (may be empty).
    public var found: String

    public init(offset: Int, expected: String, found: String = "") {
        self.offset = offset
        self.expected = expected
        self.found = found
    }

    public var description: String {
        found.isEmpty
            ? "byte offset \(offset): expected \(expected)"
            : "byte offset \(offset): expected \(expected), found \(found)"
    }
}

/// A forward-only cursor over the bytes of a file; every failure names its byte offset.
///
/// Nothing is allocated from lengths read out of the file before they are checked against the
/// bytes actually left, so a corrupt length (e.g. 4 GB) costs no memory.
struct ByteCursor {
    let bytes: [UInt8]
    private(set) var offset: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.offset = start
        self.end = end ?? bytes.count
    }

    var remaining: Int { end - offset }
    var isAtEnd: Bool { offset >= end }

    func peek() -> UInt8? { offset < end ? bytes[offset] : nil }

    mutating func readByte(_ what: @autoclosure () -> String) throws(MIDIFileError) -> UInt8 {
        guard offset < end else {
            throw MIDIFileError(offset: offset, expected: what(), found: "the end of the data")
        }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readBytes(_ count: Int, _ what: @autoclosure () -> String) throws(MIDIFileError) -> ArraySlice<UInt8>
    {
        guard count >= 0, count <= remaining else {
            throw MIDIFileError(
                offset: offset,
                expected: "\(count) bytes of \(what())",
                found: "only \(remaining) bytes left (file truncated or length corrupt)"
            )
        }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func readUInt16(_ what: @autoclosure () -> String) throws(MIDIFileError) -> UInt16 {
        let b = try readBytes(2, what())
        return UInt16(b[b.startIndex]) << 8 | UInt16(b[b.startIndex + 1])
    }

    mutating func readUInt32(_ what: @autoclosure () -> String) throws(MIDIFileError) -> UInt32 {
        let b = try readBytes(4, what())
        var value: UInt32 = 0
        for byte in b { value = value << 8 | UInt32(byte) }
        return value
    }

    /// A variable-length quantity of at most 4 bytes (values up to 0x0FFFFFFF).
    mutating func readVariableLength(_ what: @autoclosure () -> String) throws(MIDIFileError) -> UInt32 {
        let start = offset
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = try readByte(what())
            value = value << 7 | UInt32(byte & 0x7F)
            if byte & 0x80 == 0 { return value }
        }
        throw MIDIFileError(
            offset: start,
            expected: "\(what()) as a variable-length number of at most 4 bytes",
            found: "a longer one"
        )
    }

    mutating func skip(_ count: Int) { offset = min(end, offset + count) }
}

extension MIDIFileError {
    /// Renders bytes for error messages: printable ASCII as text, otherwise hex.
    static func show(_ bytes: some Collection<UInt8>) -> String {
        if !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return "'" + String(decoding: bytes, as: UTF8.self) + "'"
        }
        return bytes.map { hex($0) }.joined(separator: " ")
    }

    /// Names a few common file types by their magic bytes, for "this is a PNG image" errors.
    static func guessFormat(_ bytes: [UInt8]) -> String? {
        let signatures: [(magic: [UInt8], name: String)] = [
            ([0x89, 0x50, 0x4E, 0x47], "this is a PNG image, not a MIDI file"),
            ([0xFF, 0xD8, 0xFF], "this is a JPEG image, not a MIDI file"),
            (Array("%PDF".utf8), "this is a PDF document, not a MIDI file"),
            ([0x50, 0x4B, 0x03, 0x04], "this is a ZIP archive (unpack it first)"),
            (Array("RIFF".utf8), "this is a RIFF file (WAV audio?), not a MIDI file"),
            (Array("ID3".utf8), "this is an MP3 audio file, not a MIDI file"),
            (Array("OggS".utf8), "this is an Ogg audio file, not a MIDI file"),
            (Array("fLaC".utf8), "this is a FLAC audio file, not a MIDI file"),
            ([0x1F, 0x8B], "this is gzip-compressed (gunzip it first)"),
        ]
        return signatures.first { bytes.starts(with: $0.magic) }?.name
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
    }
}
