import Foundation

/// A stock short name split into its parts: exchange spacing and full-width forms normalised,
/// status prefixes (ST, *ST, XD, N…) and share-class markers (A, B) recognised.
struct StockShortName: Sendable, Equatable {
    /// NFKC, without spaces: the form as the exchange shows it (万科A, *ST国华).
    var raw: String
    /// Without the status prefix and share-class marker (万科, 国华).
    var base: String
    /// The status prefix that was dropped, if any.
    var prefix: String?

    /// Status prefixes, longest first. All of them shorten the name to fit the exchange's
    /// four-character limit, so `base` may be a truncation of the real short name.
    static let prefixes = ["S*ST", "*ST", "SST", "退市", "ST", "XD", "XR", "DR", "PT", "N", "C", "S"]
    /// Prefixes of a day or a week (ex-dividend, newly listed): the raw form is not a name anyone uses.
    static let transientPrefixes: Set<String> = ["XD", "XR", "DR", "N", "C"]

    /// Parses an exchange short name.
    init(_ text: String) {
        let raw = CompanyNames.normalize(text)
        self.raw = raw
        var base = raw
        var prefix: String?
        for p in Self.prefixes where base.hasPrefix(p) {
            let rest = base.dropFirst(p.count)
            if let next = rest.unicodeScalars.first, CompanyNames.isHan(next) {
                base = String(rest)
                prefix = p
            }
            break
        }
        if let last = base.unicodeScalars.last, last == "A" || last == "B" {
            let before = base.unicodeScalars.dropLast()
            if let previous = before.last, CompanyNames.isHan(previous) {
                base = String(String.UnicodeScalarView(before))
            }
        }
        self.base = base
        self.prefix = prefix
    }

    /// True when `base` may be a shortened form (a status prefix was dropped).
    var mayBeTruncated: Bool { prefix != nil }

    /// True when the raw form is itself worth matching (万科A, *ST国华; not XD金龙汽).
    var rawIsName: Bool {
        guard raw != base else { return false }
        if let prefix, Self.transientPrefixes.contains(prefix) { return false }
        return true
    }

    /// True when `base` is a name worth keeping: not a temporary truncation (XD金龙汽 → 金龙汽) and,
    /// when a status prefix shortened it, at least three characters (*ST生物 → 生物 is not a name).
    var baseIsName: Bool {
        guard let prefix else { return true }
        if ["XD", "XR", "DR"].contains(prefix) { return false }
        return base.unicodeScalars.count >= 3
    }
}

/// Shared helpers for company names.
enum CompanyNames {
    /// NFKC (full-width to half-width) and every kind of space removed.
    static func normalize(_ text: String) -> String {
        let folded = text.precomposedStringWithCompatibilityMapping
        return String(String.UnicodeScalarView(folded.unicodeScalars.filter { !$0.properties.isWhitespace }))
    }

    /// True for a CJK unified ideograph (basic block and extension A).
    static func isHan(_ s: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value)
    }

    /// Words that are A-share short names or their truncations but read as ordinary words in news
    /// (生物 from *ST生物, 阳光, 节能 …), and names too general to match as a company.
    static let genericWords: Set<String> = [
        "中国", "全国", "国内", "发展", "科技", "股份", "集团", "控股", "实业", "高新", "电子", "医药", "银行", "证券",
        "生物", "阳光", "节能", "亚太", "星光", "交投", "华西", "摩登", "恒久", "金刚", "先河", "长方", "开元", "立方",
        "创意", "新元", "名家", "应急", "尔雅", "联合", "春天", "熊猫", "岩石", "新潮", "起步", "正平", "岭南", "四通",
        "太平洋", "大西洋", "新世界", "新动力", "动力源", "农产品", "电子城", "中关村", "金融街", "陆家嘴", "外高桥",
        "王府井", "白云山", "红太阳", "太阳能", "新城市", "大智慧", "探路者", "轻纺城", "黑牡丹",
        "东方", "中华", "华夏", "长城", "黄河", "长江", "天下", "未来", "美好", "和平", "光明", "友好", "胜利", "平安",
        "中天", "中原", "中央", "华北", "华东", "华南", "西部", "东北", "西南", "联创", "合纵", "路通", "信通", "天龙",
        "金泰", "海华", "华通", "宏达", "天山", "创兴", "花王", "艾艾", "凯文", "高斯", "返利", "智知", "天择", "星农",
        "原尚", "太和", "加加", "未名", "威尔", "证通", "易购", "云动", "冰山", "一致", "方大",
        // Mountains, lakes, islands and districts that are also exchange short names.
        "祁连山", "长白山", "会稽山", "天目湖", "獐子岛", "珍宝岛", "徐家汇", "中国长城",
        // Phrases of everyday news that are also exchange short names (counted in shared/data/corpus).
        "机器人", "老百姓", "线上线下", "中国电影", "新产业", "航天工程", "智慧农业", "新天地", "北京文化", "海量数据",
        "向日葵", "中国卫星", "中国出版", "绿色动力", "创新医疗", "航天发展", "中国动力", "西部建设", "国际医学",
        "中国软件", "建设工业", "百合花", "陕西能源",
        // Media outlets (ENTITIES.md: media are not companies) that are also listed.
        "人民网", "新华网",
    ]
}
