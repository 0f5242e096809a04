import Foundation

/// Runs this executable again with other arguments, so that a measurement has a process of its
/// own (its peak memory is its own) — as `scripts/bench` does for every benchmark.
public enum ChildProcess {
    /// Runs `arguments` in a new process of this executable and waits; its output goes to ours.
    /// - Returns: the exit status.
    @discardableResult
    public static func runSelf(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
