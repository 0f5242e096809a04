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
