import ArgumentParser

/// Woodshed's benchmarks. Each subcommand measures one thing and prints one record per line
/// (JSON with `--json`); `scripts/bench` runs them each in a process of its own, side by side
/// with the peers, and makes one table of them.
@main
struct WoodshedBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "woodshed-bench",
        abstract: "Measures Woodshed: MIDI files, analysis, the recording path, reports.",
        discussion: """
            Run in release (swift run --package-path Benchmarks -c release woodshed-bench …); \
            scripts/bench runs everything and writes docs/benchmarks.md.
            """,
        subcommands: [
            MIDIBenchmark.self, AnalysisBenchmark.self, RecordingBenchmark.self, ReportBenchmark.self,
            ProfileCommand.self,
        ]
    )
}

/// Options every measuring subcommand takes.
struct OutputOptions: ParsableArguments {
    @Flag(help: "One JSON object per line (for scripts/bench).")
    var json = false
}
