import ArgumentParser
import Foundation
import PracticeLibrary
import PracticeReports
import SessionStore

extension PiecesCommand {
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Merge pieces the analyser took apart into one.",
            discussion: """
                The first id stays: the other pieces' sessions become its sessions, music played \
                like any of them is recognised as it from then on, and reports (stored ones too) \
                show it. A score on any of them stays the piece's.

                Examples:
                  woodshed pieces merge 4 9
                  woodshed pieces merge 4 9 12
                """
        )

        @Argument(help: ArgumentHelp("The piece that stays.", valueName: "id"))
        var piece: Int64

        @Argument(help: ArgumentHelp("The pieces merged into it.", valueName: "other"))
        var others: [Int64]

        @OptionGroup var library: LibraryOptions

        func validate() throws {
            if others.isEmpty { throw ValidationError("name the pieces to merge into piece \(piece)") }
        }

        func run() throws {
            let store = try library.open()
            var merged = try PieceManagement.material(piece, in: store)
            for other in others {
                merged = try PieceManagement.merge(other, into: piece, in: store)
            }
            print(
                "merged \(others.map { "piece \($0)" }.joined(separator: ", ")) into piece \(piece) "
                    + "\"\(Formatting.escaped(merged.name))\": \(Formatting.plural(merged.sessionCount, "session"))"
            )
        }
    }

    struct Split: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "split",
            abstract: "Split sessions off a piece they were wrongly matched to.",
            discussion: """
                Each session is analysed again as if the piece did not exist: its music becomes \
                a new piece (or another piece it is like), and its report and tags are stored \
                again. The piece keeps its other sessions.

                Examples:
                  woodshed pieces split 4 17
                  woodshed pieces split 4 17 18
                """
        )

        @Argument(help: ArgumentHelp("The piece.", valueName: "id"))
        var piece: Int64

        @Argument(help: ArgumentHelp("Sessions to split off it.", valueName: "session"))
        var sessions: [Int64]

        @OptionGroup var library: LibraryOptions

        func validate() throws {
            if sessions.isEmpty { throw ValidationError("name the sessions to split off piece \(piece)") }
        }

        func run() throws {
            let store = try library.open()
            let split = try PieceManagement.split(piece: piece, sessions: sessions, in: store)
            let names = try store.pieceNames()
            for session in split.sessions {
                let pieces = (split.pieces[session] ?? []).map {
                    "piece \($0) \"\(Formatting.escaped(names[$0]?.name ?? ""))\""
                }
                print(
                    "session \(session) split off piece \(piece): "
                        + (pieces.isEmpty ? "no piece" : pieces.joined(separator: ", "))
                )
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "One piece: its sessions, minutes per week, passages across sessions.",
            discussion: """
                Sessions with their dates and minutes on the piece, minutes per week, when it was \
                last practised, and its passages (by bars with a score, else by where they start \
                in the piece) with takes, clean takes and tempo over all sessions.

                Examples:
                  woodshed pieces show 4
                """
        )

        @Argument(help: ArgumentHelp("The piece id (see `woodshed pieces`).", valueName: "id"))
        var id: Int64

        @OptionGroup var library: LibraryOptions

        func run() throws {
            print(PieceShowText.render(try PieceOverview.load(id, in: library.open())), terminator: "")
        }
    }
}
