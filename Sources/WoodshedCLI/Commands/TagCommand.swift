import ArgumentParser
import Foundation
import PracticeLibrary
import SessionStore

/// `woodshed tag ID +name -name`: add and remove tags by hand.
struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Add or remove tags of a session, or list them.",
        discussion: """
            +name (or just name) adds a tag, -name removes it (names in any case). Tags you add \
            stay when the session is analysed again; automatic tags (from the analysis) are \
            replaced then, except those you removed: they stay removed. Without \
            changes, lists the session's tags and who set them. Find sessions by tag with \
            `woodshed sessions --tag NAME`.

            Examples:
              woodshed tag 12 +lesson +"Für Elise"
              woodshed tag 12 -scattered
              woodshed tag latest
            """
    )

    @Argument(help: ArgumentHelp("Session id, or 'latest'.", valueName: "id|latest"))
    var session: String

    // "-name" looks like an option to the parser; take everything after the id as it is.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("+name to add, -name to remove.", valueName: "±name"))
    var changes: [String] = []

    @OptionGroup var library: LibraryOptions

    /// One change: add or remove a tag.
    struct Change: Equatable {
        var add: Bool
        var name: String
    }

    /// Parses "+name", "-name" and "name". - Throws: ``UserError`` for an empty or blank name.
    static func parse(_ argument: String) throws -> Change {
        let add = !argument.hasPrefix("-")
        let name = String(argument.drop { $0 == "+" || $0 == "-" }).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else {
            throw UserError("'\(argument)' names no tag", hint: "write +name to add a tag or -name to remove one")
        }
        guard !name.contains(where: \.isNewline) else { throw UserError("a tag is one line: '\(name)'") }
        return Change(add: add, name: name)
    }

    func run() throws {
        let store = try library.open()
        let id = try ReportCommand.resolve(session, in: store)
        let parsed = try changes.map(Self.parse)
        for change in parsed {
            if change.add {
                try store.addTag(change.name, to: id, origin: .user)
            } else if try !store.removeTag(change.name, from: id) {
                Terminal.printError("session \(id) had no tag '\(change.name)'")
            }
        }
        let all = try store.tags(session: id, includingRemoved: true)
        let tags = all.filter { $0.origin != .removed }
        let removed = all.filter { $0.origin == .removed }.map(\.name)
        let listed = tags.map { $0.origin == .user ? $0.name : $0.name + " (auto)" }
        print("session \(id): " + (listed.isEmpty ? "no tags" : listed.joined(separator: ", ")))
        if !removed.isEmpty {
            print("removed by hand (analysis leaves them out): " + removed.joined(separator: ", "))
        }
    }
}
