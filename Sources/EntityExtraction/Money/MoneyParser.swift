/// Finds and normalises amounts of money in Chinese text (ENTITIES.md "Money").
///
/// A numeral grammar (Arabic, Chinese, financial and mixed numerals with 万/亿 magnitudes), currency
/// words and signs on either side, hedge words, ranges, and money context for amounts written without
/// a currency. Values are exact decimals; nothing here uses a binary float. Text that is not money
/// yields nothing, never an error.
///
/// Decisions where ENTITIES.md is silent (each one covered by a test):
/// - 十几亿 is a range 11亿–19亿 (几 after 十 is a units digit 1…9); 几十亿 and 数十亿 are 20亿–90亿
///   (几/数 as a coefficient is 2…9); neighbouring digits are a range (一二十亿 10亿–20亿, 十七八亿, 六七千).
/// - 千万级, 百亿级 (a bare order of magnitude with 级) are reported as `approx` of that magnitude, as the
///   gold's optional 千万级 entry has it; 万亿产值目标 is reported as exact 1万亿 (optional in the gold).
/// - A lone 万 or 亿 is an amount only with a hedge (过万元, 上亿, 破亿); 万元户, 每百元, 亿万农户 are not.
/// - Without a currency an amount needs a magnitude (万/亿) and money context: a money word nearer before
///   it in the clause than any counting word (销售额83万多, 年收入过百万), or a money word within a few
///   scalars after it (十亿“助农券”, 10亿相关费用); a counted noun right after it rules it out (6亿用户).
/// - Two hedges: over/under beat approx; when over meets under, the first written wins. 达到, 达, 预计 are
///   not hedges; the hedge and the currency words are part of the mention's span, 达到 is not.
/// - 块钱 is CNY, a bare 块 is a measure word; 角/毛 and 分 count only after 元 or with 钱 (5角钱, 123元1角1分).
/// - ¥ is CNY and a bare $ is USD. A price per unit is the amount before the unit (3.5元/升 → 3.5).
/// - X以上Y以下 and X至Y, X-Y, X~Y, X--Y, X到Y are ranges; a first number without a unit takes the second's
///   leading 百/千 and its magnitude (两到三千元 2000–3000, 三到五千万 3000万–5000万), else the magnitude alone
///   (10-20亿元), and neither when that would make it the larger one (3000到30万元). （含） may stand
///   between an amount and its hedge or dash (50万元（含）以上, 1万(含)-5万元).
/// - A currency written before the number wins over a plain 元 after it (港币两千九百六十元 is HKD); a list
///   whose items end in the same magnitude takes the currency written after its last item (300亿、400亿和
///   600亿美元 are all USD).
/// - 圆 is 元, except after one Chinese digit with no 整/正/角/分 (大陆圆了创业梦); 元正 and 元整 close an
///   amount. An amount followed by 元级 or 级 (3个万亿元级产业) is an adjective, not an amount.
/// - 最高, 至少 and other hedges of two or more scalars reach over up to three modals or money verbs
///   (最高可罚50万元 is under, 最低要罚2万元 over).
public struct MoneyParser: Sendable {
    /// Creates a parser; it holds no state, so one value can serve any number of threads.
    public init() {}

    /// Parses a whole string that is one amount ("超过6200亿元" → 620000000000 CNY over);
    /// nil when the string is not exactly one amount of money (近6亿用户, 97%, 2021年).
    /// Leading and trailing white space is ignored; a magnitude without a currency counts as CNY.
    public func parse(_ string: String) -> MoneyAmount? {
        var scalars = Array(string.unicodeScalars)
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        var first = 0
        while first < scalars.count && scalars[first].properties.isWhitespace { first += 1 }
        if first > 0 { scalars.removeFirst(first) }
        if scalars.isEmpty { return nil }
        return scalars.withUnsafeBufferPointer { buffer -> MoneyAmount? in
            var start = 0
            while start < buffer.count && !NumeralScalar.startsNumeral(buffer[start].value) { start += 1 }
            guard start < buffer.count else { return nil }
            let scanner = MoneyScanner(text: buffer, wholeString: true)
            guard case .money(let found) = scanner.candidate(at: start, floor: 0), found.start == 0 else { return nil }
            if found.end == buffer.count { return found.amount }
            // A price per unit: 3.5元/升, 2万元每平方米.
            let rest = buffer[found.end...]
            guard let mark = rest.first?.value, mark == 0x2F || mark == 0xFF0F || mark == 0x6BCF || mark == 0x4E00,
                  rest.count >= 2, rest.count <= 6,
                  !rest.dropFirst().contains(where: { NumeralScalar.startsNumeral($0.value) && $0.value != 0x5343 }) else {
                return nil
            }
            return found.amount
        }
    }

    /// Every amount of money in `text`, in reading order, with scalar offsets into `text`.
    public func mentions(in text: String) -> [MoneyMention] {
        mentions(in: Array(text.unicodeScalars))
    }

    /// Every amount of money in a text given as its Unicode scalars; offsets are indices into `scalars`.
    /// This is the entry for callers that already hold the scalars (the entity extractor).
    public func mentions(in scalars: [Unicode.Scalar]) -> [MoneyMention] {
        scalars.withUnsafeBufferPointer { mentions(in: $0) }
    }

    /// Every amount of money in a scalar buffer; offsets are indices into `buffer`.
    public func mentions(in buffer: UnsafeBufferPointer<Unicode.Scalar>) -> [MoneyMention] {
        var result: [MoneyMention] = []
        let scanner = MoneyScanner(text: buffer, wholeString: false)
        let count = buffer.count
        var index = 0
        var floor = 0
        let table = NumeralScalar.table
        while index < count {
            let value = buffer[index].value
            // Fast path: only digits and Chinese numerals can start an amount.
            if value < 0x30 || (value > 0x39 && value < 0x3007) || value >= 0x10000 {
                index += 1
                continue
            }
            let code = table[Int(value)] & 0x7F
            if code == 0 {
                index += 1
                continue
            }
            // A lone Chinese digit followed by nothing an amount can continue with (一些, 统一, 一个人).
            if code >= 2 && code <= 10 {
                let next = index + 1 < count ? buffer[index + 1].value : 0
                if next >= 0x10000 || table[Int(next)] == 0 {
                    index += 2
                    continue
                }
            }
            switch scanner.candidate(at: index, floor: floor) {
            case .money(let found):
                let text = makeString(found.start..<found.end) { buffer[$0].value }
                result.append(MoneyMention(range: found.start..<found.end, text: text, amount: found.amount))
                index = found.end
                floor = found.end
            case .skip(let next):
                index = Swift.max(next, index + 1)
            }
        }
        return result
    }
}

/// One amount recognised by the scanner.
struct FoundAmount {
    /// Start of the span (hedge or currency prefix included).
    var start: Int
    /// End of the span.
    var end: Int
    /// The amount.
    var amount: MoneyAmount
}

/// What the scanner made of a candidate numeral.
enum CandidateOutcome {
    /// An amount of money.
    case money(FoundAmount)
    /// Not money; scanning resumes at this offset.
    case skip(Int)
}

/// The grammar around one numeral: prefixes, currency, ranges, hedges and context.
struct MoneyScanner {
    /// The whole text.
    let text: UnsafeBufferPointer<Unicode.Scalar>
    /// True when the text is known to be exactly one amount (parse): no context is needed.
    let wholeString: Bool

    /// How far back and forward money context is looked for, in scalars.
    static let contextBefore = 12, contextAfter = 6

    /// The scalar value at `position`, or 0 outside the text.
    @inline(__always)
    func at(_ position: Int) -> UInt32 {
        position >= 0 && position < text.count ? text[position].value : 0
    }

    /// True for ASCII letters.
    @inline(__always)
    static func isLatinLetter(_ value: UInt32) -> Bool {
        (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
    }

    /// The currency after `position`: (end, ISO code, whether it is 元 so 角/分 may follow).
    func currencySuffix(at position: Int) -> (end: Int, code: String, isYuan: Bool)? {
        // 3块5毛: 块 is 元 when 角/毛 follow it.
        if at(position) == 0x5757 || at(position) == 0x584A, singleDigit(at: position + 1) != nil,
           at(position + 2) == 0x6BDB || at(position + 2) == 0x89D2 {
            return (position + 1, "CNY", true)
        }
        // 人民币 100 元: one space between an Arabic number and its currency word.
        if at(position) == 0x20 || at(position) == 0x3000, position > 0, case .arabic = NumeralScalar.of(at(position - 1)),
           let match = MoneyLexicon.currencySuffixes.match(text, at: position + 1, limit: text.count),
           match.payload == MoneyLexicon.yuanPayload || match.length > 1 {
            return currencySuffix(at: position + 1)
        }
        if let match = MoneyLexicon.currencySuffixes.match(text, at: position, limit: text.count) {
            let end = position + match.length
            if match.payload == MoneyLexicon.yuanPayload {
                // 元 followed by a currency name (100万元港币) takes that currency.
                if let named = MoneyLexicon.currencySuffixes.match(text, at: end, limit: text.count),
                   named.payload != MoneyLexicon.yuanPayload, named.payload != 0 {
                    return (end + named.length, MoneyLexicon.currencyCodes[named.payload], false)
                }
                if at(end) == 0x4EBA, let named = MoneyLexicon.currencySuffixes.match(text, at: end, limit: text.count),
                   named.payload == 0 {
                    return (end + named.length, "CNY", true)   // 元人民币 written with a break
                }
                return (end, "CNY", true)
            }
            return (end, MoneyLexicon.currencyCodes[match.payload], false)
        }
        // ISO codes, optionally after one space, not inside a longer Latin word.
        var start = position
        if at(start) == 0x20 { start += 1 }
        if let match = MoneyLexicon.latinCurrencySuffixes.match(text, at: start, limit: text.count),
           !MoneyScanner.isLatinLetter(at(start + match.length)) {
            return (start + match.length, MoneyLexicon.currencyCodes[match.payload], false)
        }
        return nil
    }

    /// 1角1分 after 元: the amount of jiao and fen and the end (123元1角1分 → 0.11).
    func jiaoFen(at position: Int) -> (value: ExactDecimal, end: Int)? {
        var index = position
        var total = ExactDecimal.zero
        var found = false
        if at(index) == 0x96F6 { index += 1 }   // 零
        if let digit = singleDigit(at: index), at(index + 1) == 0x89D2 || at(index + 1) == 0x6BDB {   // 角 毛
            total = total + ExactDecimal(Int(digit)).shifted(by: -1)
            index += 2
            found = true
            if at(index) == 0x96F6 { index += 1 }
        }
        if let digit = singleDigit(at: index), at(index + 1) == 0x5206,   // 分
           at(index + 2) != 0x949F, at(index + 2) != 0x4E4B {            // not 分钟, 分之
            total = total + ExactDecimal(Int(digit)).shifted(by: -2)
            index += 2
            found = true
        }
        guard found else { return nil }
        if at(index) == 0x94B1 { index += 1 }   // 钱
        return (total, index)
    }

    /// A single digit 0…9, Arabic or Chinese, at `position`.
    func singleDigit(at position: Int) -> UInt8? {
        switch NumeralScalar.of(at(position)) {
        case .arabic(let digit), .digit(let digit):
            if case .arabic = NumeralScalar.of(at(position + 1)) { return nil }
            return digit
        default:
            return nil
        }
    }

    /// Currency written before the numeral at `position`: (start, ISO code).
    func currencyPrefix(before position: Int, floor: Int) -> (start: Int, code: String)? {
        var end = position
        if at(end - 1) == 0x20 && end - 1 > floor { end -= 1 }
        guard let match = MoneyLexicon.currencyPrefixes.match(text, endingAt: end, floor: floor) else { return nil }
        let start = end - match.length
        // A Latin code must not be the tail of a longer word (SUSD, ...).
        if MoneyScanner.isLatinLetter(text[start].value) && MoneyScanner.isLatinLetter(at(start - 1)) && start - 1 >= floor {
            return nil
        }
        return (start, MoneyLexicon.currencyCodes[match.payload])
    }

    /// A hedge word written before `position` (with an optional connector such as 了, 为, 达): (start, qualifier).
    func hedgePrefix(before position: Int, floor: Int) -> (start: Int, qualifier: MoneyQualifier)? {
        // (end, whether a modal or verb stands between the hedge and the number)
        var ends = [(position, false)]
        var cursor = position
        if let connector = MoneyLexicon.hedgeConnectors.match(text, endingAt: position, floor: floor) {
            cursor -= connector.length
            ends.append((cursor, false))
        }
        for _ in 0..<3 {
            guard let verb = MoneyLexicon.hedgeVerbs.match(text, endingAt: cursor, floor: floor) else { break }
            cursor -= verb.length
            ends.append((cursor, true))
        }
        for (end, separated) in ends {
            guard let match = MoneyLexicon.prefixHedges.match(text, endingAt: end, floor: floor) else { continue }
            if separated && match.length < 2 { continue }   // 附近可罚: only 最高, 至少 … reach over a verb
            let start = end - match.length
            if match.length == 1, let blocked = MoneyLexicon.blockedBeforeHedge[text[start].value],
               start - 1 >= 0, blocked.contains(text[start - 1].value) {
                continue
            }
            return (start, MoneyScanner.qualifier(match.payload))
        }
        return nil
    }

    /// The qualifier for a hedge payload.
    static func qualifier(_ payload: Int) -> MoneyQualifier {
        switch payload {
        case MoneyLexicon.over: return .over
        case MoneyLexicon.under: return .under
        default: return .approx
        }
    }

    /// True when money context surrounds an amount without a currency: a money word before it in the
    /// same clause (nearer than any counting word) or shortly after it (10亿相关费用, 十亿“助农券”).
    func hasMoneyContext(start: Int, end: Int, floor: Int) -> Bool {
        if wholeString { return true }
        // After: a money word within a few scalars, before any counting word or clause break.
        var position = end
        let afterLimit = Swift.min(text.count, end + MoneyScanner.contextAfter)
        while position < afterLimit {
            let value = text[position].value
            // A list separator starts the next item (5.96亿、旅游花费…).
            if MoneyLexicon.clauseBreaks.contains(value) || value == 0x3001 { break }
            let money = MoneyLexicon.moneyWords.match(text, at: position, limit: text.count)
            let count = MoneyLexicon.countWords.match(text, at: position, limit: text.count)
            if let money, (count?.length ?? 0) < money.length { return true }
            // The amount modifies a counted noun (数千万失能老年人家庭, 3万多供货商); one-scalar words
            // such as 量 or 人 decide only right after the number, where isCountAfter looks.
            if let count, count.length > 1 { return false }
            if position > end, let measure = MoneyLexicon.measureWords.match(text, at: position, limit: text.count),
               measure.length > 1 { return false }
            if NumeralScalar.startsNumeral(value) { break }
            position += 1
        }
        // Before: the nearest money or counting word in the clause decides.
        var cursor = start
        let beforeFloor = Swift.max(0, start - MoneyScanner.contextBefore)
        while cursor > beforeFloor {
            let value = text[cursor - 1].value
            if MoneyLexicon.clauseBreaks.contains(value) { break }
            let money = MoneyLexicon.moneyWords.match(text, endingAt: cursor, floor: beforeFloor)
            let count = MoneyLexicon.countWords.match(text, endingAt: cursor, floor: beforeFloor)
            if let money, (count?.length ?? 0) < money.length { return true }
            if count != nil { return false }
            cursor -= 1
        }
        return false
    }

    /// True when a count or measure word stands at `position` (人, 吨, 用户, %, 倍 …) or a Latin unit (kWh).
    func isCountAfter(_ position: Int) -> Bool {
        if MoneyLexicon.measureWords.match(text, at: position, limit: text.count) != nil { return true }
        if MoneyLexicon.countWords.match(text, at: position, limit: text.count) != nil { return true }
        return MoneyScanner.isLatinLetter(at(position))
    }

    /// Reads hedge words after an amount, returning the strongest one and the new end.
    func suffixHedges(at position: Int) -> (qualifier: MoneyQualifier?, end: Int) {
        var index = position
        var qualifier: MoneyQualifier?
        while let match = MoneyLexicon.suffixHedges.match(text, at: index, limit: text.count) {
            let found = MoneyScanner.qualifier(match.payload)
            // 上下游 and 上下级 are not "about".
            if found == .approx, match.length == 2, at(index) == 0x4E0A {
                let after = at(index + 2)
                if after != 0 && !MoneyLexicon.clauseBreaks.contains(after) && after != 0x7684 && after != 0x3002 { break }
            }
            qualifier = MoneyScanner.stronger(qualifier, found)
            index += match.length
        }
        return (qualifier, index)
    }

    /// Two hedges on one amount keep the stronger sense: over/under beat approx; the first of over/under wins.
    static func stronger(_ current: MoneyQualifier?, _ next: MoneyQualifier?) -> MoneyQualifier? {
        guard let current else { return next }
        guard let next else { return current }
        if current == .approx { return next }
        return current
    }

    /// Examines the numeral starting at `start` (a scalar that starts a numeral). `floor` is where
    /// the previous amount ended: prefixes are not looked for before it. `pairing` allows looking
    /// one amount ahead for X以上Y以下 (never deeper, so no input can recurse far).
    func candidate(at start: Int, floor: Int, pairing: Bool = true) -> CandidateOutcome {
        guard let first = Numeral.parse(text, at: start, limit: text.count) else { return .skip(start + 1) }
        let skip = CandidateOutcome.skip(first.end)
        // A number glued to Latin letters or to another number is a code or a version (A320, G20, CO2).
        let before = at(start - 1)
        let prefixCurrency = currencyPrefix(before: start, floor: floor)
        if first.hasArabic, start > floor, prefixCurrency == nil,
           MoneyScanner.isLatinLetter(before) || (before >= 0x30 && before <= 0x39) || before == 0x2E || before == 0x2F {
            return skip
        }
        var lo = first.bounds.lo
        var hi = first.bounds.hi
        var hasBig = first.hasBigUnit
        var qualifier: MoneyQualifier? = first.innerHedge
        var end = first.end
        var currency: String?
        var isYuan = false
        var isBareMagnitude = first.bare
        var loneBig = first.loneBigUnit
        var isRange = false

        // Prefixes: currency and hedge, in either order (超过人民币100万元, 人民币超过100万元).
        var spanStart = start
        if let prefix = prefixCurrency {
            currency = prefix.code
            spanStart = prefix.start
        }
        if let hedge = hedgePrefix(before: spanStart, floor: floor) {
            qualifier = MoneyScanner.stronger(hedge.qualifier, qualifier)
            spanStart = hedge.start
            if currency == nil, let prefix = currencyPrefix(before: spanStart, floor: floor) {
                currency = prefix.code
                spanStart = prefix.start
            }
        } else if first.bare, at(spanStart - 1) == 0x4E0A, spanStart - 1 >= floor {
            // 上百万, 上亿: "reaching over".
            qualifier = MoneyScanner.stronger(.over, qualifier)
            spanStart -= 1
        }
        // 每百元, 每万元: a unit of account, not an amount.
        if first.bare, at(spanStart - 1) == 0x6BCF { return skip }

        // English magnitude after a sign ($3.5 billion).
        if currency != nil, first.hasArabic, !hasBig {
            var position = end
            if at(position) == 0x20 { position += 1 }
            if let magnitude = MoneyLexicon.englishMagnitudes.match(text, at: position, limit: text.count),
               !MoneyScanner.isLatinLetter(at(position + magnitude.length)) {
                lo = lo.shifted(by: magnitude.payload)
                hi = hi.shifted(by: magnitude.payload)
                hasBig = true
                end = position + magnitude.length
            }
        }

        // 多/余 between the number and its currency (1000多元, 100余万元 is inside the numeral).
        if let inner = MoneyLexicon.suffixHedges.match(text, at: end, limit: text.count), inner.length == 1,
           at(end) == 0x591A || at(end) == 0x4F59 || at(end) == 0x9918, currencySuffix(at: end + 1) != nil {
            qualifier = MoneyScanner.stronger(qualifier, .over)
            end += 1
        }

        // Currency after the number.
        if let suffix = currencySuffix(at: end) {
            // 壹拾壹元壹角壹分, 十块三毛: 角/分 after 元 make it money whatever the numeral.
            let jiaoFollows = suffix.isYuan && jiaoFen(at: suffix.end) != nil
            // 圆 after one Chinese digit is a verb more often than money (大陆圆了梦): only 陆圆整 and 陆圆伍角 count.
            if at(end) == 0x5706 || at(end) == 0x5713, !first.hasArabic, first.end - first.start < 2, !jiaoFollows,
               at(suffix.end) != 0x6574, at(suffix.end) != 0x6B63 {
                return skip
            }
            if suffix.isYuan, !first.hasBigUnit, !jiaoFollows {
                let after = at(end + 1)
                if MoneyLexicon.notYuanAfter.contains(after) || MoneyLexicon.notYuanAfter.contains(at(suffix.end)) {
                    return skip   // 一元化, 三元里, 元旦
                }
                if !first.hasArabic, MoneyLexicon.isIdeograph(after),
                   !MoneyLexicon.yuanAfterChineseSmall.contains(after)
                    || (after == 0x6B63 && MoneyLexicon.isIdeograph(at(end + 2))) {
                    return skip   // 二元结构, 一元复始 (二十元／人 and 五十元， are money)
                }
            }
            if suffix.code == "JPY", at(start - 1) == 0x6708 {
                return skip   // 5月1日元旦: a date, not yen
            }
            // 港币两千九百六十元: a currency written before the number is not undone by a plain 元.
            if !(suffix.isYuan && currency != nil) { currency = suffix.code }
            isYuan = suffix.isYuan
            end = suffix.end
            // 3个万亿元级: an order of magnitude used as an adjective, not an amount.
            if at(end) == 0x7EA7 && !first.bare { return skip }
            if at(end) == 0x6574 {
                end += 1   // 整, as on cheques: 壹万元整
            } else if isYuan, at(end) == 0x6B63, !MoneyLexicon.isIdeograph(at(end + 1)) {
                end += 1   // 正 likewise (叁万元正), but not 正好, 正在
            }
        } else if !hasBig && lo == hi {
            // 5角钱, 8分钱 on their own.
            let unit = at(end)
            if first.isSingleDigit, unit == 0x89D2 || unit == 0x6BDB {
                // Only with 钱 after it or 分 completing it (5角钱, 1角1分): 三角, 一角 alone are not money.
                if let jiao = jiaoFen(at: start), at(jiao.end - 1) == 0x94B1 || at(jiao.end - 1) == 0x5206 {
                    lo = jiao.value
                    hi = jiao.value
                    currency = "CNY"
                    end = jiao.end
                }
            } else if unit == 0x5206 && at(end + 1) == 0x94B1 {
                lo = lo.shifted(by: -2)
                hi = hi.shifted(by: -2)
                currency = "CNY"
                end += 2
            }
        }

        // （含）before a hedge or a range dash: 50万元（含）以上, 1万(含)-5万元.
        if at(end + 1) == 0x542B, (at(end) == 0xFF08 && at(end + 2) == 0xFF09) || (at(end) == 0x28 && at(end + 2) == 0x29),
           MoneyLexicon.suffixHedges.match(text, at: end + 3, limit: text.count) != nil
            || MoneyLexicon.rangeSeparators.match(text, at: end + 3, limit: text.count) != nil {
            end += 3
        }

        // A range: 10-20亿元, 10至20亿元, 10亿元至20亿元.
        if let separator = MoneyLexicon.rangeSeparators.match(text, at: end, limit: text.count),
           NumeralScalar.startsNumeral(at(end + separator.length)),
           let second = Numeral.parse(text, at: end + separator.length, limit: text.count),
           first.innerHedge == nil, second.innerHedge == nil {
            var secondEnd = second.end
            let secondCurrency = currencySuffix(at: secondEnd)
            let consistent: Bool
            if let currency, let secondCurrency {
                consistent = currency == secondCurrency.code
            } else {
                consistent = true
            }
            if consistent && (secondCurrency != nil || (second.hasBigUnit && !isCountAfter(second.end))) {
                var firstLo = lo
                // 10-20亿: the first number takes the second's magnitude, unless that makes it larger
                // than the second (3000到30万元 is 3000 to 300000).
                // 两到三千, 两~3百, 三到五千万: a first number with no unit takes the second's leading 百 or 千
                // as well; when that makes it too large, the magnitude alone (5-10万 is 5万 to 10万).
                var carries: [Int] = []
                if !hasBig && !first.hasUnit && second.leadingSmallUnit > 1 {
                    carries.append(second.leadingSmallUnit + second.trailingMagnitude)
                }
                if !hasBig && second.trailingMagnitude > 0 { carries.append(second.trailingMagnitude) }
                if let carry = carries.first(where: { lo.shifted(by: $0) < second.bounds.hi }) {
                    firstLo = firstLo.shifted(by: carry)
                }
                if firstLo < second.bounds.hi && second.bounds.hi.isZero == false
                    && !(second.hasArabic && first.hasArabic && isYearPair(first, second)) {
                    lo = firstLo
                    hi = second.bounds.hi
                    hasBig = hasBig || second.hasBigUnit
                    isBareMagnitude = false
                    loneBig = false
                    isRange = true
                    if let secondCurrency {
                        currency = secondCurrency.code
                        isYuan = secondCurrency.isYuan
                        secondEnd = secondCurrency.end
                    }
                    end = secondEnd
                }
            }
        }

        // 123元1角1分.
        if isYuan, !isRange, let jiao = jiaoFen(at: end) {
            lo = lo + jiao.value
            hi = hi + jiao.value
            end = jiao.end
        }

        // Hedges after the amount (左右, 以上, 多 …) and 千万级.
        let suffix = suffixHedges(at: end)
        if suffix.end > end {
            qualifier = MoneyScanner.stronger(qualifier, suffix.qualifier)
            end = suffix.end
        }
        var orderOfMagnitude = false
        if isBareMagnitude && !isRange && at(end) == 0x7EA7 {   // 级
            orderOfMagnitude = true
            qualifier = MoneyScanner.stronger(qualifier, .approx)
            end += 1
        }

        // 300亿、400亿和600亿美元: a list names its currency once, after the last item.
        if currency == nil, hasBig, first.trailingMagnitude > 0,
           let listed = listCurrency(after: end, magnitude: first.trailingMagnitude) {
            currency = listed
        }

        // Is it money?
        if currency == nil {
            guard hasBig else { return skip }
            if loneBig && qualifier == nil { return skip }   // 万家, 亿万: a lone 万/亿 needs a hedge
            if !orderOfMagnitude && isCountAfter(end) { return skip }
            if !wholeString && !hasMoneyContext(start: spanStart, end: end, floor: floor) { return skip }
        } else if loneBig && qualifier == nil && !wholeString {
            return skip   // 万元户, 每亿元: a unit, not an amount
        }
        if lo.isZero && hi.isZero && currency == nil { return skip }

        // X以上Y以下: a range written with two hedges.
        if pairing, qualifier == .over, !isRange, NumeralScalar.startsNumeral(at(end)) {
            let next = candidate(at: end, floor: end, pairing: false)
            if case .money(let upper) = next, upper.amount.qualifier == .under, upper.start == end,
               upper.amount.currency == (currency ?? "CNY"),
               let upperValue = ExactDecimal(upper.amount.value), lo < upperValue {
                return .money(FoundAmount(start: spanStart, end: upper.end, amount: MoneyAmount(
                    value: lo.description, currency: upper.amount.currency, qualifier: .range,
                    min: lo.description, max: upperValue.description)))
            }
        }

        let amount: MoneyAmount
        if lo != hi {
            amount = MoneyAmount(value: lo.description, currency: currency ?? "CNY", qualifier: .range,
                                 min: lo.description, max: hi.description)
        } else {
            amount = MoneyAmount(value: lo.description, currency: currency ?? "CNY", qualifier: qualifier ?? .exact)
        }
        return .money(FoundAmount(start: spanStart, end: end, amount: amount))
    }

    /// The currency of a list of amounts that names it only after its last item (300亿、400亿和600亿美元):
    /// the items after `position` are amounts ending in the same magnitude (万, 亿, 万亿) joined by 、和及与或;
    /// nil when the list ends otherwise (100万、120万和130万亿元 is not a list of 万 amounts).
    func listCurrency(after position: Int, magnitude: Int) -> String? {
        var index = position
        for _ in 0..<8 {
            switch at(index) {
            case 0x3001, 0x548C, 0x53CA, 0x4E0E, 0x6216: break   // 、 和 及 与 或
            default: return nil
            }
            let start = index + 1
            guard NumeralScalar.startsNumeral(at(start)),
                  let item = Numeral.parse(text, at: start, limit: text.count),
                  item.trailingMagnitude == magnitude else { return nil }
            if let suffix = currencySuffix(at: item.end) { return suffix.code }
            index = item.end
        }
        return nil
    }

    /// True when two Arabic numbers joined by a dash look like years (2021-2022).
    func isYearPair(_ first: Numeral, _ second: Numeral) -> Bool {
        first.end - first.start == 4 && second.end - second.start == 4 && !first.hasBigUnit && !second.hasBigUnit
    }
}
