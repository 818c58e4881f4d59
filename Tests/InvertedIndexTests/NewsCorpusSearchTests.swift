import Foundation
import Testing
@testable import InvertedIndex
import JiansuoTestSupport

/// Exactness on real news (a sample of ../shared/data/corpus/news.jsonl, so debug runs stay quick);
/// skipped when the shared data is absent.
@Suite struct NewsCorpusSearchTests {
    static let queriesPath = sharedData.appendingPathComponent("bench/queries.txt").path

    @Test(.enabled(if: FileManager.default.fileExists(atPath: newsPath)))
    func sampledNewsMatchesAPlainScan() throws {
        let docs = readJSONL(newsPath, limit: 1200)
        #expect(docs.count == 1200)
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reader = try buildIndex(docs, at: dir, commits: 3).reader()
        var queries = ((try? String(contentsOfFile: Self.queriesPath, encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        // Plus substrings sampled from the sample itself: across word boundaries, single characters, digits, Latin.
        var rng = SplitMix64(seed: 31)
        for _ in 0..<200 {
            let d = docs[Int(rng.next() % UInt64(docs.count))]
            let s = Array(d.text.unicodeScalars)
            guard s.count > 10 else { continue }
            let len = 1 + Int(rng.next() % 7)
            let start = Int(rng.next() % UInt64(s.count - len))
            let q = String(String.UnicodeScalarView(s[start..<(start + len)]))
            if q.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0 == "\"" }) { continue }
            queries.append(q)
        }
        queries += ["2022", "5G", "11.11", "gdp", "央视网", "。", "蟹"]
        #expect(queries.count > 250)
        var oracle = Oracle()
        for d in docs { oracle.set(d) }
        for q in queries {
            let quoted = "\"\(q)\""
            let expected = oracle.matching([q])
            let results = try reader.search(quoted, limit: 5000)
            #expect(Set(results.hits.map(\.id)) == expected, "\(q)")
            let counted = try reader.count(quoted)
            #expect(results.total == expected.count && counted == expected.count, "\(q)")
        }
    }
}
