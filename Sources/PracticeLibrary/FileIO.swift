public import Foundation
public import MIDICore

/// File reading and writing with errors that name the file and what to do.
public enum FileIO {
    /// Reads a whole regular file. Memory is the file size.
    public static func read(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw UserError("\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw UserError("\(path): is a folder, not a file") }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw UserError("\(path): cannot be read", hint: "check its permissions") }
        defer { close(descriptor) }
        var status = stat()
        let size = fstat(descriptor, &status) == 0 ? max(Int(status.st_size), 0) : 0
        // Straight into the array, in one read when the size is known (FileHandle.readToEnd
        // and a copy out of its Data took 4.8 ms for a 2 MB file here; this 0.3 ms). One byte
        // more than the size is asked for, so a file that grew (or a pipe) is read on to its end.
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
            count = readFully(descriptor, into: UnsafeMutableRawBufferPointer(buffer), failure: &failure)
        }
        if bytes.count == size + 1 {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while failure == 0 {
                let got = chunk.withUnsafeMutableBytes { readFully(descriptor, into: $0, failure: &failure) }
                bytes += chunk[..<got]
                if got < chunk.count { break }
            }
        }
        guard failure == 0 else { throw UserError("\(path): read failed: \(String(cString: strerror(failure)))") }
        return bytes
    }

    /// Reads until `buffer` is full or the file ends; returns the bytes read, and sets `failure`
    /// to the error number of a failed read (reads interrupted by a signal are retried).
    private static func readFully(
        _ descriptor: Int32,
        into buffer: UnsafeMutableRawBufferPointer,
        failure: inout Int32
    ) -> Int {
        var done = 0
        while done < buffer.count {
            let got = systemRead(descriptor, buffer.baseAddress! + done, buffer.count - done)
            if got > 0 {
                done += got
            } else if got == 0 {
                break
            } else if errno != EINTR {
                failure = errno
                break
            }
        }
        return done
    }

    /// Writes `bytes` to `path` atomically (a temporary file renamed into place), so an
    /// interrupted export never leaves half a file. Refuses to replace a file unless `overwrite`.
    public static func write(_ bytes: [UInt8], to path: String, overwrite: Bool) throws {
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw UserError("\(path) exists", hint: "choose another name or add --force to replace it")
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw UserError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Reads and parses a Standard MIDI File; an error (``MIDIFileError``, or ``UserError``
    /// when the file cannot be read) names the file, the byte offset and what to do. Memory is
    /// bounded by the file size (lengths in the file are checked first).
    public static func readMIDIFile(_ path: String) throws -> StandardMIDIFile {
        let bytes = try read(path)
        do {
            return try StandardMIDIFile(bytes: bytes)
        } catch {
            throw error.inFile(path)
        }
    }

    /// Reads a Standard MIDI File's performance straight from its bytes (without the file's
    /// event model: what importing and analysing need); errors as ``readMIDIFile(_:)``, and
    /// ``SessionSpanError`` when its events run past ``SessionSpan/plausible`` (damaged timing).
    public static func readPerformance(_ path: String) throws -> Performance {
        let bytes = try read(path)
        let performance: Performance
        do {
            performance = try Performance(midiFile: bytes)
        } catch {
            throw error.inFile(path)
        }
        do {
            try SessionSpan.check(performance)
        } catch {
            var named = error
            named.path = path
            throw named
        }
        return performance
    }

    /// Modification time of a file.
    public static func modificationDate(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}

/// read(2), named apart from ``FileIO/read(_:)``.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
