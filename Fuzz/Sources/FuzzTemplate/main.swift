import Foundation
import FuzzDriver
import MIDICore
import PracticeLibrary

/// The process-template parser on any text: a template or a one-line error, never a trap.
func fuzzTemplate(_ start: UnsafeRawPointer, _ count: Int) -> Int32 {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    do {
        _ = try ProcessTemplates.decode(text, source: "fuzz.toml")
    } catch {
        let line = error.userFacing.line
        precondition(!line.contains("\n"), "an error of more than one line: \(line)")
    }
    return 0
}

// libFuzzer's driver runs the test on every input it makes (see Fuzz/Package.swift).
exit(
    runFuzzer(CommandLine.argc, CommandLine.unsafeArgv) { data, count in
        data.map { fuzzTemplate(UnsafeRawPointer($0), count) } ?? 0
    }
)
