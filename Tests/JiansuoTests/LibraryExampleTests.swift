import Foundation
import Jiansuo
import Testing

/// README's library example, run as written (on a copy of Corpus/ in a temporary folder).
@Suite struct LibraryExampleTests {
    @Test func readmeExampleSearchesSegmentsAndExtracts() throws {
        let root = CLIRunner.repoRoot
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-lib-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let corpus = work.appendingPathComponent("Corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        let samples = root.appendingPathComponent("Corpus")
        for name in try FileManager.default.contentsOfDirectory(atPath: samples.path) where !name.hasPrefix(".") {
            try FileManager.default.copyItem(at: samples.appendingPathComponent(name), to: corpus.appendingPathComponent(name))
        }
        let toolkit = try Toolkit(dictionaries: root.appendingPathComponent("Dictionaries"))

        let index = CorpusIndex(directory: corpus.appendingPathComponent(".jiansuo"), toolkit: toolkit)
        let summary = try index.refresh(sources: [corpus])
        #expect(summary.added == 5)
        let results = try index.reader().search("乡村振兴", limit: 10)
        #expect(!results.hits.isEmpty)
        for hit in results.hits { #expect(hit.snippet.text.contains("乡村振兴"), "\(hit.id): \(hit.snippet.text)") }
        let found = try CorpusSearcher(index: index).search(SearchRequest(query: "乡村振兴 region:江苏", facets: [.company]))
        #expect(found.total == 3)
        #expect(found.facets?.company?.first?.name == "京东集团")

        let tokens = try toolkit.makeSegmenter().segment("京东科技与宿迁市泗阳县政府合作")
        #expect(tokens.contains { $0.text == "泗阳县" })

        let entities = try toolkit.makeExtractor().extract(title: "", text: "京东在宿迁投资超过6200亿元")
        #expect(entities.contains { $0.type == .company })
        #expect(entities.contains { $0.type == .city })
        let money = MoneyParser().parse("超过6200亿元")
        #expect(money?.value.description == "620000000000")
        #expect(money?.qualifier == .over)
    }
}
