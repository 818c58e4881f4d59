import Foundation

/// The drafts read from one file, the warnings met, and whether the file holds many records.
struct FileContent: Sendable {
    var drafts: [Draft] = []
    var warnings: [IngestWarning] = []
    /// True for JSON/JSONL/Sogou files: their records form a group of their own for the cross-article rules.
    var isMultiRecord = false
}

/// The file formats ingest understands, each turning decoded text into drafts.
enum Formats {
    /// The kinds of input, decided from the content first and the extension second.
    enum Kind: Equatable {
        case plainText, textWithMarkup, html, markdown, jsonLines, jsonArray, sogou
    }

    /// Decides the kind of a file from its extension and its first characters.
    static func kind(of text: String, fileExtension: String) -> Kind {
        let head = text.utf8.prefix(4096)
        let headText = String(decoding: head, as: UTF8.self)
        let trimmedHead = headText.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        switch fileExtension {
        case "jsonl", "ndjson": return .jsonLines
        case "json": return .jsonArray
        default: break
        }
        if ByteSearch.contains(headText, "<doc>") && (["dat", "xml"].contains(fileExtension) || trimmedHead.hasPrefix("<doc")) {
            return .sogou
        }
        // YAML front matter opens the file on its first line, whatever the extension (003/004 are .txt).
        if text.hasPrefix("---"), Markdown.splitFrontMatter(text) != nil { return .markdown }
        switch fileExtension {
        case "md", "markdown", "mdown", "mkd": return .markdown
        case "html", "htm", "xhtml", "shtml": return .html
        case "xml", "dat": return looksLikeMarkup(text) ? .html : .plainText
        default: return looksLikeMarkup(text) ? .textWithMarkup : .plainText
        }
    }

    /// Tag names whose presence means a text holds HTML.
    static let markupTags: Set<String> = [
        "p", "div", "span", "br", "a", "img", "table", "tr", "td", "li", "ul", "ol", "strong", "b", "i", "em", "font",
        "h1", "h2", "h3", "h4", "h5", "h6", "center", "section", "article", "blockquote", "figure", "iframe", "script",
        "style", "html", "body", "head", "meta", "hr", "u", "sup", "sub", "tbody",
    ]

    /// True when at least two known HTML tags appear in the first 64 KiB.
    static func looksLikeMarkup(_ text: some StringProtocol) -> Bool {
        var hits = 0
        let bytes = Array(text.utf8.prefix(1 << 16))
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x3C else { index += 1; continue }
            var cursor = index + 1
            if cursor < bytes.count, bytes[cursor] == 0x2F { cursor += 1 }
            let start = cursor
            while cursor < bytes.count, cursor - start < 12,
                  (0x61...0x7A).contains(bytes[cursor] | 0x20) || (0x30...0x39).contains(bytes[cursor]) {
                cursor += 1
            }
            if cursor > start, cursor < bytes.count, [0x20, 0x3E, 0x2F, 0x0A, 0x09].contains(bytes[cursor]) {
                let name = String(decoding: bytes[start..<cursor], as: UTF8.self).lowercased()
                if markupTags.contains(name) {
                    hits += 1
                    if hits >= 2 { return true }
                }
            }
            index = cursor
        }
        return false
    }

    // MARK: Plain text

    /// True when a first line reads as a headline: short, not indented, no sentence-final full stop, not mid-sentence.
    static func looksLikeHeadline(_ rawLine: Substring) -> Bool {
        guard let first = rawLine.unicodeScalars.first, !TextCleaning.isSpace(first.value) else { return false }
        let line = TextCleaning.singleLine(rawLine)
        let count = line.unicodeScalars.count
        guard count >= 2, count <= 64 else { return false }
        if ByteSearch.contains(line, "。") || ByteSearch.contains(line, "<") { return false }
        guard line.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { return false }
        if let last = line.unicodeScalars.last, "，,、；;：:".unicodeScalars.contains(last) { return false }
        return true
    }

    /// Splits off the first non-empty line when it is a headline followed by more text.
    static func splitHeadline(_ text: String) -> (title: String, body: Substring) {
        var rest = Substring(text)
        while let newline = rest.firstIndex(of: "\n") {
            let line = rest[..<newline]
            if line.allSatisfy({ $0.isWhitespace }) {
                rest = rest[rest.index(after: newline)...]
                continue
            }
            let body = rest[rest.index(after: newline)...]
            if looksLikeHeadline(line), body.contains(where: { !$0.isWhitespace }) {
                return (TextCleaning.singleLine(line), body)
            }
            break
        }
        return ("", Substring(text))
    }

    /// A plain-text or text-with-fragments file: one article.
    static func singleArticle(text: String, kind: Kind, id: String, path: String) -> Draft {
        var draft = Draft(id: id, title: "", paragraphs: [], path: path)
        switch kind {
        case .markdown:
            let (matter, bodyText) = Markdown.splitFrontMatter(text) ?? (Markdown.FrontMatter(), Substring(text))
            let body = Markdown.body(bodyText)
            draft.paragraphs = HTMLText().paragraphs(body.html)
            draft.title = fieldText(matter.values["title"] ?? "")
            if draft.title.isEmpty, let heading = body.heading {
                draft.title = heading
                if draft.paragraphs.first == heading { draft.paragraphs.removeFirst() }
            }
            draft.date = (matter.values["date"] ?? matter.values["published"]).flatMap(Dates.iso8601)
            draft.source = matter.values["source"].map(fieldText).flatMap { $0.isEmpty ? nil : $0 }
            draft.url = matter.values["url"] ?? matter.values["link"] ?? matter.values["source_url"] ?? body.linkOnlyURL
            var tags: [String] = []
            for key in ["categories", "category", "tags", "tag", "keywords"] {
                let values = matter.lists[key] ?? matter.values[key].map { value in
                    value.split { $0 == " " || $0 == "," || $0 == "，" }.map(String.init)
                } ?? []
                for tag in values where !tag.isEmpty && !tags.contains(tag) { tags.append(tag) }
            }
            draft.tags = tags
        case .html:
            draft.title = HTMLText.headline(text) ?? ""
            draft.paragraphs = HTMLText().paragraphs(text)
            // The headline repeated at the top of the body (after a menu row or a byline, perhaps) goes.
            if !draft.title.isEmpty, let repeated = draft.paragraphs.prefix(4).firstIndex(of: draft.title) {
                draft.paragraphs.remove(at: repeated)
            }
            draft.date = HTMLDates.date(text) ?? bylineDate(draft.paragraphs)
        case .textWithMarkup:
            let (title, body) = splitHeadline(text)
            draft.title = title
            draft.paragraphs = HTMLText(hardLineBreaks: true).paragraphs(String(body))
            draft.date = HTMLDates.date(text)
        default:
            let (title, body) = splitHeadline(text)
            draft.title = title
            draft.paragraphs = TextCleaning.paragraphs(body)
        }
        return draft
    }

    /// How many paragraphs at the top of a page are searched for a byline date.
    static let bylineParagraphs = 8

    /// The date of a byline among the first paragraphs of a page ("2022年09月24日 10:00 来源：…"), normalised.
    static func bylineDate(_ paragraphs: [String]) -> String? {
        for paragraph in paragraphs.prefix(bylineParagraphs) {
            if let date = Dates.byline(paragraph) { return date }
        }
        return nil
    }

    /// A title or short field: markup removed, whitespace collapsed.
    static func fieldText(_ raw: String) -> String {
        if ByteSearch.contains(raw, "<") || ByteSearch.contains(raw, "&") {
            return TextCleaning.singleLine(HTMLText().paragraphs(raw).joined(separator: " "))
        }
        return TextCleaning.singleLine(raw)
    }

    /// A body from a record: HTML when it holds markup, otherwise lines of text.
    static func bodyParagraphs(_ raw: String) -> [String] {
        if ByteSearch.contains(raw, "<") && looksLikeMarkup(raw) || ByteSearch.contains(raw, "&nbsp;") {
            return HTMLText(hardLineBreaks: true).paragraphs(raw)
        }
        return TextCleaning.paragraphs(raw)
    }

    // MARK: JSON records

    /// Field names recognised in records, in order of preference.
    static let idKeys = ["id", "_id", "docid", "doc_id", "docno", "uuid", "guid"]
    static let titleKeys = ["title", "headline", "contenttitle", "subject"]
    static let textKeys = ["text", "content", "body", "article", "contents", "maintext", "main_text"]
    static let dateKeys = ["date", "time", "pubdate", "pub_date", "publish_time", "published", "published_at", "pub_time",
                           "datetime", "created_at", "timestamp"]
    static let urlKeys = ["url", "link", "href", "source_url", "permalink"]
    static let sourceKeys = ["source", "publisher", "site", "media", "site_name"]
    static let tagKeys = ["tags", "categories", "category", "keywords"]

    /// A draft from one JSON object, or a reason why it is not an article.
    static func draft(fromRecord members: [(key: String, value: JSONValue)], fallbackID: String, path: String)
        -> Result<Draft, RecordProblem> {
        var fields: [String: JSONValue] = [:]
        for member in members {
            let key = member.key.utf8.contains { (0x41...0x5A).contains($0) } ? member.key.lowercased() : member.key
            if fields[key] == nil { fields[key] = member.value }
        }
        func text(_ keys: [String]) -> String? {
            for key in keys {
                guard let value = fields[key] else { continue }
                if let text = value.scalarText { return text }
                if case .array(let items) = value {
                    let parts = items.compactMap(\.scalarText)
                    if !parts.isEmpty { return parts.joined(separator: "\n") }
                }
            }
            return nil
        }
        guard let body = text(textKeys) else { return .failure(.noText) }
        var draft = Draft(id: fallbackID, title: fieldText(text(titleKeys) ?? ""), paragraphs: bodyParagraphs(body), path: path)
        if let id = text(idKeys).map(TextCleaning.singleLine), !id.isEmpty { draft.id = id }
        draft.date = text(dateKeys).flatMap(Dates.iso8601)
        draft.url = text(urlKeys).map(TextCleaning.singleLine).flatMap { $0.isEmpty ? nil : $0 }
        draft.source = text(sourceKeys).map(TextCleaning.singleLine).flatMap { $0.isEmpty ? nil : $0 }
        for key in tagKeys {
            guard let value = fields[key] else { continue }
            switch value {
            case .array(let items): draft.tags = items.compactMap(\.scalarText).map(TextCleaning.singleLine)
            case .string(let text): draft.tags = text.split { $0 == "," || $0 == "，" || $0 == " " }.map(String.init)
            default: break
            }
            if !draft.tags.isEmpty { break }
        }
        return .success(draft)
    }

    /// Why a record is not an article.
    enum RecordProblem: Error {
        case noText, notAnObject
        var message: String {
            switch self {
            case .noText: return "record has no text, content or body field; skipped"
            case .notAnObject: return "record is not a JSON object; skipped"
            }
        }
    }

    /// JSON Lines: one record per line; a malformed line is reported with its line number and skipped.
    /// `byteBase` is the file offset of the text's first byte when the file is UTF-8 (nil otherwise: offsets unknown);
    /// `linesBefore` is how many lines of the file precede the text (a batch of a file read in batches).
    static func jsonLines(_ text: String, stem: String, path: String, byteBase: Int?, linesBefore: Int = 0) -> FileContent {
        var content = FileContent(isMultiRecord: true)
        var text = text
        text.withUTF8 { bytes in
            let count = bytes.count
            // Large files are cut at line ends into slices parsed on all cores, then joined in order.
            let slices = count < 1 << 20 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 4
            var starts = [0]
            var lineNumbers = [linesBefore]
            var lines = linesBefore
            var at = 0
            for k in 1..<max(1, slices) {
                let target = count * k / slices
                while at < target, at < count {
                    if bytes[at] == 0x0A { lines += 1 }
                    at += 1
                }
                while at < count, bytes[at] != 0x0A { at += 1 }
                if at < count { at += 1; lines += 1 }
                if at > starts[starts.count - 1], at < count {
                    starts.append(at)
                    lineNumbers.append(lines)
                }
            }
            starts.append(count)
            let parts = starts.count - 1
            if parts == 1 {
                content = jsonLines(bytes, from: 0, to: count, linesBefore: linesBefore, stem: stem, path: path,
                                    byteBase: byteBase)
                return
            }
            let results = SliceResults(count: parts)
            let shared = SharedBytes(bytes)
            let bounds = starts, linesBefore = lineNumbers
            DispatchQueue.concurrentPerform(iterations: parts) { k in
                results.set(k, jsonLines(shared.bytes, from: bounds[k], to: bounds[k + 1], linesBefore: linesBefore[k],
                                         stem: stem, path: path, byteBase: byteBase))
            }
            for k in 0..<parts {
                let part = results.take(k)
                content.drafts.append(contentsOf: part.drafts)
                content.warnings.append(contentsOf: part.warnings)
            }
        }
        return content
    }

    /// The records of the lines in bytes[from..<to] (`from` starts a line, `linesBefore` lines precede it).
    private static func jsonLines(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to count: Int, linesBefore: Int,
                                  stem: String, path: String, byteBase: Int?) -> FileContent {
        var content = FileContent(isMultiRecord: true)
        var lineStart = from
        var lineNumber = linesBefore
        while lineStart < count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            var first = lineStart
            while first < lineEnd, bytes[first] == 0x20 || bytes[first] == 0x09 || bytes[first] == 0x0D { first += 1 }
            if first == lineEnd { continue }
            var parser = JSONParser(bytes, from: lineStart, to: lineEnd)
            do throws(JSONSyntaxError) {
                let value = try parser.parseDocument()
                guard case .object(let members) = value else {
                    content.warnings.append(IngestWarning(path: path, line: lineNumber, byteOffset: byteBase.map { $0 + first },
                                                          message: RecordProblem.notAnObject.message))
                    continue
                }
                switch draft(fromRecord: members, fallbackID: "\(stem)#\(lineNumber)", path: path) {
                case .success(let draft): content.drafts.append(draft)
                case .failure(let problem):
                    content.warnings.append(IngestWarning(path: path, line: lineNumber, byteOffset: byteBase.map { $0 + first },
                                                          message: problem.message))
                }
            } catch {
                content.warnings.append(IngestWarning(
                    path: path, line: lineNumber, byteOffset: byteBase.map { $0 + error.offset },
                    message: "malformed JSON record skipped: \(error.message) (column \(error.offset - lineStart + 1))"))
            }
        }
        return content
    }

    /// Bytes read by several threads at once (never written while they are).
    private final class SharedBytes: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }
    }

    /// The parts of a file parsed by distinct threads, each slot written once.
    private final class SliceResults: @unchecked Sendable {
        private var slots: [FileContent?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ k: Int, _ content: FileContent) {
            lock.lock()
            slots[k] = content
            lock.unlock()
        }
        func take(_ k: Int) -> FileContent {
            lock.lock()
            defer { lock.unlock() }
            let content = slots[k] ?? FileContent(isMultiRecord: true)
            slots[k] = nil
            return content
        }
    }

    /// A JSON file: an array of records, an object holding such an array, or one record.
    /// Falls back to JSON Lines when the file is really one object per line.
    static func jsonDocument(_ text: String, stem: String, path: String, byteBase: Int?) -> FileContent {
        var content = FileContent(isMultiRecord: true)
        var text = text
        var failure: JSONSyntaxError?
        var document: JSONValue?
        text.withUTF8 { bytes in
            var parser = JSONParser(bytes)
            do throws(JSONSyntaxError) { document = try parser.parseDocument() } catch { failure = error }
        }
        guard let document else {
            let lines = text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }
            if lines.count > 1, lines.allSatisfy({ $0.drop { $0.isWhitespace }.hasPrefix("{") }) {
                return jsonLines(text, stem: stem, path: path, byteBase: byteBase)
            }
            let offset = failure?.offset ?? 0
            let line = text.utf8.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            content.warnings.append(IngestWarning(path: path, line: line, byteOffset: byteBase.map { $0 + offset },
                                                  message: "malformed JSON, file skipped: \(failure?.message ?? "unreadable")"))
            return content
        }
        var records: [JSONValue] = []
        switch document {
        case .array(let items): records = items
        case .object(let members):
            if let list = members.first(where: { member in
                if case .array(let items) = member.value, items.contains(where: { if case .object = $0 { true } else { false } }) {
                    return true
                }
                return false
            }), case .array(let items) = list.value {
                records = items
            } else {
                records = [document]
            }
        default:
            content.warnings.append(IngestWarning(path: path, message: "JSON file holds neither records nor an array of them; skipped"))
        }
        for (offset, record) in records.enumerated() {
            let number = offset + 1
            guard case .object(let members) = record else {
                content.warnings.append(IngestWarning(path: path, message: "record \(number): \(RecordProblem.notAnObject.message)"))
                continue
            }
            switch draft(fromRecord: members, fallbackID: "\(stem)#\(number)", path: path) {
            case .success(let draft): content.drafts.append(draft)
            case .failure(let problem):
                content.warnings.append(IngestWarning(path: path, message: "record \(number): \(problem.message)"))
            }
        }
        return content
    }

    // MARK: Sogou

    /// The Sogou news format: <doc><url/><docno/><contenttitle/><content/></doc>, many per file.
    static func sogou(_ text: String, stem: String, path: String) -> FileContent {
        var content = FileContent(isMultiRecord: true)
        var text = text
        text.withUTF8 { bytes in
            let open = Array("<doc>".utf8)
            let close = Array("</doc>".utf8)
            var cursor = 0
            var number = 0
            var line = 1
            var lineCursor = 0
            // The first </doc> at or after some point, remembered so that files missing many </doc> stay linear.
            var knownEnd: Int?
            var noMoreEnds = false
            while let start = find(open, in: bytes, from: cursor, to: bytes.count) {
                number += 1
                for index in lineCursor..<start where bytes[index] == 0x0A { line += 1 }
                lineCursor = start
                let bodyStart = start + open.count
                var end: Int?
                if let known = knownEnd, known >= bodyStart {
                    end = known
                } else if !noMoreEnds {
                    end = find(close, in: bytes, from: bodyStart, to: bytes.count)
                    knownEnd = end
                    noMoreEnds = end == nil
                }
                let next = find(open, in: bytes, from: bodyStart, to: bytes.count)
                let docEnd = min(end ?? bytes.count, next ?? bytes.count)
                if end == nil || (next != nil && (next ?? 0) < (end ?? 0)) {
                    content.warnings.append(IngestWarning(path: path, line: line,
                                                          message: "document \(number) has no </doc>; read up to the next <doc>"))
                }
                cursor = end.map { $0 + close.count } ?? docEnd
                if next != nil, let endIndex = end, let nextIndex = next, nextIndex < endIndex { cursor = nextIndex }
                func field(_ name: String) -> String? {
                    let openTag = Array("<\(name)>".utf8)
                    let closeTag = Array("</\(name)>".utf8)
                    guard let fieldStart = find(openTag, in: bytes, from: bodyStart, to: docEnd) else { return nil }
                    let valueStart = fieldStart + openTag.count
                    let valueEnd = find(closeTag, in: bytes, from: valueStart, to: docEnd) ?? docEnd
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)
                }
                guard let body = field("content") else {
                    content.warnings.append(IngestWarning(path: path, line: line,
                                                          message: "document \(number) has no <content>; skipped"))
                    continue
                }
                var draft = Draft(id: "\(stem)#\(number)", title: fieldText(field("contenttitle") ?? ""),
                                  paragraphs: bodyParagraphs(body), path: path)
                if let docno = field("docno").map(TextCleaning.singleLine), !docno.isEmpty { draft.id = docno }
                if let url = field("url").map(TextCleaning.singleLine), !url.isEmpty {
                    draft.url = url
                    draft.date = Dates.fromURL(url)
                }
                content.drafts.append(draft)
            }
        }
        return content
    }

    /// The first index of `needle` in `bytes[from..<to]`.
    static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard let first = needle.first, end - start >= needle.count else { return nil }
        var index = start
        let last = end - needle.count
        while index <= last {
            if bytes[index] == first {
                var matches = true
                for offset in 1..<needle.count where bytes[index + offset] != needle[offset] {
                    matches = false
                    break
                }
                if matches { return index }
            }
            index += 1
        }
        return nil
    }
}
