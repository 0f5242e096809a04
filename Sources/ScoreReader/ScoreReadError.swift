public import MIDICore

/// A score that cannot be read: which file, where in it, and what was expected — one line.
///
/// `description` reads "fur-elise.musicxml: line 120, <divisions>: 0 divisions per quarter
/// note — expected a positive number".
public struct ScoreReadError: UserFacingError, Hashable, Sendable {
    /// The file as the user named it (or an archive and its entry: "song.mxl: score.xml").
    public var file: String
    /// "line 120, <divisions>", "measure 12 (line 340)", "entry META-INF/container.xml"; nil
    /// when the problem is the whole file.
    public var location: String?
    /// What was wrong and what was expected.
    public var problem: String

    public init(file: String, location: String? = nil, problem: String) {
        self.file = file
        self.location = location
        self.problem = problem
    }

    public var message: String {
        [file, location, problem].compactMap { $0 }.joined(separator: ": ")
    }

    public var exitStatus: ExitStatus { .userError }
}
