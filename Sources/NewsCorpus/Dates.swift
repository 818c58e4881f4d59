/// Dates from front matter, records and URLs, normalised to ISO 8601.
enum Dates {
    /// "2022-04-19 10:24:35 +0800" → "2022-04-19T10:24:35+08:00"; "2022年4月19日" → "2022-04-19"; "20220419" → "2022-04-19".
    /// A value in no known shape is returned trimmed, as it was.
    static func iso8601(_ raw: String) -> String? {
        let text = TextCleaning.singleLine(raw)
        if text.isEmpty { return nil }
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func number(maxDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while index < scalars.count, digits < maxDigits, let digit = scalars[index].properties.numericType != nil
                    ? Int(String(scalars[index])) : nil {
                value = value * 10 + digit
                digits += 1
                index += 1
            }
            return digits > 0 ? value : nil
        }
        func skip(_ allowed: String) -> Bool {
            if index < scalars.count, allowed.unicodeScalars.contains(scalars[index]) { index += 1; return true }
            return false
        }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        // YYYYMMDD
        if scalars.count == 8, scalars.allSatisfy({ ("0"..."9").contains($0) }), let value = Int(text) {
            let year = value / 10000, month = value / 100 % 100, day = value % 100
            if (1...12).contains(month), (1...31).contains(day) { return "\(year)-\(two(month))-\(two(day))" }
            return text
        }
        guard let year = number(maxDigits: 4), year >= 1000, skip("-/.年"),
              let month = number(maxDigits: 2), (1...12).contains(month), skip("-/.月"),
              let day = number(maxDigits: 2), (1...31).contains(day) else { return text }
        _ = skip("日")
        var result = "\(year)-\(two(month))-\(two(day))"
        _ = skip("T ")
        while index < scalars.count, scalars[index] == " " { index += 1 }
        guard let hour = number(maxDigits: 2), hour < 24, skip(":："), let minute = number(maxDigits: 2), minute < 60 else {
            return result
        }
        var second = 0
        if skip(":："), let value = number(maxDigits: 2), value < 61 { second = value }
        if skip("."), number(maxDigits: 9) != nil {}
        result += "T\(two(hour)):\(two(minute)):\(two(second))"
        while index < scalars.count, scalars[index] == " " { index += 1 }
        if skip("Zz") { return result + "Z" }
        if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" {
            let sign = scalars[index]
            index += 1
            let start = index
            guard let first = number(maxDigits: 2) else { return result }
            var minutes = 0
            if index - start == 2 {
                _ = skip(":")
                minutes = number(maxDigits: 2) ?? 0
            }
            result += "\(sign)\(two(first)):\(two(minutes))"
        }
        return result
    }

    /// Like `iso8601`, but nil for a value in no known shape: for sources that may hold anything (a page's meta
    /// tags, a line of text), where a raw value would be noise rather than a date.
    static func strictISO8601(_ raw: String) -> String? {
        guard let value = iso8601(raw) else { return nil }
        let bytes = Array(value.utf8.prefix(10))
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
              bytes.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || (0x30...0x39).contains($0.element) }),
              let year = Int(value.prefix(4)), (1900...2100).contains(year) else { return nil }
        return value
    }

    /// The first date a short line states ("2022年09月24日 10:00 来源：新华网", "发布时间：2022-09-24 10:00",
    /// "2022/09/24"), normalised; nil when the line holds none, or is a sentence (a "。" or "，" in it: a date in
    /// the lead sentence is when something happened, not when the article was published).
    static func byline(_ line: String) -> String? {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count <= 100 else { return nil }
        if scalars.contains(where: { $0 == "。" || $0 == "，" }) { return nil }
        func isDigit(_ index: Int) -> Bool { index < scalars.count && ("0"..."9").contains(scalars[index]) }
        var index = 0
        while index + 4 < scalars.count {
            // Four digits that do not continue a longer number, then a date separator.
            guard isDigit(index), index == 0 || !isDigit(index - 1), isDigit(index + 1), isDigit(index + 2), isDigit(index + 3),
                  !isDigit(index + 4), "年-/.".unicodeScalars.contains(scalars[index + 4]) else {
                index += 1
                continue
            }
            let rest = String(String.UnicodeScalarView(scalars[index...]))
            if let date = strictISO8601(rest) { return date }
            index += 4
        }
        return nil
    }

    /// A date written into an address: ".../20120612/..." or ".../2012-06-12/...".
    static func fromURL(_ url: String) -> String? {
        let scalars = Array(url.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard ("0"..."9").contains(scalars[index]) else { index += 1; continue }
            var end = index
            while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1 }
            if end - index == 8, let value = Int(String(String.UnicodeScalarView(scalars[index..<end]))) {
                let year = value / 10000, month = value / 100 % 100, day = value % 100
                if (1990...2100).contains(year), (1...12).contains(month), (1...31).contains(day) {
                    return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
                }
            }
            index = end
        }
        return nil
    }
}
