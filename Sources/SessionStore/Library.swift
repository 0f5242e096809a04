public import Foundation
import GRDB

/// The session library: one SQLite file holding every session, its raw events, analyses and tags.
///
/// A `Library` is a Sendable handle over a GRDB `DatabasePool` (WAL mode: readers never block
/// the recorder). Writes are transactions; commits are synchronous (`synchronous=FULL`), so a
/// committed event survives a power loss. Opening a library migrates it and closes sessions
/// that a killed recorder left open (see ``recoverUnclosedSessions()``).
public struct Library: Sendable {
    let writer: any DatabaseWriter
    /// The database file, or nil for an in-memory library.
    public let path: String?
    /// True when opened with ``Mode/readOnly``: nothing is written (no migration, no recovery,
    /// no stored analysis); writes fail.
    public let isReadOnly: Bool
    /// True for ``readers(path:)``: ``writable()`` gives nil, so nothing read through it is
    /// ever stored (a page reads; only its edits write).
    let neverWritable: Bool

    /// How a command opens the library.
    public enum Mode: Sendable {
        /// Creates the library when missing, migrates it, and writes. The file is checked first
        /// (header, migrations, SQLite's quick check): a foreign or damaged file is refused
        /// untouched.
        case readWrite
        /// Reads only (listing, reports, exports): works on a read-only file or a full disk and
        /// never changes the file; a missing library reads as an empty one (nothing is created).
        /// A foreign file is refused; a damaged one is read as far as it can be.
        case readOnly
    }

    /// Opens the library at `path`. `readWrite` creates it if needed: the folder 0700 and the
    /// file 0600, since practice history is personal.
    /// - Throws: ``LibraryError`` with the path and what to do.
    public init(path: String, mode: Mode = .readWrite) throws {
        let manager = FileManager.default
        if mode == .readOnly {
            guard manager.fileExists(atPath: path),
                try LibraryIdentity.check(path, thorough: false) == .library
            else {
                try self.init(
                    writer: DatabaseQueue(configuration: Self.makeConfiguration()),
                    path: path,
                    readOnly: false
                )
                self = Library(copy: self, readOnly: true)
                return
            }
            var configuration = Self.makeConfiguration(readOnly: true)
            configuration.readonly = true
            do {
                let queue = try LibraryIdentity.readOnlyQueue(path, configuration: configuration)
                // A library from an older Woodshed is migrated first when it can be written;
                // otherwise it is read as it is.
                if try !queue.read({ try Self.migrator.hasCompletedMigrations($0) }),
                    let migrated = try? Library(path: path, mode: .readWrite)
                {
                    try queue.close()
                    self = Library(copy: migrated, readOnly: false)
                    return
                }
                try self.init(writer: queue, path: path, readOnly: true)
            } catch let error as LibraryError {
                throw error
            } catch {
                throw LibraryError.cannotOpen(path, reason: Self.describe(error, path: path))
            }
            return
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if !manager.fileExists(atPath: folder, isDirectory: &isDirectory) {
            do {
                try manager.createDirectory(
                    atPath: folder,
                    withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700]
                )
            } catch {
                throw LibraryError.cannotCreateFolder(folder, reason: error.localizedDescription)
            }
        } else if !isDirectory.boolValue {
            throw LibraryError.cannotCreateFolder(folder, reason: "a file with that name exists")
        }
        if !manager.fileExists(atPath: path) {
            // Create the file with its final permissions before SQLite opens it.
            let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw LibraryError.cannotOpen(path, reason: String(cString: strerror(errno))) }
            close(fd)
        } else {
            _ = try LibraryIdentity.check(path, thorough: true)
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: Self.makeConfiguration())
        } catch {
            throw LibraryError.cannotOpen(path, reason: Self.describe(error, path: path))
        }
        try self.init(writer: pool, path: path, readOnly: false)
    }

    /// This library to write: itself when it was opened so, else the same file opened
    /// ``Mode/readWrite`` when that works (nil on a read-only file, a full disk, a damaged
    /// library, or an in-memory one). For caches a read-only command fills when it can.
    public func writable() -> Library? {
        if !isReadOnly { return self }
        if neverWritable { return nil }
        guard let path, FileManager.default.fileExists(atPath: path) else { return nil }
        return try? Library(path: path, mode: .readWrite)
    }

    /// An in-memory library, for tests.
    public static func inMemory() throws -> Library {
        try Library(writer: DatabaseQueue(configuration: makeConfiguration()), path: nil, readOnly: false)
    }

    /// A pool of read-only WAL connections to the library at `path`, which a writer (this
    /// process's or the recorder's) has opened and migrated: for a server whose pages read
    /// concurrently while edits go through the one writer. Nothing is ever written through it,
    /// not even a cache (``writable()`` is nil).
    /// - Throws: ``LibraryError`` when the file is missing, not a library, or not migrated.
    public static func readers(path: String) throws -> Library {
        guard FileManager.default.fileExists(atPath: path), try LibraryIdentity.check(path, thorough: false) == .library
        else {
            throw LibraryError.cannotOpen(path, reason: "there is no library there to read")
        }
        var configuration = makeConfiguration(readOnly: true)
        configuration.readonly = true
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            guard try pool.read({ try migrator.hasCompletedMigrations($0) }) else {
                throw LibraryError.cannotOpen(path, reason: "the library is not migrated — open it read-write first")
            }
            return try Library(writer: pool, path: path, readOnly: true, neverWritable: true)
        } catch let error as LibraryError {
            throw error
        } catch {
            throw LibraryError.cannotOpen(path, reason: describe(error, path: path))
        }
    }

    private init(copy: Library, readOnly: Bool) {
        self.writer = copy.writer
        self.path = copy.path
        self.isReadOnly = readOnly
        self.neverWritable = copy.neverWritable
    }

    private init(writer: any DatabaseWriter, path: String?, readOnly: Bool, neverWritable: Bool = false) throws {
        self.writer = writer
        self.path = path
        self.isReadOnly = readOnly
        self.neverWritable = neverWritable
        if readOnly { return }
        do {
            try Self.migrator.migrate(writer)
            // GRDB sets synchronous=NORMAL on a pool's writer when it turns WAL on, after the
            // configuration's own set-up: without this, commits would not be fsync'ed and a
            // power loss could take the last seconds of a recording.
            try writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            try writer.write { db in
                if try Int32.fetchOne(db, sql: "PRAGMA application_id") != LibraryIdentity.applicationID {
                    try db.execute(sql: "PRAGMA application_id = \(LibraryIdentity.applicationID)")
                }
            }
        } catch {
            throw LibraryError.cannotOpen(path ?? ":memory:", reason: Self.describe(error, path: path))
        }
    }

    static func makeConfiguration(readOnly: Bool = false) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Another process (the recorder) may hold the write lock for a few milliseconds.
        config.busyMode = .timeout(10)
        config.label = "woodshed.library"
        config.prepareDatabase { db in db.add(function: Self.matchesWords) }
        if readOnly { return config }
        config.prepareDatabase { db in
            // FULL: each commit is fsync'ed, so what was committed survives a power loss.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return config
    }

    /// The library path to use: `--library` if given, else `WOODSHED_LIBRARY`, else
    /// `$XDG_DATA_HOME/woodshed/library.sqlite` (XDG default `~/.local/share`).
    public static func defaultPath(
        option: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let option, !option.isEmpty { return option }
        if let env = environment["WOODSHED_LIBRARY"], !env.isEmpty { return env }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            dataHome = home + "/.local/share"
        }
        return dataHome + "/woodshed/library.sqlite"
    }

    /// One line for a database error: SQLite's message without GRDB's statement dump. With the
    /// library's `path`, a full disk (SQLITE_FULL, or SQLITE_IOERR when the WAL's shared memory
    /// cannot be made) is named: "the disk holding FOLDER is full (0 bytes free) — …".
    static func describe(_ error: any Error, path: String? = nil) -> String {
        if let error = error as? DatabaseError {
            if [.SQLITE_FULL, .SQLITE_IOERR].contains(error.resultCode), let path,
                let reason = DiskSpace.fullDiskReason(for: path)
            {
                return reason
            }
            switch error.resultCode {
            case .SQLITE_FULL: return "the disk is full — free some space and try again"
            case .SQLITE_IOERR: return "disk I/O error — is the disk full or failing? Free some space and try again"
            case .SQLITE_NOTADB: return "this file is not a Woodshed library (not an SQLite database)"
            case .SQLITE_CORRUPT: return "the library file is damaged (SQLite reports corruption)"
            case .SQLITE_READONLY: return "the library is read-only — check its permissions"
            case .SQLITE_CANTOPEN: return "SQLite cannot open the file — check the path and permissions"
            default: return error.message ?? "\(error.resultCode)"
            }
        }
        return "\(error)"
    }

    /// Runs a write transaction, turning database errors into ``LibraryError``.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch let error as LibraryError {
            throw error
        } catch {
            throw LibraryError.database(path ?? ":memory:", reason: Self.describe(error, path: path))
        }
    }

    /// Runs a read, turning database errors into ``LibraryError``.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch let error as LibraryError {
            throw error
        } catch {
            throw LibraryError.database(path ?? ":memory:", reason: Self.describe(error, path: path))
        }
    }
}
