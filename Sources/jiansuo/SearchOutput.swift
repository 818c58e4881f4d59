import ArgumentParser
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
        /// The article's distinct regions, companies and amounts, in order of first mention.
        var entities: [EntitySummary]
    }

    var query: String
    var total: Int
    var offset: Int
    var hits: [Hit]
    /// The facets asked for with --facets, over every matching article.
    var facets: SearchFacets?

    init(query: String, offset: Int, results: EntitySearchResults) {
        self.query = query
        self.total = results.total
        self.offset = offset
        self.facets = results.facets
        self.hits = results.hits.map { entry in
            let hit = entry.hit
            return Hit(id: hit.id, title: hit.title, date: hit.date, score: (hit.score * 10_000).rounded() / 10_000,
                       url: hit.stored["url"], source: hit.stored["source"], path: hit.stored["path"],
                       snippet: hit.snippet.text, snippetStart: hit.snippet.start, snippetEnd: hit.snippet.end,
                       highlights: hit.snippet.highlights.map(ScalarSpan.init),
                       titleHighlights: hit.titleHighlights.map(ScalarSpan.init), entities: entry.entities)
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

    /// One short line naming an article's entities: places, companies (with mention counts above one) and
    /// amounts, at most `limit` of them.
    static func entityLine(_ entities: [EntitySummary], limit: Int = 8) -> String? {
        guard !entities.isEmpty else { return nil }
        let ordered = entities.filter { $0.type != .money } + entities.filter { $0.type == .money }
        var parts = ordered.prefix(limit).map { entity -> String in
            entity.mentions > 1 ? "\(entity.name)×\(entity.mentions)" : entity.name
        }
        if ordered.count > limit { parts.append("+\(ordered.count - limit)") }
        return parts.joined(separator: " · ")
    }

    /// Columns a terminal gives `text`: two for East Asian wide characters (CJK, full-width forms), one otherwise.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || v >= 0x20000
            return width + (wide ? 2 : 1)
        }
    }

    /// The facets, one block per kind: value and article count.
    func render(_ facets: SearchFacets) -> String {
        var lines: [String] = []
        func block(_ title: String, _ rows: [(String, Int)]?) {
            guard let rows else { return }
            lines.append("\(title):")
            if rows.isEmpty { lines.append("  (none)") }
            let width = rows.map { Self.displayWidth($0.0) }.max() ?? 0
            for (label, count) in rows {
                lines.append("  " + label + String(repeating: " ", count: max(0, width - Self.displayWidth(label))) + "  \(count)")
            }
        }
        block("province", facets.province.map { $0.map { ($0.name, $0.count) } })
        block("city", facets.city.map { $0.map { ($0.path.joined(separator: "/"), $0.count) } })
        block("county", facets.county.map { $0.map { ($0.path.joined(separator: "/"), $0.count) } })
        block("company", facets.company.map { $0.map { ($0.name, $0.count) } })
        block("money", facets.money.map { $0.map { ($0.label, $0.count) } })
        block("date", facets.date.map { $0.map { ($0.month, $0.count) } })
        return lines.joined(separator: "\n")
    }

    /// The whole listing.
    func render(_ entityResults: EntitySearchResults, offset: Int) -> String {
        let facetText = entityResults.facets.map { "\n" + render($0) } ?? ""
        if entityResults.hits.isEmpty {
            return (entityResults.total == 0 ? "no matches" : "no hits on this page (\(entityResults.total) matches in all)") + facetText
        }
        let hits = entityResults.hits.map(\.hit)
        var lines: [String] = []
        for (rank, hit) in hits.enumerated() {
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
            if let entities = Self.entityLine(entityResults.hits[rank].entities) {
                lines.append("   \(dim)\(entities)\(reset)")
            }
            lines.append("")
        }
        let shown = "\(offset + 1)–\(offset + hits.count) of \(entityResults.total) matching articles"
        lines.append(shown)
        return lines.joined(separator: "\n") + facetText
    }
}

/// A field of a search hit that `--fields` can ask for.
enum HitField: String, CaseIterable {
    case id, score, title, date, snippet, entities, url, source, path

    /// Parses "id,score,title"; an unknown name is an error listing the valid ones.
    static func parseList(_ list: String) throws -> [HitField] {
        var out: [HitField] = []
        for part in list.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            if name.isEmpty { continue }
            guard let field = HitField(rawValue: name) else {
                throw ValidationError("unknown field '\(name)' in --fields; use a comma-separated list of "
                    + allCases.map(\.rawValue).joined(separator: ","))
            }
            if !out.contains(field) { out.append(field) }
        }
        return out
    }

    /// The JSON keys of `SearchOutput.Hit` this field stands for.
    var jsonKeys: [String] {
        switch self {
        case .snippet: return ["snippet", "snippetStart", "snippetEnd", "highlights"]
        case .title: return ["title", "titleHighlights"]
        default: return [rawValue]
        }
    }
}

extension SearchOutput {
    /// The output as pretty JSON with only `fields` in each hit (total, offset, query and facets kept).
    func json(fields: [HitField]) throws -> String {
        let data = try Output.encoder(pretty: false).encode(self)
        guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return "{}" }
        let keep = Set(fields.flatMap(\.jsonKeys))
        if let hits = object["hits"] as? [[String: Any]] {
            object["hits"] = hits.map { $0.filter { keep.contains($0.key) } }
        }
        let out = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: out, as: UTF8.self)
    }
}

extension SearchRendering {
    /// One line per hit with only `fields`, tab-separated (for `--fields` without `--json`).
    static func render(_ results: EntitySearchResults, fields: [HitField], offset: Int) -> String {
        var lines: [String] = []
        for entry in results.hits {
            let hit = entry.hit
            let values: [String] = fields.map { field in
                switch field {
                case .id: return hit.id
                case .score: return String(format: "%.4f", hit.score)
                case .title: return hit.title
                case .date: return hit.date ?? ""
                case .snippet: return hit.snippet.singleLineText
                case .entities: return entityLine(entry.entities) ?? ""
                case .url: return hit.stored["url"] ?? ""
                case .source: return hit.stored["source"] ?? ""
                case .path: return hit.stored["path"] ?? ""
                }
            }
            lines.append(values.joined(separator: "\t"))
        }
        return lines.joined(separator: "\n")
    }
}
