import GRDB
import GRDBSQLite

/// Inserts event rows through SQLite's C API: a prepared `INSERT … VALUES (?, ?, ?, ?), …`
/// with one group of four parameters per row, bound and stepped once.
enum EventRows {
    /// SQLite copies what is bound with this destructor before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds `rows` (as many as the statement has groups of parameters) and runs it once.
    static func insert(
        _ rows: ArraySlice<RawEvent>,
        session: Int64,
        with statement: Statement,
        in db: Database
    ) throws {
        let raw = statement.sqliteStatement
        sqlite3_reset(raw)
        var parameter: Int32 = 1
        for event in rows {
            sqlite3_bind_int64(raw, parameter, session)
            sqlite3_bind_int64(raw, parameter + 1, event.time)
            sqlite3_bind_int64(raw, parameter + 2, Int64(event.port))
            event.bytes.withUnsafeBytes { bytes in
                // An empty blob (never stored in practice) stays a blob, not NULL.
                if let base = bytes.baseAddress {
                    sqlite3_bind_blob(raw, parameter + 3, base, Int32(bytes.count), transient)
                } else {
                    sqlite3_bind_zeroblob(raw, parameter + 3, 0)
                }
            }
            parameter += 4
        }
        let code = sqlite3_step(raw)
        let message = code == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(db.sqliteConnection))
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
        if let message {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}
