import Foundation
import NewsCorpus
import Testing
@testable import EntityExtraction

/// The issue's scorer: the five sample articles (read by NewsCorpus, so offsets are into the cleaned text)
/// against the gold standard, micro-averaged; fails when any F1 is under 0.95.
@Test func scoreOnTheFiveSampleArticles() throws {
    let extractor = try Shared.extractor()
    let goldData = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("seeds.json"))
    let gold = try JSONDecoder().decode([GoldArticle].self, from: goldData)
    let articles = try CorpusReader().read([TestPaths.corpus]).articles
    #expect(articles.count == 5)
    var regions = Counts(), companies = Counts(), money = Counts(), regionMentions = Counts()
    var misses: [String] = []
    for entry in gold {
        guard let article = articles.first(where: { $0.id == entry.id }) else {
            Issue.record("article \(entry.id) not read from Corpus/")
            continue
        }
        let entities = extractor.extract(article)
        if ProcessInfo.processInfo.environment["EXTRACT_DUMP"] != nil {
            for entity in entities {
                let scalars = Array((entity.field == "title" ? article.title : article.text).unicodeScalars)
                let context = String(String.UnicodeScalarView(scalars[max(0, entity.start - 8)..<min(scalars.count, entity.end + 8)]))
                    .replacingOccurrences(of: "\n", with: " ")
                print("DUMP \(entry.id) \(entity.type.rawValue) \(entity.field):\(entity.start)-\(entity.end) \(entity.text) \(entity.name ?? entity.value ?? "") \(context)")
            }
        }
        // Every entity's offsets point at its text in the cleaned field.
        for entity in entities {
            let field = entity.field == "title" ? article.title : article.text
            let scalars = Array(field.unicodeScalars)
            #expect(entity.end <= scalars.count && entity.start < entity.end)
            if entity.end <= scalars.count && entity.start < entity.end {
                let slice = String(String.UnicodeScalarView(scalars[entity.start..<entity.end]))
                #expect(slice == entity.text, "\(entry.id) \(entity)")
            }
        }
        regions += Scorer.regions(entry, entities, misses: &misses)
        regionMentions += Scorer.regionMentions(entry, entities)
        companies += Scorer.companies(entry, entities, misses: &misses)
        money += Scorer.money(entry, entities, misses: &misses)
    }
    print("extraction score on the five sample articles (micro-averaged):")
    print("  regions   \(regions)")
    print("  companies \(companies)")
    print("  money     \(money)")
    print("  (region mentions, informational: \(regionMentions))")
    for line in misses { print("  - \(line)") }
    #expect(regions.f1 >= 0.95, "regions \(regions)")
    #expect(companies.f1 >= 0.95, "companies \(companies)")
    #expect(money.f1 >= 0.95, "money \(money)")
}

/// One article of the development gold's fixture (Fixtures/devgold-articles.jsonl).
private struct DevGoldArticle: Decodable {
    var id: String
    var title: String
    var text: String
}

/// Issue 11's development gold: 40 articles drawn with a fixed seed from news.jsonl and the Sogou files
/// (Fixtures/DEVGOLD.md), annotated before the extractor's output on them was seen. Micro-averaged P/R/F1 per
/// type; fails when an F1 falls under the floor measured when the gold was made (regions 0.97, companies 0.85,
/// money 0.95), so a regression on news the rules were not written from is caught.
@Test func scoreOnTheDevelopmentGold() throws {
    let extractor = try Shared.extractor()
    let goldData = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("devgold.json"))
    let gold = try JSONDecoder().decode([GoldArticle].self, from: goldData)
    let lines = try String(contentsOf: TestPaths.fixtures.appendingPathComponent("devgold-articles.jsonl"), encoding: .utf8)
        .split(separator: "\n")
    let articles = try lines.map { try JSONDecoder().decode(DevGoldArticle.self, from: Data($0.utf8)) }
    #expect(articles.count == 40 && gold.count == 40)
    var regions = Counts(), companies = Counts(), money = Counts()
    var misses: [String] = []
    for entry in gold {
        guard let article = articles.first(where: { $0.id == entry.id }) else {
            Issue.record("article \(entry.id) missing from devgold-articles.jsonl")
            continue
        }
        let entities = extractor.extract(title: article.title, text: article.text)
        regions += Scorer.regions(entry, entities, misses: &misses)
        companies += Scorer.companies(entry, entities, misses: &misses)
        money += Scorer.money(entry, entities, misses: &misses)
    }
    print("extraction score on the development gold (40 articles, micro-averaged):")
    print("  regions   \(regions)")
    print("  companies \(companies)")
    print("  money     \(money)")
    for line in misses { print("  - \(line)") }
    #expect(regions.f1 >= 0.97, "regions \(regions)")
    #expect(companies.f1 >= 0.85, "companies \(companies)")
    #expect(money.f1 >= 0.95, "money \(money)")
}
