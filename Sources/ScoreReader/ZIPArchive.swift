import Foundation

/// The entries of a ZIP archive, read from its central directory, and their contents, stored or
/// deflated — every read bounded by the archive's size and every entry's output by a limit.
///
/// Written for compressed MusicXML (`.mxl`) after a damaged archive made the ZIP library used
/// before loop for ever at its end (its inflate loop waited for the end of a deflate stream
/// that the entry did not hold). Here an entry's compressed bytes are exactly the
/// `compressedSize` its directory record declares, read once; inflating them ends when they are
/// used up, so a stream that does not end inside them is an error, never a wait.
/// ZIP64 sizes and offsets are read; encrypted entries and methods other than stored (0) and
/// deflated (8) are refused.
struct ZIPArchive {
    /// One file in the archive, as the central directory describes it.
    struct Entry: Equatable {
        var path: String
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
    }

    /// A problem with the archive: where (an entry's path, or nil for the whole archive) and what.
    struct ZIPDamage: Error, Equatable {
        var entry: String?
        var problem: String
    }

    /// Reads `count` bytes at `offset` (fewer at the end); nil when it cannot.
    typealias Reader = (_ offset: UInt64, _ count: Int) -> Data?

    let size: UInt64
    let entries: [Entry]
    private let read: Reader

    /// Reads the central directory of an archive of `size` bytes.
    init(size: UInt64, read: @escaping Reader) throws(ZIPDamage) {
        self.size = size
        self.read = read
        let directory = try Self.directory(size: size, read: read)
        entries = try Self.entries(in: directory.bytes, count: directory.count)
    }

    /// The entry at `path` (the first, if the archive names it twice).
    subscript(path: String) -> Entry? { entries.first { $0.path == path } }

    /// The contents of `entry`, at most `limit` bytes decompressed.
    func contents(of entry: Entry, limit: UInt64) throws(ZIPDamage) -> Data {
        func damage(_ problem: String) -> ZIPDamage { ZIPDamage(entry: entry.path, problem: problem) }
        guard entry.flags & 1 == 0 else { throw damage("encrypted — expected an unencrypted .mxl archive") }
        guard entry.uncompressedSize <= limit else {
            throw damage(
                "\(entry.uncompressedSize >> 20) MB decompressed — larger than the \(limit >> 20) MB a score can be"
            )
        }
        let header = try bytes(at: entry.localHeaderOffset, count: 30, for: entry, what: "its local header")
        guard header.uint32(at: 0) == 0x0403_4B50 else {
            throw damage("no local header at byte offset \(entry.localHeaderOffset), where the directory puts it")
        }
        let start = entry.localHeaderOffset + 30 + UInt64(header.uint16(at: 26)) + UInt64(header.uint16(at: 28))
        guard entry.compressedSize <= size, start <= size - entry.compressedSize else {
            throw damage(
                "its \(entry.compressedSize) compressed bytes at byte offset \(start) run past the end of the "
                    + "\(size)-byte archive — the file is cut short or damaged"
            )
        }
        let packed = try bytes(at: start, count: Int(entry.compressedSize), for: entry, what: "its data")
        let data: Data
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw damage("stored with \(entry.compressedSize) bytes but \(entry.uncompressedSize) declared")
            }
            data = packed
        case 8:
            do {
                data = try Inflater.inflate(packed, expectedSize: entry.uncompressedSize)
            } catch {
                throw damage(error.problem)
            }
        default:
            throw damage("compressed with method \(entry.method) — expected stored (0) or deflated (8)")
        }
        guard Inflater.crc32(data) == entry.crc32 else {
            throw damage("fails its CRC-32 check — the data is damaged")
        }
        return data
    }

    private func bytes(at offset: UInt64, count: Int, for entry: Entry, what: String) throws(ZIPDamage) -> Data {
        guard offset <= size, UInt64(count) <= size - offset, let data = read(offset, count), data.count == count
        else {
            throw ZIPDamage(
                entry: entry.path,
                problem: "\(what) at byte offset \(offset) lies past the end of the \(size)-byte archive — "
                    + "the file is cut short or damaged"
            )
        }
        return data
    }

    /// The central directory's bytes and its entry count, from the end-of-central-directory
    /// record (and the ZIP64 one when the sizes need it).
    private static func directory(size: UInt64, read: Reader) throws(ZIPDamage) -> (bytes: Data, count: UInt64) {
        let tailSize = min(size, 22 + 0xFFFF)
        guard tailSize >= 22, let tail = read(size - tailSize, Int(tailSize)), tail.count == Int(tailSize) else {
            throw ZIPDamage(entry: nil, problem: "too short for a ZIP archive (\(size) bytes)")
        }
        guard
            let end = stride(from: tail.count - 22, through: 0, by: -1).first(where: {
                tail.uint32(at: $0) == 0x0605_4B50
            })
        else {
            throw ZIPDamage(entry: nil, problem: "no end of central directory — the archive is cut short or damaged")
        }
        var count = UInt64(tail.uint16(at: end + 10))
        var directorySize = UInt64(tail.uint32(at: end + 12))
        var directoryOffset = UInt64(tail.uint32(at: end + 16))
        let endOffset = size - tailSize + UInt64(end)
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF, end >= 20,
            tail.uint32(at: end - 20) == 0x0706_4B50
        {
            let recordOffset = tail.uint64(at: end - 20 + 8)
            guard recordOffset <= size, size - recordOffset >= 56, let record = read(recordOffset, 56),
                record.count == 56, record.uint32(at: 0) == 0x0606_4B50
            else {
                throw ZIPDamage(entry: nil, problem: "a damaged ZIP64 end of central directory")
            }
            count = record.uint64(at: 32)
            directorySize = record.uint64(at: 40)
            directoryOffset = record.uint64(at: 48)
        }
        guard directoryOffset <= endOffset, directorySize <= endOffset - directoryOffset,
            let bytes = read(directoryOffset, Int(directorySize)), bytes.count == Int(directorySize)
        else {
            throw ZIPDamage(
                entry: nil,
                problem: "its central directory (\(directorySize) bytes at byte offset \(directoryOffset)) lies "
                    + "outside the \(size)-byte archive — the archive is cut short or damaged"
            )
        }
        return (bytes, count)
    }

    private static func entries(in directory: Data, count: UInt64) throws(ZIPDamage) -> [Entry] {
        var entries: [Entry] = []
        var at = 0
        while UInt64(entries.count) < count {
            guard at + 46 <= directory.count, directory.uint32(at: at) == 0x0201_4B50 else {
                throw ZIPDamage(
                    entry: nil,
                    problem: "its central directory ends after \(entries.count) of the \(count) entries it announces "
                        + "— the archive is damaged"
                )
            }
            let nameLength = Int(directory.uint16(at: at + 28))
            let extraLength = Int(directory.uint16(at: at + 30))
            let commentLength = Int(directory.uint16(at: at + 32))
            let next = at + 46 + nameLength + extraLength + commentLength
            guard next <= directory.count else {
                throw ZIPDamage(entry: nil, problem: "entry \(entries.count + 1) of its central directory is cut short")
            }
            let name = directory.subdata(in: at + 46..<at + 46 + nameLength)
            var entry = Entry(
                path: String(decoding: name, as: UTF8.self),
                method: directory.uint16(at: at + 10),
                flags: directory.uint16(at: at + 8),
                crc32: directory.uint32(at: at + 16),
                compressedSize: UInt64(directory.uint32(at: at + 20)),
                uncompressedSize: UInt64(directory.uint32(at: at + 24)),
                localHeaderOffset: UInt64(directory.uint32(at: at + 42))
            )
            entry.readZIP64(directory.subdata(in: at + 46 + nameLength..<at + 46 + nameLength + extraLength))
            entries.append(entry)
            at = next
        }
        return entries
    }
}

extension ZIPArchive.Entry {
    /// Takes the sizes and offset its ZIP64 extra field holds (those the record marks 0xFFFFFFFF).
    fileprivate mutating func readZIP64(_ extra: Data) {
        var at = 0
        while at + 4 <= extra.count {
            let id = extra.uint16(at: at)
            let length = Int(extra.uint16(at: at + 2))
            guard at + 4 + length <= extra.count else { return }
            if id == 0x0001 {
                var field = at + 4
                func next(_ value: inout UInt64) {
                    guard value == 0xFFFF_FFFF, field + 8 <= at + 4 + length else { return }
                    value = extra.uint64(at: field)
                    field += 8
                }
                next(&uncompressedSize)
                next(&compressedSize)
                next(&localHeaderOffset)
                return
            }
            at += 4 + length
        }
    }
}

extension Data {
    /// Little-endian integers at a byte offset from the start of the data (the caller checks bounds).
    fileprivate func uint16(at offset: Int) -> UInt16 {
        let base = startIndex + offset
        return UInt16(self[base]) | UInt16(self[base + 1]) << 8
    }

    fileprivate func uint32(at offset: Int) -> UInt32 {
        UInt32(uint16(at: offset)) | UInt32(uint16(at: offset + 2)) << 16
    }

    fileprivate func uint64(at offset: Int) -> UInt64 {
        UInt64(uint32(at: offset)) | UInt64(uint32(at: offset + 4)) << 32
    }
}
