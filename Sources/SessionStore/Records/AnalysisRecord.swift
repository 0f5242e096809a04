import Foundation
import GRDB

/// A row of `analysis`: a session's latest report document and the analyzer version that made
/// it. The public face is ``StoredAnalysis``.
struct AnalysisRecord: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "analysis"

    var sessionId: Int64
    var analyzerVersion: Int
    /// Unix-epoch nanoseconds.
    var analyzedAtNs: Int64
    /// The report document (JSON).
    var report: Data

    var stored: StoredAnalysis {
        StoredAnalysis(analyzerVersion: analyzerVersion, analyzedAtNs: analyzedAtNs, report: report)
    }
}
