/// Where each key of a process template is written, for errors that name the line: TOML's
/// parser (TOMLKit) gives positions only for syntax errors. A line scan of the two shapes a
/// template has — top-level `key = value` lines, and `[[step]]` tables — is enough to find
/// unknown keys (with the closest known one) and to point at a value of the wrong type.
struct TemplateKeys {
    /// Keys a template may have at the top, and in a `[[step]]`.
    static let topLevel = ["name", "title", "description", "step"]
    static let step = ["id", "title", "kinds", "activity", "minutes", "optional"]

    /// One `key = …` line: its table (nil at the top, else the 0-based step), key and line.
    struct Entry: Equatable {
        var step: Int?
        var key: String
        var line: Int
    }

    var entries: [Entry] = []
    /// Other table headers (`[x]`, `[[y]]`), which a template does not have, with their lines.
    var otherTables: [(name: String, line: Int)] = []

    init(_ text: String) {
        var step: Int? = nil
        var inOtherTable = false
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("#") || line.isEmpty { continue }
            if line.hasPrefix("[") {
                let name = line.trimmingCharacters(in: "[] \t\r")
                if line.hasPrefix("[[") && name == "step" {
                    step = (step ?? -1) + 1
                    inOtherTable = false
                } else {
                    otherTables.append((String(name), index + 1))
                    inOtherTable = true
                }
                continue
            }
            guard !inOtherTable, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: " \t\"'")
            guard !key.isEmpty, !key.contains("\"") else { continue }
            entries.append(Entry(step: step, key: key, line: index + 1))
        }
    }

    /// The first key no template has, as one line: where, which key, and the closest known one.
    func unknownKey(source: String) -> String? {
        if let table = otherTables.first {
            return "\(source):\(table.line): unknown table [\(table.name)] (a template has [[step]] tables only)"
        }
        for entry in entries {
            let known = entry.step == nil ? Self.topLevel : Self.step
            guard !known.contains(entry.key) else { continue }
            let place = entry.step.map { "in [[step]] \($0 + 1)" } ?? "at the top"
            let closest = known.min { distance(entry.key, $0) < distance(entry.key, $1) }!
            return "\(source):\(entry.line): unknown key '\(entry.key)' \(place); did you mean '\(closest)'?"
        }
        return nil
    }

    /// What each key takes, in words.
    static let expected = [
        "name": "a string in quotes", "title": "a string in quotes", "description": "a string in quotes",
        "id": "a string in quotes", "kinds": "a list like [\"technique\"]",
        "activity": "a string in quotes (scales, arpeggios, exercises, passage-work, run-through)",
        "minutes": "a number", "optional": "true or false",
    ]

    /// The line of `key` in step `step` (nil: at the top).
    func line(of key: String, step: Int?) -> Int? {
        entries.first { $0.key == key && $0.step == step }?.line
    }

    /// Edit distance (insertions, deletions, substitutions). O(a·b) on short keys.
    private func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return row[b.count]
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = self
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
