/// A list of short words as scalar values, matched forward from or backward to a position.
///
/// The lists are small (tens of words) and consulted only around a candidate amount, so a linear
/// longest-first scan is cheaper than any index.
struct ScalarWordList: Sendable {
    /// All words' scalars, longest word first, back to back.
    private let storage: [UInt32]
    /// Where each word starts in `storage`.
    private let offsets: [Int]
    /// Each word's length.
    private let lengths: [Int]
    /// Each word's payload.
    private let payloads: [Int]
    /// The scalars words start with (a cheap filter before comparing words).
    private let firsts: ScalarSet
    /// The scalars words end with.
    private let lasts: ScalarSet
    /// Each word's first and last scalar, to skip a word on one comparison.
    private let firstOf: [UInt32]
    private let lastOf: [UInt32]

    /// A list from words and payloads (the payload tells the caller what the word means).
    init(_ entries: [(String, Int)]) {
        let sorted = entries.map { (scalars: $0.0.unicodeScalars.map(\.value), payload: $0.1) }
            .filter { !$0.scalars.isEmpty }
            .sorted { $0.scalars.count > $1.scalars.count }
        var storage: [UInt32] = []
        var offsets: [Int] = []
        var lengths: [Int] = []
        var payloads: [Int] = []
        for word in sorted {
            offsets.append(storage.count)
            lengths.append(word.scalars.count)
            payloads.append(word.payload)
            storage.append(contentsOf: word.scalars)
        }
        self.storage = storage
        self.offsets = offsets
        self.lengths = lengths
        self.payloads = payloads
        firsts = ScalarSet(Set(sorted.compactMap(\.scalars.first)))
        lasts = ScalarSet(Set(sorted.compactMap(\.scalars.last)))
        firstOf = sorted.map { $0.scalars.first ?? 0 }
        lastOf = sorted.map { $0.scalars.last ?? 0 }
    }

    /// A list whose payloads do not matter.
    init(_ entries: [String]) {
        self.init(entries.map { ($0, 0) })
    }

    /// The longest word that starts at `start` and ends before `limit`: (length, payload).
    func match(_ text: UnsafeBufferPointer<Unicode.Scalar>, at start: Int, limit: Int) -> (length: Int, payload: Int)? {
        guard start < limit, start >= 0, start < text.count, firsts.contains(text[start].value) else { return nil }
        let first = text[start].value
        return storage.withUnsafeBufferPointer { words -> (length: Int, payload: Int)? in
            for word in 0..<offsets.count where firstOf[word] == first {
                let count = lengths[word]
                if start + count > limit { continue }
                let offset = offsets[word]
                var index = 0
                while index < count && text[start + index].value == words[offset + index] { index += 1 }
                if index == count { return (count, payloads[word]) }
            }
            return nil
        }
    }

    /// The longest word that ends just before `end` and starts at or after `floor`: (length, payload).
    func match(_ text: UnsafeBufferPointer<Unicode.Scalar>, endingAt end: Int, floor: Int) -> (length: Int, payload: Int)? {
        guard end > floor, end - 1 < text.count, end >= 1, lasts.contains(text[end - 1].value) else { return nil }
        let last = text[end - 1].value
        return storage.withUnsafeBufferPointer { words -> (length: Int, payload: Int)? in
            for word in 0..<offsets.count where lastOf[word] == last {
                let count = lengths[word]
                if end - count < floor { continue }
                let offset = offsets[word]
                let start = end - count
                var index = 0
                while index < count && text[start + index].value == words[offset + index] { index += 1 }
                if index == count { return (count, payloads[word]) }
            }
            return nil
        }
    }
}

/// The words the money grammar knows: currencies, hedges, measure words and money context.
///
/// Kept as data in one place so a reader can check them against ENTITIES.md at a glance.
enum MoneyLexicon {
    /// ISO codes, indexed by the payloads of the currency lists.
    static let currencyCodes = ["CNY", "USD", "HKD", "EUR", "JPY", "GBP", "KRW", "AUD", "CAD", "TWD",
                                "MOP", "SGD", "CHF", "RUB", "INR", "THB", "VND", "MYR", "NZD", "PLN", "TRY", "ZAR",
                                "BRL", "SEK", "NOK", "DKK", "AED", "SAR", "KZT", "UAH", "IDR", "MXN", "PHP", "ARS",
                                "EGP", "PKR", "ILS"]

    /// Index of a code in `currencyCodes`.
    private static func code(_ iso: String) -> Int { currencyCodes.firstIndex(of: iso) ?? 0 }

    /// Payload of the currency words that are 元 (or 块钱): 角 and 分 may follow them.
    static let yuanPayload = 1000

    /// Currency words written after the number (元, 美元, 港币 …).
    static let currencySuffixes = ScalarWordList(currencySuffixEntries)

    /// The currency words written after the number, as text.
    static var currencySuffixesText: [String] { currencySuffixEntries.map(\.0) }

    /// Currency words written after the number, with their payloads.
    private static let currencySuffixEntries: [(String, Int)] = ([
        ("元人民币", code("CNY")), ("元钱", yuanPayload), ("元", yuanPayload), ("块钱", yuanPayload),
        ("圆", yuanPayload), ("圓", yuanPayload),
        ("元人民幣", code("CNY")), ("元錢", yuanPayload), ("塊錢", yuanPayload), ("人民幣", code("CNY")),
        ("美圓", code("USD")), ("港圓", code("HKD")),
        ("人民币", code("CNY")), ("圆人民币", code("CNY")),
        ("美元", code("USD")), ("美金", code("USD")),
        ("港元", code("HKD")), ("港币", code("HKD")), ("港幣", code("HKD")), ("元港币", code("HKD")),
        ("欧元", code("EUR")), ("歐元", code("EUR")),
        ("日元", code("JPY")), ("日圆", code("JPY")), ("日圓", code("JPY")),
        ("英镑", code("GBP")), ("英鎊", code("GBP")),
        ("韩元", code("KRW")), ("韓元", code("KRW")),
        ("澳元", code("AUD")), ("澳币", code("AUD")), ("加元", code("CAD")), ("加币", code("CAD")),
        ("新台币", code("TWD")), ("新台幣", code("TWD")), ("台币", code("TWD")),
        ("澳门元", code("MOP")), ("澳门币", code("MOP")), ("澳门幣", code("MOP")),
        ("新加坡元", code("SGD")), ("瑞士法郎", code("CHF")), ("卢布", code("RUB")), ("盧布", code("RUB")),
        ("卢比", code("INR")), ("泰铢", code("THB")), ("越南盾", code("VND")), ("林吉特", code("MYR")),
        ("新西兰元", code("NZD")), ("纽元", code("NZD")),
        ("兹罗提", code("PLN")), ("波兰兹罗提", code("PLN")), ("里拉", code("TRY")), ("土耳其里拉", code("TRY")),
        ("兰特", code("ZAR")), ("南非兰特", code("ZAR")), ("雷亚尔", code("BRL")), ("巴西雷亚尔", code("BRL")),
        ("瑞典克朗", code("SEK")), ("挪威克朗", code("NOK")), ("丹麦克朗", code("DKK")),
        ("迪拉姆", code("AED")), ("沙特里亚尔", code("SAR")), ("里亚尔", code("SAR")), ("坚戈", code("KZT")),
        ("格里夫纳", code("UAH")), ("印尼盾", code("IDR")), ("墨西哥比索", code("MXN")), ("菲律宾比索", code("PHP")),
        ("阿根廷比索", code("ARS")), ("埃及镑", code("EGP")), ("瑞郎", code("CHF")), ("日币", code("JPY")),
        ("韩币", code("KRW")), ("新谢克尔", code("ILS")), ("谢克尔", code("ILS")), ("巴基斯坦卢比", code("PKR")), ("印度卢比", code("INR")), ("马来西亚林吉特", code("MYR")),
    ])

    /// ISO codes and Latin abbreviations written after the number, optionally after a space (100万 USD).
    static let latinCurrencySuffixes = ScalarWordList([
        ("RMB", code("CNY")), ("CNY", code("CNY")), ("USD", code("USD")), ("HKD", code("HKD")),
        ("EUR", code("EUR")), ("JPY", code("JPY")), ("GBP", code("GBP")), ("KRW", code("KRW")),
        ("AUD", code("AUD")), ("CAD", code("CAD")), ("TWD", code("TWD")), ("SGD", code("SGD")),
        ("CHF", code("CHF")), ("MOP", code("MOP")),
    ])

    /// Currency words and signs written before the number (人民币100万元, ¥100, US$3).
    static let currencyPrefixes = ScalarWordList([
        ("人民币", code("CNY")), ("人民幣", code("CNY")), ("RMB", code("CNY")), ("CNY", code("CNY")),
        ("US$", code("USD")), ("USD", code("USD")),
        ("HK$", code("HKD")), ("HKD", code("HKD")), ("港币", code("HKD")), ("港元", code("HKD")),
        ("NT$", code("TWD")), ("新台币", code("TWD")), ("新台幣", code("TWD")), ("台币", code("TWD")),
        ("台幣", code("TWD")), ("S$", code("SGD")), ("A$", code("AUD")), ("C$", code("CAD")),
        ("EUR", code("EUR")), ("JPY", code("JPY")), ("GBP", code("GBP")),
        ("¥", code("CNY")), ("￥", code("CNY")), ("$", code("USD")), ("＄", code("USD")),
        ("€", code("EUR")), ("£", code("GBP")), ("￡", code("GBP")), ("₩", code("KRW")), ("₹", code("INR")),
    ])

    /// English magnitudes after a sign-prefixed number ($3.5 billion): payload is the power of ten.
    static let englishMagnitudes = ScalarWordList([
        ("thousand", 3), ("million", 6), ("billion", 9), ("trillion", 12), ("bn", 9), ("mn", 6),
        ("Thousand", 3), ("Million", 6), ("Billion", 9), ("Trillion", 12),
    ])

    /// Payloads of hedge words.
    static let over = 1, under = 2, approx = 3

    /// Hedge words written before the number (超过, 约, 近 …), payload over/under/approx.
    static let prefixHedges = ScalarWordList([
        ("超过", over), ("超", over), ("逾", over), ("过", over), ("突破", over), ("破", over),
        ("不低于", over), ("不少于", over), ("至少", over), ("最低", over), ("最少", over),
        ("大于", over), ("高于", over), ("多于", over), ("高过", over),
        ("近", under), ("将近", under), ("接近", under), ("逼近", under), ("不到", under), ("不足", under),
        ("小于", under), ("低于", under), ("少于", under), ("不超过", under), ("不超", under), ("未超过", under),
        ("最高", under), ("最多", under),
        ("约", approx), ("大约", approx), ("大概", approx), ("大致", approx), ("约合", approx),
        // Traditional forms, for text that was not converted to Simplified.
        ("超過", over), ("過", over), ("不低於", over), ("大於", over), ("高於", over), ("多於", over),
        ("將近", under), ("不超過", under), ("小於", under), ("低於", under), ("少於", under),
        ("約", approx), ("大約", approx), ("約合", approx),
    ])

    /// Words allowed between a hedge and its number (超过了, 约为, 最高可达).
    static let hedgeConnectors = ScalarWordList(["了", "为", "达", "到", "达到", "可达", "在"])

    /// Modals and money verbs allowed between a hedge of two or more scalars and its number
    /// (最高可罚50万元, 最低要罚2万元, 最高将可获得5000元); at most three of them.
    static let hedgeVerbs = ScalarWordList([
        "可", "要", "能", "将", "会", "可以", "需", "须", "应",
        "罚", "罚款", "处", "奖", "奖励", "赔", "赔偿", "补", "补贴", "获", "获得", "给予", "捐", "投", "投资",
    ])

    /// Characters that, just before a one-character hedge, make it part of another word
    /// (经过, 通过, 节约, 签约, 最近, 附近, 打破 …): hedge scalar value → blocked predecessors.
    static let blockedBeforeHedge: [UInt32: ScalarSet] = [
        0x8FC7: scalarSet("经通度越路错跨穿未没闯胜难放不超跳略走滤渡透闪"),  // 过
        0x8FD1: scalarSet("最附靠亲就邻临走接将逼"),  // 近
        0x7EA6: scalarSet("签合预节特邀契履违公条制相婚赴践集简隐俭誓守和立解毁缔失续租大"),  // 约
        0x7834: scalarSet("打识点看说突冲攻爆揭"),  // 破
        0x8D85: scalarSet("赶高趕"),  // 超
        0x904E: scalarSet("經通度越路錯跨穿未沒闖勝難放不超跳略走濾渡透閃"),  // 過
        0x7D04: scalarSet("簽合預節特邀契履違公條制相婚赴踐集簡隱儉誓守和立解毀締失續租大"),  // 約
    ]

    /// Hedge words written after the amount (左右, 以上, 多 …), payload over/under/approx.
    static let suffixHedges = ScalarWordList([
        ("多", over), ("余", over), ("餘", over), ("有餘", over), ("以上", over), ("之上", over), ("出头", over), ("之多", over), ("有余", over),
        ("开外", over), ("+", over), ("＋", over),
        ("以下", under), ("以内", under), ("之内", under),
        ("左右", approx), ("上下", approx),
    ])

    /// Range separators between two numbers (10-20亿元, 10至20亿元, 10~20亿).
    static let rangeSeparators = ScalarWordList(["-", "－", "‐", "–", "—", "——", "--", "－－", "~", "～", "〜", "至", "到"])

    /// Measure words and nouns that make a number a count, not money (9万斤, 6亿用户, 30万款).
    static let measureWords = ScalarWordList([
        "人", "户", "单", "件", "斤", "吨", "亩", "个", "家", "名", "位", "场", "条", "款", "份", "台", "倍", "次",
        "年", "月", "日", "号", "岁", "辆", "头", "只", "张", "本", "部", "所", "座", "栋", "套", "间", "株", "棵",
        "匹", "枚", "颗", "粒", "篇", "册", "批", "种", "类", "支", "架", "艘", "趟", "轮", "周", "天", "度", "米",
        "升", "克", "里", "片", "块", "瓶", "箱", "袋", "包", "盒", "罐", "桶", "担", "尺", "寸", "顷", "口", "处",
        "项", "期", "届", "层", "股", "手", "笔", "票", "秒", "时", "字", "页", "集", "首", "幅", "段", "节", "章",
        "例", "宗", "对", "双", "副", "把", "根", "束", "串", "组", "队", "班", "群", "卷", "孔", "盏", "顿", "滴",
        "%", "％", "‰", "°", "℃", "倍", "分", "点", "成", "级", "剂", "标箱", "列", "架次", "车次", "班次",
        "公斤", "千克", "公里", "千米", "平方", "立方", "千瓦", "小时", "分钟", "毫升", "公顷",
        "网友", "用户", "消费者", "农户", "粉丝", "观众", "游客", "买家", "卖家", "商家", "居民", "群众", "农民",
        "学生", "员工", "职工", "工人", "患者", "市民", "村民", "会员", "主播", "订单", "销量", "人次", "网民",
        "读者", "听众", "儿童", "老人", "贫困", "老乡", "家庭", "企业", "商户", "民众", "选民", "乘客", "旅客",
        "农村", "城镇", "人口", "劳动力", "就业", "岗位", "像素", "年薪",
        // Traditional forms.
        "戶", "單", "噸", "畝", "個", "場", "條", "臺", "輛", "隻", "張", "項", "屆", "層", "筆", "頁", "組", "隊",
        "號", "歲", "顆", "種", "類", "艘", "輪", "週", "網友", "用戶", "消費者", "農戶", "粉絲", "觀眾", "遊客",
        "買家", "賣家", "農民", "學生", "員工", "職工", "訂單", "銷量", "會員", "公噸", "公裡", "公里", "小時",
    ])

    /// Words that make an amount without a currency money when they stand near it (ENTITIES.md).
    static let moneyWords = ScalarWordList([
        "销售", "额", "交易", "成交", "产值", "总值", "收入", "营收", "费用", "补贴", "投资", "投入", "利润", "净利",
        "券", "资金", "收益", "资产", "市值", "估值", "融资", "贷款", "存款", "预算", "税", "支出", "开支", "成本",
        "价格", "价值", "售价", "票房", "工资", "薪", "奖金", "罚款", "赔偿", "捐款", "捐赠", "善款", "GMV", "流水",
        "亏损", "募资", "募集", "拨款", "经费", "资本", "身价", "财富", "收购", "消费", "帮销", "花费", "耗资", "造价",
        "总价", "租金", "保费", "赔付", "毛利", "营业", "节约", "节省", "市场规模", "贸易", "出口", "进口", "进出口",
        "GDP", "财政", "款", "让利", "捐", "罚", "赔", "募",
        "銷售", "額", "交易", "產值", "總值", "營收", "費用", "補貼", "投資", "投入", "利潤", "資金", "收益", "資產",
        "市值", "估值", "融資", "貸款", "存款", "預算", "稅", "支出", "成本", "價格", "價值", "售價", "票房", "財政",
    ])

    /// Words that make an amount a count or a measure even though a money word may stand further away
    /// (买家数达到6.28亿, 数量超过200万, 销售量3000万).
    static let countWords = ScalarWordList([
        "数量", "销量", "销售量", "产量", "人数", "用户", "粉丝", "网友", "人次", "订单量", "单量", "户数", "面积",
        "重量", "人口", "次数", "浏览量", "播放量", "阅读量", "点击量", "访问量", "观看", "点赞", "份额", "名额",
        "数", "量", "消费者", "规模以上", "人", "客流", "就业", "群体", "人群", "企业数", "户数",
        "供货商", "供应商", "经销商", "厂商", "客商", "服务商", "运营商", "开发商", "老年人", "年轻人",
        "员额", "超额", "數量", "銷量", "銷售量", "產量", "人數", "用戶", "粉絲", "網友", "份額", "名額", "數", "量", "收入群体", "中等收入", "低收入", "高收入", "惠及", "受益", "标箱", "集装箱", "群众",
    ])

    /// Characters after 元 that show it is not the currency (一元化, 二元论, 三元里, 元旦, 元宵).
    static let notYuanAfter: ScalarSet = scalarSet("化素论组件复里宵旦首帅老气次函朝音食培始谋坝江氏代宝勋凯满形周弧梦")

    /// What may follow 元 after a small Chinese numeral for it to be money (五元钱, 三元一斤, 两元，):
    /// anything else reads as a word (二元结构, 三元里, 一元复始).
    static let yuanAfterChineseSmall: ScalarSet = scalarSet("钱整正的一每左右以上下多余至到和或及也就都即便给用作了呢吧啊买起不/")

    /// Characters that end the window in which money context is looked for.
    static let clauseBreaks: ScalarSet = scalarSet("，,。；;！!？?：:\n\r\t|")

    /// True for CJK ideographs (the characters that can make 元 part of a word: 二元结构).
    @inline(__always)
    static func isIdeograph(_ value: UInt32) -> Bool {
        (value >= 0x3400 && value <= 0x9FFF) || (value >= 0xF900 && value <= 0xFAFF) || value >= 0x20000
    }

    /// The scalar values of a string, as a set.
    static func scalars(_ string: String) -> Set<UInt32> { Set(string.unicodeScalars.map(\.value)) }

    /// The scalar values of `string` as a bitmap set.
    static func scalarSet(_ string: String) -> ScalarSet { ScalarSet(scalars(string)) }
}
