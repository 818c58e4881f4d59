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

/// Checks `parse` against a table row.
func expectParse(_ row: MoneyCase, sourceLocation: SourceLocation = #_sourceLocation) {
    let amount = MoneyParser().parse(row.input)
    #expect(amount?.value == row.value, sourceLocation: sourceLocation)
    #expect(amount?.currency == row.currency, sourceLocation: sourceLocation)
    #expect(amount?.qualifier == row.qualifier, sourceLocation: sourceLocation)
    #expect(amount?.min == row.min, sourceLocation: sourceLocation)
    #expect(amount?.max == row.max, sourceLocation: sourceLocation)
}
