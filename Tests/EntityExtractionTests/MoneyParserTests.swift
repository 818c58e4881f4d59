import Testing
@testable import EntityExtraction

/// One row of the money table: a whole string and what `parse` must make of it.
struct MoneyCase: CustomTestStringConvertible, Sendable {
    let input: String
    let value: String
    let currency: String
    let qualifier: MoneyQualifier
    let min: String?
    let max: String?

    init(_ input: String, _ value: String, _ currency: String = "CNY", _ qualifier: MoneyQualifier = .exact,
         min: String? = nil, max: String? = nil) {
        self.input = input
        self.value = value
        self.currency = currency
        self.qualifier = qualifier
        self.min = min
        self.max = max
    }

    var testDescription: String { input }
}

/// The table the issue asks for: exact value, currency, qualifier (and bounds) for each string.
let moneyTable: [MoneyCase] = [
    // The issue's own list.
    MoneyCase("超过6200亿元", "620000000000", "CNY", .over),
    MoneyCase("约970亿元", "97000000000", "CNY", .approx),
    MoneyCase("2170余万元", "21700000", "CNY", .over),
    MoneyCase("83万多", "830000", "CNY", .over),
    MoneyCase("超400余万元", "4000000", "CNY", .over),
    MoneyCase("十亿", "1000000000"),
    MoneyCase("一万亿", "1000000000000"),
    MoneyCase("1,234.5万元", "12345000"),
    MoneyCase("６．６７亿元", "667000000"),
    MoneyCase("两千万美元", "20000000", "USD"),
    MoneyCase("3.5万亿元人民币", "3500000000000"),
    MoneyCase("10-20亿元", "1000000000", "CNY", .range, min: "1000000000", max: "2000000000"),
    MoneyCase("十几亿元", "1100000000", "CNY", .range, min: "1100000000", max: "1900000000"),
    MoneyCase("123元1角1分", "123.11"),
    MoneyCase("100000万美元", "1000000000", "USD"),
    // Gold amounts of the five articles.
    MoneyCase("10亿", "1000000000"),
    MoneyCase("万亿", "1000000000000"),
    MoneyCase("3200亿", "320000000000"),
    MoneyCase("过百万", "1000000", "CNY", .over),
    MoneyCase("11572亿元", "1157200000000"),
    MoneyCase("1364亿元", "136400000000"),
    MoneyCase("1935亿元", "193500000000"),
    MoneyCase("6.67亿元", "667000000"),
    MoneyCase("1.16亿元", "116000000"),
    MoneyCase("4270万元", "42700000"),
    MoneyCase("2.6亿元", "260000000"),
    MoneyCase("超143亿元", "14300000000", "CNY", .over),
    MoneyCase("千万级", "10000000", "CNY", .approx),
    MoneyCase("3.96亿元", "396000000"),
    MoneyCase("123万余元", "1230000", "CNY", .over),
    MoneyCase("35259元", "35259"),
    MoneyCase("超过50亿元", "5000000000", "CNY", .over),
    // Arabic numbers, separators, full width.
    MoneyCase("1,234,567元", "1234567"),
    MoneyCase("１２３４５元", "12345"),
    MoneyCase("１，２３４．５万元", "12345000"),
    MoneyCase("0.5元", "0.5"),
    MoneyCase("3.50元", "3.5"),
    MoneyCase("1.5万亿", "1500000000000"),
    MoneyCase("3亿5000万元", "350000000"),
    MoneyCase("2千万元", "20000000"),
    MoneyCase("5百万元", "5000000"),
    MoneyCase("1万2千元", "12000"),
    // Chinese and financial numerals.
    MoneyCase("三千五百万元", "35000000"),
    MoneyCase("一百零五元", "105"),
    MoneyCase("三百五十元", "350"),
    MoneyCase("一万二", "12000"),
    MoneyCase("5元一斤", "5"),
    MoneyCase("一万二千元", "12000"),
    MoneyCase("十万元", "100000"),
    MoneyCase("百万元", "1000000"),
    MoneyCase("一千万元", "10000000"),
    MoneyCase("两个亿", "200000000"),
    MoneyCase("一个亿", "100000000"),
    MoneyCase("壹佰贰拾叁元", "123"),
    MoneyCase("壹万伍仟元整", "15000", "CNY", .exact),
    MoneyCase("叁仟万元", "30000000"),
    MoneyCase("肆拾伍亿元", "4500000000"),
    MoneyCase("三点五亿元", "350000000"),
    MoneyCase("二十五万元", "250000"),
    MoneyCase("一万零五百元", "10500"),
    MoneyCase("〇点五亿元", "50000000"),
    MoneyCase("十万亿元", "10000000000000"),
    MoneyCase("5角钱", "0.5"),
    MoneyCase("8分钱", "0.08"),
    // Currencies.
    MoneyCase("人民币100万元", "1000000"),
    MoneyCase("100万元人民币", "1000000"),
    MoneyCase("¥1,234.5", "1234.5"),
    MoneyCase("￥99", "99"),
    MoneyCase("$3.5", "3.5", "USD"),
    MoneyCase("US$100万", "1000000", "USD"),
    MoneyCase("RMB 500万", "5000000"),
    MoneyCase("$2.5 billion", "2500000000", "USD"),
    MoneyCase("50亿港元", "5000000000", "HKD"),
    MoneyCase("3000万港币", "30000000", "HKD"),
    MoneyCase("12亿欧元", "1200000000", "EUR"),
    MoneyCase("100亿日元", "10000000000", "JPY"),
    MoneyCase("8000万英镑", "80000000", "GBP"),
    MoneyCase("20亿美元", "2000000000", "USD"),
    MoneyCase("500万美金", "5000000", "USD"),
    MoneyCase("100万元港币", "1000000", "HKD"),
    MoneyCase("10块钱", "10"),
    MoneyCase("100 USD", "100", "USD"),
    MoneyCase("€50", "50", "EUR"),
    MoneyCase("人民币 100 元", "100"),
    MoneyCase("3块5毛", "3.5"),
    MoneyCase("0元", "0"),
    MoneyCase("一亿两千万元", "120000000"),
    MoneyCase("万余元", "10000", "CNY", .over),
    MoneyCase("USD 1.2 billion", "1200000000", "USD"),
    MoneyCase("HK$3.5亿", "350000000", "HKD"),
    // Qualifiers.
    MoneyCase("大约3亿元", "300000000", "CNY", .approx),
    MoneyCase("3亿元左右", "300000000", "CNY", .approx),
    MoneyCase("5000元上下", "5000", "CNY", .approx),
    MoneyCase("逾百亿元", "10000000000", "CNY", .over),
    MoneyCase("1000万元以上", "10000000", "CNY", .over),
    MoneyCase("1000多元", "1000", "CNY", .over),
    MoneyCase("十多亿元", "1000000000", "CNY", .over),
    MoneyCase("3万元出头", "30000", "CNY", .over),
    MoneyCase("突破千亿元", "100000000000", "CNY", .over),
    MoneyCase("至少500万元", "5000000", "CNY", .over),
    MoneyCase("不低于200万元", "2000000", "CNY", .over),
    MoneyCase("上百万元", "1000000", "CNY", .over),
    MoneyCase("近百亿元", "10000000000", "CNY", .under),
    MoneyCase("将近3亿元", "300000000", "CNY", .under),
    MoneyCase("不到100元", "100", "CNY", .under),
    MoneyCase("不足5万元", "50000", "CNY", .under),
    MoneyCase("500元以下", "500", "CNY", .under),
    MoneyCase("不超过50万元", "500000", "CNY", .under),
    MoneyCase("最高2000元", "2000", "CNY", .under),
    MoneyCase("约1000多万元", "10000000", "CNY", .over),
    MoneyCase("超过了5亿元", "500000000", "CNY", .over),
    MoneyCase("十来万元", "100000", "CNY", .approx),
    // Ranges.
    MoneyCase("10至20亿元", "1000000000", "CNY", .range, min: "1000000000", max: "2000000000"),
    MoneyCase("10~20亿", "1000000000", "CNY", .range, min: "1000000000", max: "2000000000"),
    MoneyCase("10亿元至20亿元", "1000000000", "CNY", .range, min: "1000000000", max: "2000000000"),
    MoneyCase("5000万-1亿元", "50000000", "CNY", .range, min: "50000000", max: "100000000"),
    MoneyCase("一二十亿", "1000000000", "CNY", .range, min: "1000000000", max: "2000000000"),
    MoneyCase("三四百万元", "3000000", "CNY", .range, min: "3000000", max: "4000000"),
    MoneyCase("十七八亿元", "1700000000", "CNY", .range, min: "1700000000", max: "1800000000"),
    MoneyCase("几十亿元", "2000000000", "CNY", .range, min: "2000000000", max: "9000000000"),
    MoneyCase("数百万元", "2000000", "CNY", .range, min: "2000000", max: "9000000"),
    MoneyCase("100万元以上500万元以下", "1000000", "CNY", .range, min: "1000000", max: "5000000"),
    MoneyCase("3-5万美元", "30000", "USD", .range, min: "30000", max: "50000"),
    // Traditional characters, for text not converted to Simplified.
    MoneyCase("約970億元", "97000000000", "CNY", .approx),
    MoneyCase("超過6200億元", "620000000000", "CNY", .over),
    MoneyCase("2170餘萬元", "21700000", "CNY", .over),
    MoneyCase("兩個億", "200000000"),
    MoneyCase("123萬餘元", "1230000", "CNY", .over),
    MoneyCase("100萬港幣", "1000000", "HKD"),
    MoneyCase("三點五億元", "350000000"),
    // Prices per unit.
    MoneyCase("3.5元/升", "3.5"),
    MoneyCase("2万元每平方米", "20000"),
]

/// Strings that are not money: `parse` gives nil.
let notMoneyTable = [
    "近6亿用户", "9万斤", "1.16亿吨", "18600单", "97%", "173倍", "2021年", "超过42万名员工", "30万款", "5400万热心网友",
    "1.5万多户", "10万亩", "180万网友", "6.28亿消费者", "2336个", "390万人", "547.3万单", "2.7万余份", "亿万农户",
    "数百万农户", "千家万户", "万千", "〔2022〕37号", "15％", "600年", "110+", "一元化", "元旦", "三元里", "十四五",
    "", "元", "万", "hello", "近6億用戶", "9萬斤", "18600單", "一些", "统一", "35259", "11.11", "0086-10-82081166", "百分之三十", "三分之一",
]

@Test(arguments: moneyTable)
func moneyTableParses(_ row: MoneyCase) {
    let amount = MoneyParser().parse(row.input)
    #expect(amount?.value == row.value)
    #expect(amount?.currency == row.currency)
    #expect(amount?.qualifier == row.qualifier)
    #expect(amount?.min == row.min)
    #expect(amount?.max == row.max)
}

@Test func moneyTableIsLargeEnough() {
    #expect(moneyTable.count >= 80)
}

@Test(arguments: notMoneyTable)
func notMoneyParsesToNil(_ input: String) {
    #expect(MoneyParser().parse(input) == nil)
}

@Test func parseIgnoresSurroundingWhiteSpace() {
    #expect(MoneyParser().parse("  约970亿元\n")?.value == "97000000000")
}

@Test func rangeValueIsTheLowerBound() throws {
    let amount = try #require(MoneyParser().parse("10-20亿元"))
    #expect(amount.value == amount.min)
}
