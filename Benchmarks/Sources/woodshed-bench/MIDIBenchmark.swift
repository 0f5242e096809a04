import ArgumentParser
import BenchmarkSupport
import Foundation
import MIDICore
import PracticeLibrary

/// Standard MIDI Files: read into paired notes, and written back.
struct MIDIBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "midi",
        abstract: "Reads MIDI files into paired notes and writes them back.",
        subcommands: [Generate.self, ReadWrite.self, Corpus.self]
    )

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Writes synthetic-1h.mid, synthetic-10h.mid and corpus/ (the SMF corpus) into a folder."
        )

        @Argument(help: "Folder to write into (made if missing).")
        var folder: String

        @Option(help: "Files in the corpus.")
        var corpus = 320

        func run() throws {
            let root = URL(fileURLWithPath: folder)
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent("corpus"),
                withIntermediateDirectories: true
            )
            try Data(SyntheticPerformance.file(minutes: 60)).write(to: root.appendingPathComponent("synthetic-1h.mid"))
            try Data(SyntheticPerformance.file(minutes: 600)).write(
                to: root.appendingPathComponent("synthetic-10h.mid")
            )
            for (name, bytes) in SMFCorpus.files(count: corpus) {
                try Data(bytes).write(to: root.appendingPathComponent("corpus").appendingPathComponent(name))
            }
        }
    }

    struct ReadWrite: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "read-write",
            abstract: "One record per file: best read-to-notes and write times, notes, peak memory."
        )

        @Argument(help: "MIDI files.")
        var files: [String]

        @Option(help: "Runs of each; the best counts.")
        var repeats = 5

        @OptionGroup var output: OutputOptions

        func run() throws {
            for path in files {
                let measured = try MIDIFileTiming(path: path, repeats: repeats)
                Record([
                    "tool": "woodshed", "file": URL(fileURLWithPath: path).lastPathComponent, "bytes": measured.bytes,
                    "notes": measured.notes, "readSeconds": measured.read, "writeSeconds": measured.write,
                    "peakRSSBytes": ProcessMetrics.peakResidentBytes(),
                ]).print(json: output.json)
            }
        }
    }

    struct Corpus: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One record for a folder of MIDI files: summed best times, files, notes, failures."
        )

        @Argument(help: "Folder of .mid files.")
        var folder: String

        @Option(help: "Runs of each file; the best counts.")
        var repeats = 3

        @Option(help: "A name for the record (default: the folder's).")
        var name: String?

        @OptionGroup var output: OutputOptions

        func run() throws {
            var (files, failed, bytes, notes, read, write) = (0, 0, 0, 0, 0.0, 0.0)
            for url in SharedData.midiFiles(in: URL(fileURLWithPath: folder)) {
                files += 1
                guard let measured = try? MIDIFileTiming(path: url.path, repeats: repeats) else {
                    failed += 1
                    continue
                }
                bytes += measured.bytes
                notes += measured.notes
                read += measured.read
                write += measured.write
            }
            Record([
                "tool": "woodshed", "file": name ?? URL(fileURLWithPath: folder).lastPathComponent, "files": files,
                "failed": failed, "bytes": bytes, "notes": notes, "readSeconds": read, "writeSeconds": write,
                "peakRSSBytes": ProcessMetrics.peakResidentBytes(),
            ]).print(json: output.json)
        }
    }
}

/// Times one file the way Woodshed handles files: read from disk into a performance and its
/// paired notes (`woodshed import` and `analyze`), and that performance written back to disk as
/// a format-1 file (`woodshed export`).
struct MIDIFileTiming {
    /// Writes with open(2) and write(2), as the peers' writers do (`woodshed export` writes to a
    /// temporary file and renames it, which is about the disk, not the format).
    static func save(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            guard written > 0 else { throw CocoaError(.fileWriteUnknown) }
            offset += written
        }
    }

    var bytes = 0
    var notes = 0
    var read = 0.0
    var write = 0.0

    init(path: String, repeats: Int) throws {
        // Read as `woodshed import` and `analyze` read a file (FileIO.read: straight into the
        // array; Data(contentsOf:) and a copy out of it took twice as long).
        let reading = try Timing.best(of: repeats) {
            let bytes = try FileIO.read(path)
            let performance = try Performance(midiFile: bytes)
            return (bytes.count, performance, performance.notes.count)
        }
        (bytes, notes, read) = (reading.result.0, reading.result.2, reading.seconds)
        let performance = reading.result.1
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("woodshed-bench-\(getpid()).mid")
        defer { try? FileManager.default.removeItem(at: output) }
        write = try Timing.best(of: repeats) {
            let file = StandardMIDIFile(performance: performance.messages, portNames: performance.portNames)
            try Self.save(file.encoded(), to: output.path)
        }.seconds
    }
}
