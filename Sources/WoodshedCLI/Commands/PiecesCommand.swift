import ArgumentParser
import Foundation
import MIDICore
import PracticeLibrary
import PracticeSegmenter
import SessionStore

/// `woodshed pieces`: the pieces and exercises the library knows.
struct PiecesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pieces",
        abstract: "List, name and add the pieces Woodshed recognises across sessions.",
        discussion: """
            Analysing a stored session (woodshed analyze --session ID) adds the pieces it \
            practised, matched to earlier ones. A reference score exported as MIDI names a piece \
            and lets reports give passages in bars.

            Examples:
              woodshed pieces
              woodshed pieces name 4 "Für Elise"
              woodshed pieces add "Für Elise" fur-elise.mid
            """,
        subcommands: [List.self, Name.self, Add.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the known pieces.",
            discussion: """
                Examples:
                  woodshed pieces
                  woodshed pieces list --library ~/lessons.sqlite
                """
        )

        @OptionGroup var library: LibraryOptions

        func run() throws {
            let materials = try library.open().materials()
            guard !materials.isEmpty else {
                print("no pieces yet — analyse a session (woodshed analyze --session ID) or add a score")
                return
            }
            print("ID  SESSIONS  EVENTS  SOURCE     NAME")
            for material in materials {
                let events =
                    (try? JSONDecoder().decode(MaterialFingerprint.self, from: material.fingerprint))?.events.count ?? 0
                let source = material.isReference ? "score" : "practice"
                print(
                    "\(String(material.id).leftPadded(2))  \(String(material.sessionCount).leftPadded(8))  "
                        + "\(String(events).leftPadded(6))  \(source.padding(toLength: 9, withPad: " ", startingAt: 0))  \(material.name)"
                )
            }
        }
    }

    struct Name: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "name",
            abstract: "Name a piece.",
            discussion: """
                Reports and tags use the name from then on.

                Examples:
                  woodshed pieces name 4 "Für Elise"
                """
        )

        @Argument(help: ArgumentHelp("The piece id (see `woodshed pieces`).", valueName: "id"))
        var id: Int64

        @Argument(help: ArgumentHelp("Its name.", valueName: "name"))
        var name: String

        @OptionGroup var library: LibraryOptions

        func run() throws {
            try library.open().renameMaterial(id, to: name)
            print("piece \(id) is now \"\(name)\"")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a reference score (a MIDI export) as a named piece.",
            discussion: """
                Sessions that play the piece are matched to it, and reports give its passages in bars.

                Examples:
                  woodshed pieces add "Für Elise" fur-elise.mid
                """
        )

        @Argument(help: ArgumentHelp("The piece's name.", valueName: "name"))
        var name: String

        @Argument(help: ArgumentHelp("The score as a Standard MIDI File.", valueName: "file.mid"))
        var file: String

        @OptionGroup var library: LibraryOptions

        func run() throws {
            let score = try FileIO.readMIDIFile(file)
            let fingerprint = try ReferenceScore.fingerprint(of: score)
            let data = try JSONEncoder().encode(fingerprint)
            let id = try library.open().addMaterial(name: name, isReference: true, fingerprint: data)
            let bars = Int(fingerprint.bars?.last ?? 0)
            print(
                "added \"\(name)\" as piece \(id): \(Formatting.plural(fingerprint.events.count, "event")), "
                    + Formatting.plural(bars, "bar")
            )
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
