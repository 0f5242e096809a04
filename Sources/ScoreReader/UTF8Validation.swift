import Foundation

/// Finds the first byte that is not valid UTF-8, in pieces (a file is checked chunk by chunk).
///
/// FoundationXML's XMLParser traps on an element name that is not valid UTF-8 instead of
/// reporting it, so a UTF-8 document is checked before it is parsed: a damaged file gets a
/// message, not a crash. O(n), no allocation.
struct UTF8Validation {
    /// Bytes still expected to complete the current character.
    private var pending = 0
    /// Allowed range of the next continuation byte (narrower after E0, ED, F0, F4).
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    /// Bytes and newlines checked so far.
    private(set) var offset = 0
    private(set) var line = 1

    /// Checks the next piece; returns the offset of the first invalid byte, nil when all valid.
    mutating func check(_ bytes: some Sequence<UInt8>) -> Int? {
        for byte in bytes {
            defer { offset += 1 }
            if pending > 0 {
                guard byte >= lower && byte <= upper else { return offset }
                lower = 0x80
                upper = 0xBF
                pending -= 1
                continue
            }
            switch byte {
            case 0x0A: line += 1
            case 0x00...0x7F: break
            case 0xC2...0xDF: pending = 1
            case 0xE0...0xEF:
                pending = 2
                if byte == 0xE0 { lower = 0xA0 }
                if byte == 0xED { upper = 0x9F }
            case 0xF0...0xF4:
                pending = 3
                if byte == 0xF0 { lower = 0x90 }
                if byte == 0xF4 { upper = 0x8F }
            default: return offset
            }
        }
        return nil
    }

    /// True when the piece ended in the middle of a character.
    var isIncomplete: Bool { pending > 0 }

    /// Whether an XML document with this beginning is parsed as UTF-8: anything but a UTF-16/32
    /// byte-order mark or zero bytes, or an XML declaration — `<?xml` at the very start — that
    /// declares an 8-bit encoding libxml2 transcodes into UTF-8 (ISO-8859-n, Windows-125n). A
    /// damaged or unknown declaration is UTF-8 too, and so is `encoding="UTF-16"` on 8-bit text,
    /// which libxml2 reads as UTF-8; "encoding=" anywhere but in a declaration at the start
    /// declares nothing (scripts/fuzz musicxml: `<\xFFencoding=utf16?>` skipped this check and
    /// crashed the parser).
    static func applies(toDocumentStarting head: Data) -> Bool {
        var bytes = [UInt8](head.prefix(200))
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { return false }
        if bytes.count >= 2 && (bytes[0] == 0 || bytes[1] == 0) { return false }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let text = String(decoding: bytes, as: UTF8.self).lowercased()
        let blanks: Set<Character> = [" ", "\t", "\r", "\n", "\r\n"]
        guard text.hasPrefix("<?xml"), let blank = text.dropFirst(5).first, blanks.contains(blank),
            let declarationEnd = text.range(of: "?>"),
            let encoding = text[..<declarationEnd.lowerBound].range(of: "encoding")
        else { return true }
        var value = text[encoding.upperBound..<declarationEnd.lowerBound].drop { blanks.contains($0) }
        guard value.first == "=" else { return true }
        value = value.dropFirst().drop { blanks.contains($0) || $0 == "\"" || $0 == "'" }
        return !["iso-8859-", "iso8859", "latin", "windows-125", "cp125"].contains { value.hasPrefix($0) }
    }
}
