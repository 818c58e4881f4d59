import Foundation

/// The kinds of entity the extractor reports (ENTITIES.md).
public enum EntityType: String, Sendable, Codable, CaseIterable, Hashable {
    case province, city, county, company, money

    /// Every type; the default for `EntityExtractor.extract`.
    public static let all: Set<EntityType> = Set(allCases)

    /// Parses a comma-separated list such as "province,company" (for `--types`).
    ///
    /// Why: the CLI and the library read the same spelling; an unknown name is an error that lists the valid ones.
    public static func parseList(_ list: String) throws -> Set<EntityType> {
        var result: Set<EntityType> = []
        for part in list.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { continue }
            guard let type = EntityType(rawValue: name) else {
                throw EntityTypeError.unknown(name)
            }
            result.insert(type)
        }
        return result
    }
}

/// An entity type name that does not exist.
public enum EntityTypeError: Error, CustomStringConvertible, Equatable {
    case unknown(String)

    /// A message naming the bad value and the valid ones.
    public var description: String {
        switch self {
        case .unknown(let name):
            let valid = EntityType.allCases.map(\.rawValue).joined(separator: ",")
            return "unknown entity type '\(name)': use a comma-separated list of \(valid)"
        }
    }
}

/// One entity mention, in exactly the JSON shape of ENTITIES.md (absent keys are omitted).
///
/// Offsets are Unicode scalar offsets into `field` ("title" or "text") of the cleaned article, end exclusive.
public struct Entity: Sendable, Hashable, Codable {
    /// What was found.
    public var type: EntityType
    /// "title" or "text": the part of the article the mention is in.
    public var field: String
    /// The mention as written in the cleaned field.
    public var text: String
    /// Scalar offset of the mention's first scalar in `field`.
    public var start: Int
    /// Scalar offset just past the mention (exclusive).
    public var end: Int
    /// Regions: the six-digit GB/T 2260 code.
    public var code: String?
    /// Regions: the full official name; companies: the canonical name.
    public var name: String?
    /// Regions: names from the province down.
    public var path: [String]?
    /// Money: the exact amount as a decimal string.
    public var value: String?
    /// Money: ISO 4217 code.
    public var currency: String?
    /// Money: exact, approx, over, under or range.
    public var qualifier: String?
    /// Money ranges: the lower bound.
    public var min: String?
    /// Money ranges: the upper bound.
    public var max: String?

    /// Creates an entity; region, company and money fields are optional.
    public init(type: EntityType, field: String, text: String, start: Int, end: Int,
                code: String? = nil, name: String? = nil, path: [String]? = nil,
                value: String? = nil, currency: String? = nil, qualifier: String? = nil,
                min: String? = nil, max: String? = nil) {
        self.type = type
        self.field = field
        self.text = text
        self.start = start
        self.end = end
        self.code = code
        self.name = name
        self.path = path
        self.value = value
        self.currency = currency
        self.qualifier = qualifier
        self.min = min
        self.max = max
    }

    enum CodingKeys: String, CodingKey {
        case type, field, text, start, end, code, name, path, value, currency, qualifier, min, max
    }
}

/// The JSON object ENTITIES.md prints per article: its id, title and entities.
public struct ExtractedArticle: Sendable, Hashable, Codable {
    /// The file's stem, or the record's id for JSON Lines input.
    public var id: String
    /// The cleaned title ("" when the article has none).
    public var title: String
    /// Every entity, title first, in reading order.
    public var entities: [Entity]

    /// Creates the per-article result.
    public init(id: String, title: String, entities: [Entity]) {
        self.id = id
        self.title = title
        self.entities = entities
    }
}

extension ExtractedArticle {
    /// One line of JSON Lines in ENTITIES.md's key order (id, title, entities; each entity type, field, text,
    /// start, end, then the keys it has), with no spaces and no escaped slashes or non-ASCII characters.
    ///
    /// Why: JSONEncoder's key order is not specified; the contract's order makes output diffable and readable.
    public func jsonLine() -> String {
        var out = "{\"id\":" + jsonString(id) + ",\"title\":" + jsonString(title) + ",\"entities\":["
        for (index, entity) in entities.enumerated() {
            if index > 0 { out += "," }
            out += entity.jsonObject()
        }
        return out + "]}"
    }
}

extension Entity {
    /// The entity as one JSON object in ENTITIES.md's key order; absent keys are omitted.
    public func jsonObject() -> String {
        var out = "{\"type\":" + jsonString(type.rawValue) + ",\"field\":" + jsonString(field)
        out += ",\"text\":" + jsonString(text) + ",\"start\":\(start),\"end\":\(end)"
        if let code { out += ",\"code\":" + jsonString(code) }
        if let name { out += ",\"name\":" + jsonString(name) }
        if let path { out += ",\"path\":[" + path.map(jsonString).joined(separator: ",") + "]" }
        if let value { out += ",\"value\":" + jsonString(value) }
        if let currency { out += ",\"currency\":" + jsonString(currency) }
        if let qualifier { out += ",\"qualifier\":" + jsonString(qualifier) }
        if let min { out += ",\"min\":" + jsonString(min) }
        if let max { out += ",\"max\":" + jsonString(max) }
        return out + "}"
    }
}

/// A JSON string literal: quotes, backslashes and control characters escaped, everything else as is.
func jsonString(_ string: String) -> String {
    var out = "\""
    for scalar in string.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
