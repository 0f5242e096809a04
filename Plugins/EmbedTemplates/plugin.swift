import Foundation
import PackagePlugin

/// Compiles the target's `Templates/*.mustache` files into string constants, so the HTML
/// templates ship inside the binary (no resource bundle to lose) and stay editable as HTML.
@main
struct EmbedTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let folder = module.directoryURL.appending(path: "Templates")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "mustache" }
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
