/// How an amount is hedged in the text (ENTITIES.md "Money").
public enum MoneyQualifier: String, Sendable, Codable {
    /// No hedge word: 11572亿元.
    case exact
    /// 约, 大约, 大概, 左右, 上下, 来: 约970亿元.
    case approx
    /// 超, 超过, 逾, 过, 以上, 余, 多, 出头, 突破, 至少 …: 2170余万元.
    case over
    /// 近, 将近, 不到, 不足, 以下, 最高 …: 近百亿元.
    case under
    /// Two bounds: 10-20亿元, 一二十亿, 十几亿; `min`/`max` hold them and `value` the lower one.
    case range
}

/// One amount of money, normalised: exact decimal value, ISO 4217 currency and qualifier.
public struct MoneyAmount: Sendable, Hashable, Codable {
    /// Exact decimal string in the currency's unit, no exponent, no trailing ".0" ("667000000", "0.5").
    public var value: String
    /// ISO 4217 code (CNY, USD, HKD, EUR, JPY, GBP, …); CNY when the text names no unit in a money context.
    public var currency: String
    /// The hedge on the amount.
    public var qualifier: MoneyQualifier
    /// Lower bound of a range (equal to `value`); nil unless `qualifier` is `.range`.
    public var min: String?
    /// Upper bound of a range; nil unless `qualifier` is `.range`.
    public var max: String?

    /// An amount; `min`/`max` only for ranges.
    public init(value: String, currency: String, qualifier: MoneyQualifier, min: String? = nil, max: String? = nil) {
        self.value = value
        self.currency = currency
        self.qualifier = qualifier
        self.min = min
        self.max = max
    }
}

/// An amount of money found in a text, with where it is.
public struct MoneyMention: Sendable, Hashable {
    /// Unicode scalar offsets into the scanned text, end exclusive; the span includes hedge words
    /// and currency words that belong to the amount (超过6200亿元, 人民币100万元).
    public var range: Range<Int>
    /// The text of the span.
    public var text: String
    /// The normalised amount.
    public var amount: MoneyAmount

    /// A mention.
    public init(range: Range<Int>, text: String, amount: MoneyAmount) {
        self.range = range
        self.text = text
        self.amount = amount
    }
}
