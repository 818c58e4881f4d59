import Foundation
import PackagePlugin

/// Embeds the package's Dictionaries/ (words.txt and every .tsv) into the target it is applied to.
///
/// Why: the library and an installed `jiansuo` must find their dictionaries without a checkout, a
/// working directory or an environment variable; the files are read at build time, and editing one
/// regenerates the source (they are the command's declared inputs).
@main
struct EmbedDictionaries: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "Dictionaries")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let inputs = names
            .filter { $0 == "words.txt" || $0.hasSuffix(".tsv") }
            .sorted()
            .map { folder.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedDictionaryFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) dictionaries from \(folder.path)",
                executable: try context.tool(named: "DictionaryEmbedder").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
