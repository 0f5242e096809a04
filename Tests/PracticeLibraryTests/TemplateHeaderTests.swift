import Foundation
import Testing

@testable import PracticeLibrary

/// A table header that does not start with a name is refused with its line before TOMLKit sees
/// it: TOMLKit's parser (toml++) asserts on one and aborts the process (issue 10: found by
/// scripts/fuzz template — `[[\xFFtep]]` in a template, then `[\xFF`, 2 bytes).
@Suite struct TemplateHeaderTests {
    static let findings = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz/template")

    private func problem(_ text: String) -> String? {
        do {
            _ = try ProcessTemplates.decode(text, source: "mine.toml")
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func everyFuzzFindingIsRefusedInOneLine() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.findings.path).sorted()
        #expect(names.count >= 2)
        for name in names {
            let path = Self.findings.appendingPathComponent(name).path
            do {
                _ = try ProcessTemplates.load(path)
                Issue.record("\(name) was accepted")
            } catch {
                let line = "\(error)"
                #expect(!line.contains("\n"), "\(line)")
                #expect(line.contains("a table header must start with a name"), "\(line)")
            }
        }
        let damaged = Self.findings.appendingPathComponent("table-header-with-a-damaged-byte.toml").path
        #expect(throws: UserError.self) { try ProcessTemplates.load(damaged) }
        do {
            _ = try ProcessTemplates.load(damaged)
        } catch {
            #expect(
                "\(error)".hasPrefix(
                    "\(damaged):19: not valid TOML (a table header must start with a name — letters, digits, _ or -, "
                        + "or a name in quotes — not '\u{FFFD}')"
                )
            )
        }
    }

    @Test(arguments: [
        ("[{x}]\n", 1, "{"),
        ("name = \"a\"\n\n  [[ +step]]\n", 3, "+"),
        ("a = 1\n[\n", 2, "\\u{A}"),
        ("a = [\n  1,\n]\n[#x]\n", 4, "#"),
        ("s = \"\"\"\n[x\n\"\"\"\n[=]\n", 4, "="),
    ])
    func aHeaderWithoutANameIsNamedByItsLine(text: String, line: Int, found: String) {
        #expect(
            problem(text)
                == "mine.toml:\(line): not valid TOML (a table header must start with a name — letters, digits, "
                + "_ or -, or a name in quotes — not '\(found)')"
        )
    }

    @Test(arguments: [
        "[[step]]\nid = \"a\"\n",
        "[ \"quoted name\" ]\n",
        "x = [\n  [{ a = 1 }],\n  [+1, -2],\n]\n",
        "s = \"\"\"\n[{\n\"\"\"\n",
        "t = '''\n[=\n'''\n",
        "# [{ a comment\n",
        "u = \"[{\"\n",
        "v = { w = [\n] }\n",
        "[",
    ])
    func aBracketThatIsNoHeaderIsLeftToTOMLKit(text: String) {
        #expect(TOMLHeaderCheck.badHeader(in: text) == nil)
    }
}
