import ArgumentParser
import Foundation
import Jiansuo

/// `jiansuo ingest`: files and folders in, articles out.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read files and folders; print every article found.",
        discussion: """
            Folders are walked (hidden files skipped). Formats are recognised by content: plain \
            text, HTML, Markdown with YAML front matter, JSON Lines, JSON arrays and Sogou XML; \
            encodings are detected (UTF-8, UTF-16, GB18030/GBK, Big5). Problems (a malformed JSON \
            line, undecodable bytes, a binary file) are reported on standard error, naming the file \
            and the line or byte, and the rest is read. The count of articles and warnings ends the \
            run on standard error, so redirected output holds articles only.

            Examples:
              jiansuo ingest Corpus                       # a table: id, date, characters, title
              jiansuo ingest Corpus news.jsonl --jsonl    # every article as JSON Lines
            """
    )

    @Argument(help: "Files, folders or pipes to read; - for standard input.")
    var paths: [String] = []

    @Flag(name: .long, help: "Print each article as one line of JSON (JSON Lines).")
    var jsonl = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file or folder, e.g. 'jiansuo ingest Corpus'") }
    }

    func run() throws {
        // Files and folders are read together (sorted, cross-article rules per folder) and printed as they are
        // read, so memory stays bounded by one folder's articles (or a batch of a large JSON Lines file);
        // pipes and standard input follow, in the order named.
        let files = paths.filter { !StreamInput.isStream($0) }.map { URL(fileURLWithPath: $0) }
        for file in files where !FileManager.default.fileExists(atPath: file.path) {
            throw JiansuoError.noSuchPath(file.path)
        }
        let encoder = Output.encoder(pretty: false)
        var count = 0
        var encodingError: Error?
        func emit(_ article: Article) {
            if jsonl {
                do {
                    print(String(decoding: try encoder.encode(article), as: UTF8.self))
                } catch {
                    encodingError = encodingError ?? error
                }
            } else {
                let date = (article.date.map { String($0.prefix(10)) } ?? "-").padding(toLength: 10, withPad: " ", startingAt: 0)
                let title = article.title.isEmpty ? "(no title) " + String(article.text.prefix(24)) + "…" : article.title
                print("\(article.id)\t\(date)\t\(article.text.unicodeScalars.count)\t\(title)")
            }
            count += 1
        }
        var warnings: [IngestWarning] = []
        if !files.isEmpty { warnings += try CorpusReader().forEachArticle(in: files) { emit($0) } }
        for path in paths where StreamInput.isStream(path) {
            let streamed = try StreamInput.articles(path)
            streamed.articles.forEach(emit)
            warnings += streamed.warnings
        }
        if let encodingError { throw encodingError }
        Output.warn(warnings)
        // The summary is not data: on standard error, so redirected output holds articles only.
        FileHandle.standardError.write(Data("\(count) articles, \(warnings.count) warnings\n".utf8))
    }
}
