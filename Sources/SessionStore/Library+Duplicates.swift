import Foundation
import GRDB

extension Library {
    /// A hash of a session's content: every event's time, port and bytes, in order (two 64-bit
    /// FNV-1a hashes with different seeds, as 32 hex digits). The same MIDI file imported twice
    /// has the same hash whatever its name or date. O(events).
    public static func contentHash(of events: [RawEvent]) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x6c62_272e_07bb_0142
        func mix(_ byte: UInt8) {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = second ^ (second >> 29)
        }
        for event in events {
            withUnsafeBytes(of: event.time.littleEndian) { for byte in $0 { mix(byte) } }
            withUnsafeBytes(of: event.port.littleEndian) { for byte in $0 { mix(byte) } }
            mix(UInt8(truncatingIfNeeded: event.bytes.count))
            for byte in event.bytes { mix(byte) }
        }
        return String(format: "%016llx%016llx", first, second)
    }

    /// The session whose events hash to `hash` (``contentHash(of:)``), if any. Sessions stored
    /// before hashes were kept are hashed here when they have `eventCount` events, and keep
    /// their hash. O(sessions with that many events and no hash yet × their events).
    public func session(withContentHash hash: String, eventCount: Int) throws -> Int64? {
        try write { db in
            let unhashed = try Int64.fetchAll(
                db,
                SessionRecord.select(SessionRecord.Columns.id)
                    .filter(SessionRecord.Columns.contentHash == nil && SessionRecord.Columns.eventCount == eventCount)
                    .filter(SessionRecord.Columns.state != SessionState.open.rawValue)
            )
            for id in unhashed {
                var events: [RawEvent] = []
                let cursor = try EventRecord.inOrder(session: id).fetchCursor(db)
                while let record = try cursor.next() { events.append(record.event) }
                try SessionRecord.filter(key: id)
                    .updateAll(db, SessionRecord.Columns.contentHash.set(to: Self.contentHash(of: events)))
            }
            return try Int64.fetchOne(
                db,
                SessionRecord.select(SessionRecord.Columns.id).filter(SessionRecord.Columns.contentHash == hash)
                    .order(SessionRecord.Columns.id)
            )
        }
    }

    /// Records a session's content hash (``contentHash(of:)``), e.g. right after an import.
    public func setContentHash(_ hash: String, for session: Int64) throws {
        try write { db in
            try Self.requireSession(db, session)
            try SessionRecord.filter(key: session).updateAll(db, SessionRecord.Columns.contentHash.set(to: hash))
        }
    }
}
