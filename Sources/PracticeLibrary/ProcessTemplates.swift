import Foundation
import MIDICore
public import PracticeAnalyzer
import PracticeSegmenter
import Synchronization
import TOMLKit

/// Finds and reads process templates: built-in ones (compiled from seeds/process) by name, or
/// the user's own TOML file by path.
public enum ProcessTemplates {
    /// The template used when none is chosen.
    public static let defaultName = "daily-practice"

    /// Built-in templates, in file-name order. A broken built-in is a build defect: it fails loudly in tests.
    public static var builtIn: [ProcessTemplate] {
        EmbeddedTemplates.files.compactMap { try? decode($0.text, source: "seeds/process/\($0.name).toml") }
    }

    /// The built-in templates parsed so far, by name, each parsed once when first loaded: the
    /// recorder analyses every session it closes against the default one for months, and
    /// TOMLKit does not free everything a parse allocates (about 8 KB each time); `woodshed
    /// analyze FILE` parses only the one it uses (a parse is about 0.5 ms).
    private static let parsedBuiltIns = Mutex<[String: Result<ProcessTemplate, any Error>]>([:])

    /// A built-in template by name, or a TOML file by path (anything with a "/" or ".toml").
    public static func load(_ nameOrPath: String?) throws -> ProcessTemplate {
        let choice = nameOrPath ?? defaultName
        if choice.contains("/") || choice.hasSuffix(".toml") {
            let bytes = try FileIO.read(choice)
            return try decode(String(decoding: bytes, as: UTF8.self), source: choice)
        }
        guard let seed = EmbeddedTemplates.files.first(where: { $0.name == choice }) else {
            let names = EmbeddedTemplates.files.map(\.name).joined(separator: ", ")
            throw UserError(
                "no built-in process template '\(choice)'",
                hint: "choose one of \(names), or give a .toml file"
            )
        }
        let parsed = parsedBuiltIns.withLock { parsed in
            if let known = parsed[seed.name] { return known }
            let result = Result { try decode(seed.text, source: "built-in \(seed.name)") }
            parsed[seed.name] = result
            return result
        }
        return try parsed.get()
    }

    /// The most steps a template may have, and the longest target a step may set (a day).
    static let maximumSteps = 1_000
    static let maximumMinutes = 1_440.0

    /// Parses and checks one template, naming the source and line in errors: TOML syntax, a
    /// key no template has (with the closest known key), a value of the wrong type (with the
    /// type expected), targets that are not a number of minutes within a day.
    public static func decode(_ text: String, source: String) throws -> ProcessTemplate {
        do {
            return try checkedDecode(text, source: source)
        } catch var error as UserError {
            // Keys, values and TOMLKit's messages quote the text, newline or ESC included: shown
            // escaped, on one line (scripts/fuzz template: "expected 'true', saw 'tr\n'").
            error.message = error.message.escapingControlCharacters
            throw error
        }
    }

    private static func checkedDecode(_ text: String, source: String) throws -> ProcessTemplate {
        let hint = "see seeds/process/daily-practice.toml for the keys"
        if let header = TOMLHeaderCheck.error(in: text, source: source) { throw UserError(header) }
        do {
            _ = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw UserError("\(source):\(error.source.begin.line): not valid TOML (\(error.description))")
        }
        let keys = TemplateKeys(text)
        if let unknown = keys.unknownKey(source: source) { throw UserError(unknown, hint: hint) }
        let steps = (keys.entries.compactMap(\.step).max() ?? -1) + 1
        if steps > maximumSteps {
            throw UserError("\(source): \(steps) [[step]] tables; a template has at most \(maximumSteps)")
        }
        let template: ProcessTemplate
        do {
            template = try TOMLDecoder().decode(ProcessTemplate.self, from: text)
        } catch let error as DecodingError {
            throw UserError(describe(error, keys: keys, source: source), hint: hint)
        } catch {
            throw UserError("\(source): not a process template: \(error)", hint: hint)
        }
        for (index, step) in template.steps.enumerated() {
            if let minutes = step.minutes, !(minutes > 0 && minutes <= maximumMinutes) {
                let line = keys.line(of: "minutes", step: index).map { ":\($0)" } ?? ""
                throw UserError(
                    "\(source)\(line): minutes = \(minutes) in step '\(step.id)': expected a number of minutes "
                        + "above 0 and at most \(Int(maximumMinutes)) (a day)"
                )
            }
        }
        if let problem = template.problems.first {
            throw UserError("\(source): \(problem)")
        }
        return template
    }

    /// A decoding error as one line: the line of the key, the key, what was expected.
    private static func describe(_ error: DecodingError, keys: TemplateKeys, source: String) -> String {
        let context: DecodingError.Context
        var problem: String
        switch error {
        case .typeMismatch(let type, let found):
            context = found
            problem = "expected \(expectation(type))"
        case .valueNotFound(let type, let found):
            context = found
            problem = "expected \(expectation(type))"
        case .keyNotFound(let key, let found):
            context = found
            problem = "'\(key.stringValue)' is missing"
        case .dataCorrupted(let found):
            context = found
            problem = "not a value it can have (\(found.debugDescription))"
        @unknown default:
            return "\(source): not a process template: \(error)"
        }
        let path = context.codingPath
        let step = path.count >= 2 && path[0].stringValue == "step" ? path[1].intValue : nil
        let key = path.last.flatMap { $0.intValue == nil ? $0.stringValue : nil }
        let place = step.map { " in [[step]] \($0 + 1)" } ?? ""
        var line = key.flatMap { keys.line(of: $0, step: step) }
        if line == nil, case .keyNotFound = error, let step {
            line = keys.entries.first { $0.step == step }?.line
        }
        if case .keyNotFound(let missing, _) = error, let written = keys.line(of: missing.stringValue, step: step) {
            // Written, but not as the type it takes (the decoder calls that missing).
            let expected = TemplateKeys.expected[missing.stringValue] ?? "another type"
            return "\(source):\(written): '\(missing.stringValue)'\(place): expected \(expected)"
        }
        if case .keyNotFound = error {
            return "\(source)\(line.map { ":\($0)" } ?? ""): \(problem)\(place)"
        }
        return "\(source)\(line.map { ":\($0)" } ?? ""): '\(key ?? "value")'\(place): \(problem)"
    }

    private static func expectation(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string in quotes"
        case is Double.Type, is Int.Type: "a number"
        case is Bool.Type: "true or false"
        case is [StepKind].Type, is [Any].Type: "a list like [\"technique\"]"
        default: "\(type)"
        }
    }
}
