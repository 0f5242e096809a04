import Foundation
import GRDB

/// An exclusive advisory lock (flock) held by the one recorder writing to a library.
///
/// The kernel drops a flock when its process dies, however it dies, so "the lock is free" means
/// "no recorder is alive" — exactly what recovery of unclosed sessions needs to know.
public final class RecorderLock: Sendable {
    private let descriptor: Int32
    /// The lock file: the library path plus ".recorder.lock".
    public let path: String

    /// Takes the lock for `libraryPath`.
    /// - Throws: ``RecorderLockError/held(pid:path:)`` when another recorder holds it.
    public init(libraryPath: String) throws {
        let path = libraryPath + ".recorder.lock"
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw RecorderLockError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = pread(fd, &buffer, buffer.count, 0)
            close(fd)
            let pid =
                count > 0
                ? Int32(
                    String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                ) : nil
            throw RecorderLockError.held(pid: pid, path: path)
        }
        let pidText = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pidText, pidText.count, 0)
        self.descriptor = fd
        self.path = path
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// True when a live process holds the lock for `libraryPath`. Never blocks.
    public static func isHeld(libraryPath: String) -> Bool {
        let path = libraryPath + ".recorder.lock"
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return true
    }
}

extension Library {
    /// Closes sessions left open by a recorder that is no longer running (kill -9, power loss,
    /// crash) at their last stored event, marking them "recovered". Does nothing while a live
    /// recorder holds the library's ``RecorderLock``.
    /// - Returns: the ids of the sessions recovered.
    @discardableResult
    public func recoverUnclosedSessions() throws -> [Int64] {
        if let path, RecorderLock.isHeld(libraryPath: path) { return [] }
        return try write { db in
            let open = try SessionRecord.filter(SessionRecord.Columns.state == SessionState.open.rawValue)
                .order(SessionRecord.Columns.id).fetchAll(db)
            var recovered: [Int64] = []
            for var session in open {
                guard let id = session.id else { continue }
                let last = try EventRecord.filter(EventRecord.Columns.sessionId == id)
                    .select(max(EventRecord.Columns.timeNs), as: Int64.self).fetchOne(db)
                guard let last else {
                    // Nothing was ever stored: there is no session to keep.
                    try session.delete(db)
                    continue
                }
                session.lastEventNs = last
                try session.update(db)
                try Library.finishSession(db, session: id, state: .recovered)
                recovered.append(id)
            }
            return recovered
        }
    }
}
