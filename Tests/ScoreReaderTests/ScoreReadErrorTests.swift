import Foundation
import Testing
import ZIPFoundation

@testable import ScoreReader

/// Bad input gets one line naming the file, the line or element, and what was expected.
struct ScoreReadErrorTests {
    static func problem(_ text: String, file: String = "bad.musicxml") -> String? {
        do {
            _ = try Score.read(Data(text.utf8), fileName: file)
            return nil
        } catch {
            return error.description
        }
    }

    static func fixture(_ name: String = "pickup-ties.musicxml") throws -> String {
        String(decoding: try ScoreFixtures.data(name), as: UTF8.self)
    }

    @Test func truncatedXMLNamesTheLineWhereItEnds() throws {
        let text = try Self.fixture()
        let cut = String(text.prefix(text.count * 2 / 3))
        let message = try #require(Self.problem(cut))
        #expect(message.hasPrefix("bad.musicxml: line "))
        #expect(message.contains("cut short or malformed"))
        #expect(message.contains("expected a complete MusicXML document"))
        #expect(!message.contains("\n"))
    }

    @Test func divisionsOfZeroAreRefusedAtTheirLine() throws {
        let text = try Self.fixture().replacingOccurrences(
            of: "<divisions>2</divisions>",
            with: "<divisions>0</divisions>"
        )
        let message = try #require(Self.problem(text))
        #expect(
            message
                == "bad.musicxml: line 12, <divisions>: 0 divisions per quarter note — expected a positive whole number"
        )
    }

    @Test func aMeasureWithNoNotesIsNamedByItsNumberAndLine() throws {
        let text = try Self.fixture("repeats-voltas.musicxml").replacingOccurrences(
            of: #"<note><pitch><step>E</step><octave>4</octave></pitch><duration>2</duration><type>half</type></note>"#,
            with: ""
        )
        let message = try #require(Self.problem(text))
        #expect(
            message == "bad.musicxml: measure 3 (line 16): no notes or rests — expected at least a whole-measure rest"
        )
    }

    @Test func aZIPWithoutAScoreSaysWhatItExpected() throws {
        let archive = try Archive(accessMode: .create)
        let readme = Data("not a score".utf8)
        try archive.addEntry(with: "readme.txt", type: .file, uncompressedSize: Int64(readme.count)) { position, size in
            readme.subdata(in: Int(position)..<Int(position) + size)
        }
        let message = try #require(Self.problemOfData(archive.data!, file: "empty.mxl"))
        #expect(
            message
                == "empty.mxl: a ZIP archive without a score — expected META-INF/container.xml naming a MusicXML file"
        )
    }

    @Test func aContainerNamingAMissingFileSaysSo() throws {
        let archive = try Archive(accessMode: .create)
        let container = Data(#"<container><rootfiles><rootfile full-path="gone.xml"/></rootfiles></container>"#.utf8)
        try archive.addEntry(with: "META-INF/container.xml", type: .file, uncompressedSize: Int64(container.count)) {
            position,
            size in
            container.subdata(in: Int(position)..<Int(position) + size)
        }
        let message = try #require(Self.problemOfData(archive.data!, file: "gone.mxl"))
        #expect(message.hasPrefix("gone.mxl: META-INF/container.xml: names gone.xml, which is not in the archive"))
    }

    static func problemOfData(_ data: Data, file: String) -> String? {
        do {
            _ = try Score.read(data, fileName: file)
            return nil
        } catch {
            return error.description
        }
    }

    @Test(arguments: [
        ("<html><body>hello</body></html>", "not a MusicXML score: the document is <html> — expected <score-partwise>"),
        ("", "empty file — expected a MusicXML or MIDI score"),
        ("  \n", "expected a MusicXML score"),
        (
            "<score-partwise><part-list/><part id=\"P1\"><measure number=\"1\"><note><pitch><step>H</step><octave>4</octave></pitch><duration>1</duration></note></measure></part></score-partwise>",
            "a duration before any <divisions>"
        ),
        (
            "<score-partwise><part id=\"P1\"><measure number=\"1\"><attributes><divisions>1</divisions></attributes><note><pitch><step>H</step><octave>4</octave></pitch><duration>1</duration></note></measure></part></score-partwise>",
            "a note without a pitch"
        ),
        (
            "<score-partwise><part id=\"P1\"><measure number=\"1\"><attributes><divisions>1</divisions></attributes><note><pitch><step>C</step><octave>4</octave></pitch></note></measure></part></score-partwise>",
            "a note without <duration>"
        ),
        ("<score-partwise><part-list/></score-partwise>", "the score has no measures"),
    ])
    func badDocuments(text: String, expected: String) {
        let message = Self.problem(text)
        #expect(message?.contains(expected) == true, "\(message ?? "read without error")")
        #expect(message?.hasPrefix("bad.musicxml: ") == true)
    }

    @Test func aMissingFileIsNamed() {
        #expect(throws: ScoreReadError(file: "nowhere.musicxml", problem: "no such file")) {
            try Score.read(contentsOf: URL(fileURLWithPath: "/nonexistent/nowhere.musicxml"), name: "nowhere.musicxml")
        }
    }

    /// Found by scripts/fuzz musicxml: FoundationXML's parser crashes on a processing
    /// instruction without data (it reads the missing data as a C string).
    @Test func aProcessingInstructionWithoutDataIsRefusedBeforeParsing() throws {
        let finding = ScoreFixtures.folder.deletingLastPathComponent()
            .appendingPathComponent("fuzz/musicxml/processing-instruction-without-data.musicxml")
        let expected =
            "x.musicxml: line 1 (byte offset 0): a processing instruction without data (<?x11c?>), which the XML "
            + "reader cannot take — remove it, or export the score again"
        #expect(
            Self.problem(String(decoding: try Data(contentsOf: finding), as: UTF8.self), file: "x.musicxml") == expected
        )
        #expect(throws: ScoreReadError.self) { try Score.read(contentsOf: finding, name: "x.musicxml") }
        let text = try Self.fixture().replacingOccurrences(of: "<part-list>", with: "<part-list><?ignore  ?>")
        #expect(Self.problem(text)?.contains("(<?ignore?>)") == true)
        // With data, a processing instruction is read past.
        let fine = try Self.fixture().replacingOccurrences(of: "<part-list>", with: "<part-list><?ignore me?>")
        #expect(Self.problem(fine) == nil)
    }
}
