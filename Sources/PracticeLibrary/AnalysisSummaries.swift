public import PracticeReports
public import SessionStore

extension AnalysisSummary {
    /// What `report` says about each piece it practised that the library knows, and each of
    /// their passages — the numbers ``PieceOverview`` shows per session, derived here once when
    /// the report is stored (``SessionAnalysis/store(_:sessionID:in:)``). Pieces and passages
    /// without a library id are left out. O(passages + takes).
    public init(_ report: PracticeReport) {
        var libraryIDs: [String: Int64] = [:]
        var pieces: [Piece] = []
        for material in report.materials {
            guard let id = material.libraryID else { continue }
            if libraryIDs[material.id] == nil { libraryIDs[material.id] = id }
            pieces.append(
                Piece(
                    materialID: id,
                    seconds: material.time ?? 0,
                    takes: material.takes?.count ?? 0,
                    clean: material.takes?.clean ?? 0,
                    judged: material.takes?.judged ?? 0,
                    bestPace: material.bestPace
                )
            )
        }
        let takes = Dictionary(grouping: report.allTakes.map(\.take), by: \.passage)
        var passages: [Passage] = []
        for (passage, label) in report.placedPassages() {
            guard let id = libraryIDs[passage.material] else { continue }
            let played = takes[passage.id] ?? []
            let marked = report.materials.first { $0.id == passage.material }?.markedTempo
            let fastest = played.filter {
                $0.clean == true && $0.hand == nil && $0.end > $0.start && $0.to > $0.from
            }
            .max { ($0.to - $0.from) / ($0.end - $0.start) < ($1.to - $1.from) / ($1.end - $1.start) }
            passages.append(
                Passage(
                    materialID: id,
                    label: label,
                    takes: passage.takes.count,
                    clean: passage.takes.clean,
                    judged: passage.takes.judged,
                    tempos: played.compactMap(\.tempo),
                    bestPace: fastest.map { (($0.to - $0.from) / ($0.end - $0.start) * 1000).rounded() / 1000 },
                    bestBPM: fastest.flatMap { take in take.scoreTempo.flatMap { tempo in marked.map { tempo * $0 } } }
                )
            )
        }
        self.init(pieces: pieces, passages: passages)
    }
}

/// Summaries for libraries analysed before they were kept (migration v8): each analysis by
/// this version gets the summary of its stored report, without analysing anything again.
public enum AnalysisSummaries {
    /// Stores the summary of each of `sessionIDs` (nil: every session) whose stored analysis
    /// is by this version (``SessionAnalysis/version``) and has none, reading its report
    /// once. Reports that cannot be read are skipped (the pages read them as before).
    /// `progress(done, total)` is called before the first and after each 100. A library opened
    /// read-only is written through ``Library/writable()`` (the same file opened to write); when
    /// there is none (the web journal's read-only pages, a read-only file) nothing is stored.
    /// O(reports summarised).
    /// - Returns: the summaries made, by session.
    @discardableResult
    public static func fill(
        sessionIDs: [Int64]? = nil,
        in library: Library,
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> [Int64: AnalysisSummary] {
        var pending = try library.unsummarisedAnalyses(analyzerVersion: SessionAnalysis.version)
        if let sessionIDs {
            let wanted = Set(sessionIDs)
            pending = pending.filter(wanted.contains)
        }
        var made: [Int64: AnalysisSummary] = [:]
        // Opened to write only when there is something to store.
        guard !pending.isEmpty, let library = library.writable() else { return made }
        progress(0, pending.count)
        // A commit per 100 sessions, not per session: the library commits synchronously.
        var done = 0
        for chunk in stride(from: 0, to: pending.count, by: 100).map({ pending[$0..<min($0 + 100, pending.count)] }) {
            var derived: [(session: Int64, analyzedAtNs: Int64, summary: AnalysisSummary)] = []
            for id in chunk {
                if let stored = try library.analysis(session: id), stored.analyzerVersion == SessionAnalysis.version,
                    let report = try? PracticeReport.decode(stored.report)
                {
                    derived.append((id, stored.analyzedAtNs, AnalysisSummary(report)))
                }
            }
            let stored = try library.storeSummaries(derived)
            for (id, _, summary) in derived where stored.contains(id) { made[id] = summary }
            done += chunk.count
            progress(done, pending.count)
        }
        return made
    }
}
