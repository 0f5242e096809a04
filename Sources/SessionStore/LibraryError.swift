public import MIDICore

/// Errors from the library, each one line a user can act on.
public enum LibraryError: UserFacingError, Equatable, Sendable {
    case cannotCreateFolder(String, reason: String)
    case cannotOpen(String, reason: String)
    case database(String, reason: String)
    case noSuchSession(Int64)
    case noSuchMaterial(Int64)
    case sameMaterial(Int64)
    case sessionIsRecording(Int64)
    /// The file is not a Woodshed library (not SQLite, or another program's database); it was
    /// not touched.
    case notALibrary(String, reason: String)
    /// The library is damaged (SQLite's check failed); it was not touched.
    case damaged(String, reason: String)

    public var message: String {
        switch self {
        case .cannotCreateFolder(let folder, let reason):
            "cannot create the library folder \(folder): \(reason)"
        case .cannotOpen(let path, let reason):
            "cannot open the library \(path): \(reason) (choose another with --library or WOODSHED_LIBRARY)"
        case .database(let path, let reason):
            "library \(path): \(reason)"
        case .noSuchSession(let id):
            "there is no session \(id)"
        case .noSuchMaterial(let id):
            "there is no piece \(id)"
        case .sameMaterial(let id):
            "piece \(id) is already that piece"
        case .sessionIsRecording(let id):
            "session \(id) is being recorded right now"
        case .notALibrary(let path, let reason):
            "\(path) is not a Woodshed library: \(reason); it was left untouched"
        case .damaged(let path, let reason):
            "the library \(path) is damaged (\(reason)); nothing was written to it"
        }
    }

    public var hint: String? {
        switch self {
        case .cannotCreateFolder, .cannotOpen, .database: nil
        case .noSuchSession: "`woodshed sessions` lists them"
        case .noSuchMaterial: "`woodshed pieces` lists them"
        case .sameMaterial: "name two different pieces"
        case .sessionIsRecording: "stop `woodshed record` first"
        case .notALibrary: "choose another with --library or WOODSHED_LIBRARY"
        case .damaged: "`woodshed doctor` says what is damaged and copies every readable session into a new library"
        }
    }

    /// Every library error is the user's to fix: another path, free space, permissions, an id.
    public var exitStatus: ExitStatus { .userError }
}
