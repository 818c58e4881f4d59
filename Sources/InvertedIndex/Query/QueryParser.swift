// The query language: plain words (AND), "phrases", OR, -exclusion, (groups), title:/text:/date: fields.

/// Parses the search query language into a `QueryNode`.
///
/// Grammar, loosest first:
/// ```
/// query   := group
/// group   := and ("OR" and)*                 OR: upper case, a word of its own
/// and     := unary (["AND"] unary)*          juxtaposition or AND (binds tighter than OR)
/// unary   := "-" primary | "NOT" primary | primary    '-' directly before the excluded thing
/// primary := word | phrase | "(" group ")" | field | filter
/// field   := ("title:" | "text:") primary | "date:" dates     (colon may be full-width '：')
/// filter  := name (":" | ">" | ">=" | "<" | "<=") value      name: one of the parser's filterNames
/// phrase  := '"' … '"' | '“' … '”'          kept exactly as written, spaces and punctuation too
/// ```
/// - Exclusions apply to their whole group (the query, or the parentheses around them), not to one
///   OR alternative: `a OR b -c` and `a -c OR b` both mean `(a OR b) -c`; `(a OR b -c) OR d` keeps
///   `-c` inside its parentheses. A group without OR keeps its parts in the order written.
/// - `AND`, `OR` and `NOT` (upper case, words of their own) are operators: `a AND b` = `a b`,
///   `NOT a` = `-a`. Lower-case `and`/`or`/`not`, quoted `"AND"`, and `-AND`/`title:AND` are text.
/// - Words are separated by any Unicode white space (ASCII space, tab, U+3000 ideographic space).
///   A word runs up to white space, a parenthesis or a quote mark, so `11.11`, `5G`, `618`,
///   `COVID-19` and `http://x.cn/a?b=c` are plain terms. Only ASCII `(`/`)` group;
///   full-width `（）` are text.
/// - `title`, `text`, `date` (any letter case) are the known fields. Caller-defined filters (the
///   parser's `filterNames`, matched case-insensitively) read `name:value`, `name：value`,
///   `name>value`, `name>=value`, `name<value`, `name<=value` (also full-width ＞ ＜ ＝) into
///   `.filter(name:op:value:)` for the caller to resolve; the value runs to white space or ')' and may
///   be quoted, and `a..b` stays inside it. Any other name of 2–20 ASCII letters before ':' or '：'
///   is an error naming the known fields (a typo must not silently search for "compny:京东"), except
///   before "//", so URLs stay text; one letter (`a:b`) or a longer run is text.
/// - `-` excludes only at the start of a word (`a-b` is one term). `-"短语"`, `-(a OR b)`,
///   `-title:词` are accepted. To search for a word that starts with '-', quote it: `"-5%"`.
/// - Dates: `date:2022`, `date:2022-03`, `date:2022-03-15`, `date:A..B`, `date:A..`, `date:..B`,
///   where each end is a year, month or day; ends expand to whole periods, inclusive
///   (`date:2022-03` = 2022-03-01..2022-03-31). `2022/3/15` and `2022年3月15日` are accepted too.
/// - A query must search for something: one made only of exclusions (`-a`) is an error, since it
///   would return nearly every article, and so is an OR alternative made only of exclusions
///   (`a OR -b`). A `date:` filter alone is a valid query, so `-京东 date:2023` is too; so is a
///   caller-defined filter alone (`company:京东`).
/// - The parser does not normalise text: the index's analyser does (full-width, Traditional, case).
public struct QueryParser: Sendable {
    /// The field names the parser recognises before a colon.
    public static let fieldNames: Set<String> = ["title", "text", "date"]

    /// The caller-defined filter names (lower case) read as `.filter` nodes.
    public let filterNames: Set<String>

    /// Makes a parser that reads `filterNames` (any letter case) as filters; it holds no mutable
    /// state, so one can be shared by every thread.
    public init(filterNames: Set<String> = []) {
        self.filterNames = Set(filterNames.map { $0.lowercased() })
    }

    /// Parses `query`, or throws a `QuerySyntaxError` naming the problem and its scalar position.
    public func parse(_ query: String) throws(QuerySyntaxError) -> QueryNode {
        let scalars = Array(query.unicodeScalars)
        var lexer = QueryLexer(scalars: scalars, query: query, filterNames: filterNames)
        let tokens = try lexer.tokenize()
        var parser = QueryTreeBuilder(tokens: tokens, query: query, length: scalars.count)
        return try parser.parseQuery()
    }
}

// MARK: - Tokens

/// One lexical unit of a query, with its scalar extent.
struct QueryToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case word(String)
        case phrase(String)
        case open
        case close
        case or
        case and
        case not
        case minus
        case field(String)
        case filter(name: String, op: FilterOperator, value: String)
    }

    var kind: Kind
    /// Scalar offset of the token's first scalar (for a phrase: its opening quote).
    var start: Int
    /// Scalar offset just past the token (for a phrase: past its closing quote).
    var end: Int
}

/// Splits a query into tokens; reports quote problems with their position.
struct QueryLexer {
    let scalars: [Unicode.Scalar]
    let query: String
    /// Lower-case names read as caller-defined filters.
    var filterNames: Set<String> = []

    static func isWhitespace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }

    static func endsWord(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "(", ")", "\"", "\u{201C}", "\u{201D}": return true
        default: return s.properties.isWhitespace
        }
    }

    mutating func tokenize() throws(QuerySyntaxError) -> [QueryToken] {
        var tokens: [QueryToken] = []
        let n = scalars.count
        var i = 0
        // True when the previous token was `-` or `field:` and nothing separates it from here:
        // then a following "OR", "AND" or "NOT" is a literal word, not the operator.
        var attached = false
        while i < n {
            let c = scalars[i]
            if QueryLexer.isWhitespace(c) {
                i += 1
                attached = false
                continue
            }
            var token: QueryToken
            switch c {
            case "(":
                token = QueryToken(kind: .open, start: i, end: i + 1)
            case ")":
                token = QueryToken(kind: .close, start: i, end: i + 1)
            case "\"", "\u{201C}":
                let closer: Unicode.Scalar = c == "\"" ? "\"" : "\u{201D}"
                var j = i + 1
                while j < n && scalars[j] != closer { j += 1 }
                guard j < n else {
                    throw QuerySyntaxError(
                        message: "unclosed quote: add a closing \(closer) after the phrase, or remove the \(c)",
                        position: i, query: query)
                }
                let text = String(String.UnicodeScalarView(scalars[(i + 1)..<j]))
                token = QueryToken(kind: .phrase(text), start: i, end: j + 1)
            case "\u{201D}":
                throw QuerySyntaxError(
                    message: "closing quote \u{201D} without an opening \u{201C}: quote the phrase as \u{201C}…\u{201D}",
                    position: i, query: query)
            case "-":
                token = QueryToken(kind: .minus, start: i, end: i + 1)
            default:
                if let prefix = try fieldPrefix(at: i) {
                    switch prefix {
                    case .field(let name, let end):
                        token = QueryToken(kind: .field(name), start: i, end: end)
                    case .filter(let name, let op, let valueStart):
                        token = try filterToken(name, op, start: i, valueStart: valueStart)
                    }
                } else {
                    var j = i
                    while j < n && !QueryLexer.endsWord(scalars[j]) { j += 1 }
                    let text = String(String.UnicodeScalarView(scalars[i..<j]))
                    let kind: QueryToken.Kind
                    switch text {
                    case "OR" where !attached: kind = .or
                    case "AND" where !attached: kind = .and
                    case "NOT" where !attached: kind = .not
                    default: kind = .word(text)
                    }
                    token = QueryToken(kind: kind, start: i, end: j)
                }
            }
            tokens.append(token)
            switch token.kind {
            case .minus, .field: attached = true
            default: attached = false
            }
            i = token.end
        }
        return tokens
    }

    /// What a name before ':' (or a filter's comparison) at a word's start is.
    enum Prefix {
        /// A known field; `end` is past the colon.
        case field(name: String, end: Int)
        /// A caller-defined filter; its value starts at `valueStart`.
        case filter(name: String, op: FilterOperator, valueStart: Int)
    }

    /// `title:` / `Text：` / `date:` / a filter name with its operator at `i`; throws for an
    /// unknown name of 2–20 ASCII letters before a colon (not before "//": URLs stay text).
    private func fieldPrefix(at i: Int) throws(QuerySyntaxError) -> Prefix? {
        let n = scalars.count
        var j = i
        var name = ""
        while j < n, j - i <= 20 {
            let s = scalars[j]
            guard s.isASCII, s.properties.isAlphabetic else { break }
            name.unicodeScalars.append(s)
            j += 1
        }
        let length = j - i
        guard length > 0, length <= 20, j < n else { return nil }
        let lower = name.lowercased()
        let c = scalars[j]
        if c == ":" || c == "\u{FF1A}" {
            if QueryParser.fieldNames.contains(lower) { return .field(name: lower, end: j + 1) }
            if filterNames.contains(lower) { return .filter(name: lower, op: .equals, valueStart: j + 1) }
            let url = c == ":" && j + 2 < n && scalars[j + 1] == "/" && scalars[j + 2] == "/"
            guard length >= 2, !url else { return nil }
            let known = ["title", "text", "date"] + filterNames.subtracting(QueryParser.fieldNames).sorted()
            throw QuerySyntaxError(message: "unknown field \"\(name)\"; known fields: " + known.joined(separator: ", "),
                                   position: i, query: query)
        }
        let greater = c == ">" || c == "\u{FF1E}", less = c == "<" || c == "\u{FF1C}"
        guard greater || less, filterNames.contains(lower), !QueryParser.fieldNames.contains(lower) else { return nil }
        if j + 1 < n, scalars[j + 1] == "=" || scalars[j + 1] == "\u{FF1D}" {
            return .filter(name: lower, op: greater ? .greaterOrEqual : .lessOrEqual, valueStart: j + 2)
        }
        return .filter(name: lower, op: greater ? .greater : .less, valueStart: j + 1)
    }

    /// The filter token whose name starts at `start`: its value is quoted, or runs to white space or ')'.
    private func filterToken(_ name: String, _ op: FilterOperator, start: Int, valueStart: Int) throws(QuerySyntaxError) -> QueryToken {
        let n = scalars.count
        let written = String(String.UnicodeScalarView(scalars[start..<valueStart]))
        if valueStart < n, scalars[valueStart] == "\"" || scalars[valueStart] == "\u{201C}" {
            let closer: Unicode.Scalar = scalars[valueStart] == "\"" ? "\"" : "\u{201D}"
            var j = valueStart + 1
            while j < n && scalars[j] != closer { j += 1 }
            guard j < n else {
                throw QuerySyntaxError(message: "unclosed quote: add a closing \(closer) after the value of \(written)",
                                       position: valueStart, query: query)
            }
            let value = String(String.UnicodeScalarView(scalars[(valueStart + 1)..<j]))
            guard value.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
                throw QuerySyntaxError(message: "empty quotes: put the value of \(written) between the quotes", position: valueStart, query: query)
            }
            return QueryToken(kind: .filter(name: name, op: op, value: value), start: start, end: j + 1)
        }
        var j = valueStart
        while j < n, scalars[j] != ")", !QueryLexer.isWhitespace(scalars[j]) { j += 1 }
        guard j > valueStart else {
            throw QuerySyntaxError(message: "empty value after \(written): write \(written)值 with no space after it",
                                   position: valueStart, query: query)
        }
        let value = String(String.UnicodeScalarView(scalars[valueStart..<j]))
        return QueryToken(kind: .filter(name: name, op: op, value: value), start: start, end: j)
    }
}

// MARK: - Parser

/// Recursive-descent parser over the tokens; builds flattened nodes.
struct QueryTreeBuilder {
    let tokens: [QueryToken]
    let query: String
    let length: Int
    var index = 0
    /// The field whose value is being parsed (fields do not nest).
    var fieldContext: String?
    /// Open parentheses around the current position; bounded so deep input cannot exhaust the stack.
    var depth = 0
    static let maxDepth = 64

    init(tokens: [QueryToken], query: String, length: Int) {
        self.tokens = tokens
        self.query = query
        self.length = length
    }

    private func error(_ message: String, _ position: Int) -> QuerySyntaxError {
        QuerySyntaxError(message: message, position: position, query: query)
    }

    private var peek: QueryToken? { index < tokens.count ? tokens[index] : nil }

    private mutating func next() -> QueryToken? {
        guard index < tokens.count else { return nil }
        defer { index += 1 }
        return tokens[index]
    }

    /// One part of an AND sequence as written: an exclusion (`-x`, `NOT x`) or not, and where it starts.
    private struct Part {
        var node: QueryNode
        var excluded: Bool
        var start: Int
    }

    mutating func parseQuery() throws(QuerySyntaxError) -> QueryNode {
        guard !tokens.isEmpty else {
            throw error("empty query: type a word to search for", 0)
        }
        let node = try parseGroup()
        if let extra = peek {
            // parseGroup stops only at ')' or the end.
            throw error("unbalanced ')': no '(' opens it", extra.start)
        }
        guard QueryTreeBuilder.isPositive(node) else {
            let minus = tokens.first { $0.kind == .minus || $0.kind == .not }?.start ?? 0
            throw error(
                "nothing to search for: -exclusions only remove articles from what the rest of the query finds; "
                    + "add a word, phrase or date beside them (e.g. -京东 date:2023)",
                minus)
        }
        return node
    }

    /// The query or a parenthesised group: OR alternatives, with the group's exclusions applied to all of them.
    private mutating func parseGroup() throws(QuerySyntaxError) -> QueryNode {
        var alternatives = [try parseAnd()]
        while let token = peek, token.kind == .or {
            index += 1
            guard let after = peek, after.kind != .close else {
                throw error("OR at the end: put a word after OR, or remove it", token.start)
            }
            if after.kind == .or {
                throw error("OR OR: two ORs in a row; remove one", after.start)
            }
            if after.kind == .and {
                throw error("OR AND: put a word between them, or remove one (\"AND\" in quotes is the word)", after.start)
            }
            alternatives.append(try parseAnd())
        }
        if alternatives.count == 1 {
            return QueryTreeBuilder.makeAnd(alternatives[0].map(\.node))
        }
        // `a OR b -c` means `(a OR b) -c`: exclusions written anywhere in the group apply to all of it.
        var positives: [QueryNode] = []
        var exclusions: [QueryNode] = []
        for alternative in alternatives {
            let kept = alternative.filter { !$0.excluded }.map(\.node)
            guard !kept.isEmpty else {
                throw error(
                    "nothing to search for on this side of OR: -exclusions apply to the whole query (or group), "
                        + "so put a word here, or drop the OR (a -b)",
                    alternative.first?.start ?? length)
            }
            positives.append(QueryTreeBuilder.makeAnd(kept))
            exclusions.append(contentsOf: alternative.filter(\.excluded).map(\.node))
        }
        return QueryTreeBuilder.makeAnd([QueryTreeBuilder.makeOr(positives)] + exclusions)
    }

    /// One OR alternative: parts joined by juxtaposition or AND, in the order written.
    private mutating func parseAnd() throws(QuerySyntaxError) -> [Part] {
        var parts: [Part] = []
        while let token = peek {
            if token.kind == .close { break }
            if token.kind == .or {
                if parts.isEmpty {
                    throw error("OR at the start: put a word before OR, or remove it", token.start)
                }
                break
            }
            if token.kind == .and {
                if parts.isEmpty {
                    throw error("AND at the start: put a word before AND, or remove it (\"AND\" in quotes is the word)", token.start)
                }
                index += 1
                guard let after = peek, after.kind != .close else {
                    throw error("AND at the end: put a word after AND, or remove it (\"AND\" in quotes is the word)", token.start)
                }
                if after.kind == .and {
                    throw error("AND AND: two ANDs in a row; remove one", after.start)
                }
                if after.kind == .or {
                    throw error("AND OR: put a word between them, or remove one", after.start)
                }
                continue
            }
            parts.append(try parseUnary())
        }
        guard !parts.isEmpty else {
            // Only reachable on ')' at the start of the query or of an OR alternative.
            let position = peek?.start ?? length
            throw error("unbalanced ')': no '(' opens it", position)
        }
        return parts
    }

    private mutating func parseUnary() throws(QuerySyntaxError) -> Part {
        guard let token = peek else {
            throw error("the query ends where a word was expected", length)
        }
        switch token.kind {
        case .minus:
            index += 1
            guard let operand = peek, operand.start == token.end, operand.kind != .close else {
                throw error("'-' alone: write -word (no space) to exclude a word", token.start)
            }
            if operand.kind == .minus {
                throw error("'--': exclude with a single '-', or quote a word that starts with '-'", operand.start)
            }
        case .not:
            index += 1
            guard let operand = peek, operand.kind != .close else {
                throw error("NOT at the end: put a word after NOT, or remove it (\"NOT\" in quotes is the word)", token.start)
            }
            switch operand.kind {
            case .minus:
                throw error("NOT -: exclude with NOT or with '-', not both", operand.start)
            case .not:
                throw error("NOT NOT: two NOTs in a row; remove them (\"NOT\" in quotes is the word)", operand.start)
            case .and, .or:
                throw error("NOT needs a word after it, not an operator (\"NOT\" in quotes is the word)", operand.start)
            default:
                break
            }
        default:
            return Part(node: try parsePrimary(), excluded: false, start: token.start)
        }
        let inner = try parsePrimary()
        // Two exclusions cancel: -(-a) is a.
        if case .not(let child) = inner { return Part(node: child, excluded: false, start: token.start) }
        return Part(node: .not(inner), excluded: true, start: token.start)
    }

    private mutating func parsePrimary() throws(QuerySyntaxError) -> QueryNode {
        guard let token = next() else {
            throw error("the query ends where a word was expected", length)
        }
        switch token.kind {
        case .word(let text):
            return .term(text)
        case .phrase(let text):
            guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
                throw error("empty quotes: put the phrase between the quotes", token.start)
            }
            return .phrase(text)
        case .open:
            guard let first = peek else {
                throw error("unclosed '(': add a ')'", token.start)
            }
            if first.kind == .close {
                throw error("empty parentheses: put words inside, or remove them", token.start)
            }
            guard depth < QueryTreeBuilder.maxDepth else {
                throw error("parentheses nested too deeply (over \(QueryTreeBuilder.maxDepth) levels)", token.start)
            }
            depth += 1
            let inner = try parseGroup()
            depth -= 1
            guard let close = next(), close.kind == .close else {
                throw error("unclosed '(': add a ')'", token.start)
            }
            _ = close
            return inner
        case .field(let name):
            return try parseField(name, token)
        case .filter(let name, let op, let value):
            return .filter(name: name, op: op, value: value)
        case .close:
            throw error("unbalanced ')': no '(' opens it", token.start)
        case .or:
            throw error("OR needs a word on each side", token.start)
        case .and:
            throw error("AND needs a word on each side", token.start)
        case .not:
            throw error("NOT needs a word after it", token.start)
        case .minus:
            throw error("'-' alone: write -word (no space) to exclude a word", token.start)
        }
    }

    private mutating func parseField(_ name: String, _ token: QueryToken) throws(QuerySyntaxError) -> QueryNode {
        if let outer = fieldContext {
            throw error("fields do not nest: \(name): inside \(outer):", token.start)
        }
        guard let value = peek, value.start == token.end, value.kind != .close else {
            let example = name == "date" ? "date:2022-03" : "\(name):词"
            throw error("empty value for \(name): write \(example) with no space after the colon", token.end)
        }
        if name == "date" {
            index += 1
            let node: QueryNode
            switch value.kind {
            case .word(let text):
                node = try DateRangeParser.parse(text, at: value.start, query: query)
            case .phrase(let text):
                node = try DateRangeParser.parse(text, at: value.start + 1, query: query)
            default:
                throw error("date: takes a date or a range, like date:2022-03 or date:2022-01-01..2022-06-30", value.start)
            }
            if let following = peek, case .word(let text) = following.kind, text.hasPrefix("..") {
                throw error("no spaces inside a date range: write date:2022-01-01..2022-06-30", following.start)
            }
            return node
        }
        switch value.kind {
        case .minus:
            throw error("put the '-' before the field: -\(name):词", value.start)
        case .field(let inner):
            throw error("fields do not nest: \(inner): inside \(name):", value.start)
        case .filter(let inner, _, _):
            throw error("fields do not nest: \(inner) inside \(name):", value.start)
        default:
            break
        }
        fieldContext = name
        defer { fieldContext = nil }
        let inner = try parsePrimary()
        return .field(name, inner)
    }

    // MARK: node building

    static func makeAnd(_ parts: [QueryNode]) -> QueryNode {
        var flat: [QueryNode] = []
        for part in parts {
            if case .and(let children) = part { flat.append(contentsOf: children) } else { flat.append(part) }
        }
        return flat.count == 1 ? flat[0] : .and(flat)
    }

    static func makeOr(_ parts: [QueryNode]) -> QueryNode {
        var flat: [QueryNode] = []
        for part in parts {
            if case .or(let children) = part { flat.append(contentsOf: children) } else { flat.append(part) }
        }
        return flat.count == 1 ? flat[0] : .or(flat)
    }

    /// True when the node selects a bounded set of articles (not "everything except …").
    static func isPositive(_ node: QueryNode) -> Bool {
        switch node {
        case .term, .phrase, .dateRange, .facet, .number, .filter: return true
        case .not: return false
        case .field(_, let child): return isPositive(child)
        case .and(let children): return children.contains(where: isPositive)
        case .or(let children): return children.allSatisfy(isPositive)
        }
    }
}

// MARK: - Dates

/// Parses the value of `date:` into an inclusive range of ISO dates.
enum DateRangeParser {
    static func parse(_ value: String, at offset: Int, query: String) throws(QuerySyntaxError) -> QueryNode {
        // One-for-one scalar mapping keeps positions exact: full-width digits and separators,
        // '/', '年', '月' become ASCII; a trailing '日' or '-' left by 2022年3月 forms is dropped.
        var s: [Unicode.Scalar] = value.unicodeScalars.map { c in
            switch c.value {
            case 0xFF10...0xFF19: return Unicode.Scalar(c.value - 0xFF10 + 0x30) ?? c
            case 0xFF0D, 0x2010, 0x2013, 0x2212, 0x002F, 0xFF0F, 0x5E74, 0x6708: return "-"
            case 0xFF0E: return "."
            default: return c
            }
        }
        var r = 0
        var dots: [Int] = []
        while r + 1 < s.count {
            if s[r] == ".", s[r + 1] == "." {
                dots.append(r)
                r += 2
            } else {
                r += 1
            }
        }
        func err(_ message: String, _ at: Int) -> QuerySyntaxError {
            QuerySyntaxError(message: message, position: offset + at, query: query)
        }
        if dots.count > 1 {
            throw err("a date range has one '..': date:2022-01-01..2022-06-30", dots[1])
        }
        guard let dot = dots.first else {
            trimSuffix(&s, from: 0)
            let period = try parsePeriod(s[...], base: 0, err)
            return .dateRange(from: period.first, to: period.last)
        }
        var left = Array(s[..<dot])
        var right = Array(s[(dot + 2)...])
        trimSuffix(&left, from: 0)
        trimSuffix(&right, from: 0)
        if left.isEmpty && right.isEmpty {
            throw err("a date range needs at least one end: date:2022-01-01.. or date:..2022-06-30", 0)
        }
        let from = left.isEmpty ? nil : try parsePeriod(left[...], base: 0, err).first
        let to = right.isEmpty ? nil : try parsePeriod(right[...], base: dot + 2, err).last
        if let from, let to, from > to {
            throw err("the date range ends (\(to)) before it starts (\(from))", dot)
        }
        return .dateRange(from: from, to: to)
    }

    /// Drops a trailing '日' (2022年3月15日) and then a trailing '-' that came from '月' or '年'.
    private static func trimSuffix(_ s: inout [Unicode.Scalar], from: Int) {
        if s.last == "\u{65E5}" { s.removeLast() }
        if s.count > 4, s.last == "-" { s.removeLast() }
    }

    /// A year, year-month or year-month-day: its first and last day as ISO dates.
    private static func parsePeriod(
        _ s: ArraySlice<Unicode.Scalar>, base: Int, _ err: (String, Int) -> QuerySyntaxError
    ) throws(QuerySyntaxError) -> (first: String, last: String) {
        let text = String(String.UnicodeScalarView(s))
        var parts: [(digits: ArraySlice<Unicode.Scalar>, at: Int)] = []
        var start = s.startIndex
        for i in s.indices where s[i] == "-" {
            parts.append((s[start..<i], base + start - s.startIndex))
            start = i + 1
        }
        parts.append((s[start..<s.endIndex], base + start - s.startIndex))
        let shape = "use 2022, 2022-03 or 2022-03-15"
        guard parts.count <= 3 else {
            throw err("bad date '\(text)': \(shape)", base)
        }
        func number(_ digits: ArraySlice<Unicode.Scalar>, maxLength: Int) -> Int? {
            guard !digits.isEmpty, digits.count <= maxLength else { return nil }
            var value = 0
            for d in digits {
                guard d.isASCII, ("0"..."9").contains(d) else { return nil }
                value = value * 10 + Int(d.value - 48)
            }
            return value
        }
        guard parts[0].digits.count == 4, let year = number(parts[0].digits, maxLength: 4), year >= 1 else {
            throw err("bad year in '\(text)': write four digits, \(shape)", parts[0].at)
        }
        var firstMonth = 1
        var lastMonth = 12
        if parts.count >= 2 {
            guard let month = number(parts[1].digits, maxLength: 2), (1...12).contains(month) else {
                throw err("bad month in '\(text)': months are 01 to 12", parts[1].at)
            }
            firstMonth = month
            lastMonth = month
        }
        var firstDay = 1
        var lastDay = daysIn(month: lastMonth, year: year)
        if parts.count == 3 {
            let limit = daysIn(month: firstMonth, year: year)
            guard let day = number(parts[2].digits, maxLength: 2), (1...limit).contains(day) else {
                throw err("bad day in '\(text)': \(year)-\(pad(firstMonth)) has days 01 to \(limit)", parts[2].at)
            }
            firstDay = day
            lastDay = day
        }
        return ("\(pad(year, 4))-\(pad(firstMonth))-\(pad(firstDay))", "\(pad(year, 4))-\(pad(lastMonth))-\(pad(lastDay))")
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
