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
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw UserError("\(path): cannot be read", hint: "check its permissions")
        }
        defer { try? handle.close() }
        do {
            return Array(try handle.readToEnd() ?? Data())
        } catch {
            throw UserError("\(path): read failed: \(error.localizedDescription)")
        }
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
