import Testing
@testable import EntityExtraction
import JiansuoTestSupport


/// Renders whole numbers as Chinese numerals, the oracle the parser is checked against.
struct ChineseRenderer {
    let digits: [String]
    let units: [String]      // 十 百 千
    let wan: String
    let yi: String

    static let plain = ChineseRenderer(digits: ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"],
                                       units: ["十", "百", "千"], wan: "万", yi: "亿")
    static let financial = ChineseRenderer(digits: ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"],
                                           units: ["拾", "佰", "仟"], wan: "万", yi: "亿")
    static let traditional = ChineseRenderer(digits: ["零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"],
                                             units: ["拾", "佰", "仟"], wan: "萬", yi: "億")

    /// The numeral for `n` (standard form: 零 for each run of missing places, 一十 kept inside).
    func render(_ n: UInt64) -> String {
        if n == 0 { return digits[0] }
        if n >= 100_000_000 {
            let high = n / 100_000_000, low = n % 100_000_000
            if low == 0 { return render(high) + yi }
            return render(high) + yi + (low < 10_000_000 ? digits[0] : "") + render(low)
        }
        if n >= 10_000 {
            let high = n / 10_000, low = n % 10_000
            if low == 0 { return section(high) + wan }
            return section(high) + wan + (low < 1000 ? digits[0] : "") + section(low)
        }
        return section(n)
    }

    /// A number below 10000.
    func section(_ n: UInt64) -> String {
        var out = ""
        var zero = false
        var started = false
        for place in stride(from: 3, through: 0, by: -1) {
            var power: UInt64 = 1
            for _ in 0..<place { power *= 10 }
            let digit = Int((n / power) % 10)
            if digit == 0 {
                if started { zero = true }
                continue
            }
            if zero { out += digits[0] }
            zero = false
            started = true
            out += digits[digit] + (place > 0 ? units[place - 1] : "")
        }
        return out
    }
}

@Test func rendererOracleLooksRight() {
    #expect(ChineseRenderer.plain.render(35_000_000) == "三千五百万")
    #expect(ChineseRenderer.plain.render(10_500) == "一万零五百")
    #expect(ChineseRenderer.plain.render(1_000_000_000_000) == "一万亿")
    #expect(ChineseRenderer.plain.render(1_020) == "一千零二十")
    #expect(ChineseRenderer.financial.render(123) == "壹佰贰拾叁")
}

/// Random amounts rendered in Arabic, Arabic with 万/亿, Chinese and financial numerals parse back.
@Test func randomAmountsRoundTrip() {
    var random = SplitMix64(seed: 20_221_123)
    let parser = MoneyParser()
    for round in 0..<600 {
        // Values from 1 to about 10^15, with many zeros in places as real amounts have.
        let digitsCount = Int.random(in: 1...15, using: &random)
        var n: UInt64 = 0
        for _ in 0..<digitsCount {
            n = n * 10 + (Bool.random(using: &random) ? 0 : UInt64.random(in: 1...9, using: &random))
        }
        if n == 0 { n = UInt64.random(in: 1...9, using: &random) }
        let expected = String(n)
        let rendered: String
        switch round % 6 {
        case 0:
            rendered = "\(n)元"
        case 1:
            rendered = "\(grouped(n))元"
        case 2:
            rendered = withMagnitude(n) + "元"
        case 3:
            rendered = ChineseRenderer.plain.render(n) + "元"
        case 4:
            rendered = ChineseRenderer.financial.render(n) + "元整"
        default:
            rendered = ChineseRenderer.traditional.render(n) + "元"
        }
        let amount = parser.parse(rendered)
        #expect(amount?.value == expected, "\(rendered)")
        #expect(amount?.qualifier == .exact, "\(rendered)")
        #expect(amount?.currency == "CNY", "\(rendered)")
    }
}

/// Hedges and currencies around random amounts give the right qualifier and code.
@Test func randomHedgesAndCurrencies() {
    var random = SplitMix64(seed: 7)
    let parser = MoneyParser()
    let prefixes: [(String, MoneyQualifier)] = [("", .exact), ("约", .approx), ("超过", .over), ("近", .under),
                                                ("不足", .under), ("逾", .over), ("大约", .approx), ("至少", .over)]
    let suffixes: [(String, MoneyQualifier)] = [("", .exact), ("左右", .approx), ("以上", .over), ("以下", .under)]
    let currencies: [(String, String)] = [("元", "CNY"), ("美元", "USD"), ("港元", "HKD"), ("欧元", "EUR"),
                                          ("日元", "JPY"), ("英镑", "GBP"), ("元人民币", "CNY")]
    for _ in 0..<300 {
        let n = UInt64.random(in: 1...99_999, using: &random)
        let magnitude = ["", "万", "亿", "万亿"][Int.random(in: 0...3, using: &random)]
        let zeros = ["": "", "万": "0000", "亿": "00000000", "万亿": "000000000000"][magnitude] ?? ""
        let prefix = prefixes[Int.random(in: 0..<prefixes.count, using: &random)]
        let suffix = prefix.1 == .exact ? suffixes[Int.random(in: 0..<suffixes.count, using: &random)] : ("", .exact)
        let currency = currencies[Int.random(in: 0..<currencies.count, using: &random)]
        let text = prefix.0 + "\(n)" + magnitude + currency.0 + suffix.0
        let amount = parser.parse(text)
        let qualifier = prefix.1 == .exact ? suffix.1 : prefix.1
        #expect(amount?.value == "\(n)" + zeros, "\(text)")
        #expect(amount?.qualifier == qualifier, "\(text)")
        #expect(amount?.currency == currency.1, "\(text)")
        // The same amount inside a sentence is found with the same value.
        let sentence = "据统计，去年全年" + text + "，同比增长8%。"
        let mentions = parser.mentions(in: sentence)
        #expect(mentions.count == 1 && mentions.first?.amount == amount, "\(sentence)")
    }
}

/// Random decimal amounts with 亿 or 万 (6.67亿元) are exact, never rounded.
@Test func randomDecimalsWithMagnitudeAreExact() {
    var random = SplitMix64(seed: 99)
    let parser = MoneyParser()
    for _ in 0..<300 {
        let integer = UInt64.random(in: 0...99_999, using: &random)
        let fractionDigits = Int.random(in: 1...8, using: &random)
        var fraction = ""
        for _ in 0..<fractionDigits { fraction += String(Int.random(in: 0...9, using: &random)) }
        let useYi = Bool.random(using: &random)
        let places = useYi ? 8 : 4
        let text = "\(integer).\(fraction)" + (useYi ? "亿元" : "万元")
        // Oracle: shift the decimal point by string manipulation.
        var digits = String(integer) + fraction
        let pointAt = String(integer).count + places
        while digits.count < pointAt { digits += "0" }
        var whole = String(digits.prefix(pointAt))
        var rest = String(digits.dropFirst(pointAt))
        while whole.count > 1 && whole.hasPrefix("0") { whole.removeFirst() }
        while rest.hasSuffix("0") { rest.removeLast() }
        let expected = rest.isEmpty ? whole : whole + "." + rest
        #expect(parser.parse(text)?.value == expected, "\(text)")
    }
}

/// 1234567 → "1,234,567".
func grouped(_ n: UInt64) -> String {
    let digits = Array(String(n))
    var out = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
        out.append(digit)
    }
    return out
}

/// 123450000 → "1.2345亿", 50000 → "5万", 1234 → "1234".
func withMagnitude(_ n: UInt64) -> String {
    for (power, unit) in [(12, "万亿"), (8, "亿"), (4, "万")] {
        var scale: UInt64 = 1
        for _ in 0..<power { scale *= 10 }
        if n >= scale {
            let whole = n / scale
            var fraction = String(n % scale)
            while fraction.count < power { fraction = "0" + fraction }
            while fraction.hasSuffix("0") { fraction.removeLast() }
            return fraction.isEmpty ? "\(whole)\(unit)" : "\(whole).\(fraction)\(unit)"
        }
    }
    return "\(n)"
}

@Test func exactDecimalArithmetic() throws {
    let a = try #require(ExactDecimal("3.5"))
    #expect(a.shifted(by: 12).description == "3500000000000")
    #expect((try #require(ExactDecimal("0.1")) + (try #require(ExactDecimal("0.2")))).description == "0.3")
    #expect(ExactDecimal(123).shifted(by: -2).description == "1.23")
    #expect(ExactDecimal(5).shifted(by: -3).description == "0.005")
    #expect((try #require(ExactDecimal("99999999999999999999.99")) + (try #require(ExactDecimal("0.01")))).description
        == "100000000000000000000")
    #expect(ExactDecimal(0).description == "0")
    #expect(try #require(ExactDecimal("1.50")) == (try #require(ExactDecimal("1.5"))))
    #expect(try #require(ExactDecimal("2")) < (try #require(ExactDecimal("10"))))
    #expect(try #require(ExactDecimal("0.09")) < (try #require(ExactDecimal("0.1"))))
    #expect(!(ExactDecimal(7) < ExactDecimal(7)))
    #expect(ExactDecimal("1e5") == nil)
    #expect(ExactDecimal("1.2.3") == nil)
    #expect(ExactDecimal(".5") == nil)
    #expect(ExactDecimal("") == nil)
}

@Test func veryLargeAmountsStayExact() {
    let amount = MoneyParser().parse("123456789012345678901234567890元")
    #expect(amount?.value == "123456789012345678901234567890")
}

/// Random strings built from the grammar's own pieces never crash the scanner, and every mention
/// lies inside the text, in order, with its text equal to its span.
@Test func randomMoneyLikeTextIsScannedSafely() {
    var random = SplitMix64(seed: 4242)
    let parser = MoneyParser()
    let pieces = ["1", "0", "9", ".", ",", "５", "．", "，", "一", "二", "两", "十", "百", "千", "万", "亿", "零", "〇",
                  "几", "数", "余", "多", "来", "个", "点", "元", "角", "分", "钱", "块", "美元", "港币", "人民币",
                  "¥", "$", "US", "超过", "约", "近", "以上", "以下", "左右", "-", "至", "~", "%", "倍", "人", "年",
                  "销售额", "用户", "券", "“", "，", "。", " ", "壹", "拾", "佰", "万亿", "级", "上", "每", "/", "😀"]
    for _ in 0..<400 {
        var text = ""
        for _ in 0..<Int.random(in: 0...40, using: &random) {
            text += pieces[Int.random(in: 0..<pieces.count, using: &random)]
        }
        let scalars = Array(text.unicodeScalars)
        let mentions = parser.mentions(in: text)
        var previousEnd = 0
        for mention in mentions {
            #expect(mention.range.lowerBound >= previousEnd && mention.range.upperBound <= scalars.count, "\(text)")
            if mention.range.lowerBound >= previousEnd && mention.range.upperBound <= scalars.count {
                var slice = String.UnicodeScalarView()
                slice.append(contentsOf: scalars[mention.range])
                #expect(String(slice) == mention.text)
            }
            #expect(ExactDecimal(mention.amount.value) != nil, "\(text)")
            previousEnd = mention.range.upperBound
        }
        _ = parser.parse(text)
    }
    // A long chain of paired hedges does not recurse.
    let chain = String(repeating: "1元以上", count: 20_000)
    #expect(parser.mentions(in: chain).count == 20_000)
}
