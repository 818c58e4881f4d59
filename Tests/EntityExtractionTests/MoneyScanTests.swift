import Foundation
import Testing
@testable import EntityExtraction

/// A gold money mention with the context it was annotated in (../shared/gold/seeds.json).
struct GoldContext: CustomTestStringConvertible, Sendable {
    let context: String
    let text: String
    let value: String
    let qualifier: MoneyQualifier

    init(_ context: String, text: String, value: String, qualifier: MoneyQualifier) {
        self.context = context
        self.text = text
        self.value = value
        self.qualifier = qualifier
    }

    var testDescription: String { text }
}

/// Every money entry of the gold standard, with its context as annotated.
let goldContexts: [GoldContext] = [
    GoldContext("EO辛利军)　　发放十亿“助农券” 30万款", text: "十亿", value: "1000000000", qualifier: .exact),
    GoldContext("政府部门向消费者发放十亿“助农券”，上线30", text: "十亿", value: "1000000000", qualifier: .exact),
    GoldContext("计为农特上行企业节约10亿相关费用。双向惠及消", text: "10亿", value: "1000000000", qualifier: .exact),
    GoldContext("乡村振兴“奔富计划”万亿产值目标有望提前实现", text: "万亿", value: "1000000000000", qualifier: .exact),
    GoldContext("个月带动农村实现产值超过6200亿元，在全国打造多个“奔", text: "超过6200亿元", value: "620000000000", qualifier: .over),
    GoldContext("望提前“三年带动农村一万亿产值成长”的目标。　", text: "一万亿", value: "1000000000000", qualifier: .exact),
    GoldContext("政区，实现农产品销售3200亿，开设助农馆和特产馆", text: "3200亿", value: "320000000000", qualifier: .exact),
    GoldContext("240家特产馆年收入过百万。未来，京东集团将继", text: "过百万", value: "1000000", qualifier: .over),
    GoldContext("，全年商品交易额达到11572亿元。2019年，拼多多", text: "11572亿元", value: "1157200000000", qualifier: .exact),
    GoldContext("多多农产品交易额达到1364亿元，成为中国最大的农产", text: "1364亿元", value: "136400000000", qualifier: .exact),
    GoldContext("西省农产品加工产值达1935亿元。鞠振表示，山西农产", text: "1935亿元", value: "193500000000", qualifier: .exact),
    GoldContext("售脱贫地区产品和服务约970亿元，有力助推了脱贫地区", text: "约970亿元", value: "97000000000", qualifier: .approx),
    GoldContext("货节”活动，累计帮销6.67亿元。全国妇联指导各级妇", text: "6.67亿元", value: "667000000", qualifier: .exact),
    GoldContext("贫地区产品和旅游服务1.16亿元。科技部、工业和信息", text: "1.16亿元", value: "116000000", qualifier: .exact),
    GoldContext("柜，活动期间累计销售4270万元；同时运送脱贫地区农", text: "4270万元", value: "42700000", qualifier: .exact),
    GoldContext("16亿吨，减免运费等2.6亿元。 各地各企业全力支", text: "2.6亿元", value: "260000000", qualifier: .exact),
    GoldContext("销售规模，累计销售额超143亿元。抖音电商按照“新春", text: "超143亿元", value: "14300000000", qualifier: .over),
    GoldContext("季山货节”活动，投入千万级补贴，吸引脱贫地区“", text: "千万级", value: "10000000", qualifier: .approx),
    GoldContext("间平台累计实现销售额3.96亿元。招商局集团借助旗下", text: "3.96亿元", value: "396000000", qualifier: .exact),
    GoldContext("销脱贫地区产品和服务2170余万元。 （文章来源：中国", text: "2170余万元", value: "21700000", qualifier: .over),
    GoldContext("活动，帮扶销售农产品超400余万元，5400万热心网友", text: "超400余万元", value: "4000000", qualifier: .over),
    GoldContext("18600单，销售额83万多，当看到直播时几千上", text: "83万多", value: "830000", qualifier: .over),
    GoldContext("单，3万单，支付金额123万余元，直到凌晨1点45分", text: "123万余元", value: "1230000", qualifier: .over),
    GoldContext("”。当晚单店铺销售额35259元、销售订单511单(", text: "35259元", value: "35259", qualifier: .exact),
    GoldContext("直播带动农产品销售额超过50亿元。另一方面村播计划也", text: "超过50亿元", value: "5000000000", qualifier: .over),
]

/// A sentence from the five articles and every amount of money in it, in order.
struct SentenceCase: CustomTestStringConvertible, Sendable {
    let sentence: String
    let amounts: [MoneyValue]

    init(_ sentence: String, _ amounts: [(String, MoneyQualifier)] = []) {
        self.sentence = sentence
        self.amounts = amounts.map { MoneyValue(value: $0.0, qualifier: $0.1) }
    }

    var testDescription: String { String(sentence.prefix(24)) }
}

/// What the scorer compares: value and qualifier.
struct MoneyValue: Hashable, Sendable, CustomStringConvertible {
    let value: String
    let qualifier: MoneyQualifier
    var description: String { "\(value) \(qualifier)" }
}

/// Sentences holding the gold notes' "Not money" items (and the amounts that stand beside them).
let sentenceCases: [SentenceCase] = [
    SentenceCase("京东集团拥有超过42万名员工，其中70%来自于农村，因此京东对农业、农村、农民的感情是真挚的、深厚的，更是长期的。"),
    SentenceCase("同时，也为京东近6亿用户提供更多高品质农特产品。"),
    SentenceCase("在此次购物节期间，京东联合多地政府部门向消费者发放十亿“助农券”，上线30万款高品质农特好物，覆盖全国2336个农特产地及产业带，国家地理标志农产品超12万个。",
                 [("1000000000", .exact)]),
    SentenceCase("另外，此次“京东农特产购物节”，邀约110+地方政府，同时还有中国商业联合会、中国食品工业协会、中国食品科学技术学会等国家级行业协会，中粮等企业，以及亿万消费者共同参与。"),
    SentenceCase("而在上线首日就实现开门红，四小时内整体成交额同比增长97%，全渠道订单量同比增长44%。"),
    SentenceCase("举办“京东农特产购物节”旨在助力打造高质量农产品，带动亿万农户扩大销售，增收致富。"),
    SentenceCase("从京东乡村振兴“奔富计划”启动到今年8月底，22个月带动农村实现产值超过6200亿元，在全国打造多个“奔富村”，帮助数百万农户大幅增收，有望提前“三年带动农村一万亿产值成长”的目标。",
                 [("620000000000", .over), ("1000000000000", .exact)]),
    SentenceCase("双向惠及消费者及农户同时，助推万千农特产触达全年销售高峰。"),
    SentenceCase("在京东助力下，众多地方特色农产品实现了质的发展，也让更多的优质农特产走向千家万户。"),
    SentenceCase("2021年京东11.11期间，霸王蟹销量同比增长600倍，2021年全年销量同比增长173倍；2022年京东618开门红前10分钟，宿有千香霸王虾(霸王蟹同品牌)，同比增长1150%。"),
    SentenceCase("京东集团自2020年10月启动乡村振兴 “奔富计划”，截至2021年底，“奔富计划”已覆盖全国28个省级行政区，实现农产品销售3200亿，开设助农馆和特产馆达753个，其中240家特产馆年收入过百万。",
                 [("320000000000", .exact), ("1000000", .over)]),
    SentenceCase("截至目前，拼多多年活跃买家数达到6.28亿，全年商品交易额达到11572亿元。", [("1157200000000", .exact)]),
    SentenceCase("助力山西农产品对接平台6.28亿消费者。"),
    SentenceCase("在以五谷杂粮闻名的忻州市静乐县，县长王昕在直播间主打糯玉米、小米、藜麦等杂粮，这些产品全部来自当地的建档立卡贫困户，网友迅速“拼”掉9万斤。"),
    SentenceCase("目前，大同的盛产期黄花达10万亩，带动1.5万多户贫困户脱贫，是名副其实的“致富花”。"),
    SentenceCase("随后的两个月，山西省先后有运城市市长储祥好、副市长崔元斌及运城下辖的12位市县长接力走进拼多多直播间，组成“助农天团”，向180万网友推荐运城农产品；吕梁市委副书记张广勇、副市长刘晋萍也同台亮相，向64万网友推荐吕梁的木枣、核桃等特产。"),
    SentenceCase("山西久负盛名的酿醋、酿酒等农副产品，本就深受拼多多6亿用户喜爱，而药茶、杂粮、果品等山西农产品，得到消费者认知后，催生了一批新的10万+销量爆款。"),
    SentenceCase("比如，山西省仅有15％的杂粮经过以分拣、包装为主的初级加工阶段，其余都是以原粮的形式进入市场；果品商品化处理能力仅占总产量的5％，产后加工环节发展滞后。"),
    SentenceCase("据悉，连续的直播助农活动，直播间每秒产生超过5个新订单，相关农产品销量同比上涨超过300%。"),
    SentenceCase("作为中国黄花主产地之一，大同市拥有600年的黄花种植史。"),
    SentenceCase("“消费帮扶新春行动”的百度词条检索结果超过2200万条，进一步巩固了“人人皆可为、人人皆愿为、人人皆能为”的消费帮扶浓厚氛围。"),
    SentenceCase("国家粮食和物资储备局遴选出脱贫地区“中国好粮油”产品29个，在“中国好粮油”发布会上集中发布。"),
    SentenceCase("用好铁路车站、列车2800余个专营店、专区和600余台铁路消费帮扶货柜，活动期间累计销售4270万元；同时运送脱贫地区农副产品1.16亿吨，减免运费等2.6亿元。",
                 [("42700000", .exact), ("260000000", .exact)]),
    SentenceCase("京东借助“京东年货节”汇集160个乡村振兴重点帮扶县产品，打造“家乡年货新春行动”专场。"),
    SentenceCase("抖音电商按照“新春行动”要求推出“冬季山货节”活动，投入千万级补贴，吸引脱贫地区“新农人”和农货商家开播，活动期间实现390万人下单、助销547.3万单农货。",
                 [("10000000", .approx)]),
    SentenceCase("同时依托招商银行“客户关爱”需求，采购脱贫地区农副产品制作年货关爱包2.7万余份，为脱贫地区群众打开稳定的增收致富通道。"),
    SentenceCase("活动中，30个部门、各省(区、市)以及消费帮扶重点企业联盟成员单位发挥各自组织动员优势。"),
    SentenceCase("2022新春首场公益助农直播活动——“消费帮扶新春行动之开门红”系列活动，帮扶销售农产品超400余万元，5400万热心网友参与这场公益助农活动。",
                 [("4000000", .over)]),
    SentenceCase("从2月19日至28日，淘宝直播平台“消费帮扶新春行动之开门红”打造24场直播助力乡村特卖。"),
    SentenceCase("李佳琦、烈儿宝贝、陈洁kiki、Timor小小疯、李艾、朱丹、胡可等24位淘宝主播们都参与了此次直播助农系列活动。"),
    SentenceCase("他们家的香畴压塌楼小米这一场直播就卖出去18600单，销售额83万多，当看到直播时几千上万的订单传来，一次次的加库存。",
                 [("830000", .over)]),
    SentenceCase("1万单，2万单，3万单，支付金额123万余元，直到凌晨1点45分直播结束，产品下架。", [("1230000", .over)]),
    SentenceCase("当晚单店铺销售额35259元、销售订单511单(销售额平安区商家排名第三、订单量排名第二)。", [("35259", .exact)]),
    SentenceCase("一方面通过鼓励和组织主播在淘宝直播进行农产品销售，3年来助农主播数已有11万，共进行了230万场助农直播；覆盖全国31个省的2000多个县域，相关农产品数量超过200万，通过直播带动农产品销售额超过50亿元。",
                 [("5000000000", .over)]),
    SentenceCase("“新农人挑战赛”目前已举办两届，总报名人数2562人。"),
    SentenceCase("更重要的是这次直播带货，直接帮到了100多户老乡。"),
    SentenceCase("为深入贯彻落实《通知》(发改办振兴〔2022〕37号)精神，挖掘消费潜力。"),
    SentenceCase("预计为农特上行企业节约10亿相关费用。", [("1000000000", .exact)]),
]

@Test(arguments: goldContexts)
func goldMoneyIsFoundInItsContext(_ gold: GoldContext) throws {
    let mentions = MoneyParser().mentions(in: gold.context)
    try #require(mentions.count == 1, "\(mentions.map(\.text))")
    #expect(mentions[0].text == gold.text)
    #expect(mentions[0].amount.value == gold.value)
    #expect(mentions[0].amount.qualifier == gold.qualifier)
    #expect(mentions[0].amount.currency == "CNY")
}

@Test(arguments: sentenceCases)
func sentenceYieldsExactlyItsAmounts(_ row: SentenceCase) {
    let found = MoneyParser().mentions(in: row.sentence).map { MoneyValue(value: $0.amount.value, qualifier: $0.amount.qualifier) }
    #expect(found == row.amounts)
}

/// The gold money of each sample article as (value, qualifier): required and optional entries.
let goldArticles: [String: (required: [(String, MoneyQualifier)], optional: [(String, MoneyQualifier)])] = [
    "000_cd655d245791935a": (required: [("1000000000", .exact), ("1000000000", .exact), ("1000000000", .exact), ("620000000000", .over), ("1000000000000", .exact)],
        optional: [("1000000000000", .exact)]),
    "001_877a5ce752d0c819": (required: [("320000000000", .exact), ("1000000", .over)],
        optional: []),
    "002_e1ff8f2086505bbe": (required: [("1157200000000", .exact), ("136400000000", .exact), ("193500000000", .exact)],
        optional: []),
    "003_65e1662d74c131c1": (required: [("97000000000", .approx), ("667000000", .exact), ("116000000", .exact), ("42700000", .exact), ("260000000", .exact), ("14300000000", .over), ("396000000", .exact), ("21700000", .over)],
        optional: [("10000000", .approx)]),
    "004_3a73bc1ef7feb9ef": (required: [("4000000", .over), ("830000", .over), ("1230000", .over), ("35259", .exact), ("5000000000", .over)],
        optional: []),
]

/// The repository root, found from this file's path.
let moneyRepoRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Test(arguments: goldArticles.keys.sorted())
func sampleArticleMoneyMatchesGold(_ id: String) throws {
    let url = moneyRepoRoot.appendingPathComponent("Corpus").appendingPathComponent(id + ".txt")
    let text = try String(contentsOf: url, encoding: .utf8)
    let gold = try #require(goldArticles[id])
    var found: [MoneyValue: Int] = [:]
    for mention in MoneyParser().mentions(in: text) {
        found[MoneyValue(value: mention.amount.value, qualifier: mention.amount.qualifier), default: 0] += 1
    }
    var required: [MoneyValue: Int] = [:]
    for entry in gold.required { required[MoneyValue(value: entry.0, qualifier: entry.1), default: 0] += 1 }
    let optional = Set(gold.optional.map { MoneyValue(value: $0.0, qualifier: $0.1) })
    // Recall: every required entry is found as often as the gold has it.
    for (entry, count) in required {
        #expect(found[entry, default: 0] >= count, "missing \(entry)")
    }
    // Precision: nothing found beyond the required entries except optional ones.
    for (entry, count) in found where count > required[entry, default: 0] {
        #expect(optional.contains(entry), "extra \(entry)")
    }
}

@Test func mentionOffsetsAreScalarOffsets() throws {
    let text = "👍🏻价格：约970亿元，和¥1,234.5！"
    let scalars = Array(text.unicodeScalars)
    let mentions = MoneyParser().mentions(in: text)
    try #require(mentions.count == 2)
    #expect(mentions[0].range == 5..<11)
    #expect(mentions[0].text == "约970亿元")
    #expect(mentions[1].text == "¥1,234.5")
    for mention in mentions {
        var slice = String.UnicodeScalarView()
        slice.append(contentsOf: scalars[mention.range])
        #expect(String(slice) == mention.text)
    }
    #expect(MoneyParser().mentions(in: scalars) == mentions)
}

@Test func mentionsDoNotOverlapAndAreInOrder() throws {
    let text = "投资10-20亿元，收入超过3000万元以上，补贴近百亿，价格3.5元/升，另有5000万美元和2亿港元。"
    let mentions = MoneyParser().mentions(in: text)
    #expect(mentions.map(\.text) == ["10-20亿元", "超过3000万元以上", "近百亿", "3.5元", "5000万美元", "2亿港元"])
    for (earlier, later) in zip(mentions, mentions.dropFirst()) {
        #expect(earlier.range.upperBound <= later.range.lowerBound)
    }
}

@Test func moneyContextDecidesAmountsWithoutCurrency() {
    let parser = MoneyParser()
    #expect(parser.mentions(in: "全年营收3000万，同比增长。").map(\.amount.value) == ["30000000"])
    #expect(parser.mentions(in: "全年用户3000万，同比增长。").isEmpty)
    #expect(parser.mentions(in: "销售额增长，用户达3000万。").isEmpty)
    #expect(parser.mentions(in: "发放3000万消费券。").map(\.amount.value) == ["30000000"])
    #expect(parser.mentions(in: "销售量达3000万。").isEmpty)
    #expect(parser.mentions(in: "每万元GDP能耗下降。").isEmpty)
}

@Test func textThatIsNotMoneyYieldsNothing() {
    let parser = MoneyParser()
    for text in ["", "一些统一的看法", "2022年9月20日", "电话：0086-10-82081166", "A320和G20", "三角形", "城乡二元结构",
                 "元旦和元宵", "万一", "十四五规划", "百分之三十", "三分之一", "第一百名"] {
        #expect(parser.mentions(in: text).isEmpty, "\(text)")
    }
}
