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
            """
    )

    @Argument(help: "An article id (the file's stem, or the record's id), a file's path, or - for standard input.")
    var idOrPath: String

    @Flag(name: .long, help: "Print the article as a JSON object.")
    var json = false

    @OptionGroup var corpusOptions: CorpusOptions

    func run() throws {
        let article: Article
        if StreamInput.isStream(idOrPath) {
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
