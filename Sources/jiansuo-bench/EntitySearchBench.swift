import Foundation
import InvertedIndex
import Jiansuo

/// Issue 12's latency figures on an index built with entities (`jiansuo index news.jsonl --index DIR`):
/// entity filters alone and with a word (count), facets over broad queries, and show/extract by id.
///
/// Usage: jiansuo-bench entities INDEX_DIR [--dictionaries DIR]
enum EntitySearchBench {
    static func run(_ arguments: [String]) throws {
        guard let path = arguments.first else {
            throw EntityBenchUsage.usage("jiansuo-bench entities INDEX_DIR [--dictionaries DIR]")
        }
        var toolkit = try Toolkit()
        if let i = arguments.firstIndex(of: "--dictionaries"), i + 1 < arguments.count {
            toolkit = try Toolkit(dictionaries: URL(fileURLWithPath: arguments[i + 1]))
        }
        let index = CorpusIndex(directory: URL(fileURLWithPath: path), toolkit: toolkit)
        let searcher = try CorpusSearcher(index: index)
        // Warm: the reader's files and the gazetteer the filters resolve against.
        _ = try searcher.count("company:京东")
        let overview = try searcher.overview(kinds: [.company, .province, .city], limit: 40)
        // 100 queries: the corpus's most named companies, provinces and cities as filters, half of them with a word.
        var filters: [String] = []
        for value in overview.company ?? [] { filters.append("company:\(value.name)") }
        for value in overview.province ?? [] { filters.append("province:\(value.code)") }
        for value in overview.city ?? [] { filters.append("region:\(value.code)") }
        filters += ["company:*", "money>=1亿", "money:1亿..10亿", "currency:USD", "money>500万美元"]
        let words = ["新能源", "乡村振兴", "经济", "发展", "合作"]
        var queries: [String] = []
        for (i, filter) in filters.prefix(100).enumerated() {
            queries.append(i % 2 == 0 ? filter : "\(words[i % words.count]) \(filter)")
        }
        print("queries: \(queries.count) (\(filters.count) filters; every other one with a word)")
        var alone: [Double] = [], combined: [Double] = []
        var totalHits = 0
        for _ in 0..<3 {
            alone.removeAll(); combined.removeAll()
            for (i, query) in queries.enumerated() {
                let start = IndexBench.now()
                totalHits += try searcher.count(query)
                let elapsed = IndexBench.now() - start
                if i % 2 == 0 { alone.append(elapsed) } else { combined.append(elapsed) }
            }
        }
        print(String(format: "count, filter alone: p50 %.3f ms, p99 %.3f ms (%d queries)",
                     IndexBench.pct(alone, 0.5), IndexBench.pct(alone, 0.99), alone.count))
        print(String(format: "count, filter + word: p50 %.3f ms, p99 %.3f ms (%d queries)",
                     IndexBench.pct(combined, 0.5), IndexBench.pct(combined, 0.99), combined.count))
        var pages: [Double] = []
        for query in queries {
            let start = IndexBench.now()
            _ = try searcher.search(SearchRequest(query: query, limit: 10))
            pages.append(IndexBench.now() - start)
        }
        print(String(format: "top 10 with snippets and entities: p50 %.3f ms, p99 %.3f ms",
                     IndexBench.pct(pages, 0.5), IndexBench.pct(pages, 0.99)))
        // Facets over broad queries (each matching at least 10,000 articles), five kinds.
        let broad = ["date:2022..2026", "-京东 date:2022..2026", "company:* OR province:北京 OR 中国", "的", "中国 OR 发展"]
        for query in broad {
            let matched = try searcher.count(query)
            var times: [Double] = []
            for _ in 0..<20 {
                let start = IndexBench.now()
                _ = try searcher.search(SearchRequest(query: query, limit: 10,
                                                      facets: [.province, .city, .company, .money, .date], facetLimit: 10))
                times.append(IndexBench.now() - start)
            }
            print(String(format: "facets (5 kinds) over '%@' (%d articles), search included: p50 %.2f ms, p99 %.2f ms",
                         query, matched, IndexBench.pct(times, 0.5), IndexBench.pct(times, 0.99)))
        }
        // show/extract by id: 50 ids, in this one process.
        let ids = try searcher.reader.documentHashes().keys.sorted().prefix(50)
        let start = IndexBench.now()
        var bytes = 0
        for id in ids { bytes += (try searcher.extractedArticle(id: id)?.json.utf8.count) ?? 0 }
        print(String(format: "extract by id from the index: %d ids in %.1f ms (%d bytes of JSON)",
                      ids.count, (IndexBench.now() - start) * 1000, bytes))
        _ = totalHits
    }
}

/// A benchmark's misuse.
enum EntityBenchUsage: Error, CustomStringConvertible {
    case usage(String)
    var description: String {
        switch self {
        case .usage(let text): return "usage: \(text)"
        }
    }
}
