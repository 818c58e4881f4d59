/// A lower and an upper bound; equal for an exact number, apart for 十几, 一二十, 几百.
struct Bounds: Sendable, Hashable {
    /// Lower bound.
    var lo: ExactDecimal
    /// Upper bound.
    var hi: ExactDecimal

    /// Zero.
    static let zero = Bounds(lo: .zero, hi: .zero)

    /// One exact value.
    init(_ value: ExactDecimal) {
        lo = value
        hi = value
    }

    /// Two bounds.
    init(lo: ExactDecimal, hi: ExactDecimal) {
        self.lo = lo
        self.hi = hi
    }

    /// True when both bounds are zero.
    var isZero: Bool { lo.isZero && hi.isZero }

    /// Both bounds times 10^power.
    func shifted(by power: Int) -> Bounds { Bounds(lo: lo.shifted(by: power), hi: hi.shifted(by: power)) }

    /// Bound-wise sum.
    static func + (lhs: Bounds, rhs: Bounds) -> Bounds { Bounds(lo: lhs.lo + rhs.lo, hi: lhs.hi + rhs.hi) }
}

/// A number as written: Arabic, Chinese, financial or mixed, with its magnitudes (1.5万亿, 三千五百万, 十几亿).
struct Numeral: Sendable {
    /// Scalar offset of the first scalar.
    var start: Int
    /// Scalar offset after the last scalar.
    var end: Int
    /// The value (two bounds when the numeral is vague or a digit pair).
    var bounds: Bounds
    /// True when Arabic digits occur.
    var hasArabic: Bool
    /// True when 万 or 亿 occurs.
    var hasBigUnit: Bool
    /// The power of ten of the magnitude the numeral ends with (4 for 万, 8 for 亿, 12 for 万亿), else 0.
    var trailingMagnitude: Int
    /// The power of the small unit right after the numeral's first coefficient (3 in 三千, 五千万, 5千五;
    /// 0 in 20亿, 十万): a range's first number may take it (两到三千 is 2000 to 3000, 三到五千万 3000万 to 5000万).
    var leadingSmallUnit: Int
    /// True when any unit (十 百 千 万 亿, 廿 卅) occurs.
    var hasUnit: Bool
    /// True when the numeral opens with a unit and no coefficient (十亿, 百万, 万亿).
    var bare: Bool
    /// True when the numeral is only 万 or only 亿.
    var loneBigUnit: Bool
    /// A hedge written inside the numeral (2170余万: over; 十来万: approx).
    var innerHedge: MoneyQualifier?
    /// True when the numeral is a plain integer of one digit (for 角 and 分).
    var isSingleDigit: Bool
}

/// The kinds of scalar the numeral grammar reads.
enum NumeralScalar {
    case arabic(UInt8)
    case digit(UInt8)
    case zero
    case smallUnit(Int)
    case bigUnit(Int)
    case several      // 几: a digit 1…9 (after a unit) or 2…9 (as a coefficient)
    case severalCoefficient   // 数: 2…9, only before a unit
    case tens(UInt8)          // 廿 卅 卌: 20, 30, 40 (a digit and 十 in one scalar)
    case other

    /// Class codes of the BMP, one byte per scalar: the low 7 bits encode the kind (0 = other), the
    /// high bit marks scalars that may follow a lone Chinese digit in an amount (元, 个, 点, 美 …).
    static let table: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 0x10000)
        for value in 0..<UInt32(0x10000) {
            switch classify(value) {
            case .other: break
            case .zero: table[Int(value)] = 1
            case .digit(let digit): table[Int(value)] = 1 + digit
            case .smallUnit(let power): table[Int(value)] = 10 + UInt8(power)
            case .bigUnit(let power): table[Int(value)] = power == 4 ? 14 : 15
            case .several: table[Int(value)] = 16
            case .severalCoefficient: table[Int(value)] = 17
            case .arabic(let digit): table[Int(value)] = 20 + digit
            case .tens(let digit): table[Int(value)] = 30 + digit
            }
        }
        for word in ["元", "块", "角", "毛", "分", "个", "点", "余", "多", "来", "-", "~", "～", "至", "到", "—", "－",
                     "塊", "個", "點", "餘", "來"]
            + MoneyLexicon.currencySuffixesText {
            if let first = word.unicodeScalars.first, first.value < 0x10000 { table[Int(first.value)] |= 0x80 }
        }
        return table
    }()

    /// Classifies one scalar value (through the table for the BMP).
    @inline(__always)
    static func of(_ value: UInt32) -> NumeralScalar {
        guard value < 0x10000 else { return .other }
        let code = table[Int(value)] & 0x7F
        switch code {
        case 0: return .other
        case 1: return .zero
        case 2...10: return .digit(code - 1)
        case 11...13: return .smallUnit(Int(code - 10))
        case 14: return .bigUnit(4)
        case 15: return .bigUnit(8)
        case 16: return .several
        case 17: return .severalCoefficient
        case 20...29: return .arabic(code - 20)
        case 30...39: return .tens(code - 30)
        default: return .other
        }
    }

    /// Classifies one scalar value by its code point.
    static func classify(_ value: UInt32) -> NumeralScalar {
        if value >= 0x30 && value <= 0x39 { return .arabic(UInt8(value - 0x30)) }
        if value < 0x3007 { return .other }
        if value >= 0xFF10 && value <= 0xFF19 { return .arabic(UInt8(value - 0xFF10)) }
        switch value {
        case 0x3007, 0x96F6: return .zero                                   // 〇 零
        case 0x4E00, 0x58F9, 0x5F0C: return .digit(1)                       // 一 壹 弌
        case 0x4E8C, 0x8D30, 0x8CB3, 0x4E24, 0x5169, 0x8CAE: return .digit(2) // 二 贰 貳 两 兩 貮
        case 0x4E09, 0x53C1, 0x53C3, 0x53C4, 0x53C2: return .digit(3)       // 三 叁 參 叄 参
        case 0x56DB, 0x8086: return .digit(4)                               // 四 肆
        case 0x4E94, 0x4F0D: return .digit(5)                               // 五 伍
        case 0x516D, 0x9646, 0x9678: return .digit(6)                       // 六 陆 陸
        case 0x4E03, 0x67D2: return .digit(7)                               // 七 柒
        case 0x516B, 0x634C: return .digit(8)                               // 八 捌
        case 0x4E5D, 0x7396: return .digit(9)                               // 九 玖
        case 0x5341, 0x62FE: return .smallUnit(1)                           // 十 拾
        case 0x767E, 0x4F70: return .smallUnit(2)                           // 百 佰
        case 0x5343, 0x4EDF: return .smallUnit(3)                           // 千 仟
        case 0x4E07, 0x842C: return .bigUnit(4)                             // 万 萬
        case 0x4EBF, 0x5104: return .bigUnit(8)                             // 亿 億
        case 0x51E0, 0x5E7E: return .several                                // 几 幾
        case 0x6570, 0x6578: return .severalCoefficient                     // 数 數
        case 0x5EFF: return .tens(2)                                        // 廿
        case 0x5345: return .tens(3)                                        // 卅
        case 0x534C: return .tens(4)                                        // 卌
        default: return .other
        }
    }

    /// True for the scalars a numeral can start with (the scanner wakes up only on these).
    @inline(__always)
    static func startsNumeral(_ value: UInt32) -> Bool {
        value < 0x10000 && table[Int(value)] & 0x7F != 0
    }

    /// True for 万 and 亿 (and their traditional forms).
    static func isBigUnit(_ value: UInt32) -> Bool {
        if case .bigUnit = of(value) { return true }
        return false
    }

    /// True for any unit (十 百 千 万 亿).
    static func isUnit(_ value: UInt32) -> Bool {
        switch of(value) {
        case .smallUnit, .bigUnit: return true
        default: return false
        }
    }
}

extension Numeral {
    /// 余, 多, 来, 个, 点, and the ASCII/full-width decimal points and separators.
    private static let yu: UInt32 = 0x4F59, yuTraditional: UInt32 = 0x9918, duo: UInt32 = 0x591A
    private static let lai: UInt32 = 0x6765, laiTraditional: UInt32 = 0x4F86
    private static let ge: UInt32 = 0x4E2A, geTraditional: UInt32 = 0x500B
    private static let dian: UInt32 = 0x70B9, dianTraditional: UInt32 = 0x9EDE

    /// True for a Chinese digit or 零 (what may follow 点 in 三点五, 零点零一).
    @inline(__always)
    static func isChineseDigitOrZero(_ kind: NumeralScalar) -> Bool {
        switch kind {
        case .digit, .zero: return true
        default: return false
        }
    }

    /// True for 个 and 個.
    @inline(__always)
    private static func isGe(_ value: UInt32) -> Bool { value == ge || value == geTraditional }

    /// Reads an Arabic number at `start`: digits with optional thousands separators (1,234 or １，２３４)
    /// and a decimal part (１．５); returns the value, the end, its integer digit count and whether it has a fraction.
    static func arabic(_ text: UnsafeBufferPointer<Unicode.Scalar>, at start: Int, limit: Int)
        -> (value: ExactDecimal, end: Int, integerDigits: Int, hasFraction: Bool)? {
        var digits: [UInt8] = []
        var index = start
        func digit(at position: Int) -> UInt8? {
            guard position < limit else { return nil }
            if case .arabic(let value) = NumeralScalar.of(text[position].value) { return value }
            return nil
        }
        while let value = digit(at: index) {
            digits.append(value)
            index += 1
        }
        if digits.isEmpty { return nil }
        // Thousands separators: only after a group of 1…3 digits and before groups of exactly 3.
        if digits.count <= 3 {
            while index < limit {
                let separator = text[index].value
                guard separator == 0x2C || separator == 0xFF0C else { break }
                guard let a = digit(at: index + 1), let b = digit(at: index + 2), let c = digit(at: index + 3),
                      digit(at: index + 4) == nil else { break }
                digits.append(contentsOf: [a, b, c])
                index += 4
            }
        }
        let integerDigits = digits.count
        var fraction = 0
        if index + 1 < limit, text[index].value == 0x2E || text[index].value == 0xFF0E, digit(at: index + 1) != nil {
            index += 1
            while let value = digit(at: index) {
                digits.append(value)
                fraction += 1
                index += 1
            }
        }
        return (ExactDecimal(bigEndianDigits: digits, fractionCount: fraction), index, integerDigits, fraction > 0)
    }

    /// Parses the longest numeral starting at `start` (which must be a scalar that starts a numeral);
    /// nil when nothing numeric is there. The grammar is the usual one: coefficient–unit pairs within a
    /// 万-section (三千五百), sections joined by 万 and 亿 (3亿5000万), 万亿 stacked, 零 as a filler,
    /// a bare leading unit (十亿, 百万), a trailing digit one place below the last unit (三百五, 一万二),
    /// neighbouring digits as a range (一二十, 十七八), 几/数 as vague digits, 余/多/来 before 万/亿,
    /// spoken 个亿 (两个亿), and a Chinese decimal point (三点五亿).
    static func parse(_ text: UnsafeBufferPointer<Unicode.Scalar>, at start: Int, limit: Int) -> Numeral? {
        var index = start
        var high = Bounds.zero
        var mid = Bounds.zero
        var section = Bounds.zero
        var pending: Bounds?
        var chineseRun: [UInt8] = []        // consecutive Chinese digits with no unit between (positional)
        var pendingIsPair = false
        var pendingIsSingleDigit = false
        var unitBeforePending: Int?         // power of the unit right before the pending digit
        var lastUnit: Int?                  // power of the last unit consumed, if the last token was a unit
        var lastSmallInSection: Int?
        var lastBig: Int?
        var lastTokenBig: Int?
        var zeroFiller = false
        var seen = false
        var hasArabic = false
        var hasBig = false
        var bare = false
        var trailing = 0
        var leadingSmall = 0
        var hasUnit = false
        var innerHedge: MoneyQualifier?
        var tokens = 0
        var end = start

        func next(_ position: Int) -> NumeralScalar {
            position < limit ? NumeralScalar.of(text[position].value) : .other
        }
        func isUnitAt(_ position: Int) -> Bool {
            switch next(position) {
            case .smallUnit, .bigUnit: return true
            default: return position + 1 < limit && isGe(text[position].value) && NumeralScalar.isBigUnit(text[position + 1].value)
            }
        }

        var bareBigStart = false            // 万 or 亿 with no coefficient: only 万亿 may follow
        scan: while index < limit {
            let value = text[index].value
            let kind = NumeralScalar.of(value)
            if bareBigStart {
                guard case .bigUnit(8) = kind, lastTokenBig == 4 else { break scan }
            }
            switch kind {
            case .arabic:
                if pending != nil || !chineseRun.isEmpty { break scan }
                guard let number = arabic(text, at: index, limit: limit) else { break scan }
                pending = Bounds(number.value)
                pendingIsSingleDigit = number.integerDigits == 1 && !number.hasFraction
                unitBeforePending = zeroFiller ? nil : lastUnit
                hasArabic = true
                index = number.end
            case .digit(let digit):
                if pending != nil && chineseRun.isEmpty { break scan }
                if pendingIsPair { break scan }
                if let previous = chineseRun.last, chineseRun.count == 1, digit == previous + 1, isUnitAt(index + 1) {
                    // 一二十亿, 三四百万, 十七八亿: two neighbouring digits are a range.
                    let lo = ExactDecimal(Int(previous)), hi = ExactDecimal(Int(digit))
                    pending = Bounds(lo: lo, hi: hi)
                    pendingIsPair = true
                    pendingIsSingleDigit = false
                    chineseRun.append(digit)
                    index += 1
                } else if !chineseRun.isEmpty {
                    // Positional digits (二〇二二) only before any unit.
                    if seen && tokens > chineseRun.count { break scan }
                    chineseRun.append(digit)
                    pending = Bounds(ExactDecimal(bigEndianDigits: chineseRun, fractionCount: 0))
                    pendingIsSingleDigit = false
                    index += 1
                } else {
                    chineseRun = [digit]
                    pending = Bounds(ExactDecimal(Int(digit)))
                    pendingIsSingleDigit = true
                    unitBeforePending = zeroFiller ? nil : lastUnit
                    index += 1
                }
            case .zero:
                if !chineseRun.isEmpty && !pendingIsPair {
                    if seen && tokens > chineseRun.count { break scan }
                    chineseRun.append(0)
                    pending = Bounds(ExactDecimal(bigEndianDigits: chineseRun, fractionCount: 0))
                    pendingIsSingleDigit = false
                    index += 1
                } else if lastUnit != nil {
                    zeroFiller = true
                    index += 1
                } else if !seen {
                    chineseRun = [0]
                    pending = .zero
                    pendingIsSingleDigit = true
                    index += 1
                } else {
                    break scan
                }
            case .smallUnit(let power):
                let afterFirstCoefficient = tokens == 1 && pending != nil && !pendingIsPair && !hasUnit
                let coefficient: Bounds
                if let current = pending {
                    if chineseRun.count > 1 && !pendingIsPair { break scan }
                    coefficient = current
                } else if !seen {
                    coefficient = Bounds(ExactDecimal(1))
                    bare = true
                } else if power == 1 && zeroFiller {
                    coefficient = Bounds(ExactDecimal(1))      // 一百零十 is not written, but 一万零十 is 10010
                } else if power == 1 && lastUnit == 2 && lastSmallInSection == 2 {
                    coefficient = Bounds(ExactDecimal(1))      // 一百十一: spoken for 一百一十一
                } else {
                    break scan
                }
                if let previous = lastSmallInSection, power >= previous { break scan }
                section = section + coefficient.shifted(by: power)
                pending = nil
                chineseRun = []
                pendingIsPair = false
                pendingIsSingleDigit = false
                lastSmallInSection = power
                lastUnit = power
                trailing = 0
                if afterFirstCoefficient { leadingSmall = power }
                hasUnit = true
                lastTokenBig = nil
                zeroFiller = false
                index += 1
            case .tens(let digit):
                // 廿二 = 22, 三百廿 = 320: a coefficient and 十 in one scalar.
                if pending != nil || !chineseRun.isEmpty { break scan }
                if let previous = lastSmallInSection, previous <= 1 { break scan }
                section = section + Bounds(ExactDecimal(Int(digit) * 10))
                pendingIsPair = false
                pendingIsSingleDigit = false
                lastSmallInSection = 1
                lastUnit = 1
                trailing = 0
                hasUnit = true
                lastTokenBig = nil
                zeroFiller = false
                index += 1
            case .bigUnit(let power):
                if pending == nil && section.isZero {
                    if !seen {
                        bare = true
                        bareBigStart = true
                        pending = Bounds(ExactDecimal(1))
                    } else if power == 8 && lastTokenBig == 4 {
                        // 万亿: the 万-level amount becomes a 万亿-level one.
                        high = (high + mid).shifted(by: 8)
                        mid = .zero
                        trailing = 12
                        lastBig = 8
                        lastTokenBig = 8
                        lastUnit = 8
                        index += 1
                        seen = true
                        tokens += 1
                        end = index
                        continue scan
                    } else {
                        break scan
                    }
                }
                if chineseRun.count > 1 && !pendingIsPair { break scan }
                let amount = section + (pending ?? .zero)
                if power == 4 {
                    if !mid.isZero || lastTokenBig != nil { break scan }
                    mid = amount.shifted(by: 4)
                } else {
                    if lastBig == 8 && mid.isZero { break scan }
                    high = (high + mid + amount).shifted(by: 8)
                    mid = .zero
                }
                trailing = power
                hasUnit = true
                section = .zero
                pending = nil
                chineseRun = []
                pendingIsPair = false
                pendingIsSingleDigit = false
                lastSmallInSection = nil
                lastBig = power
                lastTokenBig = power
                lastUnit = power
                hasBig = true
                zeroFiller = false
                index += 1
            case .several:
                if pending != nil { break scan }
                if isUnitAt(index + 1) {
                    // 几十, 几百万, 十几万: a coefficient 2…9, or a units digit 1…9 after 十.
                    let afterUnit = lastUnit != nil && lastTokenBig == nil
                    pending = Bounds(lo: ExactDecimal(afterUnit ? 1 : 2), hi: ExactDecimal(9))
                } else if let unit = lastUnit, lastTokenBig == nil, unit == 1 {
                    pending = Bounds(lo: ExactDecimal(1), hi: ExactDecimal(9))   // 十几, 二十几
                } else {
                    break scan
                }
                pendingIsPair = true
                pendingIsSingleDigit = false
                unitBeforePending = nil
                index += 1
            case .severalCoefficient:
                if seen || !isUnitAt(index + 1) { break scan }
                pending = Bounds(lo: ExactDecimal(2), hi: ExactDecimal(9))
                pendingIsPair = true
                pendingIsSingleDigit = false
                index += 1
            case .other:
                // 177.1 亿, ５００　亿, 五百　亿: one space (ASCII or ideographic) between a number and 万/亿.
                if value == 0x20 || value == 0x3000, index > start, index + 1 < limit,
                   NumeralScalar.isBigUnit(text[index + 1].value), lastTokenBig == nil {
                    var spaced = false
                    switch NumeralScalar.of(text[index - 1].value) {
                    case .arabic: spaced = pending != nil
                    case .digit, .zero, .smallUnit, .tens: spaced = pending != nil || lastUnit != nil
                    default: spaced = false
                    }
                    if spaced {
                        index += 1
                        continue scan
                    }
                }
                // 余/多/来 between a number and 万/亿 (2170余万, 十多亿, 十来万); 个 before 亿 (两个亿).
                if seen && (value == yu || value == yuTraditional || value == duo || value == lai || value == laiTraditional)
                    && index + 1 < limit
                    && NumeralScalar.isBigUnit(text[index + 1].value) && innerHedge == nil && lastTokenBig == nil {
                    innerHedge = value == lai || value == laiTraditional ? .approx : .over
                    index += 1
                    continue scan   // not a token: the unit that follows completes the number
                }
                if seen && isGe(value) && lastTokenBig == nil && index + 1 < limit
                    && NumeralScalar.isBigUnit(text[index + 1].value) && (pending != nil || lastUnit != nil) {
                    index += 1
                    continue scan
                }
                // 三点五亿: a Chinese decimal point between Chinese digits.
                if value == dian || value == dianTraditional, !chineseRun.isEmpty && !pendingIsPair && tokens == chineseRun.count,
                   Numeral.isChineseDigitOrZero(next(index + 1)) {
                    var fraction: [UInt8] = []
                    var position = index + 1
                    fractionLoop: while position < limit {
                        switch NumeralScalar.of(text[position].value) {
                        case .digit(let digit): fraction.append(digit)
                        case .zero: fraction.append(0)
                        default: break fractionLoop
                        }
                        position += 1
                    }
                    pending = Bounds(ExactDecimal(bigEndianDigits: chineseRun + fraction, fractionCount: fraction.count))
                    chineseRun = []
                    pendingIsSingleDigit = false
                    tokens += fraction.count + 1
                    index = position
                    seen = true
                    end = index
                    continue scan
                }
                break scan
            }
            seen = true
            tokens += 1
            end = index
            switch kind {
            case .bigUnit, .smallUnit, .tens: break
            default:
                lastUnit = nil
                lastTokenBig = nil
            }
        }
        guard seen else { return nil }
        var tail = pending ?? .zero
        // 三百五 = 350, 一万二 = 12000: a lone digit after a unit stands one place below it.
        if pending != nil, pendingIsSingleDigit, let unit = unitBeforePending, !tail.isZero {
            tail = tail.shifted(by: unit - 1)
            trailing = 0
        } else if pending != nil {
            trailing = 0
        }
        let total = high + mid + section + tail
        let loneBig = bare && tokens == 1 && hasBig
        let singleDigit = tokens == 1 && pendingIsSingleDigit && !hasBig
        return Numeral(start: start, end: end, bounds: total, hasArabic: hasArabic, hasBigUnit: hasBig,
                       trailingMagnitude: trailing, leadingSmallUnit: leadingSmall, hasUnit: hasUnit, bare: bare, loneBigUnit: loneBig, innerHedge: innerHedge,
                       isSingleDigit: singleDigit)
    }
}
