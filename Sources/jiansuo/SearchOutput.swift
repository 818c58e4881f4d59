import Foundation
import Jiansuo

/// A span of Unicode scalars, as JSON objects {"start", "end"} (end exclusive).
struct ScalarSpan: Codable, Hashable {
    var start: Int
    var end: Int

    init(_ range: Range<Int>) {
        start = range.lowerBound
        end = range.upperBound
    }
}

/// The JSON `search --json` prints: stable keys, offsets in Unicode scalars.
struct SearchOutput: Encodable {
    struct Hit: Encodable {
        var id: String
        var title: String
        var date: String?
        var score: Double
        var url: String?
        var source: String?
        var path: String?
        /// The snippet: an exact substring of the article's text, `start`..<`end` in scalars.
        var snippet: String
        var snippetStart: Int
        var snippetEnd: Int
        /// Matches in the article's text (absolute scalar offsets), inside the snippet.
        var highlights: [ScalarSpan]
        /// Matches in the title.
        var titleHighlights: [ScalarSpan]
    }

    var query: String
    var total: Int
    var offset: Int
    var hits: [Hit]

    init(query: String, offset: Int, results: SearchResults) {
        self.query = query
        self.total = results.total
        self.offset = offset
        self.hits = results.hits.map { hit in
            Hit(id: hit.id, title: hit.title, date: hit.date, score: (hit.score * 10_000).rounded() / 10_000,
                url: hit.stored["url"], source: hit.stored["source"], path: hit.stored["path"],
                snippet: hit.snippet.text, snippetStart: hit.snippet.start, snippetEnd: hit.snippet.end,
                highlights: hit.snippet.highlights.map(ScalarSpan.init),
                titleHighlights: hit.titleHighlights.map(ScalarSpan.init))
        }
    }
}

/// The JSON `search --json --count` prints: only the number of matching articles.
struct CountOutput: Encodable {
    var total: Int
}

/// Renders hits for people: rank, title, id and date, then the snippet with matches marked.
struct SearchRendering {
    /// Whether to use ANSI colour (a terminal, and NO_COLOR unset).
    var colour: Bool

    /// The marks around a match in plain output. Not 【】: Chinese news titles use those for their column
    /// (【领航中国】); ⟦⟧ (U+27E6, U+27E7) occur in no article of the news corpus.
    static let plainMarks = (open: "\u{27E6}", close: "\u{27E7}")

    private func marked(_ text: String, _ highlights: [Range<Int>], base: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var position = 0
        for range in highlights.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            let lower = max(position, min(scalars.count, range.lowerBound - base))
            let upper = max(lower, min(scalars.count, range.upperBound - base))
            out.append(contentsOf: scalars[position..<lower])
            let (open, close) = colour ? ("\u{1B}[1;31m", "\u{1B}[0m") : SearchRendering.plainMarks
            out.append(contentsOf: open.unicodeScalars)
            out.append(contentsOf: scalars[lower..<upper])
            out.append(contentsOf: close.unicodeScalars)
            position = upper
        }
        out.append(contentsOf: scalars[position...])
        return String(out)
    }

    /// The whole listing.
    func render(_ results: SearchResults, offset: Int) -> String {
        if results.hits.isEmpty {
            return results.total == 0 ? "no matches" : "no hits on this page (\(results.total) matches in all)"
        }
        var lines: [String] = []
        for (rank, hit) in results.hits.enumerated() {
            let title = hit.title.isEmpty ? "(no title)" : marked(hit.title, hit.titleHighlights, base: 0)
            let bold = colour ? "\u{1B}[1m" : ""
            let dim = colour ? "\u{1B}[2m" : ""
            let reset = colour ? "\u{1B}[0m" : ""
            let date = hit.date.map { "  " + String($0.prefix(10)) } ?? ""
            lines.append("\(bold)\(offset + rank + 1). \(reset)\(title)")
            lines.append("   \(dim)\(hit.id)\(date)  score \(String(format: "%.2f", hit.score))\(reset)")
            let snippet = hit.snippet
            let leading = snippet.start > 0 ? "…" : ""
            let text = marked(snippet.singleLineText, snippet.highlights, base: snippet.start)
            lines.append("   \(leading)\(text)…")
            lines.append("")
        }
        let shown = "\(offset + 1)–\(offset + results.hits.count) of \(results.total) matching articles"
        lines.append(shown)
        return lines.joined(separator: "\n")
    }
}
