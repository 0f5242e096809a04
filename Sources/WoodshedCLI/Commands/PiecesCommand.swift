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
        abstract: "List, show, name, merge, split and add the pieces Woodshed recognises across sessions.",
        discussion: """
            Analysing a stored session (woodshed analyze --session ID) adds the pieces it \
            practised, matched to earlier ones. A score (MusicXML or MIDI) names a piece and \
            lets reports give its takes and passages in bars. When the analyser took one piece \
            for two, merge them; when it put a session's music in the wrong piece, split it off.

            Examples:
              woodshed pieces
              woodshed pieces show 4
              woodshed pieces name 4 "Für Elise"
              woodshed pieces merge 4 9
              woodshed pieces split 4 17
              woodshed pieces add "Für Elise" fur-elise.musicxml
              woodshed pieces score 4 fur-elise.mxl
            """,
        subcommands: [List.self, Show.self, Name.self, Merge.self, Split.self, Add.self, AttachScore.self],
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
            let materials = try library.openReadOnly().materials()
            guard !materials.isEmpty else {
                print("no pieces yet — analyse a session (woodshed analyze --session ID) or add a score")
                return
            }
            print(Self.table(materials), terminator: "")
        }

        /// The list, one piece a line; names (typed by anyone, or a score's title) with their
        /// control characters escaped.
        static func table(_ materials: [StoredMaterial]) -> String {
            var text = "ID  SESSIONS  EVENTS  SOURCE     NAME\n"
            for material in materials {
                let events = SessionAnalysis.fingerprint(material.fingerprint)?.events.count ?? 0
                let source = material.isReference ? "score" : "practice"
                text +=
                    "\(String(material.id).leftPadded(2))  \(String(material.sessionCount).leftPadded(8))  "
                    + "\(String(events).leftPadded(6))  \(source.padding(toLength: 9, withPad: " ", startingAt: 0))  "
                    + "\(Formatting.escaped(material.name))\n"
            }
            return text
        }
    }

    struct Name: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "name",
            abstract: "Name a piece.",
            discussion: """
                Reports use the name from then on, stored ones included. A name another piece \
                has already is refused with the merge that joins them (--anyway keeps both).

                Examples:
                  woodshed pieces name 4 "Für Elise"
                """
        )

        @Argument(help: ArgumentHelp("The piece id (see `woodshed pieces`).", valueName: "id"))
        var id: Int64

        @Argument(help: ArgumentHelp("Its name.", valueName: "name"))
        var name: String

        @Flag(name: .long, help: "Give the name even when another piece has it (instead of merging them).")
        var anyway = false

        @OptionGroup var library: LibraryOptions

        func run() throws {
            switch try PieceManagement.rename(id, to: name, allowDuplicate: anyway, in: library.open()) {
            case .renamed(let piece):
                print("piece \(id) is now \"\(Formatting.escaped(piece.name))\"")
            case .nameTaken(let others):
                let other = others[0]
                throw UserError(
                    "piece \(other.id) is already called \"\(other.name)\"",
                    hint: "if they are one piece: woodshed pieces merge \(other.id) \(id)"
                        + " (to keep both: woodshed pieces name \(id) \"\(name)\" --anyway)"
                )
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a piece from its score: MusicXML (.musicxml, .xml, .mxl) or MIDI.",
            discussion: """
                Sessions that play the piece are matched to it, and reports give its takes and \
                passages in the score's bars ("bars 21–24"). MusicXML (score-partwise or \
                score-timewise, compressed .mxl too) gives the printed bar numbers, the staves of \
                the two hands and the repeats; a MIDI export gives bars from its time signatures. \
                Without a name the score's title is used.

                Examples:
                  woodshed pieces add "Für Elise" fur-elise.musicxml
                  woodshed pieces add "Für Elise" fur-elise.mxl
                  woodshed pieces add "Für Elise" fur-elise.mid
                  woodshed pieces add fur-elise.musicxml
                """
        )

        @Argument(help: ArgumentHelp("The piece's name (default: the score's title).", valueName: "name"))
        var name: String?

        @Argument(help: ArgumentHelp("The score: .musicxml, .xml, .mxl or .mid.", valueName: "file"))
        var file: String?

        @OptionGroup var library: LibraryOptions

        func run() throws {
            // One argument is the file.
            let (name, file) = self.file.map { (self.name, $0) } ?? (nil, self.name ?? "")
            let added = try PieceScores.add(name: name, scoreFile: file, to: library.open())
            print(Formatting.escaped("added \"\(added.name)\" as piece \(added.id): \(added.summary)"))
        }
    }

    struct AttachScore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "score",
            abstract: "Give a piece the library learned from playing its score.",
            discussion: """
                The piece is matched by its score from then on, and reports give its takes and \
                passages in bars. A piece still called "Piece #N" takes the score's title.

                Examples:
                  woodshed pieces score 4 fur-elise.musicxml
                """
        )

        @Argument(help: ArgumentHelp("The piece id (see `woodshed pieces`).", valueName: "id"))
        var id: Int64

        @Argument(help: ArgumentHelp("The score: .musicxml, .xml, .mxl or .mid.", valueName: "file"))
        var file: String

        @OptionGroup var library: LibraryOptions

        func run() throws {
            let added = try PieceScores.attach(scoreFile: file, toPiece: id, in: library.open())
            print(Formatting.escaped("piece \(added.id) \"\(added.name)\" has its score: \(added.summary)"))
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
