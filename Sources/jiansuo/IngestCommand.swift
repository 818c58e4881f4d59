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
        // Files and folders are read together (sorted, cross-article rules per folder); pipes and
        // standard input follow, in the order named.
        let files = paths.filter { !StreamInput.isStream($0) }
        var result = files.isEmpty ? IngestResult() : try Toolkit.ingest(files.map { URL(fileURLWithPath: $0) })
        for path in paths where StreamInput.isStream(path) {
            let streamed = try StreamInput.articles(path)
            result.articles += streamed.articles
            result.warnings += streamed.warnings
        }
        Output.warn(result.warnings)
        var lines: [String] = []
        if jsonl {
            let encoder = Output.encoder(pretty: false)
            for article in result.articles {
                lines.append(String(decoding: try encoder.encode(article), as: UTF8.self))
            }
        } else {
            for article in result.articles {
                let date = (article.date.map { String($0.prefix(10)) } ?? "-").padding(toLength: 10, withPad: " ", startingAt: 0)
                let title = article.title.isEmpty ? "(no title) " + String(article.text.prefix(24)) + "…" : article.title
                lines.append("\(article.id)\t\(date)\t\(article.text.unicodeScalars.count)\t\(title)")
            }
        }
        if !lines.isEmpty { print(lines.joined(separator: "\n")) }
        // The summary is not data: on standard error, so redirected output holds articles only.
        FileHandle.standardError.write(Data("\(result.articles.count) articles, \(result.warnings.count) warnings\n".utf8))
    }
}
