import Foundation
import Testing

@testable import ScoreReader

/// FoundationXML's parser traps on an element name that is not valid UTF-8, so a document read
/// as UTF-8 is checked first. Only a real XML declaration at the start may exempt it (issue 10:
/// scripts/fuzz musicxml found `<\xFFencoding=utf16?>`, 18 bytes, whose "encoding=" skipped the
/// check and crashed `woodshed pieces add`).
struct EncodingDeclarationTests {
    static let finding = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz/musicxml/invalid-utf8-after-fake-encoding.musicxml")

    static func applies(_ text: String) -> Bool {
        UTF8Validation.applies(toDocumentStarting: Data(text.utf8))
    }

    @Test func theFindingIsRefusedInOneLineFromFileAndMemory() throws {
        let expected =
            "x.musicxml: line 1 (byte offset 1): not valid UTF-8 — expected UTF-8 text, as the XML declaration "
            + "says; the file may be damaged"
        let data = try Data(contentsOf: Self.finding)
        #expect(ScoreReadErrorTests.problemOfData(data, file: "x.musicxml") == expected)
        #expect(DamagedArchiveTests.problem(fileAt: Self.finding, name: "x.musicxml") == expected)
    }

    @Test func encodingOutsideADeclarationAtTheStartDeclaresNothing() {
        #expect(Self.applies("<a encoding=\"latin1\"?>"))
        #expect(Self.applies(" <?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"))
        #expect(Self.applies("<?xmlx encoding=\"ISO-8859-1\"?>"))
        #expect(Self.applies("<?xml version=\"1.0\"?><a encoding=\"latin1\"/>"))
    }

    @Test func utf16DeclaredOnEightBitTextIsCheckedAsUTF8() throws {
        #expect(Self.applies("<?xml version=\"1.0\" encoding=\"UTF-16\"?>"))
        var bytes = Data("<?xml version=\"1.0\" encoding=\"utf16\"?>\n<".utf8)
        bytes.append(contentsOf: [0xFF, 0xFF, 0x2F, 0x3E])
        #expect(ScoreReadErrorTests.problemOfData(bytes, file: "u.musicxml")?.contains("not valid UTF-8") == true)
        // Real UTF-16 (a byte-order mark, or zero bytes) is transcoded by the parser.
        #expect(!UTF8Validation.applies(toDocumentStarting: Data([0xFF, 0xFE, 0x3C, 0x00])))
        #expect(!UTF8Validation.applies(toDocumentStarting: Data([0x3C, 0x00, 0x3F, 0x00])))
    }

    @Test func aDeclaredEightBitEncodingIsLeftToTheParser() {
        #expect(!Self.applies("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"))
        #expect(!Self.applies("<?xml version='1.0' encoding = 'windows-1252'?>"))
        #expect(!Self.applies("\u{FEFF}<?xml version=\"1.0\"\r\nencoding=\"latin1\"?>"))
        #expect(Self.applies("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
        #expect(Self.applies("<?xml version=\"1.0\"?>"))
    }
}
