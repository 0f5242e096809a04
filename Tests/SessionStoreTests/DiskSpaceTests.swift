import Foundation
import GRDB
import Testing

@testable import SessionStore

/// A library on a full disk is refused with a line that names the disk's folder and says what
/// to do (issue 10: a recorder started on a disk already full), not with "disk I/O error".
@Suite("Disk space in library errors")
struct DiskSpaceTests {
    @Test("a full disk is named by the library's folder, made absolute")
    func fullDiskNamed() throws {
        let cwd = FileManager.default.currentDirectoryPath
        let reason = DiskSpace.fullDiskReason(for: "music/library.sqlite", free: { _ in 0 })
        #expect(reason == "the disk holding \(cwd)/music is full (0 bytes free) — free some space there and try again")
        let some = DiskSpace.fullDiskReason(for: "/a/b/../c/library.sqlite", free: { _ in 300 * 1024 })
        #expect(some == "the disk holding /a/c is full (300 KiB free) — free some space there and try again")
    }

    @Test("a disk with room, or one that cannot be measured, is not called full")
    func notFull() throws {
        #expect(DiskSpace.fullDiskReason(for: "/x/library.sqlite", free: { _ in 2 << 20 }) == nil)
        #expect(DiskSpace.fullDiskReason(for: "/x/library.sqlite", free: { _ in nil }) == nil)
        #expect(DiskSpace.free(in: NSTemporaryDirectory()) != nil)
        #expect(DiskSpace.free(in: "/no/such/folder/here") == nil)
    }

    @Test("SQLite's full-disk and I/O errors say the disk is full only when it is")
    func describeUsesSpace() throws {
        let io = DatabaseError(resultCode: .SQLITE_IOERR)
        let full = DatabaseError(resultCode: .SQLITE_FULL)
        // The temporary folder has room: the usual lines, which still say what to do.
        let roomy = NSTemporaryDirectory() + "/library.sqlite"
        if let free = DiskSpace.free(in: NSTemporaryDirectory()), free >= DiskSpace.fullBelow {
            #expect(Library.describe(io, path: roomy).hasPrefix("disk I/O error — is the disk full or failing?"))
            #expect(Library.describe(full, path: roomy) == "the disk is full — free some space and try again")
        }
        #expect(Library.describe(io) == "disk I/O error — is the disk full or failing? Free some space and try again")
        #expect(Library.describe(DatabaseError(resultCode: .SQLITE_CORRUPT), path: roomy).contains("damaged"))
        let message = LibraryError.cannotOpen(
            "/full/library.sqlite",
            reason: DiskSpace.fullDiskReason(for: "/full/library.sqlite", free: { _ in 0 }) ?? ""
        ).message
        #expect(
            message == "cannot open the library /full/library.sqlite: the disk holding /full is full (0 bytes free) — "
                + "free some space there and try again (choose another with --library or WOODSHED_LIBRARY)"
        )
    }
}
