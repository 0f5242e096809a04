// swift-tools-version: 6.1
// Woodshed's benchmarks and segmenter evaluation: a package of its own, so that `swift test` in
// the root package builds none of it. It depends on the root package by path.
//
//   swift run --package-path Benchmarks -c release woodshed-eval     (or scripts/eval)
//   scripts/bench                                                     every benchmark, one table
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "WoodshedBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Woodshed", path: "..")
    ],
    targets: [
        // What every benchmark shares: the shared data folder, peak memory and CPU time.
        .target(
            name: "BenchmarkSupport",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "woodshed-bench",
            dependencies: [
                .product(name: "PracticeSegmenter", package: "Woodshed"),
                .product(name: "PracticeSimulator", package: "Woodshed"),
                .product(name: "MIDICore", package: "Woodshed"),
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
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "woodshed-midi-bench",
            dependencies: [.product(name: "MIDICore", package: "Woodshed")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "woodshed-store-bench",
            dependencies: [.product(name: "SessionStore", package: "Woodshed")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "woodshed-report-bench",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "PracticeAnalyzer", package: "Woodshed"),
                .product(name: "PracticeReports", package: "Woodshed"),
                .product(name: "PracticeSegmenter", package: "Woodshed"),
                .product(name: "MIDICore", package: "Woodshed"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
