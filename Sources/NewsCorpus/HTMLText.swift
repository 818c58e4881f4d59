import Foundation

/// HTML (or text holding HTML fragments) to clean paragraphs.
/// Tags go, entities are decoded, block elements and <br> end a paragraph, script/style/comments are dropped,
/// and a paragraph whose only text sits inside links (navigation, "share" rows) is dropped.
struct HTMLText {
    /// When true a line break in the source ends a paragraph (text files with fragments); otherwise it is a soft break.
    var hardLineBreaks = false

    /// Elements whose start or end ends the current paragraph.
    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "head", "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
        "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul",
    ]

    /// Elements dropped with their content.
    static let droppedElements: Set<String> = [
        "script", "style", "noscript", "template", "iframe", "object", "svg", "select", "textarea", "button", "head",
        "title",
    ]

    /// The clean paragraphs of `html`.
    func paragraphs(_ html: String) -> [String] {
        let scalars = Array(html.unicodeScalars)
        var builder = ParagraphBuilder(hardLineBreaks: hardLineBreaks)
        var index = 0
        let count = scalars.count
        var unclosedFrom: [String: Int] = [:]
        while index < count {
            let scalar = scalars[index]
            if scalar == "<" {
                if let end = Self.commentEnd(scalars, at: index) {
                    index = end
                    continue
                }
                if let tag = Self.parseTag(scalars, at: index) {
                    index = tag.end
                    if Self.droppedElements.contains(tag.name) && !tag.closing && !tag.selfClosing {
                        // An element never closed drops only its tag: a stray <head> must not swallow the page.
                        // Once no closing tag follows some point, later searches for it are skipped (no quadratic
                        // rescans on pages full of unclosed <script>).
                        let known = unclosedFrom[tag.name].map { $0 <= index } ?? false
                        if !known {
                            if let end = Self.skipElement(named: tag.name, in: scalars, from: index) {
                                index = end
                                continue
                            }
                            unclosedFrom[tag.name] = index
                        }
                    }
                    if tag.name == "a" {
                        if tag.closing { builder.linkDepth = max(0, builder.linkDepth - 1) } else if !tag.selfClosing {
                            builder.linkDepth += 1
                        }
                    }
                    if Self.blockElements.contains(tag.name) { builder.endParagraph() }
                    continue
                }
                builder.append(scalar)
                index += 1
                continue
            }
            if scalar == "&", let entity = Self.entity(scalars, at: index) {
                for decoded in entity.scalars { builder.append(decoded) }
                index = entity.end
                continue
            }
            builder.append(scalar)
            index += 1
        }
        builder.endParagraph()
        return builder.paragraphs
    }

    /// The end of an HTML comment or declaration starting at `index` ("<!-- ... -->", "<!DOCTYPE ...>", "<?xml ...?>").
    static func commentEnd(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        let count = scalars.count
        guard index + 1 < count else { return nil }
        let next = scalars[index + 1]
        if next == "!" {
            if index + 3 < count, scalars[index + 2] == "-", scalars[index + 3] == "-" {
                var cursor = index + 4
                while cursor + 2 < count {
                    if scalars[cursor] == "-", scalars[cursor + 1] == "-", scalars[cursor + 2] == ">" { return cursor + 3 }
                    cursor += 1
                }
                return count
            }
            if index + 2 < count, scalars[index + 2].properties.isAlphabetic || scalars[index + 2] == "[" {
                var cursor = index + 2
                while cursor < count, scalars[cursor] != ">" { cursor += 1 }
                return min(cursor + 1, count)
            }
        }
        if next == "?" {
            var cursor = index + 2
            while cursor < count, scalars[cursor] != ">" { cursor += 1 }
            return min(cursor + 1, count)
        }
        return nil
    }

    /// A tag at `index`: its lower-cased name, whether it closes or self-closes, and where it ends (after ">").
    /// Returns nil when "<" does not start a tag (a literal "<" in text, or an autolink such as <http://...>).
    static func parseTag(_ scalars: [Unicode.Scalar], at index: Int) -> (name: String, closing: Bool, selfClosing: Bool, end: Int)? {
        let count = scalars.count
        var cursor = index + 1
        var closing = false
        if cursor < count, scalars[cursor] == "/" { closing = true; cursor += 1 }
        guard cursor < count, scalars[cursor].isASCII, scalars[cursor].properties.isAlphabetic else { return nil }
        var name = ""
        while cursor < count {
            let scalar = scalars[cursor]
            guard scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" else { break }
            name.unicodeScalars.append(scalar)
            cursor += 1
        }
        guard cursor < count else { return nil }
        let after = scalars[cursor]
        guard after == ">" || after == "/" || after == " " || after == "\t" || after == "\n" || after == "\r" else { return nil }
        // Find the closing ">" outside quoted attribute values.
        var quote: Unicode.Scalar?
        var previous: Unicode.Scalar = " "
        while cursor < count {
            let scalar = scalars[cursor]
            if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                if previous == "=" || previous == " " { quote = scalar }
            } else if scalar == ">" {
                return (name.lowercased(), closing, previous == "/", cursor + 1)
            } else if scalar == "<" && cursor > index + 1 {
                // An unclosed tag: stop here so the text after it survives.
                return (name.lowercased(), closing, false, cursor)
            }
            if !(scalar == " " && quote == nil && previous == "=") { previous = scalar }
            cursor += 1
        }
        return (name.lowercased(), closing, false, count)
    }

    /// The index just after "</name ...>", or nil when the element is never closed.
    static func skipElement(named name: String, in scalars: [Unicode.Scalar], from index: Int) -> Int? {
        let count = scalars.count
        let nameScalars = Array(name.unicodeScalars)
        var cursor = index
        while cursor + 1 + nameScalars.count < count {
            if scalars[cursor] == "<", scalars[cursor + 1] == "/" {
                var matches = true
                for (offset, expected) in nameScalars.enumerated() {
                    let actual = scalars[cursor + 2 + offset]
                    if actual != expected && actual.properties.lowercaseMapping != String(expected) {
                        matches = false
                        break
                    }
                }
                if matches {
                    var end = cursor + 2 + nameScalars.count
                    while end < count, scalars[end] != ">" { end += 1 }
                    return min(end + 1, count)
                }
            }
            cursor += 1
        }
        return nil
    }

    /// Named entities seen in Chinese news pages.
    static let namedEntities: [String: [UInt32]] = [
        "nbsp": [0xA0], "amp": [0x26], "lt": [0x3C], "gt": [0x3E], "quot": [0x22], "apos": [0x27],
        "ldquo": [0x201C], "rdquo": [0x201D], "lsquo": [0x2018], "rsquo": [0x2019], "mdash": [0x2014],
        "ndash": [0x2013], "hellip": [0x2026], "middot": [0xB7], "bull": [0x2022], "copy": [0xA9], "reg": [0xAE],
        "trade": [0x2122], "times": [0xD7], "divide": [0xF7], "yen": [0xA5], "deg": [0xB0], "plusmn": [0xB1],
        "emsp": [0x2003], "ensp": [0x2002], "thinsp": [0x2009], "zwnj": [0x200C], "zwj": [0x200D],
        "laquo": [0xAB], "raquo": [0xBB], "lsaquo": [0x2039], "rsaquo": [0x203A], "sect": [0xA7],
        "para": [0xB6], "permil": [0x2030], "prime": [0x2032], "Prime": [0x2033], "rarr": [0x2192],
        "larr": [0x2190], "uarr": [0x2191], "darr": [0x2193], "shy": [0xAD], "cent": [0xA2], "pound": [0xA3],
        "euro": [0x20AC], "frac12": [0xBD], "frac14": [0xBC], "frac34": [0xBE], "sup2": [0xB2], "sup3": [0xB3],
        "alpha": [0x3B1], "beta": [0x3B2], "gamma": [0x3B3], "mu": [0x3BC], "pi": [0x3C0],
    ]

    /// Decodes "&name;", "&#20013;" or "&#x4E2D;" at `index` (the ";" may be missing for the common ones).
    static func entity(_ scalars: [Unicode.Scalar], at index: Int) -> (scalars: [Unicode.Scalar], end: Int)? {
        let count = scalars.count
        var cursor = index + 1
        guard cursor < count else { return nil }
        if scalars[cursor] == "#" {
            cursor += 1
            var hex = false
            if cursor < count, scalars[cursor] == "x" || scalars[cursor] == "X" { hex = true; cursor += 1 }
            var value: UInt32 = 0
            var digits = 0
            while cursor < count, digits < 8 {
                let scalar = scalars[cursor]
                let digit: UInt32
                switch scalar.value {
                case 0x30...0x39: digit = scalar.value - 0x30
                case 0x61...0x66 where hex: digit = scalar.value - 0x61 + 10
                case 0x41...0x46 where hex: digit = scalar.value - 0x41 + 10
                default: digit = 99
                }
                if digit == 99 { break }
                value = value * (hex ? 16 : 10) + digit
                digits += 1
                cursor += 1
            }
            guard digits > 0 else { return nil }
            if cursor < count, scalars[cursor] == ";" { cursor += 1 }
            let decoded: [Unicode.Scalar] = Unicode.Scalar(value).map { [$0] } ?? ["\u{FFFD}"]
            return (decoded, cursor)
        }
        var name = ""
        while cursor < count, name.unicodeScalars.count < 10, scalars[cursor].isASCII,
              scalars[cursor].properties.isAlphabetic || ("0"..."9").contains(scalars[cursor]) {
            name.unicodeScalars.append(scalars[cursor])
            cursor += 1
        }
        guard let values = namedEntities[name] ?? namedEntities[name.lowercased()] else { return nil }
        if cursor < count, scalars[cursor] == ";" {
            cursor += 1
        } else if !["nbsp", "amp", "lt", "gt", "quot"].contains(name.lowercased()) {
            return nil
        }
        return (values.compactMap(Unicode.Scalar.init), cursor)
    }

    /// The text of the first <title> or <h1> element, for .html files.
    static func headline(_ html: String) -> String? {
        for element in ["h1", "title"] {
            guard let open = html.range(of: "<\(element)", options: .caseInsensitive),
                  let close = html.range(of: ">", range: open.upperBound..<html.endIndex),
                  let end = html.range(of: "</\(element)", options: .caseInsensitive, range: close.upperBound..<html.endIndex)
            else { continue }
            let inner = String(html[close.upperBound..<end.lowerBound])
            let text = TextCleaning.singleLine(HTMLText().paragraphs(inner).joined(separator: " "))
            if !text.isEmpty { return text }
        }
        return nil
    }
}

/// The publication date a page states in its markup: meta tags, itemprop="datePublished", <time datetime>.
enum HTMLDates {
    /// Meta keys (property, name or itemprop, lower-cased) that name the publication date, most trusted first.
    static let metaKeys = [
        "article:published_time", "og:article:published_time", "og:published_time", "pubdate", "publishdate",
        "publish_date", "publish-date", "pub_date", "publishtime", "publish_time", "og:release_date", "release_date",
        "datepublished", "dc.date.issued", "weibo: article:create_at", "article:published",
    ]

    /// How much of a page is searched: dates sit in the head and at the top of the body.
    static let searchLimit = 1 << 18

    /// The page's publication date, normalised, from the most trusted source that has one: a meta tag or
    /// itemprop="datePublished" first (in the order of `metaKeys`), then the first <time> element's datetime
    /// (or its text). Values in no date shape are skipped.
    static func date(_ html: String) -> String? {
        var best: (rank: Int, date: String)?
        var firstTime: String?
        var html = html
        html.withUTF8 { bytes in
            let limit = min(bytes.count, searchLimit)
            var index = 0
            while index < limit {
                guard bytes[index] == 0x3C else { index += 1; continue }
                guard let tag = Tag(bytes, at: index, limit: limit) else { index += 1; continue }
                defer { index = max(index + 1, tag.end) }
                if tag.name == "meta" || tag.attributes["itemprop"] != nil {
                    let key = (tag.attributes["property"] ?? tag.attributes["name"] ?? tag.attributes["itemprop"] ?? "")
                        .lowercased()
                    guard let rank = metaKeys.firstIndex(of: key), rank < (best?.rank ?? Int.max),
                          let value = tag.attributes["content"] ?? tag.attributes["datetime"],
                          let date = Dates.strictISO8601(value) else { continue }
                    best = (rank, date)
                } else if tag.name == "time", firstTime == nil {
                    if let value = tag.attributes["datetime"] {
                        firstTime = Dates.strictISO8601(value)
                    } else {
                        var end = tag.end
                        while end < limit, end - tag.end < 120, bytes[end] != 0x3C { end += 1 }
                        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[tag.end..<end]), as: UTF8.self)
                        firstTime = Dates.strictISO8601(text)
                    }
                }
            }
        }
        return best?.date ?? firstTime
    }

    /// A start tag's lower-cased name and attributes (names lower-cased, values with entities decoded).
    struct Tag {
        var name: String
        var attributes: [String: String] = [:]
        /// The offset just after the tag's ">".
        var end: Int

        /// Parses the start tag at `start` ("<"); nil for an end tag, a comment or a "<" that starts no tag.
        init?(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, limit: Int) {
            func isNameByte(_ byte: UInt8) -> Bool {
                (0x61...0x7A).contains(byte | 0x20) || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x5F
                    || byte == 0x3A || byte == 0x2E
            }
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
            var cursor = start + 1
            guard cursor < limit, (0x61...0x7A).contains(bytes[cursor] | 0x20) else { return nil }
            let nameStart = cursor
            while cursor < limit, isNameByte(bytes[cursor]) { cursor += 1 }
            name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<cursor]), as: UTF8.self).lowercased()
            end = limit
            // Only tags that can carry a date have their attributes read; the rest are skipped to their ">".
            var wanted = name == "meta" || name == "time"
            if !wanted {
                var probe = cursor
                let itemprop = Array("itemprop".utf8)
                while probe < limit, probe - cursor < 2048, bytes[probe] != 0x3E {
                    if bytes[probe] | 0x20 == 0x69, probe + itemprop.count <= limit,
                       itemprop.indices.allSatisfy({ bytes[probe + $0] | 0x20 == itemprop[$0] }) {
                        wanted = true
                        break
                    }
                    probe += 1
                }
            }
            while cursor < limit {
                while cursor < limit, isSpace(bytes[cursor]) || bytes[cursor] == 0x2F { cursor += 1 }
                guard cursor < limit else { break }
                if bytes[cursor] == 0x3E { end = cursor + 1; return }
                if bytes[cursor] == 0x3C { end = cursor; return }
                let keyStart = cursor
                while cursor < limit, !isSpace(bytes[cursor]), bytes[cursor] != 0x3D, bytes[cursor] != 0x3E,
                      bytes[cursor] != 0x2F || cursor == keyStart {
                    cursor += 1
                }
                let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[keyStart..<cursor]), as: UTF8.self).lowercased()
                while cursor < limit, isSpace(bytes[cursor]) { cursor += 1 }
                guard cursor < limit, bytes[cursor] == 0x3D else {
                    if wanted, !key.isEmpty { attributes[key] = "" }
                    continue
                }
                cursor += 1
                while cursor < limit, isSpace(bytes[cursor]) { cursor += 1 }
                var valueStart = cursor
                var valueEnd = cursor
                if cursor < limit, bytes[cursor] == 0x22 || bytes[cursor] == 0x27 {
                    let quote = bytes[cursor]
                    valueStart = cursor + 1
                    cursor += 1
                    while cursor < limit, bytes[cursor] != quote { cursor += 1 }
                    valueEnd = cursor
                    if cursor < limit { cursor += 1 }
                } else {
                    while cursor < limit, !isSpace(bytes[cursor]), bytes[cursor] != 0x3E { cursor += 1 }
                    valueEnd = cursor
                }
                if wanted, !key.isEmpty {
                    let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)
                    attributes[key] = ByteSearch.contains(raw, "&") ? HTMLText().paragraphs(raw).joined(separator: " ") : raw
                }
            }
            end = cursor
        }
    }
}

/// Collects text into paragraphs, with soft line breaks that vanish between CJK characters.
struct ParagraphBuilder {
    var hardLineBreaks: Bool
    var paragraphs: [String] = []
    var linkDepth = 0
    private var current = String.UnicodeScalarView()
    private var pendingSoftBreak = false
    private var textOutsideLinks = false
    private var textInsideLinks = false

    init(hardLineBreaks: Bool) { self.hardLineBreaks = hardLineBreaks }

    /// Adds one scalar of text.
    mutating func append(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        if value == 0x0A || value == 0x0D {
            if hardLineBreaks { endParagraph() } else { pendingSoftBreak = true }
            return
        }
        if pendingSoftBreak {
            pendingSoftBreak = false
            if TextCleaning.isSpace(value) { current.append(" "); return }
            let previous = current.last?.value ?? 0x20
            if !(TextCleaning.isWide(previous) && TextCleaning.isWide(value)) { current.append(" ") }
        }
        current.append(scalar)
        if !TextCleaning.isSpace(value) && !TextCleaning.isRemovable(value) {
            if linkDepth > 0 {
                textInsideLinks = true
            } else if !Self.isSeparator(value) {
                textOutsideLinks = true
            }
        }
    }

    /// Ends the current paragraph (a block element, <br>, or the end of input); link-only paragraphs are dropped.
    mutating func endParagraph() {
        pendingSoftBreak = false
        defer {
            current = String.UnicodeScalarView()
            textInsideLinks = false
            textOutsideLinks = false
        }
        if textInsideLinks && !textOutsideLinks { return }
        TextCleaning.appendParagraphs(of: String(current), to: &paragraphs)
    }

    /// Characters that separate links in a navigation row.
    static func isSeparator(_ value: UInt32) -> Bool {
        switch value {
        case 0x7C, 0xFF5C, 0x2F, 0xB7, 0x2022, 0x3E, 0xBB, 0x203A, 0xFF1E, 0x2D, 0x2014, 0x5B, 0x5D, 0x3010, 0x3011,
             0x28, 0x29, 0xFF08, 0xFF09, 0x2C, 0xFF0C, 0x3001, 0x3A, 0xFF1A:
            return true
        default: return false
        }
    }
}
