import Foundation

/// Finds a processing instruction without data (`<?name?>`), fed the document in chunks.
///
/// FoundationXML's XMLParser on Linux crashes on one (it reads the missing data as a C string:
/// a null pointer), so the reader refuses such a document in one line before parsing it (found
/// by scripts/fuzz musicxml: an 11-byte file crashed `woodshed pieces add`). A state machine
/// over the bytes: O(n), constant memory, chunk boundaries anywhere.
struct ProcessingInstructionCheck {
    private enum State { case text, open, start, name, space, close }
    private var state = State.text
    private var target: [UInt8] = []
    /// Lines and bytes seen, for the message.
    private(set) var line = 1
    private(set) var offset = 0
    private var startLine = 1
    private var startOffset = 0

    /// A processing instruction without data that ends in `bytes`: its target, line and byte offset.
    mutating func check(_ bytes: Data) -> (target: String, line: Int, offset: Int)? {
        for byte in bytes {
            defer {
                offset += 1
                if byte == 0x0A { line += 1 }
            }
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            let isNameByte =
                !isSpace && byte != UInt8(ascii: "?") && byte != UInt8(ascii: ">")
                && byte != UInt8(ascii: "<")
            switch state {
            case .text,
                .close where byte != UInt8(ascii: ">"):
                state = byte == UInt8(ascii: "<") ? .open : .text
                if state == .open {
                    startLine = line
                    startOffset = offset
                }
            case .close:
                state = .text
                return (String(decoding: target, as: UTF8.self), startLine, startOffset)
            case .open:
                state = byte == UInt8(ascii: "?") ? .start : byte == UInt8(ascii: "<") ? .open : .text
            case .start:
                target = []
                if isNameByte {
                    target.append(byte)
                    state = .name
                } else {
                    state = byte == UInt8(ascii: "<") ? .open : .text
                }
            case .name:
                if isNameByte {
                    if target.count < 64 { target.append(byte) }
                } else {
                    state = isSpace ? .space : byte == UInt8(ascii: "?") ? .close : .text
                }
            case .space:
                state = isSpace ? .space : byte == UInt8(ascii: "?") ? .close : .text
            }
        }
        return nil
    }
}
