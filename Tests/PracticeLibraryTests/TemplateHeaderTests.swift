import Foundation
import Testing

@testable import PracticeLibrary

/// Findings of scripts/fuzz template (issue 10). A table header that does not start with a name
/// is refused with its line before TOMLKit sees it: TOMLKit's parser (toml++) asserts on one and
/// aborts the process (`[[\xFFtep]]` in a template, then `[\xFF`, 2 bytes). TOMLKit's messages
/// quote the text they saw, a newline included: shown escaped, the error stays one line.
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
        #expect(names.count >= 3)
        for name in names {
            let path = Self.findings.appendingPathComponent(name).path
            do {
                _ = try ProcessTemplates.load(path)
                Issue.record("\(name) was accepted")
            } catch {
                let line = "\(error)"
                #expect(!line.contains("\n") && line.hasPrefix(path + ":"), "\(line)")
                #expect(
                    line.contains(name.hasPrefix("table-header") ? "a table header must start with a name" : "TOML"),
                    "\(line)"
                )
            }
        }
        let quoting = Self.findings.appendingPathComponent("message-quoting-a-newline.toml").path
        do {
            _ = try ProcessTemplates.load(quoting)
        } catch {
            #expect("\(error)".hasPrefix("\(quoting):2: not valid TOML ("))
            #expect("\(error)".contains("saw 'tr\\u{A}'"))
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

    @Test func controlCharactersInAnyTemplateErrorAreEscaped() {
        #expect(problem("optional = tr\n")?.contains("saw 'tr\\u{A}'") == true)
        let escape = problem("optional = tr\u{1B}]0;title\u{7}\n")
        #expect(escape?.contains("\u{1B}") == false && escape?.contains("\u{7}") == false, "\(escape ?? "accepted")")
        #expect(escape?.hasPrefix("mine.toml:1: not valid TOML (") == true, "\(escape ?? "accepted")")
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
