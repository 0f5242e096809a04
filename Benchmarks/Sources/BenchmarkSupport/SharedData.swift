public import Foundation

/// Where the data that lives beside a clone is found: `../shared` relative to the root package
/// (evaluation sessions in `eval-dev/`, real rehearsals in `real-dev/`), never a path of one
/// machine.
public enum SharedData {
    /// The environment variable that names the shared folder instead (it holds `eval-dev/`, …).
    public static let environmentVariable = "WOODSHED_SHARED"

    /// The root package's folder: two levels above `Benchmarks/Sources/BenchmarkSupport`, as
    /// this source file was compiled.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // BenchmarkSupport
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()  // Benchmarks
        .deletingLastPathComponent()

    /// The folder that holds `eval-dev/` and `real-dev/`: `$WOODSHED_SHARED` when set, otherwise
    /// `../shared` beside the root package, otherwise `../shared` from the working directory.
    public static var root: URL {
        if let path = ProcessInfo.processInfo.environment[environmentVariable], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let besidePackage = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        if FileManager.default.fileExists(atPath: besidePackage.path) { return besidePackage }
        return URL(fileURLWithPath: "../shared")
    }

    /// `name` inside ``root`` (e.g. "eval-dev"), when that folder exists.
    public static func folder(_ name: String) -> URL? {
        let url = root.appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { return nil }
        return url.standardizedFileURL
    }

    /// The MIDI files (`*.mid`) directly inside `folder`, sorted by name.
    public static func midiFiles(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".mid") }.sorted().map { folder.appendingPathComponent($0) }
    }
}
