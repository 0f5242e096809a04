// swift-tools-version: 6.1
// Woodshed: a MIDI-aware practice recorder for Linux.
//
// The pipeline is visible from the target list:
//   MIDICore (pure MIDI model, byte streams, Standard MIDI Files, notes)
//   → MIDICapture (ALSA sequencer through CALSA, MIDI files, raw byte streams)
//   → SessionStore (SQLite library through GRDB)
//   → PracticeLibrary (the application: analysing and remembering sessions, the report cache)
//   → WoodshedCLI (commands as a library) → woodshed (entry point only).
//
// Benchmarks/ is a package of its own (it depends on this one by path, as swift-nio's and
// swift-collections' do), so `swift test` builds no benchmark; the library products below are
// what it imports, not a stable API.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Woodshed",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "woodshed", targets: ["woodshed"]),
        .library(name: "MIDICore", targets: ["MIDICore"]),
        .library(name: "MIDICapture", targets: ["MIDICapture"]),
        .library(name: "SessionStore", targets: ["SessionStore"]),
        .library(name: "PracticeSegmenter", targets: ["PracticeSegmenter"]),
        .library(name: "PracticeAnalyzer", targets: ["PracticeAnalyzer"]),
        .library(name: "PracticeReports", targets: ["PracticeReports"]),
        .library(name: "PracticeSimulator", targets: ["PracticeSimulator"]),
        .library(name: "ScoreReader", targets: ["ScoreReader"]),
        .library(name: "PracticeLibrary", targets: ["PracticeLibrary"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        .package(url: "https://github.com/onevcat/Rainbow", from: "4.2.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
    ],
    targets: [
        .target(
            name: "MIDICore",
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CALSA",
            pkgConfig: "alsa",
            providers: [.apt(["libasound2-dev"])]
        ),
        // zlib, for the deflated entries of compressed MusicXML (.mxl) scores.
        .systemLibrary(
            name: "SystemZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "MIDICapture",
            dependencies: ["CALSA", "MIDICore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PracticeSegmenter",
            dependencies: ["MIDICore"],
            swiftSettings: swiftSettings
        ),
        // Workflow metrics and automatic tags from a segmentation: pure, like the segmenter.
        .target(
            name: "PracticeAnalyzer",
            dependencies: ["PracticeSegmenter", "MIDICore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PracticeReports",
            dependencies: [
                "PracticeAnalyzer",
                "PracticeSegmenter",
                "MIDICore",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            exclude: ["Templates"],
            swiftSettings: swiftSettings,
            plugins: ["EmbedTemplates"]
        ),
        // Scores in: MusicXML (.musicxml, .xml, compressed .mxl) and MIDI, repeats unfolded.
        .target(
            name: "ScoreReader",
            dependencies: [
                "MIDICore",
                "PracticeSegmenter",
                "SystemZlib",
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SessionStore",
            dependencies: [
                "MIDICore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for binding event rows without GRDB's boxed arguments.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The application layer the commands (and any other front end) call: analysing a
        // stored session and remembering its pieces, the report cache, process templates.
        .target(
            name: "PracticeLibrary",
            dependencies: [
                "MIDICore",
                "MIDICapture",
                "PracticeSegmenter",
                "ScoreReader",
                "PracticeAnalyzer",
                "PracticeReports",
                "SessionStore",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            exclude: ["Templates"],
            swiftSettings: swiftSettings,
            plugins: ["EmbedTemplates"]
        ),
        // The practice journal in the browser (`woodshed serve`): Hummingbird over the same
        // library, pages from PracticeLibrary and PracticeReports, assets embedded.
        .target(
            name: "JournalServer",
            dependencies: [
                "PracticeLibrary",
                "PracticeReports",
                "PracticeAnalyzer",
                "SessionStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Templates"],
            swiftSettings: swiftSettings,
            plugins: ["EmbedTemplates"]
        ),
        .target(
            name: "WoodshedCLI",
            dependencies: [
                "MIDICore",
                "MIDICapture",
                "PracticeSegmenter",
                "PracticeAnalyzer",
                "PracticeReports",
                "PracticeLibrary",
                "JournalServer",
                "SessionStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Rainbow", package: "Rainbow"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Turns text files into Swift constants at build time, for the plugin below.
        .executableTarget(
            name: "text-embedder",
            path: "Sources/text-embedder"
        ),
        .plugin(
            name: "EmbedTemplates",
            capability: .buildTool(),
            dependencies: ["text-embedder"]
        ),
        .executableTarget(
            name: "woodshed",
            dependencies: ["WoodshedCLI"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MIDICoreTests",
            dependencies: ["MIDICore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MIDICaptureTests",
            dependencies: ["MIDICapture", "MIDICore", "CALSA"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PracticeSegmenterTests",
            dependencies: ["PracticeSegmenter", "PracticeSimulator", "PracticeReports", "MIDICore"],
            swiftSettings: swiftSettings
        ),
        // Seeded practice sessions rendered from a script (pieces, exercises, takes, mistakes), with
        // the truth about them: for the tests here and the benchmarks in Benchmarks/.
        .target(
            name: "PracticeSimulator",
            dependencies: ["MIDICore"],
            path: "Tests/PracticeSimulator",
            swiftSettings: swiftSettings
        ),
        // Generated practice sessions with exactly known answers, for the analyzer and report tests.
        .target(
            name: "PracticeTestSupport",
            dependencies: ["PracticeSegmenter", "PracticeSimulator", "MIDICore"],
            path: "Tests/PracticeTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PracticeAnalyzerTests",
            dependencies: ["PracticeAnalyzer", "PracticeSegmenter", "MIDICore", "PracticeTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PracticeReportsTests",
            dependencies: [
                "PracticeReports", "PracticeAnalyzer", "PracticeSegmenter", "MIDICore", "PracticeTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ScoreReaderTests",
            dependencies: [
                "ScoreReader", "PracticeSegmenter", "MIDICore",
                // Writes the archives the tests read (an independent ZIP writer).
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SessionStoreTests",
            dependencies: ["SessionStore", "MIDICore"],
            swiftSettings: swiftSettings
        ),
        // glibc's heap statistics for tests that check memory stays flat (malloc.h is not in
        // Swift's Glibc module).
        .target(
            name: "HeapUsage",
            path: "Tests/HeapUsage"
        ),
        .testTarget(
            name: "PracticeLibraryTests",
            dependencies: [
                "PracticeLibrary", "PracticeSegmenter", "PracticeReports", "MIDICore", "MIDICapture", "SessionStore",
                "ScoreReader",
                "HeapUsage",
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // Writes generated practice sessions as MIDI files with their dates, for scripts/browser-test.
        .executableTarget(
            name: "simulate-practice",
            dependencies: ["PracticeSimulator", "MIDICore"],
            path: "Tests/simulate-practice",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JournalServerTests",
            dependencies: [
                "JournalServer", "PracticeLibrary", "SessionStore", "MIDICore", "PracticeSimulator",
                "PracticeTestSupport",
                // The live test records through `woodshed record --from FIFO`, in process.
                "WoodshedCLI",
                .product(name: "Hummingbird", package: "hummingbird"),
                // Test view models answering the engine's lookups (TemplateFieldsTests).
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WoodshedCLITests",
            dependencies: [
                "WoodshedCLI", "PracticeLibrary", "SessionStore", "MIDICore", "PracticeSimulator",
                "PracticeReports", "PracticeTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
