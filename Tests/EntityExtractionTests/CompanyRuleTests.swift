import Testing
@testable import EntityExtraction

/// Issue 11's company classes, each a table: where a legal-form name starts, what is not a company, the other
/// senses of known names, listed names that count without a context word, and one canonical name per company.
struct CompanyRuleTests {
    /// (sentence, the company's text, its name).
    static let nameStarts: [(String, String, String)] = [
        // A verb, a person or a description before the name is not part of it.
        ("李克强视频连线国家能源集团沧东电厂。", "国家能源集团", "国家能源集团"),
        ("我们就来认识航天科技集团特级技师。", "航天科技集团", "中国航天科技集团"),
        ("炼油厂运营商巴赞集团宣布停产。", "巴赞集团", "巴赞集团"),
        ("欢迎正大集团继续深化合作。", "正大集团", "正大集团"),
        ("记者跟随华阳集团一矿综采四队。", "华阳集团", "华阳集团"),
        ("对国内咨询企业凯盛融英信息科技（上海）股份有限公司开展检查。",
         "凯盛融英信息科技（上海）股份有限公司", "凯盛融英信息科技（上海）股份有限公司"),
        // A foreign country before the name is not part of it, when a name remains.
        ("韩正会见了美国彭博集团创始人。", "彭博集团", "彭博集团"),
        ("李强会见泰国正大集团资深董事长。", "正大集团", "正大集团"),
        ("中方与卡塔尔能源集团签约。", "卡塔尔能源集团", "卡塔尔能源公司"),
        // An address before a registered name: the name starts at the last place.
        ("湖南长沙浏阳市华盛烟花制造燃放有限公司发生爆炸。", "浏阳市华盛烟花制造燃放有限公司", "浏阳市华盛烟花制造燃放有限公司"),
        ("山西长治市沁源县山西通洲集团留神峪煤业有限公司井下发生事故。",
         "山西通洲集团留神峪煤业有限公司", "山西通洲集团留神峪煤业有限公司"),
        ("对山西长治山西通洲集团留神峪煤业有限公司进行调查。", "山西通洲集团留神峪煤业有限公司", "山西通洲集团留神峪煤业有限公司"),
        ("中华全国供销合作总社中农集团提前与农资企业对接。", "中农集团", "中农集团"),
        // The start is not cut inside the name.
        ("考察的第一站来到位于南宁的中国—东盟信息港股份有限公司。", "中国—东盟信息港股份有限公司", "中国—东盟信息港股份有限公司"),
        ("节目在澳门有线电视股份有限公司播出。", "澳门有线电视股份有限公司", "澳门有线电视股份有限公司"),
        // (known names take their canonical name; made-up ones keep the name as written)
        ("习近平来到广汽埃安新能源汽车股份有限公司考察。", "广汽埃安新能源汽车股份有限公司", "广汽埃安"),
        ("他来到华星埃安新能源汽车股份有限公司考察。", "华星埃安新能源汽车股份有限公司", "华星埃安新能源汽车股份有限公司"),
        ("在银河航天（北京）网络技术有限公司，李强察看卫星。", "银河航天（北京）网络技术有限公司", "银河航天"),
        ("在星河远航（北京）网络技术有限公司，李强察看卫星。", "星河远航（北京）网络技术有限公司", "星河远航（北京）网络技术有限公司"),
        ("记者从中国铁路南宁局集团有限公司获悉。", "中国铁路南宁局集团有限公司", "中国铁路南宁局集团"),
        ("记者从中华铁路柳州运输集团有限公司获悉。", "中华铁路柳州运输集团有限公司", "中华铁路柳州运输集团有限公司"),
        ("副主席代钦在内蒙古新井煤业有限公司调研。", "内蒙古新井煤业有限公司", "内蒙古新井煤业有限公司"),
        // Names with 控股 or 投资 are whole.
        ("中国诚通投资集团有限公司成立。", "中国诚通投资集团有限公司", "中国诚通"),
        ("浙江吉利控股集团有限公司发布公告。", "浙江吉利控股集团有限公司", "吉利控股集团"),
    ]

    @Test("a legal-form name starts where the name starts", arguments: nameStarts)
    func legalFormNameStart(_ sentence: String, _ text: String, _ name: String) throws {
        let companies = try Shared.extractor().entities(sentence, types: [.company])
        #expect(companies.map(\.text) == [text], "\(sentence)")
        #expect(companies.first?.name == name, "\(sentence)")
    }

    /// Sentences where 集团, 合作社 or a known name names no company.
    static let notCompanies: [String] = [
        "第71集团军某旅开展训练。",               // an army group
        "东部战区陆军多个集团军的远箱火打击分队。",
        "视频连线集团诺曼底工厂了解集团未来发展规划。", // the group, anaphoric
        "当地组建教育集团。",                      // a generic noun after a verb
        "瑞士第二大银行集团陷入危机。",              // a description
        "新央企汽车集团今天挂牌。",
        "美国资产管理集团发布报告。",               // a country and an industry
        "节目在巴西盒子媒体集团播出。",              // media
        "国内六大汽车集团全部参展。",                // a count of groups
        "建设世界一流资源循环再利用产业集团。",      // a description
        "绥化市依托合作社，全程机械化种植。",        // a verb before 合作社
        "共同反对单边主义，反对集团对抗。",
        "记者从中国建筑材料联合会获悉。",            // an association
        "北京首钢园利用滑雪大跳台。",                // a park
        "印度尼西亚专业集团党总主席出席。",          // a party
        "方共同维护地区团结合作，反对集团政治。",    // bloc politics
        "他们合作社有50户社员。",                   // co-operatives without a place
        "发展乡村旅游合作社。",
        "为村里合作社开启直播。",
        "中国医药工业百强企业超过40家。",           // the industry
        "小天鹅（国家二级保护动物）在湖区越冬。",      // the bird
        "国际邮轮靠泊大连港邮轮泊位。",              // the port
        "他毕业于中国石油大学。",                   // a university
        "不再保留中国银行保险监督管理委员会。",       // a regulator
        "天津推出航天科技成果主题展。",              // a phrase of industry words
        "特别节目《日出东方》全程直播。",            // a programme's title
        "甘肃兰州黄河大桥。",                       // a bridge over a river
    ]

    @Test("no company", arguments: notCompanies)
    func notACompany(_ sentence: String) throws {
        let companies = try Shared.extractor().entities(sentence, types: [.company])
        #expect(companies.isEmpty, "\(sentence): \(companies.map(\.text))")
    }

    /// A listed company's distinctive name counts without a context word; names that are phrases or places do not.
    static let listedWithoutContext: [(String, String?)] = [
        ("宁德时代发布新一代电池。", "宁德时代"),
        ("长安汽车销量增长。", "长安汽车"),
        ("李强前往金风科技、特变电工考察。", "金风科技"),
        ("雷海潮还走进科大讯飞。", "科大讯飞"),
        ("万科交付新房。", "万科"),                 // curated: a distinctive two-character name
        ("京东方发布新屏。", "京东方"),
        ("中国电子、华为技术等企业落户。", "中国电子"),
        ("第十七届中国电子政务论坛开幕。", nil),     // e-government, not the company
        ("中国电子商务大会举行。", nil),
        ("全国新能源汽车销量增长。", nil),         // 国新能源 is inside other words
        ("深圳能源供应充足。", nil),               // a place and an industry
        ("白云机场航班恢复。", nil),               // a facility
    ]

    @Test("listed names without a context word", arguments: listedWithoutContext)
    func listedNameWithoutContext(_ sentence: String, _ expected: String?) throws {
        let companies = try Shared.extractor().entities(sentence, types: [.company])
        if let expected {
            #expect(companies.map(\.text).contains(expected), "\(sentence): \(companies.map(\.text))")
        } else {
            #expect(companies.isEmpty, "\(sentence): \(companies.map(\.text))")
        }
    }

    @Test func oneCompanyOneCanonicalName() throws {
        let extractor = try Shared.extractor()
        let companies = extractor.entities("德国宝马集团宣布投资100亿元，宝马在沈阳建厂。", types: [.company])
        #expect(companies.map(\.text) == ["宝马集团", "宝马"])
        #expect(Set(companies.compactMap(\.name)).count == 1)
        // The country is left out of the mention, so the region rules see the name alone.
        let legal = extractor.entities("华为技术有限公司发布新品，华为表示。", types: [.company])
        #expect(Set(legal.compactMap(\.name)) == ["华为"])
    }
}
