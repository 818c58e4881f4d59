import EntityExtraction
import Foundation
import InvertedIndex
import Jiansuo
import JiansuoTestSupport
import Testing

/// Issue 12: entities stored in the index, entity filters in the query language and facets, each checked
/// against a brute-force evaluation over `extract`'s output on a generated corpus.
@Suite(.serialized) struct EntitySearchTests {
    static let toolkit: Toolkit? = try? Toolkit(dictionaries: CLIRunner.repoRoot.appendingPathComponent("Dictionaries"))

    /// Sentence parts the generated articles are made of: places, companies, amounts and plain words.
    static let places = ["江苏", "宿迁市", "泗阳县", "山西省", "太原", "浙江省", "杭州", "义乌", "北京市", "广东", "深圳"]
    static let companies = ["京东", "华为", "拼多多", "阿里巴巴", "宁德时代", "中国石油", "国家电网"]
    static let amounts = ["超过6200亿元", "500万美元", "3亿元", "1.5亿元", "2000万元", "约970亿元", "100万港元", "80万元"]
    static let words = ["新能源", "乡村振兴", "电商", "物流", "农产品", "数字经济"]

    /// A generated corpus of `count` articles (JSON Lines), seeded.
    static func corpus(count: Int, seed: UInt64) -> [(id: String, title: String, text: String, date: String)] {
        var random = SplitMix64(seed: seed)
        func pick(_ list: [String]) -> String { list[random.below(list.count)] }
        var out: [(String, String, String, String)] = []
        for n in 0..<count {
            var sentences: [String] = []
            for _ in 0..<(1 + random.below(4)) {
                var parts: [String] = []
                if random.below(3) > 0 { parts.append(pick(places)) }
                if random.below(2) == 0 { parts.append(pick(companies) + "在当地") }
                parts.append(pick(words))
                if random.below(2) == 0 { parts.append("投资" + pick(amounts)) }
                sentences.append(parts.joined(separator: "的") + "。")
            }
            let title = random.below(3) == 0 ? pick(places) + pick(words) : pick(words) + "新进展"
            let month = 1 + random.below(12)
            out.append(("g\(n)", title, sentences.joined(), String(format: "2024-%02d-%02d", month, 1 + random.below(28))))
        }
        return out
    }

    /// A filter of the test vocabulary and what it means over `extract`'s entities, written out by hand.
    struct Filter: Sendable {
        var query: String
        var matches: @Sendable ([Entity]) -> Bool
    }

    static func moneyAtLeast(_ entities: [Entity], _ currency: String, _ bound: Decimal, strict: Bool = false) -> Bool {
        entities.contains { e in
            guard e.type == .money, e.currency == currency, let v = e.value.flatMap({ Decimal(string: $0) }) else { return false }
            return strict ? v > bound : v >= bound
        }
    }

    static let filters: [Filter] = [
        Filter(query: "province:江苏") { $0.contains { $0.type == .province && $0.code == "320000" } },
        Filter(query: "province:320000") { $0.contains { $0.type == .province && $0.code == "320000" } },
        Filter(query: "city:宿迁") { $0.contains { $0.type == .city && $0.code == "321300" } },
        Filter(query: "county:泗阳县") { $0.contains { $0.type == .county && $0.code == "321323" } },
        Filter(query: "region:江苏") { $0.contains { ($0.code ?? "").hasPrefix("32") } },
        Filter(query: "in:浙江") { $0.contains { ($0.code ?? "").hasPrefix("33") } },
        Filter(query: "company:京东") { $0.contains { $0.type == .company && $0.name == "京东集团" } },
        Filter(query: "company:*") { $0.contains { $0.type == .company } },
        Filter(query: "money>=1亿") { moneyAtLeast($0, "CNY", 100_000_000) },
        Filter(query: "money>1.5亿") { moneyAtLeast($0, "CNY", 150_000_000, strict: true) },
        Filter(query: "money:100万..1亿") { entities in
            entities.contains { e in
                guard e.type == .money, e.currency == "CNY", let v = e.value.flatMap({ Decimal(string: $0) }) else { return false }
                return v >= 1_000_000 && v <= 100_000_000
            }
        },
        Filter(query: "money>=500万美元") { moneyAtLeast($0, "USD", 5_000_000) },
        Filter(query: "currency:USD") { $0.contains { $0.type == .money && $0.currency == "USD" } },
    ]

    /// A fresh index of the generated corpus, with the generator's articles and `extract` on each.
    static func built(seed: UInt64, count: Int) throws -> (searcher: CorpusSearcher, root: URL,
                                                           articles: [(id: String, title: String, text: String, date: String)],
                                                           entities: [String: [Entity]]) {
        let toolkit = try #require(Self.toolkit)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-entities-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("news"), withIntermediateDirectories: true)
        let articles = corpus(count: count, seed: seed)
        var lines: [String] = []
        for a in articles {
            let object: [String: String] = ["id": a.id, "title": a.title, "text": a.text, "date": a.date]
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: root.appendingPathComponent("news/g.jsonl"))
        let index = CorpusIndex(directory: root.appendingPathComponent("index"), toolkit: toolkit)
        _ = try index.refresh(sources: [root.appendingPathComponent("news")])
        let extractor = try toolkit.makeExtractor()
        var entities: [String: [Entity]] = [:]
        for a in articles { entities[a.id] = extractor.extract(title: a.title, text: a.text) }
        return (try CorpusSearcher(index: index), root, articles, entities)
    }

    @Test("entity filters combined with words, OR, exclusion and dates equal a brute-force evaluation")
    func filtersEqualBruteForce() throws {
        let (searcher, root, articles, entities) = try Self.built(seed: 12, count: 120)
        defer { try? FileManager.default.removeItem(at: root) }
        var random = SplitMix64(seed: 1212)
        for round in 0..<150 {
            // Up to three parts: filters and words; one may be excluded; two may be joined by OR.
            var parts: [(query: String, test: (Int) -> Bool)] = []
            for _ in 0..<(1 + random.below(3)) {
                if random.below(3) > 0 {
                    let filter = Self.filters[random.below(Self.filters.count)]
                    parts.append((filter.query, { i in filter.matches(entities[articles[i].id] ?? []) }))
                } else {
                    let word = Self.words[random.below(Self.words.count)]
                    parts.append((word, { i in articles[i].title.contains(word) || articles[i].text.contains(word) }))
                }
            }
            var query: String
            var test: (Int) -> Bool
            if parts.count >= 2 && random.below(3) == 0 {
                let (a, b) = (parts[0], parts[1])
                query = "(\(a.query) OR \(b.query))"
                test = { a.test($0) || b.test($0) }
                for rest in parts.dropFirst(2) {
                    query += " " + rest.query
                    let previous = test
                    test = { previous($0) && rest.test($0) }
                }
            } else {
                query = parts[0].query
                test = parts[0].test
                for (k, rest) in parts.dropFirst().enumerated() {
                    let exclude = k == 0 && random.below(3) == 0
                    query += (exclude ? " -" : " ") + rest.query
                    let previous = test
                    test = exclude ? { previous($0) && !rest.test($0) } : { previous($0) && rest.test($0) }
                }
            }
            if random.below(4) == 0 {
                query += " date:2024-01..2024-06"
                let previous = test
                test = { previous($0) && articles[$0].date <= "2024-06-31" }
            }
            let expected = Set(articles.indices.filter(test).map { articles[$0].id })
            let results = try searcher.search(SearchRequest(query: query, limit: 1000))
            let found = Set(results.hits.map(\.hit.id))
            #expect(found == expected, "round \(round): \(query): missing \(expected.subtracting(found).sorted()), extra \(found.subtracting(expected).sorted())")
            #expect(results.total == expected.count)
            #expect(try searcher.count(query) == expected.count)
        }
    }

    @Test("facet counts equal brute-force counts over the whole match set")
    func facetsEqualBruteForce() throws {
        let (searcher, root, articles, entities) = try Self.built(seed: 34, count: 120)
        defer { try? FileManager.default.removeItem(at: root) }
        for query in ["新能源", "company:*", "region:江苏 OR 电商", "money>=1亿", "物流 -company:京东"] {
            let results = try searcher.search(SearchRequest(query: query, limit: 3, facets: FacetKind.allCases, facetLimit: 1000))
            let facets = try #require(results.facets)
            let ids = Set(try searcher.search(SearchRequest(query: query, limit: 1000)).hits.map(\.hit.id))
            let matched = articles.filter { ids.contains($0.id) }
            #expect(results.total == matched.count)
            func count(_ key: (Entity) -> String?) -> [String: Int] {
                var out: [String: Int] = [:]
                for a in matched {
                    for k in Set((entities[a.id] ?? []).compactMap(key)) { out[k, default: 0] += 1 }
                }
                return out
            }
            let provinces = count { $0.type == .province ? $0.code : nil }
            #expect(Dictionary(uniqueKeysWithValues: (facets.province ?? []).map { ($0.code, $0.count) }) == provinces, "\(query)")
            let cities = count { $0.type == .city ? $0.code : nil }
            #expect(Dictionary(uniqueKeysWithValues: (facets.city ?? []).map { ($0.code, $0.count) }) == cities, "\(query)")
            let companies = count { $0.type == .company ? $0.name : nil }
            #expect(Dictionary(uniqueKeysWithValues: (facets.company ?? []).map { ($0.name, $0.count) }) == companies, "\(query)")
            let money = count { e -> String? in
                guard e.type == .money, let c = e.currency, let v = e.value, let d = Double(v), d > 0 else { return nil }
                return "\(c) \(Int(floor(log10(d) + 1e-9)))"
            }
            #expect(Dictionary(uniqueKeysWithValues: (facets.money ?? []).map { ("\($0.currency) \($0.exponent)", $0.count) }) == money, "\(query)")
            var months: [String: Int] = [:]
            for a in matched { months[String(a.date.prefix(7)), default: 0] += 1 }
            #expect(Dictionary(uniqueKeysWithValues: (facets.date ?? []).map { ($0.month, $0.count) }) == months, "\(query)")
            // Facet values come most frequent first.
            let counts = (facets.company ?? []).map(\.count)
            #expect(counts == counts.sorted(by: >))
        }
    }

    @Test("a filter that names nothing, an unknown field or a malformed amount is an error that says so")
    func filterErrors() throws {
        let (searcher, root, _, _) = try Self.built(seed: 56, count: 10)
        defer { try? FileManager.default.removeItem(at: root) }
        func message(_ query: String) -> String {
            do {
                _ = try searcher.count(query)
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(message("compny:京东").contains("unknown field"))
        #expect(message("compny:京东").contains("company"))
        #expect(message("province:火星").contains("no province is named 火星"))
        #expect(message("province:宿迁").contains("use region:宿迁"))
        #expect(message("company:不存在的公司名").contains("no company is named"))
        #expect(message("money>=很多").contains("not an amount"))
        #expect(message("money:1亿美元..2亿欧元").contains("different currencies"))
        // 鼓楼区 is in 南京, 徐州, 开封 and 福州: the error lists them with their codes.
        #expect(message("county:鼓楼").contains("320106"))
        #expect(message("county:鼓楼").contains("350102"))
        // 朝阳区 of 北京 before 朝阳区 of 长春, as the extractor reads a lone 朝阳区.
        #expect(message("county:朝阳区") == "")
        #expect(message("currency:火星币").contains("no currency"))
        // A shared name resolves as the extractor does: 吉林 is the province; city:吉林 is 吉林市, whose full name it is
        // with the level's suffix.
        #expect(message("region:吉林") == "")
        #expect(message("city:吉林") == "")
        let resolver = EntityFilterResolver(gazetteer: try #require(Self.toolkit).loadGazetteer())
        #expect(try resolver.resolve(.filter(name: "city", op: .equals, value: "吉林")) == .facet(EntityKeys.key(.city, "220200")))
        #expect(try resolver.resolve(.filter(name: "region", op: .equals, value: "吉林")) == .facet(EntityKeys.key(.region, "220000")))
    }

    @Test("stored entities equal extract's JSON on the five sample articles, byte for byte")
    func storedEntitiesEqualExtract() throws {
        let toolkit = try #require(Self.toolkit)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-stored-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let corpus = CLIRunner.repoRoot.appendingPathComponent("Corpus")
        let index = CorpusIndex(directory: root, toolkit: toolkit)
        _ = try index.refresh(sources: [corpus])
        let searcher = try CorpusSearcher(index: index)
        let extractor = try toolkit.makeExtractor()
        let articles = try CorpusReader().read([corpus]).articles
        #expect(articles.count == 5)
        for article in articles {
            let stored = try #require(try searcher.extractedArticle(id: article.id))
            #expect(stored.json == extractor.extractedArticle(article).jsonLine())
        }
    }

    @Test("a changed gazetteer makes the next refresh extract again, and the stored entities follow it")
    func changedGazetteerReExtracts() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-reextract-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let dictionaries = root.appendingPathComponent("Dictionaries")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLIRunner.repoRoot.appendingPathComponent("Dictionaries"), to: dictionaries)
        let news = root.appendingPathComponent("news")
        try FileManager.default.createDirectory(at: news, withIntermediateDirectories: true)
        try Data("新和成发布新品，在宿迁投资3亿元。".utf8).write(to: news.appendingPathComponent("a.txt"))
        let before = CorpusIndex(directory: root.appendingPathComponent("index"), toolkit: try Toolkit(dictionaries: dictionaries))
        _ = try before.refresh(sources: [news])
        // A listed company's three-character short name needs company context: no company yet.
        #expect(try CorpusSearcher(index: before).count("company:*") == 0)
        // The row becomes a curated one (its names, hence the analyser, unchanged): the refresh says it extracts
        // again, and the filter finds the company.
        let companies = dictionaries.appendingPathComponent("companies.tsv")
        let text = try String(contentsOf: companies, encoding: .utf8)
        let changed = text.replacingOccurrences(of: "新和成\t浙江新和成股份有限公司\tsz002001\tszse\n",
                                                with: "新和成\t浙江新和成股份有限公司\tsz002001\tcurated\n")
        #expect(changed != text)
        try Data(changed.utf8).write(to: companies)
        let after = CorpusIndex(directory: root.appendingPathComponent("index"), toolkit: try Toolkit(dictionaries: dictionaries))
        let summary = try after.refresh(sources: [news])
        #expect(summary.rebuiltBecause?.contains("extractor changed") == true, "\(summary.rebuiltBecause ?? "not rebuilt")")
        let searcher = try CorpusSearcher(index: after)
        #expect(try searcher.count("company:新和成") == 1)
        let stored = try #require(try searcher.extractedArticle(id: "a"))
        let article = try CorpusReader().read([news]).articles[0]
        #expect(stored.json == (try after.toolkit.makeExtractor()).extractedArticle(article).jsonLine())
    }

    @Test("stored entities equal extract on a sample of news.jsonl (skipped without ../shared)")
    func storedEntitiesOnNewsSample() throws {
        let news = CLIRunner.repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data/corpus/news.jsonl")
        guard FileManager.default.fileExists(atPath: news.path) else {
            print("skipped: \(news.path) is absent (the project's shared data sits beside the checkout)")
            return
        }
        let toolkit = try #require(Self.toolkit)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-newssample-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("news"), withIntermediateDirectories: true)
        let lines = try String(contentsOf: news, encoding: .utf8).split(separator: "\n")
        var random = SplitMix64(seed: 2026)
        let sample = (0..<300).map { _ in lines[random.below(lines.count)] }
        try Data((Set(sample).sorted().joined(separator: "\n") + "\n").utf8).write(to: root.appendingPathComponent("news/sample.jsonl"))
        let index = CorpusIndex(directory: root.appendingPathComponent("index"), toolkit: toolkit)
        _ = try index.refresh(sources: [root.appendingPathComponent("news")])
        let searcher = try CorpusSearcher(index: index)
        let extractor = try toolkit.makeExtractor()
        let articles = try CorpusReader().read([root.appendingPathComponent("news")]).articles
        for article in articles {
            let stored = try #require(try searcher.extractedArticle(id: article.id))
            #expect(stored.json == extractor.extractedArticle(article).jsonLine(), "\(article.id)")
        }
    }
}
