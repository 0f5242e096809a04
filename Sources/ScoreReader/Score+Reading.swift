public import Foundation
import MIDICore

#if canImport(FoundationXML)
import FoundationXML
#endif

extension Score {
    /// Reads a score file, whatever its kind — told by its content, not its name: a ZIP archive
    /// is compressed MusicXML (`.mxl`), `MThd` a MIDI file, anything else MusicXML
    /// (`score-partwise`, or `score-timewise`, read the same way). MusicXML is streamed from the
    /// file: memory grows with the notes, not with the file (a 100 MB file parses in about 20 MB
    /// and 4 s on one core); an `.mxl` score is decompressed into memory first.
    /// - Parameter name: the file as the user named it, for messages (default: the path).
    /// - Throws: ``ScoreReadError`` with the file, the line or element and what was expected.
    public static func read(contentsOf url: URL, name: String? = nil) throws(ScoreReadError) -> Score {
        let name = name ?? url.path
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw ScoreReadError(
                file: name,
                problem: exists ? "cannot be read — check its permissions" : "no such file"
            )
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 200)) ?? Data()
        guard !head.isEmpty else {
            throw ScoreReadError(file: name, problem: "empty file — expected a MusicXML or MIDI score")
        }
        switch Kind(head) {
        case .zip:
            guard let size = try? handle.seekToEnd() else {
                throw ScoreReadError(file: name, problem: "cannot be read — check its permissions")
            }
            let archive = try CompressedMusicXML.archive(size: size, file: name) { offset, count in
                guard (try? handle.seek(toOffset: offset)) != nil else { return nil }
                return count == 0 ? Data() : try? handle.read(upToCount: count)
            }
            return try compressed(archive, file: name)
        case .midi:
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw ScoreReadError(file: name, problem: "cannot be read (\(error.localizedDescription))")
            }
            return try midi(data, file: name)
        case .xml:
            if UTF8Validation.applies(toDocumentStarting: head) {
                var validation = UTF8Validation()
                try? handle.seek(toOffset: 0)
                while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                    try check(chunk, with: &validation, file: name)
                }
                try finish(validation, file: name)
            }
            var instructions = ProcessingInstructionCheck()
            try? handle.seek(toOffset: 0)
            while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                try refuse(instructions.check(chunk), file: name)
            }
            guard let stream = InputStream(url: url) else {
                throw ScoreReadError(file: name, problem: "cannot be read — check its permissions")
            }
            return try musicXML(XMLParser(stream: stream), file: name)
        }
    }

    /// Reads a score from memory, like ``read(contentsOf:name:)``.
    /// - Parameter fileName: the file's name, for messages.
    public static func read(_ data: Data, fileName: String) throws(ScoreReadError) -> Score {
        guard !data.isEmpty else {
            throw ScoreReadError(file: fileName, problem: "empty file — expected a MusicXML or MIDI score")
        }
        switch Kind(data.prefix(4)) {
        case .zip:
            let bytes = Data(data)
            let archive = try CompressedMusicXML.archive(size: UInt64(bytes.count), file: fileName) { offset, count in
                let start = Int(offset)
                return bytes.subdata(in: start..<min(bytes.count, start + count))
            }
            return try compressed(archive, file: fileName)
        case .midi:
            return try midi(data, file: fileName)
        case .xml:
            return try musicXML(data, file: fileName)
        }
    }

    private enum Kind {
        case zip, midi, xml

        init(_ head: Data) {
            let bytes = [UInt8](head.prefix(4))
            if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
                self = .zip
            } else if bytes.starts(with: Array("MThd".utf8)) {
                self = .midi
            } else {
                self = .xml
            }
        }
    }

    private static func compressed(_ archive: ZIPArchive, file: String) throws(ScoreReadError) -> Score {
        let document = try CompressedMusicXML.scoreDocument(in: archive, file: file)
        return try musicXML(document.data, file: "\(file): \(document.path)")
    }

    private static func musicXML(_ data: Data, file: String) throws(ScoreReadError) -> Score {
        if UTF8Validation.applies(toDocumentStarting: data.prefix(200)) {
            var validation = UTF8Validation()
            try check(data, with: &validation, file: file)
            try finish(validation, file: file)
        }
        var instructions = ProcessingInstructionCheck()
        try refuse(instructions.check(data), file: file)
        return try musicXML(XMLParser(data: data), file: file)
    }

    /// A processing instruction without data, which FoundationXML's parser crashes on.
    private static func refuse(
        _ found: (target: String, line: Int, offset: Int)?,
        file: String
    ) throws(ScoreReadError) {
        guard let found else { return }
        throw ScoreReadError(
            file: file,
            location: "line \(found.line) (byte offset \(found.offset))",
            problem: "a processing instruction without data (<?\(found.target.escapingControlCharacters)?>), which "
                + "the XML reader cannot take — remove it, or export the score again"
        )
    }

    private static func check(_ bytes: Data, with validation: inout UTF8Validation, file: String) throws(ScoreReadError)
    {
        guard let offset = validation.check(bytes) else { return }
        let line = validation.line
        throw ScoreReadError(
            file: file,
            location: "line \(line) (byte offset \(offset))",
            problem: "not valid UTF-8 — expected UTF-8 text, as the XML declaration says; the file may be damaged"
        )
    }

    private static func finish(_ validation: UTF8Validation, file: String) throws(ScoreReadError) {
        guard validation.isIncomplete else { return }
        throw ScoreReadError(
            file: file,
            location: "line \(validation.line) (byte offset \(validation.offset))",
            problem: "ends inside a UTF-8 character — expected a complete MusicXML document"
        )
    }

    private static func musicXML(_ parser: XMLParser, file: String) throws(ScoreReadError) -> Score {
        let content: MusicXMLContent
        do {
            content = try MusicXMLParser(file: file).parse(parser)
        } catch let error as ScoreReadError {
            throw error
        } catch {
            throw ScoreReadError(file: file, problem: "\(error)")
        }
        return try ScoreAssembler(file: file, content: content).score()
    }

    private static func midi(_ data: Data, file: String) throws(ScoreReadError) -> Score {
        let midiFile: StandardMIDIFile
        do {
            midiFile = try StandardMIDIFile(bytes: [UInt8](data))
        } catch {
            throw ScoreReadError(
                file: file,
                location: "byte offset \(error.offset)",
                problem: "expected \(error.expected)" + (error.found.isEmpty ? "" : ", found \(error.found)")
                    + " — not a complete MIDI file"
            )
        }
        return try MIDIScoreReader.score(midiFile, name: file)
    }
}
