import Foundation

/// The free space on the disk that holds a library, for errors that can say "the disk is full"
/// instead of guessing: SQLite reports a full disk as SQLITE_FULL, or as SQLITE_IOERR when the
/// WAL's shared memory (`-shm`) cannot be made — a recorder started on a disk already full.
enum DiskSpace {
    /// Below this many free bytes a disk counts as full: SQLite needs a few pages and 32 KiB of
    /// shared memory to open a WAL library, and a recording more than that.
    static let fullBelow: UInt64 = 1 << 20

    /// The bytes this process may still write on the file system holding `folder` (root may use
    /// the blocks reserved for it), or nil when `statvfs` fails.
    static func free(in folder: String) -> UInt64? {
        var info = statvfs()
        guard statvfs(folder, &info) == 0 else { return nil }
        let blocks = geteuid() == 0 ? UInt64(info.f_bfree) : UInt64(info.f_bavail)
        return blocks.multipliedReportingOverflow(by: UInt64(info.f_frsize)).partialValue
    }

    /// "the disk holding FOLDER is full (N bytes free) — free some space there and try again"
    /// when the folder of the file at `path` (made absolute) has less than ``fullBelow`` free;
    /// nil otherwise (then the error is not about space, or cannot be told). `free` measures a
    /// folder (tests give their own).
    static func fullDiskReason(for path: String, free: (String) -> UInt64? = free(in:)) -> String? {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
        guard let free = free(folder), free < fullBelow else { return nil }
        let amount = free < 1024 ? "\(free) bytes" : "\(free / 1024) KiB"
        return "the disk holding \(folder) is full (\(amount) free) — free some space there and try again"
    }
}
