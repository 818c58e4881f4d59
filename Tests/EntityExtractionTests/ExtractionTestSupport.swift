import Foundation
import Testing
@testable import EntityExtraction

/// Paths the extraction tests use, found from this file's location.
enum TestPaths {
    /// The repository root (…/Tests/EntityExtractionTests/ThisFile.swift → …).
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let dictionaries = repoRoot.appendingPathComponent("Dictionaries")
    static let corpus = repoRoot.appendingPathComponent("Corpus")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let shared = repoRoot.deletingLastPathComponent().appendingPathComponent("shared")
    static let newsJSONL = shared.appendingPathComponent("data/corpus/news.jsonl")
}

/// One gazetteer and extractor for all tests (loading is the slow part in a debug build).
enum Shared {
    static let gazetteer: Result<Gazetteer, Error> = Result { try Gazetteer.load(from: TestPaths.dictionaries) }
    static func extractor() throws -> EntityExtractor {
        EntityExtractor(gazetteer: try gazetteer.get())
    }
}

extension EntityExtractor {
    /// Entities of a raw sentence (as body text).
    func entities(_ text: String, types: Set<EntityType> = EntityType.all) -> [Entity] {
        extract(title: "", text: text, types: types)
    }
}

extension Array where Element == Entity {
    var regionCodes: Set<String> { Set(filter { $0.type != .company && $0.type != .money }.compactMap(\.code)) }
    var companyNames: Set<String> { Set(filter { $0.type == .company }.compactMap(\.name)) }
    func regions(named text: String) -> [Entity] { filter { $0.type != .company && $0.type != .money && $0.text == text } }
}

// MARK: - Gold standard and scorer (the issue's rules)

struct GoldArticle: Decodable {
    struct Region: Decodable { var text: String; var code: String; var optional: Bool?; var `where`: String? }
    struct Company: Decodable { var name: String; var aliases: [String]; var optional: Bool? }
    struct Money: Decodable { var text: String; var value: String; var qualifier: String; var optional: Bool? }
    var id: String
    var title: String
    var regions: [Region]
    var companies: [Company]
    var money: [Money]
}

/// True positives, false positives and false negatives, with P/R/F1.
struct Counts: CustomStringConvertible {
    var tp = 0, fp = 0, fn = 0
    var precision: Double { tp + fp == 0 ? 1 : Double(tp) / Double(tp + fp) }
    var recall: Double { tp + fn == 0 ? 1 : Double(tp) / Double(tp + fn) }
    var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    static func += (lhs: inout Counts, rhs: Counts) { lhs.tp += rhs.tp; lhs.fp += rhs.fp; lhs.fn += rhs.fn }
    var description: String {
        String(format: "P=%.3f R=%.3f F1=%.3f (tp %d fp %d fn %d)", precision, recall, f1, tp, fp, fn)
    }
}

/// Scores one article's entities against its gold entry; `misses` collects readable differences.
struct Scorer {
    static func regions(_ gold: GoldArticle, _ system: [Entity], misses: inout [String]) -> Counts {
        let required = Set(gold.regions.filter { $0.optional != true }.map(\.code))
        let optionalOnly = Set(gold.regions.filter { $0.optional == true }.map(\.code)).subtracting(required)
        let found = system.regionCodes.subtracting(optionalOnly)
        for code in found.subtracting(required) {
            let texts = system.filter { $0.code == code }.map { "\($0.text)@\($0.field):\($0.start)" }
            misses.append("\(gold.id) region FP \(code) \(texts)")
        }
        for code in required.subtracting(found) {
            misses.append("\(gold.id) region FN \(code) \(gold.regions.filter { $0.code == code }.map(\.text))")
        }
        return Counts(tp: found.intersection(required).count, fp: found.subtracting(required).count,
                      fn: required.subtracting(found).count)
    }

    /// Mention level (informational): the multiset of (field, text, code), optional mentions ignored both ways.
    static func regionMentions(_ gold: GoldArticle, _ system: [Entity]) -> Counts {
        var found = system.filter { $0.code != nil }.map { "\($0.field)|\($0.text)|\($0.code ?? "")" }
        var counts = Counts()
        for mention in gold.regions {
            let key = "\(mention.where == "title" ? "title" : "text")|\(mention.text)|\(mention.code)"
            if let index = found.firstIndex(of: key) {
                found.remove(at: index)
                if mention.optional != true { counts.tp += 1 }
            } else if mention.optional != true {
                counts.fn += 1
            }
        }
        counts.fp = found.count
        return counts
    }

    static func companies(_ gold: GoldArticle, _ system: [Entity], misses: inout [String]) -> Counts {
        var groups: [String: Set<String>] = [:]
        for entity in system where entity.type == .company {
            groups[entity.name ?? entity.text, default: []].insert(entity.text)
        }
        var matched = Set<Int>()
        var counts = Counts()
        for (name, texts) in groups {
            let keys = texts.union([name])
            let hits = gold.companies.indices.filter { index in
                let entry = gold.companies[index]
                return !keys.isDisjoint(with: Set(entry.aliases + [entry.name]))
            }
            if hits.isEmpty {
                counts.fp += 1
                misses.append("\(gold.id) company FP \(name) \(texts.sorted())")
            }
            matched.formUnion(hits)
        }
        for (index, entry) in gold.companies.enumerated() where entry.optional != true {
            if matched.contains(index) { counts.tp += 1 } else {
                counts.fn += 1
                misses.append("\(gold.id) company FN \(entry.name)")
            }
        }
        return counts
    }

    static func money(_ gold: GoldArticle, _ system: [Entity], misses: inout [String]) -> Counts {
        var found = system.filter { $0.type == .money }.map { ($0.value ?? "", $0.qualifier ?? "", $0.text) }
        var counts = Counts()
        for entry in gold.money where entry.optional == true {
            if let index = found.firstIndex(where: { $0.0 == entry.value && $0.1 == entry.qualifier }) {
                found.remove(at: index)
            } else if let index = found.firstIndex(where: { $0.2.contains(entry.text) || entry.text.contains($0.2) }) {
                found.remove(at: index)
            }
        }
        for entry in gold.money where entry.optional != true {
            if let index = found.firstIndex(where: { $0.0 == entry.value && $0.1 == entry.qualifier }) {
                found.remove(at: index)
                counts.tp += 1
            } else {
                counts.fn += 1
                misses.append("\(gold.id) money FN \(entry.text) \(entry.value) \(entry.qualifier)")
            }
        }
        counts.fp = found.count
        for item in found { misses.append("\(gold.id) money FP \(item.2) \(item.0) \(item.1)") }
        return counts
    }
}
