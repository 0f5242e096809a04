import Foundation
import FuzzDriver
import MIDICore
import PracticeAnalyzer
import PracticeLibrary
import PracticeReports

/// What `woodshed analyze FILE` does with any bytes: read (with the span check import makes),
/// notes, segmenter, analyzer, and every rendering. Nothing may trap.
func fuzzSMFPath(_ start: UnsafeRawPointer, _ count: Int) -> Int32 {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let performance = try? Performance(midiFile: bytes), (try? SessionSpan.check(performance)) != nil else {
        return 0
    }
    let report = SessionAnalysis.report(
        notes: performance.notes,
        pedalMoves: performance.pedalMoves,
        context: AnalysisContext(template: template),
        facts: PracticeReport.SessionFacts(source: "fuzz.mid")
    )
    _ = report.text()
    _ = report.markdown()
    _ = try? report.jsonData()
    _ = report.html(notes: performance.notes)
    return 0
}

nonisolated(unsafe) let template = try! ProcessTemplates.load(nil)

// libFuzzer's driver runs the test on every input it makes (see Fuzz/Package.swift).
exit(
    runFuzzer(CommandLine.argc, CommandLine.unsafeArgv) { data, count in
        data.map { fuzzSMFPath(UnsafeRawPointer($0), count) } ?? 0
    }
)
