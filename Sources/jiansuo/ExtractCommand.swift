import ArgumentParser
import Foundation
import Jiansuo

/// `jiansuo extract`: provinces, cities, counties, companies and money, as JSON.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract regions, companies and money as JSON.",
        discussion: """
            Each article gives one JSON object: its id, title and entities. An entity has its type, \
            the field it is in (title or text), its text, and start/end offsets in Unicode scalars \
            into that field of the cleaned article (what `show --json` prints). Regions carry their \
            six-digit code, full name and path (province, city, county); companies their canonical \
            name; money its exact value as a decimal string, currency (ISO 4217), qualifier (exact, \
            approx, over, under, range) and min/max for ranges.

            Arguments are article ids in the corpus, files or folders; `-` (or a pipe, or \
            /dev/stdin) is read as one file would be: encoding (UTF-8, GB18030, Big5, UTF-16) and \
            format detected, text cleaned, a headline line becoming the title; plain text gets the \
            id "stdin". With none, every article of the corpus is extracted.

            Examples:
              jiansuo extract                                  # Corpus/, JSON Lines
              jiansuo extract 002_e1ff8f2086505bbe --json
              jiansuo extract ~/news --types company,money
              echo '京东在宿迁投资超过6200亿元' | jiansuo extract -
              jiansuo extract xwlb-20230821-06 xwlb-20240423-02 --index ~/news-index
                                                               # stored entities, no corpus scan
            """
    )

    @Argument(help: "Article ids, files, folders or pipes, or - for standard input (default: the whole corpus).")
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

    @Option(name: .long, help: ArgumentHelp(
        "Print the entities stored in this index for the article ids given (no corpus scan).", valueName: "dir"))
    var index: String?

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
        if let index {
            guard !inputs.isEmpty else {
                throw ValidationError("with --index, name the article ids to print (e.g. jiansuo extract ID --index \(index))")
            }
            let stored = try IndexedArticles(index: index, dictionaries: dictionaryOptions)
            var printer = ExtractPrinter(array: json)
            for id in inputs { printer.printLine(try stored.extractedLine(id, types: wanted)) }
            printer.finish()
            return
        }
        let toolkit = try dictionaryOptions.toolkit()
        let extractor = try toolkit.makeExtractor()
        var printer = ExtractPrinter(array: json)
        // Each article is printed as soon as it is extracted: a large folder streams out in
        // bounded memory (one folder's articles at a time, as the reader's boilerplate rules need).
        func emit(_ article: Article) { printer.print(extractor.extractedArticle(article, types: wanted)) }
        func stream(_ paths: [URL]) throws {
            Output.warn(try CorpusReader().forEachArticle(in: paths) { emit($0) })
        }
        if inputs.isEmpty { try stream([corpusOptions.url]) }
        for input in inputs {
            if StreamInput.isStream(input) {
                let result = try StreamInput.articles(input)
                Output.warn(result.warnings)
                result.articles.forEach(emit)
                continue
            }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: input, isDirectory: &isFolder), isFolder.boolValue {
                try stream([URL(fileURLWithPath: input)])
            } else if FileManager.default.fileExists(atPath: input) {
                let result = try Toolkit.articles(inFile: URL(fileURLWithPath: input))
                Output.warn(result.warnings)
                result.articles.forEach(emit)
            } else {
                let found: (article: Article, warnings: [IngestWarning])
                do {
                    found = try Toolkit.article(input, corpus: corpusOptions.url)
                } catch is JiansuoError where input.contains("/") {
                    // Most likely a mistyped path: name it rather than the corpus that lacks such an id.
                    throw JiansuoError.noSuchPath(input)
                }
                Output.warn(found.warnings)
                emit(found.article)
            }
        }
        printer.finish()
    }
}

/// Prints extracted articles as JSON Lines, or as one JSON array written element by element.
struct ExtractPrinter {
    /// True for one JSON array, false for JSON Lines.
    let array: Bool
    private var count = 0

    /// A printer of JSON Lines, or of an array when `array`.
    init(array: Bool) { self.array = array }

    /// Prints one article's object.
    mutating func print(_ article: ExtractedArticle) {
        printLine(article.jsonLine())
    }

    /// Prints one article's object given as its JSON line.
    mutating func printLine(_ line: String) {
        if array {
            Swift.print(count == 0 ? "[\n  " : ",\n  ", terminator: "")
            Swift.print(line, terminator: "")
        } else {
            Swift.print(line)
        }
        count += 1
    }

    /// Closes the array (prints `[]` when nothing was printed); nothing to do for JSON Lines.
    func finish() {
        guard array else { return }
        Swift.print(count == 0 ? "[]" : "\n]")
    }
}
