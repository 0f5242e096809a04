import Foundation
import PackagePlugin

/// Compiles the files of the target's `Templates/` folder into string constants
/// (`EmbeddedTemplates.files`), so text assets ship inside the binary — no resource bundle to
/// lose — and stay editable as the files they are: PracticeReports' Mustache pages, and
/// PracticeLibrary's process templates (its `Templates` is a link to `seeds/process`, their
/// single source).
@main
struct EmbedTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        // Resolved first: Foundation on Linux lists a linked folder as empty.
        let folder = module.directoryURL.appending(path: "Templates").resolvingSymlinksInPath()
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTemplates.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) templates from \(module.name)/Templates",
                executable: try context.tool(named: "text-embedder").url,
                arguments: [output.path, "EmbeddedTemplates"] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            )
        ]
    }
}
