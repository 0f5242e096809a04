import Foundation
import SystemZlib

/// Raw deflate (RFC 1951, as in ZIP entries) through the system's zlib, on bytes held in
/// memory: every call to `inflate` uses input or makes output, so the work is bounded by the
/// input and the output, and the output by the size the archive declares.
enum Inflater {
    /// What went wrong, in words for ``ScoreReadError``.
    struct InflateFailure: Error {
        var problem: String
    }

    /// The bytes `packed` inflates to, which must be exactly `expectedSize` bytes and end the
    /// deflate stream exactly.
    static func inflate(_ packed: Data, expectedSize: UInt64) throws(InflateFailure) -> Data {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw InflateFailure(problem: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        output.reserveCapacity(Int(min(expectedSize, 1 << 24)))
        let chunkSize = 1 << 16
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var input = [UInt8](packed)
        let tooLarge = Int32.min
        let result: Int32 = input.withUnsafeMutableBufferPointer { input in
            stream.next_in = input.baseAddress
            stream.avail_in = UInt32(input.count)
            while true {
                let (status, made) = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    let status = SystemZlib.inflate(&stream, Z_NO_FLUSH)
                    return (status, out.count - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk[..<made])
                if UInt64(output.count) > expectedSize { return tooLarge }
                // Z_OK with nothing made and no input left, or Z_BUF_ERROR: the input is used up
                // before the stream's end.
                if status == Z_OK, made == 0, stream.avail_in == 0 { return Z_BUF_ERROR }
                if status != Z_OK { return status }
            }
        }
        switch result {
        case Z_STREAM_END:
            guard UInt64(output.count) == expectedSize else {
                throw InflateFailure(
                    problem: "decompresses to \(output.count) bytes, not the \(expectedSize) its directory declares "
                        + "— the archive is damaged"
                )
            }
            return output
        case tooLarge:
            throw InflateFailure(
                problem: "decompresses to more than the \(expectedSize) bytes its directory declares — the archive "
                    + "is damaged"
            )
        case Z_BUF_ERROR:
            throw InflateFailure(
                problem: "its compressed data ends before the deflate stream does (\(packed.count) bytes used, "
                    + "\(output.count) made) — the archive is cut short or damaged"
            )
        default:
            let detail = stream.msg.map { String(cString: $0) } ?? "error \(result)"
            throw InflateFailure(problem: "its compressed data is damaged (zlib: \(detail))")
        }
    }

    /// The CRC-32 of `data`, as ZIP records it.
    static func crc32(_ data: Data) -> UInt32 {
        data.withUnsafeBytes { bytes in
            var crc: UInt = SystemZlib.crc32(0, nil, 0)
            var rest = UnsafeRawBufferPointer(bytes)
            while !rest.isEmpty {
                let part = UnsafeRawBufferPointer(rebasing: rest.prefix(1 << 30))
                crc = SystemZlib.crc32(crc, part.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(part.count))
                rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(part.count))
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }
}
