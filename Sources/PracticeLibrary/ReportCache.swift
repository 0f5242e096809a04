public import MIDICore
public import PracticeAnalyzer
public import PracticeReports
public import SessionStore

/// The stored-report cache: a session is analysed once per analyzer version and the report
/// stored with it, so `report`, `stats` and the web journal read it instead of analysing
/// again. A report against another process template is a one-off view and never replaces the
/// stored one.
public enum ReportCache {
    /// The stored report when it was made by this analyzer version (``SessionAnalysis/version``);
    /// nil when there is none, it is older, or it cannot be read. O(report size).
    /// Shown as ``shown(_:sessionID:in:)`` says.
    public static func stored(sessionID: Int64, in library: Library) throws -> PracticeReport? {
        guard let stored = try library.analysis(session: sessionID), stored.analyzerVersion == SessionAnalysis.version,
            let report = try? PracticeReport.decode(stored.report)
        else {
            return nil
        }
        return try shown(report, sessionID: sessionID, in: library)
    }

    /// A session's report as front ends show it: its pieces with the library's ids and names of
    /// now (``PracticeReport/usePieceNames(_:)``: a rename or a merge since), and its `tags`
    /// the session's tags in the library (added by hand included, removed by hand left out).
    /// Never store what this returns: its tags are no longer only the automatic ones.
    public static func shown(_ report: PracticeReport, sessionID: Int64, in library: Library) throws -> PracticeReport {
        var report = report
        let names = try library.pieceNames()
        report.usePieceNames { names[$0] }
        report.tags = try library.tags(session: sessionID).map(\.name)
        return report
    }

    /// A session's report: the stored one when it is current, `template` is nil (the default)
    /// and `fresh` is false; otherwise the session is analysed now and, against the default
    /// template, the result stored with its automatic tags. `notes` are the session's notes when
    /// it was analysed now (nil for a stored report: ``SessionAnalysis/notes(sessionID:in:)``
    /// reads them when a rendering needs them).
    /// - Throws: ``LibraryError`` when the session does not exist or the library fails.
    public static func report(
        sessionID: Int64,
        in library: Library,
        template: ProcessTemplate? = nil,
        fresh: Bool = false
    ) throws -> (report: PracticeReport, notes: [Note]?) {
        if template == nil && !fresh, let report = try stored(sessionID: sessionID, in: library) {
            return (report, nil)
        }
        let result = try SessionAnalysis.analyzeMarked(
            sessionID: sessionID,
            in: library,
            template: template,
            store: template == nil ? .ifPossible : .no
        )
        guard template == nil else { return (result.report, result.notes) }
        return (try shown(result.report, sessionID: sessionID, in: library), result.notes)
    }

    /// The current report of each session, in the order given: stored ones as they are, the
    /// others (never analysed, or by an older version) analysed and stored now and put after
    /// the stored ones. Sessions whose analysis failed (``Library/failedAnalyses()``, before or
    /// now) are left out. `progress(done, total)` is called before the first of those analyses
    /// and after each. O(sessions) reads plus one analysis per outdated session.
    public static func currentReports(
        sessionIDs: [Int64],
        in library: Library,
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> [(sessionID: Int64, report: PracticeReport)] {
        var reports: [(sessionID: Int64, report: PracticeReport)] = []
        var pending: [Int64] = []
        let failed = try library.failedAnalyses()
        for id in sessionIDs {
            if let report = try stored(sessionID: id, in: library) {
                reports.append((id, report))
            } else if failed[id] == nil {
                pending.append(id)
            }
        }
        if !pending.isEmpty { progress(0, pending.count) }
        // What is analysed now is stored when the library can be written (opened once).
        let library = pending.isEmpty ? library : library.writable() ?? library
        for (index, id) in pending.enumerated() {
            // A session that fails now is marked and left out, like those that failed before.
            if let result = try? SessionAnalysis.analyzeMarked(sessionID: id, in: library, store: .ifPossible) {
                reports.append((id, result.report))
            }
            progress(index + 1, pending.count)
        }
        return reports
    }
}
