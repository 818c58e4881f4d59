import Foundation

/// YAML front matter and Markdown bodies (which often hold HTML too, as Jekyll exports do).
enum Markdown {
    /// The front matter's fields and where the body starts.
    struct FrontMatter: Sendable {
        /// Scalar fields, keys lower-cased ("title", "date", ...).
        var values: [String: String] = [:]
        /// List fields ("categories", "tags", ...), in order.
        var lists: [String: [String]] = [:]
    }

    /// Splits "---\n key: value ... \n---\n body" into front matter and body; nil when `text` has none.
    static func splitFrontMatter(_ text: String) -> (FrontMatter, body: Substring)? {
        var lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingScalars(" \t\r\u{FEFF}") == "---", lines.count == 2 else {
            return nil
        }
        var rest = lines[1]
        var yamlLines: [Substring] = []
        while !rest.isEmpty {
            lines = rest.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            let line = lines[0]
            rest = lines.count == 2 ? lines[1] : ""
            let trimmed = line.trimmingScalars(" \t\r")
            if trimmed == "---" || trimmed == "..." { return (parse(yamlLines), rest) }
            // Text between two rules is front matter only when it reads as YAML: a line of prose means it is not.
            guard isYAMLLine(line) else { return nil }
            yamlLines.append(line)
        }
        return nil
    }

    /// True for blank, comment, list, indented or "key: value" lines (keys of ASCII letters, digits, "_", "-", " ").
    static func isYAMLLine(_ line: Substring) -> Bool {
        let trimmed = line.trimmingScalars(" \t\r")
        if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("- ") || trimmed == "-" { return true }
        if line.hasPrefix(" ") || line.hasPrefix("\t") { return true }
        guard let colon = line.firstIndex(of: ":") else { return false }
        let key = line[..<colon]
        return !key.isEmpty && key.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == " ")
        }
    }

    /// A small YAML subset: `key: value`, quoted values, `[a, b]` lists and `- item` lists.
    static func parse(_ lines: [Substring]) -> FrontMatter {
        var matter = FrontMatter()
        var listKey: String?
        for rawLine in lines {
            let line = rawLine.trimmingScalars("\r")
            let trimmed = line.trimmingScalars(" \t")
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("- "), let key = listKey {
                matter.lists[key, default: []].append(unquote(String(trimmed.dropFirst(2))))
                continue
            }
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix(" "), !line.hasPrefix("\t") else { continue }
            let key = line[..<colon].trimmingScalars(" \t").lowercased()
            let value = line[line.index(after: colon)...].trimmingScalars(" \t")
            listKey = nil
            if value.isEmpty {
                listKey = key
                continue
            }
            if value.hasPrefix("[") && value.hasSuffix("]") {
                matter.lists[key] = value.dropFirst().dropLast().split(separator: ",")
                    .map { unquote($0.trimmingScalars(" \t")) }.filter { !$0.isEmpty }
                continue
            }
            matter.values[key] = unquote(value)
        }
        return matter
    }

    /// Removes YAML quotes ("..." with \" escapes, or '...' with '' escapes).
    static func unquote(_ value: String) -> String {
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
            return String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                .replacingOccurrences(of: "\\\\", with: "\\")
        }
        if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") {
            return String(value.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        return value
    }

    /// The result of turning a Markdown body into HTML-ish text.
    struct Body: Sendable {
        /// The body with Markdown syntax removed; blocks are separated by <p> so the HTML pass ends paragraphs there.
        var html: String
        /// The absolute address of the first line that held nothing but one link (a "source" line), if any.
        var linkOnlyURL: String?
        /// The text of a leading "# heading", used as the title when the front matter has none.
        var heading: String?
    }

    /// Removes Markdown syntax line by line: headings, quotes, list markers, rules, links, images, emphasis, code marks.
    /// Lines made only of links (navigation rows, source links) are dropped.
    static func body(_ text: some StringProtocol) -> Body {
        var output = ""
        var linkOnlyURL: String?
        var heading: String?
        var inFence = false
        var firstContent = true
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine.trimmingScalars("\r"))
            let trimmed = line.trimmingScalars(" \t")
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inFence.toggle()
                output += "\n<p>\n"
                continue
            }
            if inFence {
                output += "<br>" + escapeHTML(String(line))
                continue
            }
            if trimmed.isEmpty {
                output += "\n<p>\n"
                continue
            }
            if isRule(trimmed) {
                output += "\n<p>\n"
                continue
            }
            line = Substring(trimmed)
            var isHeading = false
            if line.hasPrefix("#") {
                let level = line.prefix { $0 == "#" }.count
                if level <= 6, line.dropFirst(level).first == " " {
                    line = Substring(line.dropFirst(level).trimmingScalars(" #"))
                    isHeading = true
                }
            }
            // Quotes and list items are blocks of their own.
            var startsBlock = false
            while line.hasPrefix(">") {
                line = Substring(line.dropFirst().trimmingScalars(" "))
                startsBlock = true
            }
            if let marker = listMarkerLength(line) {
                line = line.dropFirst(marker)
                startsBlock = true
            }
            if startsBlock { output += "\n<p>\n" }
            let inline = self.inline(line)
            if inline.linkCount > 0 && inline.onlyLinks {
                if linkOnlyURL == nil, inline.linkCount == 1, let url = inline.firstURL, url.contains("://") {
                    linkOnlyURL = url
                }
                output += "\n<p>\n"
                continue
            }
            if isHeading {
                if firstContent && heading == nil { heading = TextCleaning.singleLine(inline.text) }
                output += "\n<p>\n" + inline.text + "\n<p>\n"
            } else {
                output += inline.text + "\n"
            }
            firstContent = false
        }
        return Body(html: output, linkOnlyURL: linkOnlyURL, heading: heading)
    }

    /// "---", "***", "___" (three or more, spaces allowed).
    static func isRule(_ line: String) -> Bool {
        let marks = line.filter { $0 != " " }
        guard marks.count >= 3, let first = marks.first, "-*_".contains(first) else { return false }
        return marks.allSatisfy { $0 == first }
    }

    /// The length of a list marker ("- ", "* ", "+ ", "12. ") at the start of `line`.
    static func listMarkerLength(_ line: Substring) -> Int? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") { return 2 }
        let digits = line.prefix { $0.isASCII && $0.isNumber }.count
        if digits > 0, digits < 4 {
            let rest = line.dropFirst(digits)
            if rest.hasPrefix(". ") || rest.hasPrefix(") ") { return digits + 2 }
        }
        return nil
    }

    /// Escapes text so the HTML pass keeps it literally.
    static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }

    /// Inline Markdown of one line, and whether the line held nothing but links.
    struct Inline {
        var text: String
        var linkCount: Int
        var onlyLinks: Bool
        var firstURL: String?
    }

    /// Rewrites inline syntax: ![alt](u) → "", [x](u) → x, <http://u> → u, `code` → code, **x**/__x__/*x*/_x_ → x,
    /// bare URLs kept; HTML tags are copied untouched so their attributes survive.
    static func inline(_ line: Substring) -> Inline {
        let scalars = Array(line.unicodeScalars)
        let count = scalars.count
        // Without "](" or "][" there is no link to find, however many "[" the line holds.
        let hasLinkSyntax = ByteSearch.contains(line, "](") || ByteSearch.contains(line, "][")
        var out = String.UnicodeScalarView()
        var linkCount = 0
        var otherText = false
        var firstURL: String?
        var index = 0
        func note(_ url: String) {
            linkCount += 1
            if firstURL == nil { firstURL = url }
        }
        while index < count {
            let scalar = scalars[index]
            // Images: dropped.
            if scalar == "!", hasLinkSyntax, index + 1 < count, scalars[index + 1] == "[",
               let link = bracketLink(scalars, at: index + 1) {
                index = link.end
                continue
            }
            if scalar == "[", hasLinkSyntax, let link = bracketLink(scalars, at: index) {
                out.append(contentsOf: inline(Substring(String(String.UnicodeScalarView(link.label)))).text.unicodeScalars)
                note(link.url)
                index = link.end
                continue
            }
            if scalar == "<" {
                if let auto = autolink(scalars, at: index) {
                    out.append(contentsOf: auto.url.unicodeScalars)
                    note(auto.url)
                    index = auto.end
                    continue
                }
                if HTMLText.commentEnd(scalars, at: index) != nil || HTMLText.parseTag(scalars, at: index) != nil {
                    let end = HTMLText.commentEnd(scalars, at: index) ?? HTMLText.parseTag(scalars, at: index)?.end ?? index + 1
                    // Tags are copied for the HTML pass; they carry no words of their own.
                    out.append(contentsOf: scalars[index..<end])
                    index = end
                    continue
                }
            }
            if scalar == "\\", index + 1 < count, "\\`*_{}[]()#+-.!<>|".unicodeScalars.contains(scalars[index + 1]) {
                out.append(scalars[index + 1])
                otherText = true
                index += 2
                continue
            }
            if scalar == "`" {
                var end = index + 1
                while end < count, scalars[end] != "`" { end += 1 }
                if end < count, end > index + 1 {
                    out.append(contentsOf: scalars[(index + 1)..<end])
                    otherText = true
                    index = end + 1
                    continue
                }
            }
            if scalar == "*" || scalar == "_", let skip = emphasisMarker(scalars, at: index) {
                index += skip
                continue
            }
            if let url = bareURL(scalars, at: index) {
                out.append(contentsOf: url.text.unicodeScalars)
                note(url.text)
                index = url.end
                continue
            }
            out.append(scalar)
            if !TextCleaning.isSpace(scalar.value) && !ParagraphBuilder.isSeparator(scalar.value) { otherText = true }
            index += 1
        }
        return Inline(text: String(out), linkCount: linkCount, onlyLinks: !otherText, firstURL: firstURL)
    }

    /// "[label](url)" or "[label][ref]" at `index`: the label, the url and the index after it.
    static func bracketLink(_ scalars: [Unicode.Scalar], at index: Int) -> (label: ArraySlice<Unicode.Scalar>, url: String, end: Int)? {
        // Links are short: looking further than this would make a line full of "[" quadratic.
        let count = min(scalars.count, index + 512)
        var depth = 0
        var cursor = index
        var close = -1
        while cursor < count {
            if scalars[cursor] == "[" { depth += 1 }
            if scalars[cursor] == "]" {
                depth -= 1
                if depth == 0 { close = cursor; break }
            }
            cursor += 1
        }
        guard close > index, close + 1 < count else { return nil }
        let opener = scalars[close + 1]
        guard opener == "(" || opener == "[" else { return nil }
        let closer: Unicode.Scalar = opener == "(" ? ")" : "]"
        var end = close + 2
        var parens = 1
        while end < count {
            if opener == "(" && scalars[end] == "(" { parens += 1 }
            if scalars[end] == closer {
                parens -= 1
                if parens == 0 { break }
            }
            end += 1
        }
        guard end < count else { return nil }
        var target = String(String.UnicodeScalarView(scalars[(close + 2)..<end])).trimmingScalars(" ")
        if let space = target.firstIndex(of: " ") { target = String(target[..<space]) }
        return (scalars[(index + 1)..<close], target, end + 1)
    }

    /// "<scheme://...>" or "<www....>" at `index`.
    static func autolink(_ scalars: [Unicode.Scalar], at index: Int) -> (url: String, end: Int)? {
        var cursor = index + 1
        var text = String.UnicodeScalarView()
        while cursor < scalars.count, scalars[cursor] != ">", scalars[cursor] != " ", scalars[cursor] != "<" {
            text.append(scalars[cursor])
            cursor += 1
        }
        guard cursor < scalars.count, scalars[cursor] == ">" else { return nil }
        let url = String(text)
        guard url.contains("://") || url.hasPrefix("www.") || url.hasPrefix("mailto:") else { return nil }
        return (url, cursor + 1)
    }

    /// A bare "http://..." or "https://..." or "//host/..." starting at `index` (at a word start).
    static func bareURL(_ scalars: [Unicode.Scalar], at index: Int) -> (text: String, end: Int)? {
        let scalar = scalars[index]
        guard scalar == "h" || scalar == "H" || scalar == "w" else { return nil }
        if index > 0, scalars[index - 1].isASCII, scalars[index - 1].properties.isAlphabetic { return nil }
        let prefixes = ["http://", "https://", "www."]
        var matched = false
        for prefix in prefixes {
            let prefixScalars = Array(prefix.unicodeScalars)
            if index + prefixScalars.count <= scalars.count,
               zip(scalars[index..<(index + prefixScalars.count)], prefixScalars).allSatisfy({ $0.properties.lowercaseMapping == String($1) }) {
                matched = true
                break
            }
        }
        guard matched else { return nil }
        var end = index
        while end < scalars.count, scalars[end].isASCII, scalars[end].value > 0x20, scalars[end] != "<", scalars[end] != ">",
              scalars[end] != "\"" {
            end += 1
        }
        while end > index, ".,;:!?)".unicodeScalars.contains(scalars[end - 1]) { end -= 1 }
        return (String(String.UnicodeScalarView(scalars[index..<end])), end)
    }

    /// How many marker characters to skip at `index` when they open or close emphasis; nil when they are literal.
    static func emphasisMarker(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        let marker = scalars[index]
        var run = 0
        while index + run < scalars.count, scalars[index + run] == marker { run += 1 }
        let before = index > 0 ? scalars[index - 1] : " "
        let after = index + run < scalars.count ? scalars[index + run] : " "
        let beforeWordy = before.isASCII && (before.properties.isAlphabetic || ("0"..."9").contains(before))
        let afterWordy = after.isASCII && (after.properties.isAlphabetic || ("0"..."9").contains(after))
        // Underscores inside identifiers (PD1728_A_1, snake_case) are literal.
        if marker == "_" && beforeWordy && afterWordy { return nil }
        let opens = !TextCleaning.isSpace(after.value) && !(marker == "_" && beforeWordy)
        let closes = !TextCleaning.isSpace(before.value) && !(marker == "_" && afterWordy)
        guard opens || closes, run <= 3 else { return nil }
        // Only a marker run that has a partner nearby on the same line is emphasis (bounded, so a line of many
        // markers stays linear).
        let reach = 512
        if opens {
            var cursor = index + run
            while cursor < min(scalars.count, index + reach) {
                if scalars[cursor] == marker {
                    var partner = 0
                    while cursor + partner < scalars.count, scalars[cursor + partner] == marker { partner += 1 }
                    if partner == run, !TextCleaning.isSpace(scalars[cursor - 1].value) { return run }
                    cursor += partner
                } else {
                    cursor += 1
                }
            }
        }
        if closes {
            var cursor = index - 1
            while cursor >= max(0, index - reach) {
                if scalars[cursor] == marker {
                    var partner = 0
                    while cursor - partner >= 0, scalars[cursor - partner] == marker { partner += 1 }
                    if partner == run { return run }
                    cursor -= partner
                } else {
                    cursor -= 1
                }
            }
        }
        return nil
    }
}
