import Foundation
public import PracticeAnalyzer
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

    /// Every built-in template by name, parsed once: the recorder analyses every session it
    /// closes against the default one for months, and TOMLKit does not free everything a
    /// parse allocates (about 8 KB each time).
    private static let parsedBuiltIns: [String: Result<ProcessTemplate, any Error>] = Dictionary(
        EmbeddedTemplates.files.map { seed in
            (seed.name, Result { try decode(seed.text, source: "built-in \(seed.name)") })
        },
        uniquingKeysWith: { first, _ in first }
    )

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
        return try parsedBuiltIns[seed.name]!.get()
    }

    /// Parses and checks one template, naming the source and line in errors.
    public static func decode(_ text: String, source: String) throws -> ProcessTemplate {
        let template: ProcessTemplate
        do {
            template = try TOMLDecoder().decode(ProcessTemplate.self, from: text)
        } catch let error as TOMLParseError {
            throw UserError("\(source):\(error.source.begin.line): not valid TOML (\(error.description))")
        } catch {
            throw UserError(
                "\(source): not a process template: \(error)",
                hint: "see seeds/process/daily-practice.toml for the keys"
            )
        }
        if let problem = template.problems.first {
            throw UserError("\(source): \(problem)")
        }
        return template
    }
}
