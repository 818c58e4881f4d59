import EntityExtraction
import Foundation
import InvertedIndex

/// Turns the entity filters of a parsed query (`province:山西`, `company:京东`, `money>=1亿`,
/// `currency:USD`) into the index's facet and number nodes, by the gazetteer.
///
/// Why in the facade: the index knows keys, not places or companies; the gazetteer knows names, short
/// names, codes and aliases. A filter that names nothing is an error, never a silent zero.
public struct EntityFilterResolver: Sendable {
    /// The filter names the query parser accepts before `:`, `>`, `>=`, `<` or `<=`.
    public static let filterNames: Set<String> = ["province", "city", "county", "region", "in", "company", "money", "currency"]

    private let gazetteer: Gazetteer
    /// Canonical name of each company by every name and alias it has.
    private let companyByName: [String: String]
    /// Region indexes by full name, short name and former name.
    private let regionsByName: [String: [Int]]
    private let money = MoneyParser()

    /// A resolver over `gazetteer` (builds its name tables once; reuse it across queries).
    public init(gazetteer: Gazetteer) {
        self.gazetteer = gazetteer
        var companies: [String: String] = [:]
        for record in gazetteer.companies {
            for name in [record.name] + record.aliases where companies[name] == nil { companies[name] = record.name }
            companies[record.name] = record.name
        }
        companyByName = companies
        var regions: [String: [Int]] = [:]
        for (index, region) in gazetteer.regions.enumerated() {
            for name in Set([region.name] + region.shortNames + region.historicalNames) {
                regions[name, default: []].append(index)
            }
        }
        regionsByName = regions
    }

    /// `node` with every `.filter` replaced by what it means in the index. `companyInIndex` tells whether
    /// the index holds a company key the gazetteer lacks (a name found by its legal form).
    public func resolve(_ node: QueryNode, companyInIndex: (String) -> Bool = { _ in false }) throws -> QueryNode {
        switch node {
        case .term, .phrase, .dateRange, .facet, .number:
            return node
        case .and(let children):
            return .and(try children.map { try resolve($0, companyInIndex: companyInIndex) })
        case .or(let children):
            return .or(try children.map { try resolve($0, companyInIndex: companyInIndex) })
        case .not(let child):
            return .not(try resolve(child, companyInIndex: companyInIndex))
        case .field(let name, let child):
            return .field(name, try resolve(child, companyInIndex: companyInIndex))
        case .filter(let name, let op, let value):
            return try filter(name: name, op: op, value: value, companyInIndex: companyInIndex)
        }
    }

    private func filter(name: String, op: FilterOperator, value raw: String,
                        companyInIndex: (String) -> Bool) throws -> QueryNode {
        let value = raw.trimmingCharacters(in: .whitespaces)
        let shown = "\(name)\(op.rawValue)\(raw)"
        if name != "money" && op != .equals {
            throw JiansuoError.badFilter(shown, reason: "\(name) takes a name, as in \(name):\(example(name)); only money compares with > >= < <=")
        }
        guard !value.isEmpty else {
            throw JiansuoError.badFilter(shown, reason: "give a value, as in \(name):\(example(name))")
        }
        switch name {
        case "province": return .facet(EntityKeys.key(.province, try region(value, level: .province, filter: shown).code))
        case "city": return .facet(EntityKeys.key(.city, try region(value, level: .city, filter: shown).code))
        case "county": return .facet(EntityKeys.key(.county, try region(value, level: .county, filter: shown).code))
        case "region", "in": return .facet(EntityKeys.key(.region, try region(value, level: nil, filter: shown).code))
        case "company":
            if value == "*" { return .facet(EntityKeys.anyCompany) }
            if let canonical = companyByName[value] { return .facet(EntityKeys.key(.company, canonical)) }
            if companyInIndex(value) { return .facet(EntityKeys.key(.company, value)) }
            throw JiansuoError.badFilter(shown, reason: "no company is named \(value) in the gazetteer or in the index; "
                + "use a canonical name, a short name or a brand (company:京东), or company:* for any company")
        case "currency":
            return .facet(EntityKeys.key(.currency, try currency(value, filter: shown)))
        case "money":
            return try moneyFilter(op: op, value: value, filter: shown)
        default:
            throw JiansuoError.badFilter(shown, reason: "unknown field; known fields: title, text, date, "
                + Self.filterNames.sorted().joined(separator: ", "))
        }
    }

    private func example(_ name: String) -> String {
        switch name {
        case "province": return "山西"
        case "city": return "宿迁"
        case "county": return "泗阳县"
        case "company": return "京东"
        case "currency": return "USD"
        case "money": return "1亿..10亿"
        default: return "江苏"
        }
    }

    /// The region `value` names (full name, short name, former name or six-digit code), at `level` when given.
    /// A name several places share resolves as the extractor resolves it without context: the higher level,
    /// then the district of a province-level city; otherwise the error lists the candidates.
    private func region(_ value: String, level: RegionLevel?, filter: String) throws -> Region {
        if value.count == 6, value.allSatisfy(\.isASCII), value.allSatisfy(\.isNumber) {
            guard let region = gazetteer.region(code: value) else {
                throw JiansuoError.badFilter(filter, reason: "no division has the code \(value)")
            }
            if let level, region.level != level {
                throw JiansuoError.badFilter(filter, reason: "\(value) is \(region.name), a \(region.level.rawValue), not a \(level.rawValue)")
            }
            return region
        }
        var candidates = (regionsByName[value] ?? []).map { gazetteer.regions[$0] }
        if let level { candidates = candidates.filter { $0.level == level } }
        // A name whose short form belongs to another level (吉林 is the province's): the level's full name,
        // the name with its level suffix (city:吉林 is 吉林市).
        if candidates.isEmpty, let level {
            let suffixes = level == .city ? ["市", "地区", "州", "盟"] : level == .county ? ["县", "区", "市", "旗"] : ["省", "市"]
            for suffix in suffixes where candidates.isEmpty {
                candidates = (regionsByName[value + suffix] ?? []).map { gazetteer.regions[$0] }.filter { $0.level == level }
            }
        }
        guard !candidates.isEmpty else {
            let what = level.map { "\($0.rawValue)" } ?? "province, city or county"
            let elsewhere = level != nil && !(regionsByName[value] ?? []).isEmpty
                ? " (\(value) is a " + Set((regionsByName[value] ?? []).map { gazetteer.regions[$0].level.rawValue }).sorted().joined(separator: " and ")
                    + "; use region:\(value))"
                : ""
            throw JiansuoError.badFilter(filter, reason: "no \(what) is named \(value) in the gazetteer\(elsewhere)")
        }
        if candidates.count == 1 { return candidates[0] }
        let top = candidates.map(\.level).min() ?? .county
        var best = candidates.filter { $0.level == top }
        if best.count > 1 {
            // The district of a province-level municipality (朝阳区 of 北京) before others, as the extractor does.
            let municipal = best.filter { region in
                guard let parent = region.parent else { return false }
                let up = gazetteer.regions[parent]
                return up.level == .province && up.name.hasSuffix("市")
            }
            if municipal.count == 1 { best = municipal }
        }
        if best.count == 1 { return best[0] }
        let listed = candidates.map { "\($0.code) \($0.path.joined(separator: "/"))" }.joined(separator: "; ")
        throw JiansuoError.badFilter(filter, reason: "\(value) names \(candidates.count) places: \(listed); write the code instead, as in \(name(of: filter)):\(candidates[0].code)")
    }

    private func name(of filter: String) -> String {
        String(filter.prefix { $0.isLetter && $0.isASCII })
    }

    /// An ISO 4217 code from `value`: the code itself (usd → USD) or a currency's Chinese name (美元).
    private func currency(_ value: String, filter: String) throws -> String {
        if value.count == 3, value.allSatisfy({ $0.isASCII && $0.isLetter }) { return value.uppercased() }
        if let amount = money.parse("1" + value), amount.currency != "CNY" || value.contains("元") || value.contains("人民币") {
            return amount.currency
        }
        throw JiansuoError.badFilter(filter, reason: "\(value) is no currency; write an ISO 4217 code (CNY, USD, HKD, EUR) or a name such as 美元")
    }

    /// One bound of a money filter: an exact value and its currency (nil when the bound names none).
    private func amount(_ text: String, filter: String) throws -> (value: String, currency: String?) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
           trimmed.filter({ $0 == "." }).count <= 1, trimmed.first != ".", trimmed.last != "." {
            return (trimmed, nil)
        }
        guard let parsed = money.parse(trimmed), parsed.qualifier == .exact || parsed.qualifier == .range else {
            throw JiansuoError.badFilter(filter, reason: "'\(text)' is not an amount; write one such as 1亿, 十亿, 500万美元 or 2.5")
        }
        let named = trimmed.contains("元") || trimmed.contains("$") || trimmed.contains("¥") || parsed.currency != "CNY"
        return (parsed.value, named ? parsed.currency : nil)
    }

    private func moneyFilter(op: FilterOperator, value: String, filter: String) throws -> QueryNode {
        var range = NumberRange(lower: nil, lowerInclusive: true, upper: nil, upperInclusive: true)
        var currency: String?
        func take(_ c: String?) throws {
            guard let c else { return }
            if let known = currency, known != c {
                throw JiansuoError.badFilter(filter, reason: "the two bounds name different currencies (\(known) and \(c))")
            }
            currency = c
        }
        switch op {
        case .equals:
            if let dots = value.range(of: "..") {
                let low = String(value[..<dots.lowerBound]), high = String(value[dots.upperBound...])
                guard !low.isEmpty || !high.isEmpty else {
                    throw JiansuoError.badFilter(filter, reason: "give at least one bound, as in money:1亿..10亿 or money:1亿..")
                }
                if !low.isEmpty { let a = try amount(low, filter: filter); range.lower = a.value; try take(a.currency) }
                if !high.isEmpty { let a = try amount(high, filter: filter); range.upper = a.value; try take(a.currency) }
            } else {
                let a = try amount(value, filter: filter)
                range.lower = a.value
                range.upper = a.value
                try take(a.currency)
            }
        case .greater, .greaterOrEqual:
            let a = try amount(value, filter: filter)
            range.lower = a.value
            range.lowerInclusive = op == .greaterOrEqual
            try take(a.currency)
        case .less, .lessOrEqual:
            let a = try amount(value, filter: filter)
            range.upper = a.value
            range.upperInclusive = op == .lessOrEqual
            try take(a.currency)
        }
        // ENTITIES.md: no unit written means CNY.
        return .number(field: EntityKeys.moneyField(currency ?? "CNY"), range: range)
    }
}
