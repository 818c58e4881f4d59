import Foundation
import Jiansuo

let toolkit = try Toolkit()                     // the built-in dictionaries, or $JIANSUO_DICTIONARIES
let corpus = URL(fileURLWithPath: "Corpus")     // a folder of your articles
let index = CorpusIndex(directory: corpus.appendingPathComponent(".jiansuo"), toolkit: toolkit)
let summary = try index.refresh(sources: [corpus])
print("added \(summary.added), updated \(summary.updated), removed \(summary.removed)")
let results = try index.reader().search("乡村振兴", limit: 10)
for hit in results.hits { print(hit.id, hit.score, hit.snippet.text) }
let searcher = try CorpusSearcher(index: index)  // entity filters and facets
let found = try searcher.search(SearchRequest(query: "乡村振兴 region:江苏", facets: [.company]))
print(found.total, found.facets?.company?.first?.name ?? "-")  // 3 京东集团

let segmenter = try toolkit.makeSegmenter()
let tokens = segmenter.segment("京东科技与宿迁市泗阳县政府合作")
print(tokens.map(\.text).joined(separator: " "))  // 京东科技 与 宿迁市 泗阳县 政府 合作

let extractor = try toolkit.makeExtractor()
let entities = extractor.extract(title: "", text: "京东在宿迁投资超过6200亿元")
for entity in entities { print(entity.type.rawValue, entity.text) }
if let money = MoneyParser().parse("超过6200亿元") {
    print(money.value, money.currency, money.qualifier)  // 620000000000 CNY over
}
