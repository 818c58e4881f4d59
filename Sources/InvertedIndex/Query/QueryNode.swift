// The parsed form of a search query: what the searcher evaluates.

/// A parsed search query, as a tree of operators over raw (not yet normalised) terms.
///
/// Terms and phrases hold the text exactly as the user wrote it; the index runs them through the
/// same analyser it used for the articles. Operators are flattened: an `and`/`or` never has a
/// single child and never directly contains another node of its own kind, and `not` never wraps `not`.
public indirect enum QueryNode: Sendable, Hashable {
    /// Text that must occur as a substring (after normalisation) of the searched field.
    case term(String)
    /// Quoted text, spaces and punctuation kept as written, that must occur as a substring.
    case phrase(String)
    /// Every child must match.
    case and([QueryNode])
    /// At least one child must match.
    case or([QueryNode])
    /// The child must not match. Only ever appears inside an `and` or `or` beside a positive part.
    case not(QueryNode)
    /// The child is evaluated on one field only: `"title"` or `"text"` (names are lower case).
    case field(String, QueryNode)
    /// The article's date lies in this inclusive range of ISO dates (`yyyy-MM-dd`); `nil` is an open end.
    case dateRange(from: String?, to: String?)
    /// Documents having this facet key (exactly; keys are the caller's opaque strings).
    case facet(String)
    /// Documents with at least one number of `field` inside `range` (exact decimal comparison).
    case number(field: String, range: NumberRange)
    /// A caller-defined field as the parser read it (`company:京东`, `money>=1亿`): the caller
    /// resolves it into facet and number nodes before evaluation; the index rejects it unresolved.
    case filter(name: String, op: FilterOperator, value: String)
}

/// A range of exact non-negative decimals ("2.59", "1000000000"); a nil end is open.
///
/// Why strings: amounts compare exactly ("2.59" equals "2.590"), which a Double cannot promise.
public struct NumberRange: Sendable, Hashable {
    /// The lower end, or nil for none.
    public var lower: String?
    /// True when a value equal to `lower` is inside.
    public var lowerInclusive: Bool
    /// The upper end, or nil for none.
    public var upper: String?
    /// True when a value equal to `upper` is inside.
    public var upperInclusive: Bool

    /// Creates a range; both ends are inclusive unless told otherwise.
    public init(lower: String? = nil, lowerInclusive: Bool = true, upper: String? = nil, upperInclusive: Bool = true) {
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    /// The range holding exactly `value`.
    public static func exactly(_ value: String) -> NumberRange {
        NumberRange(lower: value, upper: value)
    }
}

/// The comparison written between a filter's name and its value.
public enum FilterOperator: String, Sendable, Hashable {
    /// `name:value` (or `name：value`).
    case equals = ":"
    /// `name>value`.
    case greater = ">"
    /// `name>=value`.
    case greaterOrEqual = ">="
    /// `name<value`.
    case less = "<"
    /// `name<=value`.
    case lessOrEqual = "<="
}

extension QueryNode {
    /// The terms and phrases a match of this query can show, in query order, without those under `not`.
    ///
    /// This is what a snippet should highlight; duplicates are removed.
    public var positiveTexts: [String] {
        var out: [String] = []
        var seen: Set<String> = []
        collectPositive(field: nil, into: &out, seen: &seen)
        return out
    }

    /// The positive terms and phrases that can match in `field` (`"title"` or `"text"`): those outside
    /// any field filter and those under that field. Highlight these in a snippet of that field.
    public func positiveTexts(for field: String) -> [String] {
        var out: [String] = []
        var seen: Set<String> = []
        collectPositive(field: field, into: &out, seen: &seen)
        return out
    }

    private func collectPositive(field: String?, into out: inout [String], seen: inout Set<String>) {
        switch self {
        case .term(let text), .phrase(let text):
            if seen.insert(text).inserted { out.append(text) }
        case .and(let children), .or(let children):
            for child in children { child.collectPositive(field: field, into: &out, seen: &seen) }
        case .field(let name, let child):
            if field == nil || field == name { child.collectPositive(field: field, into: &out, seen: &seen) }
        case .not, .dateRange, .facet, .number, .filter:
            break
        }
    }
}

extension QueryNode: CustomStringConvertible {
    /// A compact, unambiguous rendering used in tests and debugging, e.g. `(AND "助农" (NOT "蟹"))`.
    public var description: String {
        switch self {
        case .term(let text): return "\"\(text)\""
        case .phrase(let text): return "«\(text)»"
        case .and(let children): return "(AND " + children.map(\.description).joined(separator: " ") + ")"
        case .or(let children): return "(OR " + children.map(\.description).joined(separator: " ") + ")"
        case .not(let child): return "(NOT \(child))"
        case .field(let name, let child): return "(\(name): \(child))"
        case .dateRange(let from, let to): return "(DATE \(from ?? "*")..\(to ?? "*"))"
        case .facet(let key): return "(FACET \(key))"
        case .number(let field, let r):
            let lo = r.lower.map { (r.lowerInclusive ? "[" : "(") + $0 } ?? "(*"
            let hi = r.upper.map { $0 + (r.upperInclusive ? "]" : ")") } ?? "*)"
            return "(NUMBER \(field) \(lo)..\(hi))"
        case .filter(let name, let op, let value): return "(FILTER \(name)\(op.rawValue)\(value))"
        }
    }
}
