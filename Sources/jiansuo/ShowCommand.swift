import ArgumentParser
import Foundation
import Jiansuo

/// `jiansuo show`: one cleaned article.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one cleaned article: id, title, date, text.",
        discussion: """
            The article is found by id in the corpus folder, or by the path of its file. Markup, \
            boilerplate (site footers, navigation, link lines) and indentation are gone; paragraphs \
            are separated by newlines. Offsets printed by other commands count Unicode scalars in \
            exactly this title and text.

            Examples:
              jiansuo show 003_65e1662d74c131c1
              jiansuo show Corpus/002_e1ff8f2086505bbe.txt --json
              jiansuo show 20120601_1 --corpus ~/news
              jiansuo show xwlb-20230821-06 --index ~/news-index   # from the index, no corpus scan
            """
    )

    @Argument(help: "An article id (the file's stem, or the record's id), a file's path, or - for standard input.")
    var idOrPath: String

    @Flag(name: .long, help: "Print the article as a JSON object.")
    var json = false

    @OptionGroup var corpusOptions: CorpusOptions

    @Option(name: .long, help: ArgumentHelp(
        "Read the article stored in this index instead of reading the corpus.", valueName: "dir"))
    var index: String?

    func run() throws {
        let article: Article
        if let index {
            article = try IndexedArticles(index: index, dictionaries: nil).article(idOrPath)
        } else if StreamInput.isStream(idOrPath) {
            let result = try StreamInput.articles(idOrPath)
            Output.warn(result.warnings)
            guard let first = result.articles.first else {
                throw JiansuoError.articleNotFound(idOrPath, corpus: idOrPath, known: [])
            }
            article = first
        } else {
            let (found, warnings) = try Toolkit.article(idOrPath, corpus: corpusOptions.url)
            Output.warn(warnings)
            article = found
        }
        if json {
            print(try Output.json(article, pretty: true))
            return
        }
        var header = ["id:     \(article.id)", "title:  \(article.title)"]
        if let date = article.date { header.append("date:   \(date)") }
        if let source = article.source { header.append("source: \(source)") }
        if let url = article.url { header.append("url:    \(url)") }
        header.append("path:   \(article.path)")
        print(header.joined(separator: "\n") + "\n\n" + article.text)
    }
}

/// Articles and their entities read from an index's stored documents (`show --index`, `extract --index`).
///
/// Why: reading one article back from the index takes a lookup, where the corpus would be read whole.
struct IndexedArticles {
    let searcher: CorpusSearcher
    let path: String

    /// Opens the index at `index` (an error names it when there is none).
    init(index: String, dictionaries: DictionaryOptions?) throws {
        let toolkit = try dictionaries?.toolkit() ?? Toolkit()
        let directory = URL(fileURLWithPath: index)
        let corpusIndex = CorpusIndex(directory: directory, toolkit: toolkit)
        guard corpusIndex.exists else { throw JiansuoError.noIndex(directory.path) }
        searcher = try CorpusSearcher(index: corpusIndex)
        path = directory.path
    }

    /// The stored article `id`, as `show` prints a cleaned one.
    func article(_ id: String) throws -> Article {
        guard let document = try searcher.reader.document(id: id) else {
            throw JiansuoError.articleNotFound(id, corpus: path, known: [])
        }
        return Article(id: document.id, title: document.title, text: document.text, date: document.date,
                       source: document.stored["source"], url: document.stored["url"],
                       path: document.stored["path"] ?? "",
                       tags: document.stored["tags"].map { $0.split(separator: "|").map(String.init) } ?? [])
    }

    /// The line `extract` prints for the stored article `id`, from its stored entities.
    func extractedLine(_ id: String, types: Set<EntityType>) throws -> String {
        guard let found = try searcher.extractedArticle(id: id) else {
            throw JiansuoError.articleNotFound(id, corpus: path, known: [])
        }
        if types == EntityType.all { return found.json }
        let entities = (EntityKeys.mentions(in: found.document.stored) ?? []).filter { types.contains($0.type) }
        return ExtractedArticle(id: found.document.id, title: found.document.title, entities: entities).jsonLine()
    }
}
