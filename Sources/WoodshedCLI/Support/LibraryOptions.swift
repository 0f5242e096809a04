import ArgumentParser
import SessionStore

/// `--library PATH`, shared by every command that opens the session library.
struct LibraryOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The session library (SQLite file).",
            discussion:
                "Default: $WOODSHED_LIBRARY, else $XDG_DATA_HOME/woodshed/library.sqlite (~/.local/share/… when unset).",
            valueName: "path"
        )
    )
    var library: String?

    /// The resolved library path.
    var path: String { Library.defaultPath(option: library) }

    /// Opens the library and closes sessions a killed recorder left open.
    func open() throws -> Library {
        let library = try Library(path: path)
        try library.recoverUnclosedSessions()
        return library
    }
}
