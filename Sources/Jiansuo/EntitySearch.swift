import EntityExtraction
import Foundation
import InvertedIndex

/// What a facet counts: regions by level, companies, amounts of money, or dates by month.
public enum FacetKind: String, Sendable, Codable, CaseIterable {
    case province, city, county, company, money, date

    /// Parses a comma-separated list such as "province,company,date" (for `--facets`); an unknown name is
    /// an error that lists the valid ones.
    public static func parseList(_ list: String) throws -> [FacetKind] {
        var out: [FacetKind] = []
        for part in list.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            if name.isEmpty { continue }
            guard let kind = FacetKind(rawValue: name) else {
                throw JiansuoError.badFilter("--facets \(list)", reason: "unknown facet '\(name)'; use a comma-separated list of "
                    + allCases.map(\.rawValue).joined(separator: ","))
            }
            if !out.contains(kind) { out.append(kind) }
        }
        return out
    }
}

/// A search of the corpus: the query (words, phrases, OR, exclusions, dates and entity filters), the page,
/// and the facets to count over every matching article.
public struct SearchRequest: Sendable {
    /// The query in the search language, entity filters included (`新能源 region:江苏 money>=1亿`).
    public var query: String
    /// Hits per page.
    public var limit: Int
    /// Hits to skip.
    public var offset: Int
    /// The facets to count (none: no counting).
    public var facets: [FacetKind]
    /// Values per facet.
    public var facetLimit: Int
    /// False for hits with their id and score only: no stored text is read, no snippet made, no entities.
    public var snippets: Bool

    /// A request for `query`'s first `limit` hits, with `facets` counted (top `facetLimit` values each).
    public init(query: String, limit: Int = 10, offset: Int = 0, facets: [FacetKind] = [], facetLimit: Int = 10,
                snippets: Bool = true) {
        self.query = query
        self.limit = limit
        self.offset = offset
        self.facets = facets
        self.facetLimit = facetLimit
        self.snippets = snippets
    }
}

/// A region among a facet's values: its code, name, path and the number of matching articles naming it.
public struct RegionFacetValue: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var path: [String]
    public var count: Int
}

/// A company among a facet's values: its canonical name and the number of matching articles naming it.
public struct CompanyFacetValue: Sendable, Hashable, Codable {
    public var name: String
    public var count: Int
}

/// Matching articles with an amount of money of this order of magnitude in this currency
/// (exponent 8: 100,000,000 up to but not including 1,000,000,000).
public struct MoneyFacetValue: Sendable, Hashable, Codable {
    public var currency: String
    public var exponent: Int
    /// The bucket's lower bound as an exact decimal ("100000000").
    public var from: String
    /// The bucket for people: 1亿–10亿.
    public var label: String
    public var count: Int
}

/// Matching articles dated in a month ("2024-03").
public struct MonthFacetValue: Sendable, Hashable, Codable {
    public var month: String
    public var count: Int
}

/// The facets counted over every article a query matches (not only the page shown).
public struct SearchFacets: Sendable, Hashable, Codable {
    public var province: [RegionFacetValue]?
    public var city: [RegionFacetValue]?
    public var county: [RegionFacetValue]?
    public var company: [CompanyFacetValue]?
    public var money: [MoneyFacetValue]?
    public var date: [MonthFacetValue]?
}

/// One hit with the distinct entities its article names.
public struct EntityHit: Sendable, Hashable {
    /// The hit: id, title, date, score, snippet.
    public var hit: SearchHit
    /// Its distinct regions, companies and amounts, in order of first mention (empty for an index built
    /// without entities).
    public var entities: [EntitySummary]
}

/// The answer to a `SearchRequest`.
public struct EntitySearchResults: Sendable, Hashable {
    /// Every matching article.
    public var total: Int
    /// The page asked for.
    public var hits: [EntityHit]
    /// The facets asked for, over all `total` articles.
    public var facets: SearchFacets?
}

/// Searches one index with entity filters and facets; reuse one searcher for many queries.
///
/// Why a class: it keeps the reader open and builds the filter resolver (the gazetteer, about 0.1 s) the
/// first time a query needs it, then shares both across queries and threads.
public final class CorpusSearcher: @unchecked Sendable {
    /// The reader of the index's newest commit when the searcher was made.
    public let reader: IndexReader
    /// The index folder (for messages).
    public let path: String
    private let toolkit: Toolkit
    private let lock = NSLock()
    private var cachedResolver: EntityFilterResolver?
    private var cachedGazetteer: Gazetteer?

    /// A searcher over `index` (opens its reader now).
    public init(index: CorpusIndex) throws {
        reader = try index.reader()
        toolkit = index.toolkit
        path = index.directory.path
    }

    /// A searcher over an open reader, with `toolkit`'s gazetteer for filters and facet names.
    public init(reader: IndexReader, toolkit: Toolkit, path: String = "") {
        self.reader = reader
        self.toolkit = toolkit
        self.path = path
    }

    private func gazetteer() throws -> Gazetteer {
        lock.lock()
        defer { lock.unlock() }
        if let cachedGazetteer { return cachedGazetteer }
        let loaded = try toolkit.loadGazetteer()
        cachedGazetteer = loaded
        return loaded
    }

    private func resolver() throws -> EntityFilterResolver {
        let gazetteer = try gazetteer()
        lock.lock()
        defer { lock.unlock() }
        if let cachedResolver { return cachedResolver }
        let made = EntityFilterResolver(gazetteer: gazetteer)
        cachedResolver = made
        return made
    }

    /// `query` parsed, with its entity filters resolved against the gazetteer and the index.
    public func parse(_ query: String) throws -> QueryNode {
        let node: QueryNode
        do {
            node = try QueryParser(filterNames: EntityFilterResolver.filterNames).parse(query)
        } catch {
            throw IndexError.query(message: error.message, position: error.position, query: error.query)
        }
        guard Self.hasFilter(node) else { return node }
        try requireEntities()
        let reader = self.reader
        return try resolver().resolve(node) { name in
            ((try? reader.count(.facet(EntityKeys.key(.company, name)))) ?? 0) > 0
        }
    }

    private static func hasFilter(_ node: QueryNode) -> Bool {
        switch node {
        case .filter: return true
        case .and(let children), .or(let children): return children.contains(where: hasFilter)
        case .not(let child), .field(_, let child): return hasFilter(child)
        default: return false
        }
    }

    /// The number of articles matching `query`.
    public func count(_ query: String) throws -> Int {
        try reader.count(try parse(query))
    }

    /// The page of hits `request` asks for, each with its distinct entities, and the facets it asks for.
    public func search(_ request: SearchRequest) throws -> EntitySearchResults {
        let node = try parse(request.query)
        let results = try reader.search(node, limit: request.limit, offset: request.offset, snippets: request.snippets)
        let hits = results.hits.map { hit in
            EntityHit(hit: hit, entities: EntityKeys.mentions(in: hit.stored).map(EntitySummary.distinct) ?? [])
        }
        var facets: SearchFacets?
        if !request.facets.isEmpty { facets = try self.facets(node, request.facets, limit: request.facetLimit) }
        return EntitySearchResults(total: results.total, hits: hits, facets: facets)
    }

    /// Throws `JiansuoError.noEntitiesInIndex` when the index was built without entities.
    public func requireEntities() throws {
        if reader.userData[CorpusIndex.extractorKey] == nil { throw JiansuoError.noEntitiesInIndex(path) }
    }

    /// The facets of `kinds` over every article `node` matches.
    public func facets(_ node: QueryNode, _ kinds: [FacetKind], limit: Int) throws -> SearchFacets {
        let limit = max(1, limit)
        if kinds.contains(where: { $0 != .date }) { try requireEntities() }
        var prefixes: [String] = []
        for kind in kinds {
            switch kind {
            case .province: prefixes.append(EntityKeys.prefix(.province))
            case .city: prefixes.append(EntityKeys.prefix(.city))
            case .county: prefixes.append(EntityKeys.prefix(.county))
            case .company: prefixes.append(EntityKeys.prefix(.company))
            case .money: prefixes.append(EntityKeys.prefix(.currency))
            case .date: break
            }
        }
        // Money: first the currencies the matching articles name, then their orders of magnitude.
        let first = try reader.facetCounts(node, FacetRequest(keyPrefixes: prefixes, numberFields: [],
                                                               months: kinds.contains(.date), limit: kinds.contains(.money) ? 1000 : limit))
        var numbers: [String: [NumberBucket]] = [:]
        var currencies: [String] = []
        if kinds.contains(.money) {
            currencies = (first.keys[EntityKeys.prefix(.currency)] ?? []).compactMap { EntityKeys.value(of: $0.key, kind: .currency) }
            if !currencies.isEmpty {
                numbers = try reader.facetCounts(node, FacetRequest(keyPrefixes: [], numberFields: currencies.map(EntityKeys.moneyField),
                                                                    months: false, limit: limit)).numbers
            }
        }
        var out = SearchFacets()
        func regions(_ kind: EntityKeys.Kind) throws -> [RegionFacetValue] {
            let gazetteer = try gazetteer()
            return (first.keys[EntityKeys.prefix(kind)] ?? []).prefix(limit).compactMap { value in
                guard let code = EntityKeys.value(of: value.key, kind: kind) else { return nil }
                let region = gazetteer.region(code: code)
                return RegionFacetValue(code: code, name: region?.name ?? code, path: region?.path ?? [], count: value.count)
            }
        }
        if kinds.contains(.province) { out.province = try regions(.province) }
        if kinds.contains(.city) { out.city = try regions(.city) }
        if kinds.contains(.county) { out.county = try regions(.county) }
        if kinds.contains(.company) {
            out.company = (first.keys[EntityKeys.prefix(.company)] ?? []).prefix(limit).compactMap { value in
                EntityKeys.value(of: value.key, kind: .company).map { CompanyFacetValue(name: $0, count: value.count) }
            }
        }
        if kinds.contains(.money) {
            var money: [MoneyFacetValue] = []
            for currency in currencies {
                for bucket in numbers[EntityKeys.moneyField(currency)] ?? [] {
                    money.append(MoneyFacetValue(currency: currency, exponent: bucket.exponent,
                                                 from: Self.powerOfTen(bucket.exponent),
                                                 label: Self.magnitudeLabel(bucket.exponent, currency: currency), count: bucket.count))
                }
            }
            out.money = money
        }
        if kinds.contains(.date) {
            out.date = first.months.map { MonthFacetValue(month: $0.month, count: $0.count) }
        }
        return out
    }

    /// 10^exponent as an exact decimal string ("100000000", "0.01").
    static func powerOfTen(_ exponent: Int) -> String {
        if exponent >= 0 { return "1" + String(repeating: "0", count: exponent) }
        return "0." + String(repeating: "0", count: -exponent - 1) + "1"
    }

    /// A bucket for people, in Chinese magnitudes: 1亿–10亿 元, 100–1000 美元.
    static func magnitudeLabel(_ exponent: Int, currency: String) -> String {
        func amount(_ e: Int) -> String {
            switch e {
            case ..<0: return powerOfTen(e)
            case 0...3: return powerOfTen(e)
            case 4...7: return powerOfTen(e - 4) + "万"
            case 8...11: return powerOfTen(e - 8) + "亿"
            default: return powerOfTen(e - 12) + "万亿"
            }
        }
        return "\(amount(exponent))–\(amount(exponent + 1)) \(currency)"
    }

    /// The stored article `id` with its mentions as `jiansuo extract` prints them (nil: no such article).
    public func extractedArticle(id: String) throws -> (document: IndexDocument, json: String)? {
        guard let document = try reader.document(id: id) else { return nil }
        guard let stored = document.stored[EntityKeys.storedField] else {
            throw JiansuoError.noEntitiesInIndex(path)
        }
        // The line `extract` prints for the article, its mentions being the stored array: {"id":…,"title":…,"entities":[…]}.
        let empty = ExtractedArticle(id: document.id, title: document.title, entities: []).jsonLine()
        return (document, String(empty.dropLast(3)) + stored + "}")
    }

    /// The most frequent entities of the whole index: `limit` per kind.
    public func overview(kinds: [FacetKind], limit: Int) throws -> SearchFacets {
        try facets(.facet(EntityKeys.allArticles), kinds, limit: limit)
    }
}
