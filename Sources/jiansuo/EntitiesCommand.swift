import ArgumentParser
import Foundation
import Jiansuo

/// `jiansuo entities`: the most frequent entities of a whole index.
struct EntitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "Most named regions, companies and amounts of an index.",
        discussion: """
            Counts articles, not mentions: an article naming 京东 twenty times counts once. Regions \
            come with their code and path, companies by canonical name, money by order of magnitude \
            per currency, dates by month. The entities are those stored when the articles were \
            indexed (the same as `jiansuo extract`); for one query's articles use \
            `jiansuo search QUERY --facets …`.

            Examples:
              jiansuo entities
              jiansuo entities --type company --limit 30
              jiansuo entities --index ~/news-index --json
            """
    )

    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("Only these kinds: province,city,county,company,money,date (default: all).",
                               valueName: "list"),
            transform: { try FacetKind.parseList($0) })
    var type: [FacetKind] = []

    /// The range of --limit.
    static let limitOption = NumericOption(name: "--limit", range: 1...100_000)

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Values per kind (1 to 100000).", valueName: "n"),
            transform: EntitiesCommand.limitOption.parse)
    var limit = 20

    @Flag(name: .long, help: "Print the counts as JSON.")
    var json = false

    @OptionGroup var selection: IndexSelection

    func run() throws {
        let corpusIndex = try selection.open()
        let searcher = try CorpusSearcher(index: corpusIndex)
        let kinds = type.isEmpty ? FacetKind.allCases : type
        let facets = try searcher.overview(kinds: kinds, limit: limit)
        if json {
            print(try Output.json(facets, pretty: true))
            return
        }
        print(SearchRendering(colour: Output.colourEnabled).render(facets))
    }
}
