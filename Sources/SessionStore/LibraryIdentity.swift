import Foundation
import GRDB

/// What a file given as the library is, found before anything is written to it: SQLite's
/// header (magic, `application_id`, `user_version`), then, through a read-only connection,
/// the migration table and (before writing) SQLite's quick check. A foreign SQLite file or a
/// damaged library is refused untouched.
enum LibraryIdentity {
    /// Woodshed's `application_id`: "WSHD". Libraries made before it have 0 and are known by
    /// their first migration.
    static let applicationID: Int32 = 0x5753_4844
    /// The first migration every Woodshed library has.
    static let firstMigration = "v1 sessions, ports, events, tags, analyses"

    enum Kind { case empty, library }

    /// Checks the file at `path` (which exists). `thorough`: also run `PRAGMA quick_check`
    /// (O(file size)), for opening to write.
    /// - Throws: ``LibraryError/notALibrary(_:reason:)`` or ``LibraryError/damaged(_:reason:)``.
    static func check(_ path: String, thorough: Bool) throws -> Kind {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LibraryError.cannotOpen(path, reason: "it cannot be read — check its permissions")
        }
        let header = (try? handle.read(upToCount: 100)).map { [UInt8]($0) } ?? []
        try? handle.close()
        if header.isEmpty { return .empty }
        guard header.count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw LibraryError.notALibrary(path, reason: "it is not an SQLite database")
        }
        let applicationID = header[68..<72].reduce(Int32(0)) { $0 << 8 | Int32($1) }
        if applicationID != 0 && applicationID != Self.applicationID {
            let hex = String(UInt32(bitPattern: applicationID), radix: 16)
            throw LibraryError.notALibrary(
                path,
                reason: "it is another program's SQLite database (application_id 0x\(hex))"
            )
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "woodshed.library.check"
        // A recorder may hold the write lock for a few milliseconds (a checkpoint).
        configuration.busyMode = .timeout(10)
        // A read-only connection to a WAL-mode file may leave an empty -wal and -shm behind:
        // those this check made go again, so a refused file is left as it was found.
        let sideFiles = ["-wal", "-shm"].map { path + $0 }.filter { !FileManager.default.fileExists(atPath: $0) }
        defer {
            for file in sideFiles where (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) == 0 {
                try? FileManager.default.removeItem(atPath: file)
            }
        }
        do {
            let queue = try readOnlyQueue(path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                if tables.isEmpty { return .empty }
                var migrated = false
                if tables.contains("grdb_migrations") {
                    migrated =
                        try Bool.fetchOne(
                            db,
                            sql: "SELECT EXISTS (SELECT 1 FROM grdb_migrations WHERE identifier = ?)",
                            arguments: [Self.firstMigration]
                        ) ?? false
                }
                guard migrated, tables.contains("session"), tables.contains("event") else {
                    let names = tables.prefix(4).joined(separator: ", ") + (tables.count > 4 ? ", …" : "")
                    throw LibraryError.notALibrary(
                        path,
                        reason: "it is an SQLite database of another program (tables \(names))"
                    )
                }
                if thorough {
                    let problems = try String.fetchAll(db, sql: "PRAGMA quick_check(3)")
                    if problems != ["ok"] {
                        throw LibraryError.damaged(path, reason: problems.joined(separator: "; "))
                    }
                }
                return .library
            }
        } catch let error as LibraryError {
            throw error
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            throw LibraryError.damaged(path, reason: error.message ?? "SQLite reports corruption")
        } catch {
            throw LibraryError.cannotOpen(path, reason: Library.describe(error, path: path))
        }
    }

    /// Result codes of a read-only connection that cannot set up a WAL file's shared memory
    /// (`-shm`): its folder is read-only, or the disk is full.
    private static let sharedMemoryFailures: [ResultCode] = [
        .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_CANTOPEN,
    ]

    /// A read-only connection to the database at `path`, checked by a first read. A WAL-mode
    /// file whose `-shm` cannot be made or mapped (a library in a read-only folder, on a full
    /// disk) is opened immutable instead — read without locks or shared memory, so nothing is
    /// created beside it — provided it has no `-wal` content, which immutable reading would miss.
    static func readOnlyQueue(_ path: String, configuration: Configuration) throws -> DatabaseQueue {
        let walPath = path + "-wal"
        // Anything at the WAL's path, a link included (lstat).
        let hadWAL = (try? FileManager.default.attributesOfItem(atPath: walPath)) != nil
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            _ = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        } catch let error as DatabaseError where sharedMemoryFailures.contains(error.resultCode) {
            var status = stat()
            guard stat(walPath, &status) != 0 || status.st_size == 0 else { throw error }
            // The failed attempt may have made an empty -wal: it goes, the folder is left as found.
            if !hadWAL { try? FileManager.default.removeItem(atPath: walPath) }
            let uri = URL(fileURLWithPath: path).absoluteString + "?immutable=1"
            return try DatabaseQueue(path: uri, configuration: configuration)
        }
    }
}
