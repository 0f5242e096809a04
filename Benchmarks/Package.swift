// swift-tools-version: 6.1
// Woodshed's benchmarks and segmenter evaluation: a package of its own, so that `swift test` in
// the root package builds none of it. It depends on the root package by path, as swift-nio's
// and swift-collections' benchmarks do.
//
//   scripts/bench        every benchmark, side by side with peers, as one table (docs/benchmarks.md)
//   scripts/eval         segmenter scores on ../shared/eval-dev
//   swift run --package-path Benchmarks -c release woodshed-bench --help
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "WoodshedBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Woodshed", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // What every benchmark shares: the shared data folder, records, timing, peak memory.
        .target(
            name: "BenchmarkSupport",
            swiftSettings: swiftSettings
        ),
        // One executable, a subcommand per area; each measurement runs in a process of its own.
        .executableTarget(
            name: "woodshed-bench",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "MIDICore", package: "Woodshed"),
                .product(name: "MIDICapture", package: "Woodshed"),
                .product(name: "SessionStore", package: "Woodshed"),
                .product(name: "PracticeLibrary", package: "Woodshed"),
                .product(name: "PracticeSegmenter", package: "Woodshed"),
                .product(name: "PracticeAnalyzer", package: "Woodshed"),
                .product(name: "PracticeReports", package: "Woodshed"),
                .product(name: "PracticeSimulator", package: "Woodshed"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "woodshed-eval",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "PracticeSegmenter", package: "Woodshed"),
                .product(name: "PracticeReports", package: "Woodshed"),
                .product(name: "ScoreReader", package: "Woodshed"),
                .product(name: "MIDICore", package: "Woodshed"),
                .product(name: "PracticeSimulator", package: "Woodshed"),
                .product(name: "PracticeLibrary", package: "Woodshed"),
                .product(name: "SessionStore", package: "Woodshed"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
