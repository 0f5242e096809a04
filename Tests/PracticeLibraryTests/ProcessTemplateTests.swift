import Foundation
import PracticeSegmenter
import Testing

@testable import PracticeLibrary

@Suite("Process templates from seeds/")
struct ProcessTemplateTests {
    @Test("every built-in template parses, is valid, and the default exists")
    func builtIns() throws {
        #expect(ProcessTemplates.builtIn.count == EmbeddedTemplates.files.count)
        #expect(ProcessTemplates.builtIn.count >= 3)
        let daily = try ProcessTemplates.load(nil)
        #expect(daily.name == "daily-practice")
        #expect(daily.steps.map(\.id) == ["warm-up", "passage-work", "run-through", "free-play"])
        #expect(daily.steps[0].kinds == [.technique])
        #expect(daily.steps[2].activity == .runThrough)
        #expect(daily.steps[3].optional == true)
    }

    @Test("a user's file is read; mistakes name the file")
    func userFile() throws {
        let folder = TemporaryFolder()
        let good = folder.write(
            Array(
                "name = \"mine\"\ntitle = \"Mine\"\n[[step]]\nid = \"s\"\ntitle = \"Scales\"\nkinds = [\"technique\"]\nactivity = \"scales\"\n"
                    .utf8
            ),
            "mine.toml"
        )
        #expect(try ProcessTemplates.load(good).steps.first?.activity == .scales)
        let badKind = folder.write(
            Array("name = \"x\"\ntitle = \"X\"\n[[step]]\nid = \"s\"\ntitle = \"S\"\nkinds = [\"juggling\"]\n".utf8),
            "bad.toml"
        )
        #expect(throws: UserError.self) { try ProcessTemplates.load(badKind) }
        let duplicate = folder.write(
            Array(
                "name = \"x\"\ntitle = \"X\"\n[[step]]\nid = \"s\"\ntitle = \"S\"\nkinds = [\"free\"]\n[[step]]\nid = \"s\"\ntitle = \"S\"\nkinds = [\"free\"]\n"
                    .utf8
            ),
            "dup.toml"
        )
        do {
            _ = try ProcessTemplates.load(duplicate)
            Issue.record("a duplicate step id was accepted")
        } catch let error as UserError {
            #expect(error.description.contains("dup.toml: step id 's' appears twice"))
        }
        let broken = folder.write(Array("name = = 1\n".utf8), "broken.toml")
        #expect(throws: UserError.self) { try ProcessTemplates.load(broken) }
        #expect(throws: UserError.self) { try ProcessTemplates.load("no-such-template") }
    }
}
