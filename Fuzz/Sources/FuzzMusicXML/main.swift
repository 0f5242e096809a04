import Foundation
import FuzzDriver
import ScoreReader

/// The score reader on any bytes, as MusicXML and as compressed .mxl: a score or a
/// ScoreReadError, never a trap.
func fuzzMusicXML(_ start: UnsafeRawPointer, _ count: Int) -> Int32 {
    let data = Data(bytes: start, count: count)
    _ = try? Score.read(data, fileName: "fuzz.musicxml")
    if data.starts(with: [0x50, 0x4B]) { _ = try? Score.read(data, fileName: "fuzz.mxl") }
    return 0
}

// libFuzzer's driver runs the test on every input it makes (see Fuzz/Package.swift).
exit(
    runFuzzer(CommandLine.argc, CommandLine.unsafeArgv) { data, count in
        data.map { fuzzMusicXML(UnsafeRawPointer($0), count) } ?? 0
    }
)
