import Testing
@testable import EntityExtraction

// Issue 11 (money): one table per class of numeral form the parser read wrongly or missed.

/// 零 after 点 is a digit of the fraction, not a filler (零点零一元, 壹点零壹元, 贰点零元).
let pointZeroTable: [MoneyCase] = [
    MoneyCase("零点零一元", "0.01"),
    MoneyCase("壹点零壹元", "1.01"),
    MoneyCase("贰点零元", "2"),
    MoneyCase("三点零五亿元", "305000000"),
    MoneyCase("零点五元", "0.5"),
    MoneyCase("一点零万元", "10000"),
]

@Test(arguments: pointZeroTable)
func pointZeroKeepsItsZeros(_ row: MoneyCase) {
    expectParse(row)
}

/// Financial numerals with 元/圆 and 角/分, and 元整/元正 closing a cheque amount.
let financialYuanTable: [MoneyCase] = [
    MoneyCase("壹拾壹元壹角壹分", "11.11"),
    MoneyCase("玖仟陆佰陆拾伍圆壹角捌分", "9665.18"),
    MoneyCase("壹佰圆", "100"),
    MoneyCase("伍拾圆整", "50"),
    MoneyCase("叁万元正", "30000"),
    MoneyCase("壹万伍仟元整", "15000"),
    MoneyCase("壹拾元零伍分", "10.05"),
    MoneyCase("贰佰元伍角", "200.5"),
]

@Test(arguments: financialYuanTable)
func financialYuanJiaoFen(_ row: MoneyCase) {
    expectParse(row)
}

@Test func yuanZhengIsPartOfTheMention() {
    let parser = MoneyParser()
    #expect(parser.mentions(in: "金额：叁万元正。").map(\.text) == ["叁万元正"])
    #expect(parser.mentions(in: "金额：伍拾圆整。").map(\.text) == ["伍拾圆整"])
    #expect(parser.mentions(in: "共5元正好够用").map(\.text) == ["5元"])
    // 圆 after a lone Chinese digit is a verb (大陆圆了创业梦; 张陆圆满完成).
    #expect(parser.mentions(in: "让他在大陆圆了创业梦").isEmpty)
    #expect(parser.mentions(in: "费俊龙、张陆圆满完成任务").isEmpty)
    #expect(parser.mentions(in: "共计陆圆整").map(\.amount.value) == ["6"])
}

/// Spoken forms: 一百十一, 廿/卅, 块 … 毛/角 … 分.
let colloquialTable: [MoneyCase] = [
    MoneyCase("一百十一元", "111"),
    MoneyCase("三百十元", "310"),
    MoneyCase("廿二元", "22"),
    MoneyCase("卅五元", "35"),
    MoneyCase("廿元", "20"),
    MoneyCase("十块三毛", "10.3"),
    MoneyCase("一百三十五块六角七分钱", "135.67"),
    MoneyCase("两块五毛钱", "2.5"),
]

@Test(arguments: colloquialTable)
func colloquialForms(_ row: MoneyCase) {
    expectParse(row)
}

/// Ranges whose first number takes the second's 百 or 千 (两到三千元 is 2000–3000).
let rangeCarryTable: [MoneyCase] = [
    MoneyCase("两到三千元", "2000", "CNY", .range, min: "2000", max: "3000"),
    MoneyCase("两~3百元", "200", "CNY", .range, min: "200", max: "300"),
    MoneyCase("1-2千美元", "1000", "USD", .range, min: "1000", max: "2000"),
    MoneyCase("五到六百元", "500", "CNY", .range, min: "500", max: "600"),
    MoneyCase("两到三千五百元", "2000", "CNY", .range, min: "2000", max: "3500"),
    MoneyCase("三到五千万元", "30000000", "CNY", .range, min: "30000000", max: "50000000"),
    MoneyCase("3-5千万美元", "30000000", "USD", .range, min: "30000000", max: "50000000"),
    MoneyCase("一到两百万元", "1000000", "CNY", .range, min: "1000000", max: "2000000"),
    MoneyCase("5-10万元", "50000", "CNY", .range, min: "50000", max: "100000"),
    MoneyCase("十到二十万元", "100000", "CNY", .range, min: "100000", max: "200000"),
    // The first number keeps its value when carrying would make it the larger one, or when it has a unit.
    MoneyCase("300到1千元", "300", "CNY", .range, min: "300", max: "1000"),
    MoneyCase("一百到三千元", "100", "CNY", .range, min: "100", max: "3000"),
    MoneyCase("10-20亿元", "1000000000", "CNY", .range, min: "1000000000", max: "2000000000"),
]

@Test(arguments: rangeCarryTable)
func rangeFirstNumberTakesTheSmallUnit(_ row: MoneyCase) {
    expectParse(row)
}

@Test func rangeCarryInText() {
    let found = MoneyParser().mentions(in: "每人补贴两到三千元。")
    #expect(found.map(\.amount) == [MoneyAmount(value: "2000", currency: "CNY", qualifier: .range, min: "2000", max: "3000")])
}

/// An order of magnitude used as an adjective (万亿元级) is not an amount.
@Test func orderOfMagnitudeAdjectiveIsNotAnAmount() {
    let parser = MoneyParser()
    #expect(parser.mentions(in: "打造3个万亿元级产业基地").isEmpty)
    #expect(parser.parse("3个万亿元级") == nil)
    #expect(parser.mentions(in: "打造3个万亿级产业基地").isEmpty)
    // A spoken amount (两个亿) is still money.
    #expect(parser.mentions(in: "投资两个亿元。").map(\.amount.value) == ["200000000"])
}

/// A mention row: text and the amounts (value, currency, qualifier) found in it, in order.
struct ScanCase: CustomTestStringConvertible, Sendable {
    let text: String
    let amounts: [MoneyAmount]

    init(_ text: String, _ amounts: [(String, String, MoneyQualifier)]) {
        self.text = text
        self.amounts = amounts.map { MoneyAmount(value: $0.0, currency: $0.1, qualifier: $0.2) }
    }

    init(_ text: String, range: (String, String, String)) {
        self.text = text
        amounts = [MoneyAmount(value: range.0, currency: range.2, qualifier: .range, min: range.0, max: range.1)]
    }

    var testDescription: String { text }
}

/// Spaces inside an amount (ASCII or U+3000), as Sogou-style texts write.
let spacedTable: [ScanCase] = [
    ScanCase("投资５００　亿元建设", [("50000000000", "CNY", .exact)]),
    ScanCase("营收177.1 亿元，", [("17710000000", "CNY", .exact)]),
    ScanCase("花了100　元。", [("100", "CNY", .exact)]),
    ScanCase("用户达500 万人", []),
    ScanCase("投资五百　亿元建设", [("50000000000", "CNY", .exact)]),
    ScanCase("募集二十 万元善款", [("200000", "CNY", .exact)]),
    ScanCase("一百二十 万元的补贴", [("1200000", "CNY", .exact)]),
    ScanCase("三十 万人参加", []),
]

@Test(arguments: spacedTable)
func spacesInsideAnAmount(_ row: ScanCase) {
    expectScan(row)
}

/// A Chinese-numeral amount followed by full-width punctuation.
let fullWidthAfterTable: [ScanCase] = [
    ScanCase("门票二十元／人", [("20", "CNY", .exact)]),
    ScanCase("每份五十元，很便宜", [("50", "CNY", .exact)]),
    ScanCase("只要三元！", [("3", "CNY", .exact)]),
    ScanCase("城乡二元结构", []),
]

@Test(arguments: fullWidthAfterTable)
func chineseAmountBeforeFullWidthPunctuation(_ row: ScanCase) {
    expectScan(row)
}

/// The currency word before the number decides the currency (港币两千九百六十元 is HKD).
let currencyBeforeTable: [ScanCase] = [
    ScanCase("售价港币两千九百六十元。", [("2960", "HKD", .exact)]),
    ScanCase("营收新台币177.1亿元。", [("17710000000", "TWD", .exact)]),
    ScanCase("罚款台币5万元", [("50000", "TWD", .exact)]),
    ScanCase("人民币100万元", [("1000000", "CNY", .exact)]),
]

@Test(arguments: currencyBeforeTable)
func currencyWrittenBeforeTheNumber(_ row: ScanCase) {
    expectScan(row)
}

/// A list that names its currency once, at the end.
let listCurrencyTable: [ScanCase] = [
    ScanCase("分别为300亿、400亿、500亿和600亿美元。",
             [("30000000000", "USD", .exact), ("40000000000", "USD", .exact), ("50000000000", "USD", .exact),
              ("60000000000", "USD", .exact)]),
    ScanCase("估计在3亿或5亿欧元之间", [("300000000", "EUR", .exact), ("500000000", "EUR", .exact)]),
    ScanCase("人口3亿、GDP 5亿美元", [("500000000", "USD", .exact)]),
    // Items must end in the same magnitude: 120万 is not 120万亿 written short, so it is left out.
    ScanCase("迈上110万、120万和130万亿元台阶", [("130000000000000", "CNY", .exact)]),
    ScanCase("接连跨越110万亿、120万亿、130万亿元关口",
             [("110000000000000", "CNY", .exact), ("120000000000000", "CNY", .exact), ("130000000000000", "CNY", .exact)]),
]

@Test(arguments: listCurrencyTable)
func listNamesItsCurrencyOnceAtTheEnd(_ row: ScanCase) {
    expectScan(row)
}

/// Money verbs are money context for amounts without 元.
let moneyVerbTable: [ScanCase] = [
    ScanCase("他宣布捐500亿，用于慈善。", [("50000000000", "CNY", .exact)]),
    ScanCase("该公司被罚50万。", [("500000", "CNY", .exact)]),
    ScanCase("法院判决赔偿30万。", [("300000", "CNY", .exact)]),
    ScanCase("此次募集20亿。", [("2000000000", "CNY", .exact)]),
    ScanCase("捐了5万件衣物", []),
]

@Test(arguments: moneyVerbTable)
func moneyVerbsAreMoneyContext(_ row: ScanCase) {
    expectScan(row)
}

/// Hedges separated from the amount by a modal or a verb.
let separatedHedgeTable: [ScanCase] = [
    ScanCase("最低要罚2万元", [("20000", "CNY", .over)]),
    ScanCase("最高可罚50万元", [("500000", "CNY", .under)]),
    ScanCase("最高可以奖励10万元", [("100000", "CNY", .under)]),
    ScanCase("至少要赔5000元", [("5000", "CNY", .over)]),
    ScanCase("最高将可获得5000元奖励", [("5000", "CNY", .under)]),
    ScanCase("附近可罚100元", [("100", "CNY", .exact)]),
]

@Test(arguments: separatedHedgeTable)
func hedgeSeparatedByModalOrVerb(_ row: ScanCase) {
    expectScan(row)
}

/// （含） inside hedges and ranges, and -- as a range dash.
let inclusiveTable: [ScanCase] = [
    ScanCase("罚款50万元（含）以上", [("500000", "CNY", .over)]),
    ScanCase("罚款1万(含)-5万元", range: ("10000", "50000", "CNY")),
    ScanCase("罚款1万元（含）至5万元", range: ("10000", "50000", "CNY")),
    ScanCase("投资10--20亿元", range: ("1000000000", "2000000000", "CNY")),
    ScanCase("10万元(含)以下", [("100000", "CNY", .under)]),
]

@Test(arguments: inclusiveTable)
func inclusiveMarksAndDoubleDash(_ row: ScanCase) {
    expectScan(row)
}

/// Checks `parse` against a table row.
func expectParse(_ row: MoneyCase, sourceLocation: SourceLocation = #_sourceLocation) {
    let amount = MoneyParser().parse(row.input)
    #expect(amount?.value == row.value, sourceLocation: sourceLocation)
    #expect(amount?.currency == row.currency, sourceLocation: sourceLocation)
    #expect(amount?.qualifier == row.qualifier, sourceLocation: sourceLocation)
    #expect(amount?.min == row.min, sourceLocation: sourceLocation)
    #expect(amount?.max == row.max, sourceLocation: sourceLocation)
}

/// Checks `mentions(in:)` against a scan row.
func expectScan(_ row: ScanCase, sourceLocation: SourceLocation = #_sourceLocation) {
    let found = MoneyParser().mentions(in: row.text)
    #expect(found.map(\.amount) == row.amounts, "\(found.map(\.text))", sourceLocation: sourceLocation)
}
