import Foundation
import PackagePlugin

/// Compiles `seeds/process/*.toml` into the target as string constants, so the built-in
/// process templates ship inside the binary and `seeds/` stays their single source.
@main
struct EmbedSeeds: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "seeds/process")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "toml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedSeeds.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) process templates from seeds/process",
                executable: try context.tool(named: "text-embedder").url,
                arguments: [output.path, "EmbeddedSeeds"] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            )
        ]
    }
}
