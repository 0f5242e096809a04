// swift-tools-version: 6.1
// libFuzzer harnesses for Woodshed's readers (issue 10), a package of its own like Benchmarks/:
// `swift test` in the root builds none of it. Build and run through scripts/fuzz, which builds
// every module with AddressSanitizer and coverage counters (-sanitize=address
// -sanitize-coverage=…) and links libFuzzer's runtime without its main (the toolchain's
// libclang_rt.fuzzer_no_main): each harness's main hands its test function to libFuzzer's
// driver (FuzzDriver), and the build plugin's own tool keeps its main.
import PackageDescription

let harness: [SwiftSetting] = []
let linking: [LinkerSetting] = [.linkedLibrary("stdc++")]

let package = Package(
    name: "WoodshedFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Woodshed", path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        // Standard MIDI File reader: both readers, and notes from what they read.
        .executableTarget(
            name: "FuzzSMF",
            dependencies: ["FuzzDriver", .product(name: "MIDICore", package: "Woodshed")],
            swiftSettings: harness,
            linkerSettings: linking
        ),
        // The whole path after the reader: read → notes → segment → analyse → render.
        .executableTarget(
            name: "FuzzSMFPath",
            dependencies: [
                "FuzzDriver",
                .product(name: "MIDICore", package: "Woodshed"),
                .product(name: "PracticeSegmenter", package: "Woodshed"),
                .product(name: "PracticeAnalyzer", package: "Woodshed"),
                .product(name: "PracticeReports", package: "Woodshed"),
                .product(name: "PracticeLibrary", package: "Woodshed"),
            ],
            swiftSettings: harness,
            linkerSettings: linking
        ),
        // The raw byte-stream decoder (record --from -, rawmidi, serial).
        .executableTarget(
            name: "FuzzStream",
            dependencies: ["FuzzDriver", .product(name: "MIDICore", package: "Woodshed")],
            swiftSettings: harness,
            linkerSettings: linking
        ),
        // Process templates (TOML).
        .executableTarget(
            name: "FuzzTemplate",
            dependencies: [
                "FuzzDriver",
                .product(name: "MIDICore", package: "Woodshed"),
                .product(name: "PracticeLibrary", package: "Woodshed"),
            ],
            swiftSettings: harness,
            linkerSettings: linking
        ),
        // MusicXML (and .mxl) scores.
        .executableTarget(
            name: "FuzzMusicXML",
            dependencies: ["FuzzDriver", .product(name: "ScoreReader", package: "Woodshed")],
            swiftSettings: harness,
            linkerSettings: linking
        ),
    ]
)
