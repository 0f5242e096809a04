import Foundation
import GRDB

/// A row of `event`: one raw MIDI message exactly as received. The public face is ``RawEvent``.
///
/// Events are the one table written and read in bulk (a live session commits every 100 ms, an
/// import a million rows at once), so they are inserted by a cached hand-written statement
/// (``Library/insertEvents(_:_:session:)``) and read by column index: a Codable record costs
/// several times more per row there.
struct EventRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "event"

    var time: Int64
    var port: UInt16
    var bytes: [UInt8]

    enum Columns {
        static let id = Column("id")
        static let sessionId = Column("sessionId")
        static let timeNs = Column("timeNs")
        static let port = Column("port")
        static let bytes = Column("bytes")
    }

    /// Reads the columns of ``inOrder(session:)`` by position.
    init(row: Row) throws {
        time = row[0]
        port = row[1]
        let data: Data = row[2]
        bytes = Array(data)
    }

    /// A session's events in time order, ties in arrival order.
    static func inOrder(session: Int64) -> QueryInterfaceRequest<EventRecord> {
        select(Columns.timeNs, Columns.port, Columns.bytes)
            .filter(Columns.sessionId == session)
            .order(Columns.timeNs, Columns.id)
    }

    var event: RawEvent { RawEvent(time: time, port: port, bytes: bytes) }
}
