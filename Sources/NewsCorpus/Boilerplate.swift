import Foundation

/// An article on its way through ingest: paragraphs not yet joined, boilerplate not yet removed.
struct Draft: Sendable {
    var id: String
    var title: String
    var paragraphs: [String]
    var date: String?
    var source: String?
    var url: String?
    var path: String
    var tags: [String] = []

    /// The finished article: paragraphs joined with "\n".
    var article: Article {
        Article(id: id, title: title, text: paragraphs.joined(separator: "\n"), date: date, source: source, url: url,
                path: path, tags: tags)
    }
}

/// Rules that remove what is not the article: navigation rows, link-only lines, site footers, runs of unrelated
/// headlines, and blocks repeated across the articles of one site. No rule names a particular site.
enum Boilerplate {
    // MARK: Single-article rules

    /// Words that make up navigation rows ("返回首页 | 上一篇 | 打印").
    static let navigationWords: Set<String> = [
        "首页", "上一篇", "下一篇", "上一页", "下一页", "上一条", "下一条", "更多", "打印", "打印本页", "打印此页", "关闭",
        "关闭窗口", "关闭本页", "收藏", "收藏本页", "分享", "分享到", "返回顶部", "回到顶部", "顶部", "我要评论", "评论", "纠错",
        "我要纠错", "字号", "大", "中", "小", "默认", "微信", "微博", "扫一扫", "点击", "查看更多", "相关新闻", "相关阅读",
        "推荐阅读", "网站地图", "进入专题",
    ]

    /// Navigation words strong enough to mark a row on their own.
    static let strongNavigationWords: Set<String> = [
        "首页", "上一篇", "下一篇", "上一页", "下一页", "打印", "打印本页", "关闭", "关闭窗口", "关闭本页", "返回顶部", "回到顶部",
        "分享到", "我要纠错", "网站地图",
    ]

    /// Markers of site footers: copyright, licences, contact details, the site speaking of itself.
    static let footerMarkers: [String] = [
        "版权", "未经", "不得转载", "转载请", "ICP", "Copyright", "copyright", "COPYRIGHT", "©", "电话：", "电话:",
        "传真：", "传真:", "邮箱：", "邮箱:", "E-mail", "Email：", "本网", "本站", "联系我们", "官方微信", "官方微博", "免责声明",
        "违法和不良信息", "新闻信息服务许可", "All Rights Reserved", "All rights reserved", "公网安备", "广告服务", "关于我们",
        "网站简介",
    ]

    /// True for a navigation row: breadcrumbs, "返回…" links, "上一篇/下一篇", "打印 | 关闭".
    static func isNavigation(_ paragraph: String) -> Bool {
        guard paragraph.utf8.count <= 180 else { return false }
        let scalars = paragraph.unicodeScalars
        guard scalars.count <= 60 else { return false }
        if paragraph.hasPrefix("上一篇") || paragraph.hasPrefix("下一篇") { return true }
        // Navigation rows are not sentences.
        if ByteSearch.contains(paragraph, "。") || ByteSearch.contains(paragraph, "，") { return false }
        if ByteSearch.contains(paragraph, "当前位置") || ByteSearch.contains(paragraph, "您的位置") || ByteSearch.contains(paragraph, "所在位置") { return true }
        if ByteSearch.contains(paragraph, "首页"), ByteSearch.contains(paragraph, ">") || ByteSearch.contains(paragraph, "»") || ByteSearch.contains(paragraph, "＞")
            || ByteSearch.contains(paragraph, "›") || ByteSearch.contains(paragraph, "→") {
            return true
        }
        var segments: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in scalars {
            if TextCleaning.isSpace(scalar.value) || ParagraphBuilder.isSeparator(scalar.value) {
                if !current.isEmpty { segments.append(String(current)); current = String.UnicodeScalarView() }
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { segments.append(String(current)) }
        guard !segments.isEmpty else { return false }
        var strong = false
        for segment in segments {
            if segment.hasPrefix("返回") && segment.unicodeScalars.count <= 12 && !segment.hasPrefix("返回舱") {
                strong = true
            } else if strongNavigationWords.contains(segment) {
                strong = true
            } else if !navigationWords.contains(segment) {
                return false
            }
        }
        return strong
    }

    /// True for a paragraph that is nothing but an address.
    static func isURLOnly(_ paragraph: String) -> Bool {
        guard let first = paragraph.utf8.first, first == 0x68 || first == 0x48 || first == 0x2F || first == 0x77 else {
            return false
        }
        guard !ByteSearch.contains(paragraph, " "), paragraph.utf8.allSatisfy({ $0 < 0x80 }) else { return false }
        let lower = paragraph.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("//") || lower.hasPrefix("www.")
    }

    /// True for a paragraph made only of Markdown links and separators ("[查看原文](https://...)", "[返回](…)｜[首页](…)").
    static func isLinkOnly(_ paragraph: String) -> Bool {
        guard paragraph.hasPrefix("["), ByteSearch.contains(paragraph, "](") else { return false }
        // The common case, one "[label](address)" and nothing else, decided on bytes.
        let bytes = Array(paragraph.utf8)
        if bytes.last == 0x29, let middle = bytes.firstIndex(of: 0x5D), middle + 1 < bytes.count, bytes[middle + 1] == 0x28,
           !bytes[1..<middle].contains(0x5B), !bytes[(middle + 2)...].contains(where: { $0 == 0x28 || $0 == 0x20 || $0 == 0x5B }),
           bytes[(middle + 2)..<(bytes.count - 1)].firstIndex(of: 0x29) == nil {
            return true
        }
        let inline = Markdown.inline(Substring(paragraph))
        return inline.linkCount > 0 && inline.onlyLinks
    }

    /// How many paragraphs count as the top of an article, where a short row of links is a site's menu.
    static let topParagraphs = 3

    /// Applies every single-article rule: navigation bars, editor credit lines and address-only paragraphs
    /// anywhere, then a metadata trailer (a separator line and timestamps after it), then a trailing footer.
    static func cleanSingle(_ draft: inout Draft) {
        var kept: [String] = []
        kept.reserveCapacity(draft.paragraphs.count)
        for (index, paragraph) in draft.paragraphs.enumerated() {
            guard paragraph.utf8.count <= 180 else {
                kept.append(withoutTrailingEditorNote(paragraph))
                continue
            }
            if isURLOnly(paragraph) {
                if draft.url == nil, ByteSearch.contains(paragraph, "://") { draft.url = paragraph }
                continue
            }
            if isLinkOnly(paragraph) || isNavigation(paragraph) || isEditorLine(paragraph) { continue }
            if isNavigationBar(paragraph, atTop: index < topParagraphs) { continue }
            let rest = withoutTrailingEditorNote(paragraph)
            if !rest.isEmpty { kept.append(rest) }
        }
        trimMetadataTrailer(&kept)
        draft.paragraphs = kept
        trimTrailingFooter(&draft.paragraphs)
    }

    // MARK: Navigation bars

    /// Separators between the links of a menu row: | ｜ / · • ・ > ＞ » › →.
    static func isBarSeparator(_ value: UInt32) -> Bool {
        switch value {
        case 0x7C, 0xFF5C, 0x2F, 0xFF0F, 0xB7, 0x2022, 0x30FB, 0x3E, 0xFF1E, 0xBB, 0x203A, 0x2192: return true
        default: return false
        }
    }

    /// True for a site's menu or breadcrumb row: three or more short link words (at most six characters, mostly
    /// Chinese, no punctuation at all) that starts with 首页, or that sits at the top of the article and separates its
    /// words with | / · >, or that has five or more words so separated anywhere. Words separated only by spaces
    /// count only after 首页 (a top line of names, "记者 张三 李四", is a byline).
    static func isNavigationBar(_ paragraph: String, atTop: Bool) -> Bool {
        // Sentences, the common case, are told by their commas and stops without walking the scalars.
        if ByteSearch.contains(paragraph, "，") || ByteSearch.contains(paragraph, "。") { return false }
        let scalars = paragraph.unicodeScalars
        guard scalars.count <= 120 else { return false }
        var segments: [(length: Int, ideographs: Int)] = []
        var length = 0
        var ideographs = 0
        var explicitSeparators = 0
        func close() {
            if length > 0 { segments.append((length, ideographs)) }
            length = 0
            ideographs = 0
        }
        for scalar in scalars {
            let value = scalar.value
            if TextCleaning.isSpace(value) {
                close()
            } else if isBarSeparator(value) {
                close()
                explicitSeparators += 1
            } else if TextCleaning.isIdeograph(value) {
                length += 1
                ideographs += 1
            } else if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                length += 1
            } else {
                // Any other mark (，。：、！ brackets, quotes) makes it a sentence or a label, not a menu.
                return false
            }
        }
        close()
        guard segments.count >= 3, segments.allSatisfy({ $0.length <= 6 }) else { return false }
        // Chinese words, at least half of them: a Latin word or two ("NBA", "5G") is fine.
        let chinese = segments.filter { $0.ideographs * 2 >= $0.length && $0.ideographs > 0 }.count
        guard chinese * 2 >= segments.count else { return false }
        if paragraph.hasPrefix("首页") || paragraph.hasPrefix("网站首页") { return true }
        guard explicitSeparators >= segments.count - 1 else { return false }
        return atTop || segments.count >= 5
    }

    // MARK: Editor credit lines

    /// Roles named in editor credit lines ("责任编辑：张三", "[责任编辑:张三]", "编辑：张三 校对：李四").
    static let editorRoles = [
        "责任编辑", "本文编辑", "实习编辑", "值班编辑", "编辑", "责编", "编审", "审核", "审校", "校对", "终审", "初审", "复审",
        "一审", "二审", "三审",
    ]

    /// The first characters of the editor roles, to pass over most paragraphs at a glance.
    static let editorRoleInitials = Set(editorRoles.compactMap(\.unicodeScalars.first))

    /// The brackets an editor note may open with: ( （ [ 【 ［ 〔.
    static let openingBrackets: Set<UInt32> = [0x28, 0xFF08, 0x5B, 0x3010, 0xFF3B, 0x3014]
    /// The brackets an editor note may close with: ) ） ] 】 ］ 〕.
    static let closingBrackets: Set<UInt32> = [0x29, 0xFF09, 0x5D, 0x3011, 0xFF3D, 0x3015]

    /// True for a line that only credits editors: it starts (after an optional bracket) with an editor role and a
    /// colon, is short, and holds no sentence punctuation. A sentence that mentions 编辑 stays.
    static func isEditorLine(_ paragraph: String) -> Bool {
        guard let first = paragraph.unicodeScalars.first,
              openingBrackets.contains(first.value) || editorRoleInitials.contains(first) else { return false }
        let scalars = Array(paragraph.unicodeScalars)
        guard scalars.count <= 60 else { return false }
        var start = 0
        if let first = scalars.first, openingBrackets.contains(first.value) {
            guard let last = scalars.last, closingBrackets.contains(last.value) else { return false }
            start = 1
        }
        guard startsWithEditorRole(scalars, at: start) else { return false }
        return !scalars.contains { $0 == "。" || $0 == "，" || $0 == "！" || $0 == "？" }
    }

    /// True when `scalars[start...]` opens with an editor role, optional spaces, then ":" or "：".
    static func startsWithEditorRole(_ scalars: [Unicode.Scalar], at start: Int) -> Bool {
        for role in editorRoles {
            let roleScalars = Array(role.unicodeScalars)
            guard start + roleScalars.count < scalars.count,
                  scalars[start..<(start + roleScalars.count)].elementsEqual(roleScalars) else { continue }
            var cursor = start + roleScalars.count
            while cursor < scalars.count, TextCleaning.isSpace(scalars[cursor].value) { cursor += 1 }
            if cursor < scalars.count, scalars[cursor] == ":" || scalars[cursor] == "：" { return true }
        }
        return false
    }

    /// A paragraph without a bracketed editor note at its end ("…报道。（责任编辑：张三）" → "…报道。").
    static func withoutTrailingEditorNote(_ paragraph: String) -> String {
        guard let last = paragraph.unicodeScalars.last, closingBrackets.contains(last.value),
              ByteSearch.contains(paragraph, "编") || ByteSearch.contains(paragraph, "审") || ByteSearch.contains(paragraph, "校")
        else { return paragraph }
        let scalars = Array(paragraph.unicodeScalars)
        var open = scalars.count - 2
        while open >= 0, scalars.count - open <= 40, !openingBrackets.contains(scalars[open].value) { open -= 1 }
        guard open >= 0, scalars.count - open <= 40, startsWithEditorRole(scalars, at: open + 1),
              !scalars[open...].contains(where: { $0 == "。" || $0 == "，" }) else { return paragraph }
        return TextCleaning.singleLine(String(String.UnicodeScalarView(scalars[..<open])))
    }

    /// Sentence units of a paragraph: each ends after 。！？!? and any closing quotes or brackets that follow.
    static func sentences(_ paragraph: String) -> [String] {
        var units: [String] = []
        var current = String.UnicodeScalarView()
        var ended = false
        for scalar in paragraph.unicodeScalars {
            let value = scalar.value
            if ended && !isClosing(value) {
                units.append(String(current))
                current = String.UnicodeScalarView()
                ended = false
            }
            current.append(scalar)
            if value == 0x3002 || value == 0xFF01 || value == 0xFF1F || value == 0x21 || value == 0x3F { ended = true }
        }
        if !current.isEmpty { units.append(String(current)) }
        return units
    }

    /// Closing quotes and brackets that belong to the sentence before them.
    static func isClosing(_ value: UInt32) -> Bool {
        switch value {
        case 0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x29, 0x3011, 0x22, 0x27, 0x3002, 0xFF01, 0xFF1F, 0x21, 0x3F: return true
        default: return false
        }
    }

    /// The footer markers a text holds.
    static func footerHits(_ text: String) -> Set<String> {
        var hits = Set<String>()
        for marker in footerMarkers where ByteSearch.contains(text, marker) { hits.insert(marker) }
        return hits
    }

    /// The shortest run without punctuation that counts as strung-together headlines.
    static let headlineRunLength = 120

    /// True when a text holds a long run of Chinese with no punctuation at all: a row of unrelated headlines or links.
    /// Body sentences pause long before 120 characters; titles strung together never do. A run split by many spaces
    /// is a list of names or terms, not headlines, and does not count.
    static func hasHeadlineRun(_ text: String) -> Bool {
        var run = 0
        var ideographs = 0
        var spaces = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0xFF0C, 0x2C, 0x3001, 0xFF1B, 0x3B, 0xFF1A, 0x3A, 0x3002, 0xFF01, 0xFF1F, 0x21, 0x3F, 0xFF08, 0xFF09,
                 0x28, 0x29, 0x0A:
                run = 0
                ideographs = 0
                spaces = 0
            default:
                run += 1
                if TextCleaning.isIdeograph(value) { ideographs += 1 }
                if value == 0x20 { spaces += 1 }
                if run >= headlineRunLength && ideographs * 10 >= run * 6 && spaces * 20 < run { return true }
            }
        }
        return false
    }

    /// Removes a trailing site footer and headline run: sentence units from the end that carry footer markers or
    /// headline runs, when together they carry two different markers or a headline run (one marker alone, however
    /// often repeated, is content: a story about 版权 is not a footer).
    static func trimTrailingFooter(_ paragraphs: inout [String]) {
        var kept = paragraphs
        var hits = Set<String>()
        var sawRun = false
        var changed = false
        while let last = kept.last {
            // Most articles end in an ordinary sentence: say so without splitting the paragraph.
            if footerHits(last).isEmpty && !hasHeadlineRun(last) { break }
            let units = sentences(last)
            var keep = units.count
            while keep > 0 {
                let unit = units[keep - 1]
                let unitHits = footerHits(unit)
                let run = hasHeadlineRun(unit)
                guard !unitHits.isEmpty || run else { break }
                hits.formUnion(unitHits)
                sawRun = sawRun || run
                keep -= 1
            }
            if keep == units.count { break }
            changed = true
            kept.removeLast()
            if keep > 0 {
                let rest = TextCleaning.singleLine(units[0..<keep].joined())
                if !rest.isEmpty { kept.append(rest) }
                break
            }
        }
        if changed && (hits.count >= 2 || sawRun) && !kept.isEmpty { paragraphs = kept }
    }

    /// The source named by a "（文章来源：X）" or "来源：X" paragraph near either end, if any.
    static func sourceLine(in paragraphs: [String]) -> String? {
        let candidates = paragraphs.suffix(3).reversed() + paragraphs.prefix(3)
        for paragraph in candidates where paragraph.utf8.count <= 120 {
            var text = Substring(paragraph)
            while let first = text.first, "（(【[".contains(first) { text = text.dropFirst() }
            while let last = text.last, "）)】]".contains(last) { text = text.dropLast() }
            for prefix in ["文章来源：", "文章来源:", "新闻来源：", "稿件来源：", "来源：", "来源:"] where text.hasPrefix(prefix) {
                let value = text.dropFirst(prefix.count).prefix { !TextCleaning.isSpace($0.unicodeScalars.first?.value ?? 0x20) }
                let name = String(value).trimmingCharacters(in: .whitespaces)
                if !name.isEmpty && name.unicodeScalars.count <= 30 { return name }
            }
        }
        return nil
    }

    // MARK: Cross-article rules

    /// Removes blocks shared by several articles of one group (one folder of files, or one file of records):
    /// identical paragraphs at the start or end of articles, and an identical trailing block of text.
    /// Leading shared paragraphs are removed only for groups of files (a site's header on every page); in a file of
    /// records a shared first line is the exporter's dateline ("央视网消息（新闻联播）："), which is part of the text.
    /// `minimumShare` is how many articles must share a block: 2 in a folder of pages from a few sites; in a file of
    /// records, where a sentence shared by a handful of stories is content, a site-wide block is in most records.
    ///
    /// `edgeCounts`, when the caller has them, are the counts `edgeKeys(_:leading:)` gives over these drafts
    /// (with the same `leadingParagraphs`), so they are not counted twice.
    static func cleanGroup(_ drafts: inout [Draft], leadingParagraphs: Bool, minimumShare: Int = 2,
                           edgeCounts: [ByteKey: Int]? = nil) {
        guard drafts.count >= 2, minimumShare <= drafts.count else { return }
        removeSharedEdgeParagraphs(&drafts, leading: leadingParagraphs, minimumShare: minimumShare, counts: edgeCounts)
        removeSharedTrailingBlocks(&drafts, minimumShare: minimumShare)
    }

    /// How many paragraphs at each end are compared across articles.
    static let edgeParagraphs = 5

    /// Drops leading and trailing paragraphs that other articles of the group also have at their edges.
    static func removeSharedEdgeParagraphs(_ drafts: inout [Draft], leading: Bool, minimumShare: Int,
                                           counts known: [ByteKey: Int]? = nil) {
        var counts: [ByteKey: Int] = known ?? [:]
        if known == nil {
            for draft in drafts {
                for key in edgeKeys(draft.paragraphs, leading: leading) { counts[key, default: 0] += 1 }
            }
        }
        guard counts.values.contains(where: { $0 >= minimumShare }) else { return }
        var cuts: [(index: Int, cut: EdgeCut)] = []
        var keptCounts: [ByteKey: Int] = [:]
        for index in drafts.indices {
            guard let cut = edgeCut(drafts[index].paragraphs, leading: leading,
                                    shared: { (counts[$0] ?? 0) >= minimumShare }) else { continue }
            cuts.append((index, cut))
            keptCounts[cut.key, default: 0] += 1
        }
        for (index, cut) in cuts where cut.applies(keptCount: keptCounts[cut.key] ?? 0) {
            drafts[index].paragraphs = Array(drafts[index].paragraphs[cut.range])
        }
    }

    /// The distinct keys of an article's edge paragraphs: the last five, and the first five when `leading`.
    static func edgeKeys(_ paragraphs: [String], leading: Bool) -> Set<ByteKey> {
        var seen = Set<ByteKey>()
        if leading {
            for paragraph in paragraphs.prefix(edgeParagraphs) { seen.insert(ByteKey(paragraph)) }
        }
        for paragraph in paragraphs.suffix(edgeParagraphs) { seen.insert(ByteKey(paragraph)) }
        return seen
    }

    /// A cut of shared edge paragraphs: the paragraphs kept, and the key of the text they make.
    struct EdgeCut: Sendable {
        var range: Range<Int>
        var key: ByteKey

        /// Whether the cut is made, given how many articles of the group would keep the same text: nothing left,
        /// or the same text left as another article, means duplicates, not boilerplate, so they stay whole.
        func applies(keptCount: Int) -> Bool { !range.isEmpty && keptCount <= 1 }
    }

    /// The edge cut of one article, given which paragraph keys the group shares; nil when no edge is shared.
    static func edgeCut(_ paragraphs: [String], leading: Bool, shared: (ByteKey) -> Bool) -> EdgeCut? {
        var start = 0
        var end = paragraphs.count
        while leading, start < end, start < edgeParagraphs, shared(ByteKey(paragraphs[start])) { start += 1 }
        while end > start, paragraphs.count - end < edgeParagraphs, shared(ByteKey(paragraphs[end - 1])) { end -= 1 }
        guard start > 0 || end < paragraphs.count else { return nil }
        return EdgeCut(range: start..<end, key: ByteKey(paragraphs[start..<end].joined(separator: "\n")))
    }

    /// The shortest trailing block, in scalars, that counts as shared boilerplate.
    static let minimumSharedBlock = 40

    /// Cuts a trailing block of text that several articles end with, at a sentence or paragraph boundary.
    /// Works on UTF-8 bytes: articles are grouped by their last 32 bytes, and only groups large enough are compared.
    static func removeSharedTrailingBlocks(_ drafts: inout [Draft], minimumShare: Int) {
        var groups: [ByteKey: [Int]] = [:]
        let keys = ParallelSlices.map(drafts, minimumPerSlice: 256) { tailKey($0.paragraphs) }
        for (index, key) in keys.enumerated() {
            guard let key else { continue }
            groups[key, default: []].append(index)
        }
        for members in groups.values where members.count >= minimumShare {
            trimSharedTail(&drafts, members: members)
        }
    }

    /// How many bytes at the end of an article group it with others for the shared-trailing-block rule.
    static let tailKeyLength = 32

    /// The key of a text's last 32 bytes (paragraphs joined by line breaks), or nil when it is shorter.
    static func tailKey(_ paragraphs: [String]) -> ByteKey? {
        var tail = ""
        for paragraph in paragraphs.reversed() {
            tail = tail.isEmpty ? paragraph : paragraph + "\n" + tail
            if tail.utf8.count >= tailKeyLength { break }
        }
        guard tail.utf8.count >= tailKeyLength else { return nil }
        return ByteKey(tail.utf8.suffix(tailKeyLength))
    }

    /// Cuts the trailing block that the drafts at `members` (two or more, sharing a tail key) have in common.
    static func trimSharedTail(_ drafts: inout [Draft], members: [Int]) {
        let texts = members.map { drafts[$0].paragraphs.joined(separator: "\n") }
        let tails = texts.map { Array($0.utf8.suffix(32768)) }
        guard let first = tails.first, tails.count >= 2 else { return }
        var common = first.count
        for other in tails.dropFirst() {
            var length = 0
            while length < common, length < other.count,
                  first[first.count - 1 - length] == other[other.count - 1 - length] {
                length += 1
            }
            common = length
        }
        for (position, member) in members.enumerated() {
            let tail = tails[position]
            var cut = tail.count - common
            while cut < tail.count, tail[cut] & 0xC0 == 0x80 { cut += 1 }
            let block = Array(String(decoding: tail[cut...], as: UTF8.self).unicodeScalars)
            guard block.count >= minimumSharedBlock else { continue }
            var previousStart = cut - 1
            while previousStart > 0, tail[previousStart] & 0xC0 == 0x80 { previousStart -= 1 }
            let previous = cut > 0 ? String(decoding: tail[max(0, previousStart)..<cut], as: UTF8.self).unicodeScalars.last : nil
            var skip = 0
            if let previous, !isBoundary(previous.value) {
                // Move into the block to the next sentence end or line break.
                while skip < block.count, !isSentenceEnd(block[skip].value), block[skip] != "\n" { skip += 1 }
                while skip < block.count,
                      isSentenceEnd(block[skip].value) || isClosing(block[skip].value) || block[skip] == "\n" {
                    skip += 1
                }
            }
            let removed = block.count - skip
            let text = texts[position]
            let total = text.unicodeScalars.count
            guard removed >= minimumSharedBlock / 2, removed * 10 < total * 8, total - removed >= 8 else { continue }
            let keptBytes = text.utf8.count - (tail.count - cut)
            var kept = String(decoding: text.utf8.prefix(keptBytes), as: UTF8.self)
            kept.unicodeScalars.append(contentsOf: block[0..<skip])
            drafts[member].paragraphs = TextCleaning.paragraphs(kept)
        }
    }

    /// True when a cut after this scalar falls between sentences: whitespace, a line break or a sentence end.
    static func isBoundary(_ previous: UInt32) -> Bool {
        previous == 0x0A || TextCleaning.isSpace(previous) || isSentenceEnd(previous) || isClosing(previous)
    }

    /// 。！？!?
    static func isSentenceEnd(_ value: UInt32) -> Bool {
        value == 0x3002 || value == 0xFF01 || value == 0xFF1F || value == 0x21 || value == 0x3F
    }

}

/// A 64-bit FNV-1a hash and the length of some UTF-8 bytes: a cheap key for comparing paragraphs across thousands of
/// articles (String hashing normalises Unicode first, which costs more than the whole ingest of a record).
public struct ByteKey: Hashable, Sendable {
    /// The FNV-1a hash of the bytes.
    public let hash: UInt64
    /// How many bytes.
    public let length: Int

    init(_ text: String) {
        if let key = text.utf8.withContiguousStorageIfAvailable({ Self.hash($0) }) {
            self = key
        } else {
            self.init(text.utf8)
        }
    }

    /// A key from its parts (as a refresh ledger stores them).
    public init(hash: UInt64, length: Int) {
        self.hash = hash
        self.length = length
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> ByteKey {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return ByteKey(hash: hash, length: bytes.count)
    }

    init(_ bytes: some Sequence<UInt8>) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        var length = 0
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            length += 1
        }
        self.hash = hash
        self.length = length
    }
}
