import PracticeLibrary
import Testing

/// Mistakes in a process template end in one line naming the line and what to do (issue 10).
@Suite struct TemplateErrorTests {
    private func problem(_ text: String) -> String? {
        do {
            _ = try ProcessTemplates.decode(text, source: "mine.toml")
            return nil
        } catch {
            return "\(error)"
        }
    }

    private let header = "name = \"mine\"\ntitle = \"Mine\"\n\n"

    @Test func anUnknownKeyIsNamedWithItsLineAndTheClosestKnownKey() {
        let text = header + "[[step]]\nid = \"a\"\nkinds = [\"technique\"]\nminuts = 25\n"
        #expect(
            problem(text)?.hasPrefix("mine.toml:7: unknown key 'minuts' in [[step]] 1; did you mean 'minutes'?") == true
        )
        #expect(
            problem("nmae = \"x\"\n" + "[[step]]\nid = \"a\"\nkinds = [\"free\"]\n")?.contains(
                "mine.toml:1: unknown key 'nmae' at the top; did you mean 'name'?"
            ) == true
        )
        #expect(problem(header + "[options]\nx = 1\n")?.hasPrefix("mine.toml:4: unknown table [options]") == true)
    }

    @Test func aValueOfTheWrongTypeNamesTheLineAndTheTypeExpected() {
        let text =
            header
            + "[[step]]\nid = \"a\"\nkinds = [\"technique\"]\n\n[[step]]\nid = \"b\"\nkinds = [\"free\"]\nminutes = \"ten\"\n"
        let wrongType = problem(text)
        #expect(
            wrongType?.hasPrefix("mine.toml:11: 'minutes' in [[step]] 2: expected a number") == true,
            "\(wrongType ?? "accepted")"
        )
        let missing = header + "[[step]]\nid = \"a\"\n"
        #expect(problem(missing)?.hasPrefix("mine.toml:5: 'kinds' is missing in [[step]] 1") == true)
    }

    @Test func nonFiniteAndHugeTargetsAreRefused() {
        for value in ["inf", "nan", "-inf", "9223372036854775807", "1e300", "0", "-3"] {
            let text = header + "[[step]]\nid = \"a\"\nkinds = [\"technique\"]\nminutes = \(value)\n"
            let line = problem(text)
            #expect(line?.hasPrefix("mine.toml:7: minutes = ") == true, "\(value): \(line ?? "accepted")")
        }
        #expect(problem(header + "[[step]]\nid = \"a\"\nkinds = [\"technique\"]\nminutes = 7.5\n") == nil)
    }

    @Test func aTemplateOfFiftyThousandStepsIsRefusedQuickly() {
        var text = header
        for index in 0..<50_000 { text += "[[step]]\nid = \"s\(index)\"\nkinds = [\"free\"]\n" }
        #expect(problem(text)?.contains("50000 [[step]] tables; a template has at most 1000") == true)
    }
}
