import Foundation
public import MIDICore
public import PracticeAnalyzer
public import PracticeReports
public import PracticeSegmenter
public import SessionStore

/// The analysis pipeline for stored sessions: events → notes → segmenter → analyzer → report,
/// stored in the library with the session's automatic tags.
public enum SessionAnalysis {
    /// The version stored with each analysis: the analyzer's, which changes when any metric does.
    public static var version: Int { WorkflowAnalyzer.version }

    /// For the recorder: analyses a session that has just been closed, stores the report and
    /// the automatic tags, and returns the text summary to print (colour when `color`).
    /// - Throws: ``LibraryError`` when the session does not exist or the library fails.
    public static func analyzeAndStore(sessionID: Int64, in library: Library, color: Bool = false) throws -> String {
        let result = try analyze(sessionID: sessionID, in: library)
        try store(result.report, sessionID: sessionID, in: library)
        return result.report.text(style: color ? TerminalStyle.color : .plain)
    }

    /// Analyses a stored session without storing anything. `template` nil: the default process.
    public static func analyze(
        sessionID: Int64,
        in library: Library,
        template: ProcessTemplate? = nil
    ) throws
        -> (report: PracticeReport, notes: [Note])
    {
        let session = try library.session(sessionID)
        let notes = Note.notes(from: try library.events(session: sessionID).compactMap(\.timedMessage))
        let ports = try library.ports(session: sessionID)
        let context = AnalysisContext(
            startHour: Self.localHour(session),
            devices: session.sourceKind == .import ? [] : ports.map(\.name),
            template: try template ?? ProcessTemplates.load(nil)
        )
        let facts = PracticeReport.SessionFacts(id: session.id, start: session.startISO8601, source: session.source)
        return (report(notes: notes, context: context, facts: facts), notes)
    }

    /// Analyses notes that are not in the library (a file). O(segmenter + analyzer).
    public static func report(
        notes: [Note],
        context: AnalysisContext,
        facts: PracticeReport.SessionFacts
    )
        -> PracticeReport
    {
        let segmentation = PracticeSegmenter().segment(notes)
        let analysis = WorkflowAnalyzer().analyze(segmentation, notes: notes, context: context)
        return PracticeReport(
            segmentation,
            noteCount: notes.count,
            analysis: analysis,
            facts: facts,
            woodshedVersion: WoodshedVersion.string
        )
    }

    /// Stores the report and replaces the session's automatic tags (user tags stay).
    public static func store(_ report: PracticeReport, sessionID: Int64, in library: Library) throws {
        try library.storeAnalysis(report.jsonData(), analyzerVersion: version, for: sessionID)
        try library.setAutomaticTags(report.tags, for: sessionID)
    }

    /// The stored report when it was made by this analyzer version; nil otherwise.
    static func storedReport(sessionID: Int64, in library: Library) throws -> PracticeReport? {
        guard let stored = try library.analysis(session: sessionID), stored.analyzerVersion == version else {
            return nil
        }
        return try? PracticeReport.decode(stored.report)
    }

    /// Local hour of the session start, from its recorded UTC offset.
    static func localHour(_ session: SessionInfo) -> Int {
        let local = session.startNs / 1_000_000_000 + Int64(session.utcOffset)
        return Int(((local % 86_400) + 86_400) % 86_400 / 3_600)
    }
}
