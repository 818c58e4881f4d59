import EntityExtraction
import Foundation
import InvertedIndex

/// How an article's entities go into the index: facet keys for filters and facets, numbers for money
/// ranges, and the mentions themselves as stored JSON.
///
/// Why one place: the keys written at index time and the keys a query filter looks for must be spelled
/// the same way; `EntityFilterResolver` reads them from here.
public enum EntityKeys {
    /// Separates a key's kind from its value ("company␟京东集团"); a control character no name contains.
    static let separator = "\u{1F}"

    /// The stored field holding the mentions, as the JSON array `jiansuo extract` prints.
    public static let storedField = "entities"

    /// Facet kinds: a region mention by level, any region at or under a place, a company, a currency.
    public enum Kind: String, Sendable, CaseIterable {
        case province, city, county, region = "in", company, currency
    }

    /// The key of `value` (a region code, a canonical company name, an ISO currency) under `kind`.
    public static func key(_ kind: Kind, _ value: String) -> String {
        kind.rawValue + separator + value
    }

    /// The key every article with at least one company carries (`company:*`).
    public static let anyCompany = "company*"

    /// The key every article indexed with its entities carries: the whole index, for overviews.
    public static let allArticles = "*"

    /// The prefix of every key of `kind`, for facet requests.
    public static func prefix(_ kind: Kind) -> String {
        kind.rawValue + separator
    }

    /// The value part of `key` (after the kind and separator), or nil when `key` is not of `kind`.
    public static func value(of key: String, kind: Kind) -> String? {
        let prefix = prefix(kind)
        guard key.hasPrefix(prefix) else { return nil }
        return String(key.dropFirst(prefix.count))
    }

    /// The number field of amounts in `currency` ("money:CNY").
    public static func moneyField(_ currency: String) -> String {
        "money:" + currency
    }

    /// The facet keys of an article whose mentions are `entities`: each region by its level and, with
    /// every place above it, under `in`; each company by its canonical name; each currency named.
    public static func facets(of entities: [Entity], gazetteer: Gazetteer) -> [String] {
        var keys: Set<String> = [allArticles]
        for entity in entities {
            switch entity.type {
            case .province, .city, .county:
                guard let code = entity.code else { continue }
                let kind: Kind = entity.type == .province ? .province : entity.type == .city ? .city : .county
                keys.insert(key(kind, code))
                var current = gazetteer.region(code: code)
                while let region = current {
                    keys.insert(key(.region, region.code))
                    current = region.parent.map { gazetteer.regions[$0] }
                }
            case .company:
                if let name = entity.name {
                    keys.insert(key(.company, name))
                    keys.insert(anyCompany)
                }
            case .money:
                if let currency = entity.currency { keys.insert(key(.currency, currency)) }
            }
        }
        return keys.sorted()
    }

    /// The numbers of an article's amounts of money: each amount's value (the lower bound of a range)
    /// under its currency's field.
    public static func numbers(of entities: [Entity]) -> [IndexNumber] {
        var seen = Set<IndexNumber>()
        var out: [IndexNumber] = []
        for entity in entities where entity.type == .money {
            guard let value = entity.value, let currency = entity.currency else { continue }
            let number = IndexNumber(field: moneyField(currency), value: value)
            if seen.insert(number).inserted { out.append(number) }
        }
        return out
    }

    /// The stored JSON of `entities`: exactly the array `jiansuo extract` prints for the article.
    public static func storedJSON(_ entities: [Entity]) -> String {
        "[" + entities.map { $0.jsonObject() }.joined(separator: ",") + "]"
    }

    /// The mentions stored with a document, or nil when it has none stored (an index built without
    /// entities) or they cannot be read.
    public static func mentions(in stored: [String: String]) -> [Entity]? {
        guard let json = stored[storedField] else { return nil }
        return try? JSONDecoder().decode([Entity].self, from: Data(json.utf8))
    }
}

/// One distinct entity of an article: what it is, how often it is mentioned and where first.
///
/// Why: a search hit shows which places, companies and amounts an article names without listing
/// every mention.
public struct EntitySummary: Sendable, Hashable, Codable {
    /// province, city, county, company or money.
    public var type: EntityType
    /// Regions: the six-digit code.
    public var code: String?
    /// Regions: the full name; companies: the canonical name; money: the amount as first written.
    public var name: String
    /// Regions: names from the province down.
    public var path: [String]?
    /// Money: the exact value and its currency.
    public var value: String?
    /// Money: ISO 4217 code.
    public var currency: String?
    /// How many mentions the article has of it.
    public var mentions: Int
    /// "title" or "text": the field of the first mention.
    public var field: String
    /// Scalar offset of the first mention in `field`.
    public var start: Int

    /// The distinct entities of `entities` (mentions in reading order), in order of first mention.
    public static func distinct(_ entities: [Entity]) -> [EntitySummary] {
        var out: [EntitySummary] = []
        var index: [String: Int] = [:]
        for entity in entities {
            let key: String
            switch entity.type {
            case .province, .city, .county: key = entity.type.rawValue + "|" + (entity.code ?? entity.text)
            case .company: key = "company|" + (entity.name ?? entity.text)
            case .money: key = "money|" + (entity.currency ?? "") + "|" + (entity.value ?? entity.text)
            }
            if let at = index[key] {
                out[at].mentions += 1
                continue
            }
            index[key] = out.count
            let name = entity.type == .money ? entity.text : (entity.name ?? entity.text)
            out.append(EntitySummary(type: entity.type, code: entity.code, name: name, path: entity.path,
                                     value: entity.value, currency: entity.currency, mentions: 1,
                                     field: entity.field, start: entity.start))
        }
        return out
    }
}
