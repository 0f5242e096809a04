import PracticeReports
import Rainbow

/// Colours for the text report on a terminal (Rainbow's ANSI codes). Used only when
/// ``Terminal/usesColor`` says so; files, pipes and NO_COLOR get ``TextStyle/plain``.
enum TerminalStyle {
    static let color = TextStyle { text, role in
        switch role {
        case .heading: text.bold
        case .label: text.bold
        case .dim: text.dim
        case .good: text.green
        case .warning: text.yellow
        case .bad: text.red
        case .kind(.technique): text.cyan
        case .kind(.repertoire): text.blue
        case .kind(.free): text.yellow
        case .kind(.rest): text.dim
        }
    }

    /// The style for standard output right now.
    static var forStandardOutput: TextStyle { Terminal.usesColor ? color : .plain }
}
