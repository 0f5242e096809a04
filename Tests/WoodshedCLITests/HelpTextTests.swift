import ArgumentParser
import Testing

@testable import WoodshedCLI

/// `--help` texts: ArgumentParser wraps each line of a discussion to the terminal by itself, so
/// a prose paragraph broken by hand in the source wraps mid-phrase ("ALSA\nsequencer").
@Suite("Help texts")
struct HelpTextTests {
    static func commands(_ command: any ParsableCommand.Type) -> [any ParsableCommand.Type] {
        [command] + command.configuration.subcommands.flatMap { commands($0) }
    }

    @Test("every prose paragraph of every command's discussion is one line")
    func proseParagraphsAreOneLine() {
        for command in Self.commands(WoodshedCommand.self) {
            let discussion = command.configuration.discussion
            for paragraph in discussion.components(separatedBy: "\n\n") {
                let lines = paragraph.split(separator: "\n")
                // Examples and other indented lists keep their lines.
                guard let first = lines.first, !first.hasSuffix(":"),
                    !lines.dropFirst().contains(where: { $0.hasPrefix("  ") })
                else { continue }
                #expect(lines.count == 1, "\(command.configuration.commandName ?? "?"): \(paragraph)")
            }
        }
    }
}
