import ArgumentParser
import Foundation
import MIDICore
import PracticeAnalyzer
import PracticeLibrary
import PracticeReports
import PracticeSegmenter
import SessionStore

/// `woodshed analyze FILE.mid | --session ID | --all`: run the segmenter and the analyzer.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Work out what a practice session was made of, and how it went.",
        discussion: """
            With a MIDI file, prints its report without touching the library. With --session, \
            analyses a stored session and stores the result (the report and the automatic \
            tags). With --all, re-analyses every session in the library, e.g. after an upgrade, \
            with a progress bar on a terminal; --outdated skips sessions already analysed by \
            this version.

            Examples:
              woodshed analyze lesson.mid
              woodshed analyze lesson.mid --format json -o lesson.json
              woodshed analyze --session 12 --process technique-focus
              woodshed analyze --all --outdated
            """
    )

    @Argument(help: ArgumentHelp("A MIDI file to analyse without storing it.", valueName: "file"))
    var file: String?

    @Option(name: .long, help: ArgumentHelp("Analyse this stored session and store the result.", valueName: "id"))
    var session: Int64?

    @Flag(name: .long, help: "Re-analyse every session in the library.")
    var all = false

    @Flag(name: .long, help: "With --all: only sessions without an analysis by this version.")
    var outdated = false

    @Option(name: .shortAndLong, help: "Output format for one session: text, json, md or html.")
    var format: ReportFormatOption = .text

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the report to this file.", valueName: "file"))
    var output: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Process template: a built-in name or a .toml file (default daily-practice).",
            valueName: "name|file"
        )
    )
    var process: String?

    @Flag(name: .long, help: "Replace the output file if it exists.")
    var force = false

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        let modes = [file != nil, session != nil, all].filter { $0 }.count
        if modes != 1 { throw ValidationError("give one of: a MIDI file, --session ID, or --all") }
        if outdated && !all { throw ValidationError("--outdated goes with --all") }
        if all && output != nil {
            throw ValidationError("--all stores its results in the library; -o is for one session")
        }
    }

    func run() throws {
        AllocatorTuning.keepFreedMemory()
        let template = try ProcessTemplates.load(process)
        if let file {
            let performance = try ImportCommand.readPerformance(file)
            let notes = performance.notes
            // A file is matched against the library's pieces when there is a library, read only.
            let known =
                FileManager.default.fileExists(atPath: library.path)
                ? try SessionAnalysis.knownMaterials(library.openReadOnly()) : []
            let report = SessionAnalysis.report(
                notes: notes,
                pedalMoves: performance.pedalMoves,
                known: known,
                context: AnalysisContext(template: template),
                facts: PracticeReport.SessionFacts(source: URL(fileURLWithPath: file).lastPathComponent)
            )
            try emit(report, notes: notes)
            return
        }
        let store = try library.open()
        if let session {
            let result = try SessionAnalysis.analyzeMarked(sessionID: session, in: store, template: template)
            try emit(ReportCache.shown(result.report, sessionID: session, in: store), notes: result.notes)
            return
        }
        try analyzeAll(store, template: template)
    }

    private func emit(_ report: PracticeReport, notes: [Note]) throws {
        let text: String
        switch format {
        case .text: text = report.text(style: output == nil ? TerminalStyle.forStandardOutput : .plain)
        case .json: text = String(decoding: try report.jsonData(), as: UTF8.self) + "\n"
        case .md: text = report.markdown()
        case .html: text = report.html(notes: notes)
        }
        try ReportCommand.emit(text, to: output, force: force)
    }

    /// Every session (or the outdated ones), one line each, with a bar on a terminal.
    private func analyzeAll(_ store: Library, template: ProcessTemplate) throws {
        var sessions = try store.sessions().reversed().map(\.id)
        if outdated {
            sessions = try sessions.filter {
                try store.analysis(session: $0)?.analyzerVersion != SessionAnalysis.version
            }
        }
        guard !sessions.isEmpty else {
            print(outdated ? "Every session is analysed by this version already." : "The library has no sessions yet.")
            return
        }
        let progress = ProgressBar(total: sessions.count, label: "analysing")
        defer { progress.finish() }
        var failures = 0
        let failedBefore = try store.failedAnalyses()
        var skipped = 0
        for id in sessions {
            if let failure = failedBefore[id] {
                // Analysing it again would fail (or crash) again: said once, then left alone.
                skipped += 1
                progress.finish()
                Terminal.printError(
                    "session \(id): skipped, \(Formatting.escaped(failure.description)) — "
                        + "`woodshed analyze --session \(id)` tries it again"
                )
                progress.advance()
                continue
            }
            do {
                let result = try SessionAnalysis.analyzeMarked(sessionID: id, in: store, template: template)
                let metrics = result.report.metrics
                progress.advance(
                    "session \(id): \(ReportFormat.plural(result.report.steps.count, "step")), "
                        + "\(ReportFormat.plural(metrics.takes, "take")), "
                        + "\(ReportFormat.plural(metrics.contextSwitches, "switch", "switches"))"
                )
            } catch {
                let problem = error.userFacing
                if problem.exitStatus == .internalError { throw error }
                failures += 1
                progress.finish()
                Terminal.printError("session \(id): \(problem.line)")
                progress.advance()
            }
        }
        progress.finish()
        print(
            "analysed \(ReportFormat.plural(sessions.count - failures - skipped, "session"))"
                + (skipped > 0 ? ", \(skipped) skipped" : "")
        )
        if failures > 0 { throw ExitCode(ExitStatus.userError.rawValue) }
    }
}
