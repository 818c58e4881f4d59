import Foundation
import InvertedIndex
import Jiansuo

/// Query latency on an existing index, as one JSON object other tools can read (issue 13):
/// count, top 10 with snippets, and top 10 with ids and scores only; warm, one thread.
///
/// Usage: jiansuo-bench query INDEX_DIR QUERIES.txt [--repeats 5] [--json] [--dictionaries DIR] [--per-query FILE]
///
/// With `--per-query`, each query's mean count and top-10-ids times and its total are written to FILE
/// (tab-separated), to find the queries that make the p99.
enum QueryBench {
    /// The figures, in milliseconds.
    struct Figures: Encodable {
        var queries: Int
        var repeats: Int
        var documents: Int
        var count_p50_ms: Double
        var count_p99_ms: Double
        var top10_p50_ms: Double
        var top10_p99_ms: Double
        var top10_ids_p50_ms: Double
        var top10_ids_p99_ms: Double
    }

    static func run(_ arguments: [String]) throws {
        var positional: [String] = []
        var repeats = 5
        var json = false
        var dictionaries: String?
        var perQuery: String?
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--repeats": i += 1; if i < arguments.count { repeats = max(1, Int(arguments[i]) ?? repeats) }
            case "--json": json = true
            case "--dictionaries": i += 1; if i < arguments.count { dictionaries = arguments[i] }
            case "--per-query": i += 1; if i < arguments.count { perQuery = arguments[i] }
            default: positional.append(arguments[i])
            }
            i += 1
        }
        guard positional.count == 2 else {
            throw EntityBenchUsage.usage("jiansuo-bench query INDEX_DIR QUERIES.txt [--repeats 5] [--json] [--dictionaries DIR] [--per-query FILE]")
        }
        let toolkit = try dictionaries.map { try Toolkit(dictionaries: URL(fileURLWithPath: $0)) } ?? Toolkit()
        let reader = try CorpusIndex(directory: URL(fileURLWithPath: positional[0]), toolkit: toolkit).reader()
        let queries = try String(contentsOfFile: positional[1], encoding: .utf8)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var nodes: [QueryNode] = []
        for query in queries { nodes.append(try QueryParser().parse("\"" + query.replacingOccurrences(of: "\"", with: "") + "\"")) }
        // Warm-up: every query once each way.
        for node in nodes {
            _ = try reader.count(node)
            _ = try reader.search(node, limit: 10)
            _ = try reader.search(node, limit: 10, snippets: false)
        }
        var counts: [Double] = [], tops: [Double] = [], ids: [Double] = []
        for _ in 0..<repeats {
            for node in nodes {
                var start = IndexBench.now()
                _ = try reader.count(node)
                counts.append(IndexBench.now() - start)
                start = IndexBench.now()
                _ = try reader.search(node, limit: 10)
                tops.append(IndexBench.now() - start)
                start = IndexBench.now()
                _ = try reader.search(node, limit: 10, snippets: false)
                ids.append(IndexBench.now() - start)
            }
        }
        if let perQuery {
            var lines = "query\ttotal\tcount_ms\ttop10_ids_ms\ttop10_ms\n"
            for (k, (q, node)) in zip(queries, nodes).enumerated() {
                func mean(_ xs: [Double], _ k: Int) -> Double {
                    var sum = 0.0
                    for r in 0..<repeats { sum += xs[r * nodes.count + k] }
                    return sum / Double(repeats)
                }
                lines += "\(q)\t\(try reader.count(node))\t\(mean(counts, k))\t\(mean(ids, k))\t\(mean(tops, k))\n"
            }
            try lines.write(toFile: perQuery, atomically: true, encoding: .utf8)
        }
        let figures = Figures(queries: nodes.count, repeats: repeats, documents: reader.documentCount,
                              count_p50_ms: IndexBench.pct(counts, 0.5), count_p99_ms: IndexBench.pct(counts, 0.99),
                              top10_p50_ms: IndexBench.pct(tops, 0.5), top10_p99_ms: IndexBench.pct(tops, 0.99),
                              top10_ids_p50_ms: IndexBench.pct(ids, 0.5), top10_ids_p99_ms: IndexBench.pct(ids, 0.99))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(figures), as: UTF8.self))
        } else {
            print(String(format: "%d queries × %d, %d documents", figures.queries, repeats, figures.documents))
            print(String(format: "count: p50 %.4f ms, p99 %.4f ms", figures.count_p50_ms, figures.count_p99_ms))
            print(String(format: "top 10 with snippets: p50 %.4f ms, p99 %.4f ms", figures.top10_p50_ms, figures.top10_p99_ms))
            print(String(format: "top 10 ids and scores: p50 %.4f ms, p99 %.4f ms", figures.top10_ids_p50_ms, figures.top10_ids_p99_ms))
        }
    }
}
