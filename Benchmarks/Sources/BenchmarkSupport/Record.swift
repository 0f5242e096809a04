import Foundation

/// One measurement: named values printed as one line — JSON for `scripts/bench` (which runs
/// every benchmark in its own process and builds the table), or `name value` pairs to read.
public struct Record {
    private var fields: [(name: String, value: any Sendable)] = []

    public init(_ fields: KeyValuePairs<String, any Sendable>) {
        for (name, value) in fields { self.fields.append((name, value)) }
    }

    public subscript(name: String) -> (any Sendable)? {
        get { fields.first { $0.name == name }?.value }
        set {
            fields.removeAll { $0.name == name }
            if let newValue { fields.append((name, newValue)) }
        }
    }

    /// Prints the record: one JSON object per line when `json`, else `name value` pairs.
    public func print(json: Bool) {
        if json {
            var object: [String: Any] = [:]
            for (name, value) in fields { object[name] = value }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            Swift.print(String(decoding: data, as: UTF8.self))
        } else {
            Swift.print(fields.map { "\($0.name) \(Self.show($0.value))" }.joined(separator: "  "))
        }
    }

    private static func show(_ value: any Sendable) -> String {
        if let double = value as? Double { return String(format: double < 10 ? "%.4g" : "%.1f", double) }
        return "\(value)"
    }
}

/// Timing that is steady on a shared machine: the best of several runs.
public enum Timing {
    /// The shortest wall time of `runs` runs of `body`, in seconds, with the last run's result.
    public static func best<T>(of runs: Int, _ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
        let clock = ContinuousClock()
        var best = Double.infinity
        var result: T?
        for _ in 0..<max(1, runs) {
            var value: T?
            let elapsed = try clock.measure { value = try body() }
            best = min(best, elapsed.seconds)
            result = value
        }
        return (best, result!)
    }
}
