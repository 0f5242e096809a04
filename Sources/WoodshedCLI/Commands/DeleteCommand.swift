import ArgumentParser
import Foundation
import PracticeLibrary
import SessionStore

/// `woodshed delete ID`: removes a session after confirmation.
struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a session with its events, analysis and tags.",
        discussion: """
            Asks for confirmation unless --yes is given. Without a terminal to ask on, --yes is required.

            Examples:
              woodshed delete 7
              woodshed delete 7 --yes
            """
    )

    @Argument(help: ArgumentHelp("The session id (see `woodshed sessions`).", valueName: "id"))
    var id: Int64

    @Flag(name: [.short, .long], help: "Delete without asking.")
    var yes = false

    @OptionGroup var library: LibraryOptions

    func run() throws {
        let store = try library.open()
        let session = try store.session(id)
        if session.state == .open, RecorderLock.isHeld(libraryPath: library.path) {
            throw LibraryError.sessionIsRecording(id)
        }
        if !yes {
            guard Terminal.isInteractiveInput else {
                throw UserError("not deleting session \(id) without confirmation", hint: "add --yes")
            }
            print(
                "Delete session \(id) (\(Formatting.localDateTime(session)), \(Formatting.duration(session.durationNs)), \(Formatting.plural(session.noteCount, "note")), \(session.source))? [y/N] ",
                terminator: ""
            )
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard answer == "y" || answer == "yes" else {
                print("Kept session \(id).")
                return
            }
        }
        try store.deleteSession(id)
        print("Deleted session \(id).")
    }
}
