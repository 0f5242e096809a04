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

    /// Opens the library to write, and closes sessions a killed recorder left open. A foreign
    /// or damaged file is refused untouched (``LibraryError``).
    func open() throws -> Library {
        let library = try Library(path: path)
        try library.recoverUnclosedSessions()
        return library
    }

    /// Opens the library only to read (listing, exporting): a read-only file, a full disk or a
    /// damaged library still lists; nothing is written, so a session a killed recorder left
    /// open shows as it is until a command that writes closes it.
    func openReadOnly() throws -> Library {
        try Library(path: path, mode: .readOnly)
    }

    /// For reports and trends: read-only, like listing; what they must analyse first is
    /// stored when the library can be written (``Library/writable()``), never otherwise.
    func openForReports() throws -> Library {
        try openReadOnly()
    }
}
