// Metadata trailers: a separator line at the end of an article followed only by timestamps, sources, editors,
// ids, dates, numbers or addresses ("---" then "(更新时间戳: 1664109102894)"). Exporters and CMSs append them;
// they are not the article.

extension Boilerplate {
    // MARK: Metadata trailers

    /// The longest metadata line, in scalars: labels with a short value, or a bare date, id or address.
    static let metadataLineLimit = 100

    /// The longest value after a metadata label, in scalars (a source or editor's name, a date, an id).
    static let metadataValueLimit = 60

    /// Labels that open a metadata line ("更新时间：…", "来源: …", "Updated: …"); longer labels first where one
    /// is the prefix of another, so the whole label is taken.
    static let metadataLabels: [String] = [
        "最后更新时间", "更新时间戳", "更新时间", "更新日期", "更新于", "最后更新", "发布时间", "发布日期", "发布于", "发表时间", "发表于",
        "时间戳", "时间", "日期", "文章来源", "新闻来源", "稿件来源", "信息来源", "来源", "责任编辑", "编辑", "责编", "作者", "审核",
        "校对", "原文链接", "原文地址", "链接", "网址", "文章编号", "稿件编号", "编号", "阅读量", "阅读", "浏览量", "浏览", "点击量",
        "字数", "标签", "last updated", "last modified", "updated", "published", "modified", "timestamp", "source",
        "editor", "author", "url", "link", "id", "date", "time",
    ]

    /// True for a line that only separates: three or more of - * _ = ~ · (ASCII or full width), or one or more
    /// long dashes — ― ─ ━ making at least two scalars ("——"), spaces allowed between.
    static func isSeparatorLine(_ paragraph: String) -> Bool {
        guard paragraph.utf8.count <= 240 else { return false }
        var count = 0
        var longDashes = 0
        for scalar in paragraph.unicodeScalars {
            let value = scalar.value
            if TextCleaning.isSpace(value) { continue }
            switch value {
            case 0x2D, 0x2A, 0x5F, 0x3D, 0x7E, 0xB7, 0xFF0D, 0xFF0A, 0xFF3F, 0xFF1D, 0xFF5E, 0x2010, 0x2011, 0x2012, 0x2013,
                 0x2212, 0x30FC, 0x2022, 0x30FB:
                count += 1
            case 0x2014, 0x2015, 0x2500, 0x2501, 0x2550:
                count += 1
                longDashes += 1
            default:
                return false
            }
        }
        return count >= 3 || (longDashes >= 2 && count == longDashes)
    }

    /// True for a line of metadata, brackets around it allowed: a label such as 更新时间戳, 发布时间, 来源, 编辑,
    /// Updated or ID with a short value that is not a sentence; or a bare timestamp, date, time, id, number or
    /// address.
    static func isMetadataLine(_ paragraph: String) -> Bool {
        var scalars = Substring(paragraph).unicodeScalars[...]
        func trimmed(_ s: Substring.UnicodeScalarView.SubSequence) -> Substring.UnicodeScalarView.SubSequence {
            var s = s
            while let first = s.first, TextCleaning.isSpace(first.value) { s = s.dropFirst() }
            while let last = s.last, TextCleaning.isSpace(last.value) { s = s.dropLast() }
            return s
        }
        scalars = trimmed(scalars)
        // One pair of brackets around the whole line: (…) （…） […] 【…】 〔…〕.
        if let first = scalars.first, let last = scalars.last, openingBrackets.contains(first.value),
           closingBrackets.contains(last.value), scalars.count >= 2 {
            scalars = trimmed(scalars.dropFirst().dropLast())
        }
        guard !scalars.isEmpty, scalars.count <= metadataLineLimit else { return false }
        let line = String(String.UnicodeScalarView(scalars))
        if isURLOnly(line) { return true }
        if let value = valueAfterLabel(line) {
            return isMetadataValue(value)
        }
        return isBareValue(scalars)
    }

    /// The value after a metadata label and its colon or space, or nil when the line does not open with a label.
    static func valueAfterLabel(_ line: String) -> Substring? {
        let lower = line.lowercased()
        for label in metadataLabels where lower.hasPrefix(label) {
            var rest = Substring(lower).unicodeScalars.dropFirst(label.unicodeScalars.count)
            // A label is a whole word: "id" does not open "idea", "时间" does not open "时间过得真快".
            guard let next = rest.first else { continue }
            switch next.value {
            case 0x3A, 0xFF1A, 0x20, 0x3000, 0x09, 0x3D, 0xFF1D:
                rest = rest.dropFirst()
            default:
                continue
            }
            while let first = rest.first, TextCleaning.isSpace(first.value) || first == ":" || first == "：" {
                rest = rest.dropFirst()
            }
            return Substring(rest)
        }
        return nil
    }

    /// True for a label's value: short, and not a sentence (no stop, comma or question mark inside).
    static func isMetadataValue(_ value: Substring) -> Bool {
        guard !value.isEmpty, value.unicodeScalars.count <= metadataValueLimit else { return false }
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x3002, 0xFF0C, 0xFF01, 0xFF1F, 0xFF1B, 0x21, 0x3F, 0x3B: return false
            default: continue
            }
        }
        // A comma only between digits ("1,234").
        let scalars = Array(value.unicodeScalars)
        for (index, scalar) in scalars.enumerated() where scalar == "," {
            let before = index > 0 && scalars[index - 1].properties.numericType != nil
            let after = index + 1 < scalars.count && scalars[index + 1].properties.numericType != nil
            if !(before && after) { return false }
        }
        return true
    }

    /// True for a bare timestamp, date, time, id or number: at least one digit, and only digits, Latin letters,
    /// date and time characters (年月日时分秒号) and the punctuation of dates, times and ids (- _ : / . + , # and
    /// spaces).
    static func isBareValue(_ scalars: Substring.UnicodeScalarView.SubSequence) -> Bool {
        var digits = 0
        var letters = 0
        for scalar in scalars {
            let value = scalar.value
            switch value {
            case 0x30...0x39, 0xFF10...0xFF19: digits += 1
            case 0x41...0x5A, 0x61...0x7A: letters += 1
            case 0x2D, 0x5F, 0x3A, 0x2F, 0x2E, 0x2B, 0x2C, 0x23, 0xFF1A, 0x5E74, 0x6708, 0x65E5, 0x65F6, 0x5206, 0x79D2,
                 0x53F7:
                continue
            default:
                if TextCleaning.isSpace(value) { continue }
                return false
            }
        }
        // Letters only as part of an id or a date ("T", "Z", "a3f9c2"), not a Latin sentence.
        return digits > 0 && letters <= max(digits, 4) * 2
    }

    /// Removes a metadata trailer: a separator line followed, to the end of the article, only by metadata lines
    /// (or by nothing). A separator followed by prose stays. An article that was only a trailer is left empty: the
    /// trailer was never its text.
    static func trimMetadataTrailer(_ paragraphs: inout [String]) {
        var index = paragraphs.count
        var separatorAt: Int?
        while index > 0 {
            let paragraph = paragraphs[index - 1]
            if isSeparatorLine(paragraph) {
                separatorAt = index - 1
            } else if !isMetadataLine(paragraph) {
                break
            }
            index -= 1
        }
        // The first separator of the trailing run: metadata before it sits in the article and stays.
        guard let cut = separatorAt else { return }
        paragraphs.removeSubrange(cut...)
    }
}
