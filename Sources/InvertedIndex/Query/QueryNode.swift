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
        case .not, .dateRange:
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
        }
    }
}
