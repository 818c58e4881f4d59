import ArgumentParser
import Foundation
import Jiansuo

/// `jiansuo extract`: provinces, cities, counties, companies and money, as JSON.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract provinces, cities, counties, companies and amounts of money as JSON.",
        discussion: """
            Each article gives one JSON object: its id, title and entities. An entity has its type, \
            the field it is in (title or text), its text, and start/end offsets in Unicode scalars \
            into that field of the cleaned article (what `show --json` prints). Regions carry their \
            six-digit code, full name and path (province, city, county); companies their canonical \
            name; money its exact value as a decimal string, currency (ISO 4217), qualifier (exact, \
            approx, over, under, range) and min/max for ranges.

            Arguments are article ids in the corpus, files or folders; `-` reads raw text from \
            standard input (id "stdin", offsets into that text as given). With none, every article \
            of the corpus is extracted.

            Examples:
              jiansuo extract                                  # Corpus/, JSON Lines
              jiansuo extract 002_e1ff8f2086505bbe --json
              jiansuo extract ~/news --types company,money
              echo '京东在宿迁投资超过6200亿元' | jiansuo extract -
            """
    )

    @Argument(help: "Article ids, files or folders, or - for standard input (default: the whole corpus).")
    var inputs: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "The entity types to report, comma-separated.", valueName: "province,city,county,company,money"))
    var types: String?

    @Flag(name: .long, help: "Print one JSON array of articles (readable) instead of JSON Lines.")
    var json = false

    @Flag(name: .long, help: "Print JSON Lines, one article per line (the default).")
    var jsonl = false

    @OptionGroup var corpusOptions: CorpusOptions
    @OptionGroup var dictionaryOptions: DictionaryOptions

    func validate() throws {
        if json && jsonl { throw ValidationError("choose one of --json and --jsonl") }
        if let types {
            do {
                if try EntityType.parseList(types).isEmpty { throw ValidationError("--types names no type") }
            } catch let error as EntityTypeError {
                throw ValidationError(error.description)
            }
        }
    }

    func run() throws {
        let wanted = try types.map(EntityType.parseList) ?? EntityType.all
        let toolkit = try dictionaryOptions.toolkit()
        let extractor = toolkit.makeExtractor()
        var articles: [Article] = []
        if inputs.isEmpty {
            let result = try Toolkit.ingest([corpusOptions.url])
            Output.warn(result.warnings)
            articles = result.articles
        }
        for input in inputs {
            if input == "-" {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                articles.append(Article(id: "stdin", text: String(decoding: data, as: UTF8.self), path: "-"))
                continue
            }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: input, isDirectory: &isFolder), isFolder.boolValue {
                let result = try Toolkit.ingest([URL(fileURLWithPath: input)])
                Output.warn(result.warnings)
                articles.append(contentsOf: result.articles)
            } else if FileManager.default.fileExists(atPath: input) {
                let result = try Toolkit.articles(inFile: URL(fileURLWithPath: input))
                Output.warn(result.warnings)
                articles.append(contentsOf: result.articles)
            } else {
                let (article, warnings) = try Toolkit.article(input, corpus: corpusOptions.url)
                Output.warn(warnings)
                articles.append(article)
            }
        }
        let results = articles.map { extractor.extractedArticle($0, types: wanted) }
        if json {
            let body = results.map { "  " + $0.jsonLine() }.joined(separator: ",\n")
            print(results.isEmpty ? "[]" : "[\n" + body + "\n]")
        } else if !results.isEmpty {
            print(results.map { $0.jsonLine() }.joined(separator: "\n"))
        }
    }
}
