import Foundation

/// A temporary folder for a test's files, removed when the test ends.
struct TemporaryFolder: ~Copyable {
    let root: String

    init() {
        root = NSTemporaryDirectory() + "woodshed-library-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Writes `bytes` to a file named `name` in the folder and returns its path.
    func write(_ bytes: [UInt8], _ name: String) -> String {
        let path = root + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }
}
