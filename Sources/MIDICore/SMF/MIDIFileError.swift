/// Why a Standard MIDI File could not be read, with the byte offset where it went wrong.
///
/// One line a user can act on: the file (once a caller that knows it has set ``path``, see
/// ``inFile(_:)``), the offset, what was expected and found, and what to do.
public struct MIDIFileError: UserFacingError, Hashable, Sendable {
    /// Offset from the start of the file, in bytes, of the byte that could not be read.
    public var offset: Int
    /// What the reader expected there, in words.
    public var expected: String
    /// What it found instead, in words (may be empty). It may end with " — " and what the file
    /// is ("this is a PNG image, not a MIDI file"); then that is the hint.
    public var found: String
    /// The file as the user named it; nil while only the bytes are known.
    public var path: String?

    public init(offset: Int, expected: String, found: String = "", path: String? = nil) {
        self.offset = offset
        self.expected = expected
        self.found = found
        self.path = path
    }

    /// The same error, naming the file it came from.
    public func inFile(_ path: String) -> MIDIFileError {
        var named = self
        named.path = path
        return named
    }

    /// "take.mid: byte offset 18: expected a chunk length, found 32055 for chunk 'MTrk'".
    public var message: String {
        let file = path.map { "\($0): " } ?? ""
        return found.isEmpty
            ? "\(file)byte offset \(offset): expected \(expected)"
            : "\(file)byte offset \(offset): expected \(expected), found \(found)"
    }

    /// What to do, by the kind of fault: nil when ``found`` already says what the file is; a
    /// file that ends early (or is empty) was cut short — copy it again; anything else in it
    /// (a header field, a status or data byte, a length that cannot be) is damaged or not
    /// standard — export it again from the program that made it.
    public var hint: String? {
        if found.contains(" — ") { return nil }
        let cutShort = ["the end of the data", "bytes left", "truncated", "an empty file", "none"]
        if cutShort.contains(where: found.contains) || found.isEmpty {
            return "not a complete MIDI file; copy or export it again"
        }
        return "the file breaks the Standard MIDI File format here; export it again from the program that made it"
    }

    public var exitStatus: ExitStatus { .userError }
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
