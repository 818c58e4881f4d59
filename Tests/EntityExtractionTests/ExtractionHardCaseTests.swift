import Foundation
import Testing
@testable import EntityExtraction

// Every hard case in the notes of shared/gold/seeds.json, each as its own test, on sentences of the
// sample articles (with the rest of the article's context where the case depends on it).

@Test func rizhaoInALocativeFrameIsTheCityButSunshineIsNot() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("实现了宿迁霸王蟹的规模化养殖。在日照，京东农场通过大数据技术种植蓝莓。")
    #expect(found.regions(named: "日照").map(\.code) == ["371100"])
    let sunshine = extractor.entities("当地日照时间长，昼夜温差大，适合种植蓝莓。")
    #expect(sunshine.regionCodes.isEmpty)
}

@Test func xiuwenAfterGuizhouIsTheCountyButTheVerbIsNot() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("此外，京东还帮助贵州修文猕猴桃、福建宁德大黄鱼、云南小粒咖啡等地方特色农产品。")
    #expect(found.regions(named: "修文").map(\.code) == ["520123"])
    #expect(found.regions(named: "修文").first?.path == ["贵州省", "贵阳市", "修文县"])
    #expect(found.regions(named: "宁德").map(\.code) == ["350900"])
    #expect(found.regionCodes.isSuperset(of: ["520000", "350000", "530000"]))
    let verb = extractor.entities("编辑对这篇稿子做了修文，删去了重复的段落。")
    #expect(verb.regionCodes.isEmpty)
}

@Test func yanchiAfterNingxiaIsTheCounty() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("云南小粒咖啡、宁夏盐池滩羊等众多地方特色农产品走向全国。")
    #expect(found.regions(named: "盐池").map(\.code) == ["640323"])
    #expect(found.regions(named: "宁夏").map(\.code) == ["640000"])
    #expect(found.regions(named: "宁夏").first?.name == "宁夏回族自治区")
}

@Test func datongIsTheShanxiCityNotTheIdeal() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("作为中国黄花主产地之一，大同市拥有600年的黄花种植史。目前，大同的盛产期黄花达10万亩。")
    #expect(found.regions(named: "大同").map(\.code) == ["140200"])
    #expect(found.regions(named: "大同市").map(\.code) == ["140200"])
    let ideal = extractor.entities("天下为公，世界大同，是古人的理想。")
    #expect(ideal.regionCodes.isEmpty)
}

@Test func lvliangIsTheCityButLvliangMountainIsNot() throws {
    let extractor = try Shared.extractor()
    let mountain = extractor.entities("吕梁山脚、黄河岸边，山西农产品迸发出遇上新电商的活力。")
    #expect(!mountain.regionCodes.contains("141100"))
    #expect(mountain.regionCodes == ["140000"])
    let city = extractor.entities("吕梁市委副书记张广勇、副市长走进直播间，向64万网友推荐吕梁的木枣、核桃等特产。")
    #expect(city.regions(named: "吕梁").map(\.code) == ["141100"])
    #expect(city.regions(named: "吕梁市").map(\.code) == ["141100"])
}

@Test func rudongAndSiyangUnderTheirCities() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("京东科技与江苏省宿迁市泗阳县政府、南通市如东县政府合作，共同打造数字农业。")
    #expect(found.regionCodes == ["320000", "321300", "321323", "320600", "320623"])
    #expect(found.regions(named: "如东县").first?.path == ["江苏省", "南通市", "如东县"])
    #expect(found.companyNames == ["京东科技"])
}

@Test func jilinWangqingIsTheProvinceAndTheCounty() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("集中推介包括：吉林汪清、河北灵寿、广西田东在内的脱贫地区农副产品。")
    #expect(found.regionCodes == ["220000", "222424", "130000", "130126", "450000", "451022"])
    #expect(!found.regionCodes.contains("220200"))   // not 吉林市
    #expect(!found.regionCodes.contains("120105"))   // not 天津 河北区
}

@Test func jilinAloneIsTheProvinceAndJilinShiIsTheCity() throws {
    let extractor = try Shared.extractor()
    #expect(extractor.entities("吉林的大米很有名。").regionCodes == ["220000"])
    #expect(extractor.entities("吉林市的雾凇很有名。").regionCodes == ["220200"])
}

@Test func pinganIsHaidongsDistrictInQinghaiButNotSafety() throws {
    let extractor = try Shared.extractor()
    let text = "还有主打三色藜麦米的青海平安高原农夫农业发展有限公司。阿里巴巴驻平安乡村振兴特派员莫当科介绍，青海平安就自发组织了当地的直播助农活动。"
    let found = extractor.entities(text)
    let pingan = found.regions(named: "平安")
    #expect(pingan.count == 3)
    #expect(pingan.allSatisfy { $0.code == "630203" && $0.path == ["青海省", "海东市", "平安区"] })
    #expect(found.companyNames.contains("青海平安高原农夫农业发展有限公司"))
    #expect(found.companyNames.contains("阿里巴巴集团"))
    let safety = extractor.entities("祝大家平平安安，一路平安。")
    #expect(safety.regionCodes.isEmpty)
}

@Test func guangzhouInsideAnOfficeNameCounts() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("山西省政府副秘书长梁敬华、山西省政府驻广州办事处主任刘亚林等见证下签约。")
    #expect(found.regions(named: "广州").map(\.code) == ["440100"])
    #expect(found.regionCodes == ["140000", "440100"])
}

@Test func anningTheReporterIsAPerson() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("本报记者 | 安宁\n近日，国家发展改革委联合多部门开展消费帮扶新春行动。")
    #expect(found.regionCodes.isEmpty)
    let caption = extractor.entities("（记者 安宁 摄）")
    #expect(caption.regionCodes.isEmpty)
}

@Test func oneCharacterAbbreviationsAreNotRegions() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("打造一批晋字号农产品品牌，苏、京两地也有类似做法。")
    #expect(found.regionCodes.isEmpty)
}

@Test func jdTechnologyIsItsOwnCompany() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("京东科技与泗阳县政府合作，京东集团还将优先在江苏省特色农产品优势区内打造基地。")
    #expect(found.companyNames == ["京东科技", "京东集团"])
    #expect(found.filter { $0.type == .company && $0.text == "京东科技" }.first?.name == "京东科技")
}

@Test func baiduIsACompany() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("相关话题在百度词条搜索结果超过2200万条。")
    #expect(found.companyNames == ["百度"])
}

@Test func taobaoIsKeptApartFromAlibabaGroup() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("阿里巴巴集团社会公益部、淘宝网联合发起“村播计划”。")
    #expect(found.companyNames.contains("阿里巴巴集团"))
    let taobao = found.filter { $0.type == .company && $0.text == "淘宝网" }
    #expect(taobao.count == 1)
    #expect(taobao.first?.name != "阿里巴巴集团")
    #expect(taobao.first.map { ["淘宝", "淘宝网"].contains($0.name ?? "") } == true)
}

@Test func collisionWordsAreOrdinaryWords() throws {
    let extractor = try Shared.extractor()
    // The gold notes' list: 合作 振兴 资源 大田 民丰 东乡 大化 兴和 比如 西山 惠农 和政 西乡 商城 通道 迁安 安乡 西平 阿里 安宁 梁山.
    let sentences = [
        "双方将深化合作，助力乡村振兴，整合各方资源。",
        "比如，在天猫商城开设助农专区，打通农产品上行通道。",
        "做好搬迁安置工作，让群众住得安心。",
        "返乡创业的山西平顺康粱科技有限公司负责人介绍。",
        "吕梁山脚下的村民过上了好日子。",
        "阿里巴巴驻村干部介绍，阿里公益也参与其中。",
        "大田里的麦子熟了，惠农政策落到实处，和政府一起推动。",
    ]
    let allowed: Set<String> = ["140000", "140425"]   // 山西 and 平顺 in the company name
    for sentence in sentences {
        let codes = extractor.entities(sentence).regionCodes.subtracting(allowed)
        #expect(codes.isEmpty, "\(sentence): \(codes)")
    }
}

@Test func shanxiBeforeShiXianzhangIsTheProvince() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("山西市县长助农直播今后将常态化，每年将有不少于12位山西省市、县一把手进入直播间。")
    #expect(found.regionCodes == ["140000"])
}

@Test func companyInsideAnEventNameCounts() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("京东农特产购物节期间，京东联合各地政府发放十亿“助农券”。")
    #expect(found.companyNames == ["京东集团"])
    #expect(found.filter { $0.type == .company }.count == 2)
}

@Test func companiesByLegalFormStartAtTheirName() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("返乡创业的山西平顺康粱科技有限公司负责人说。")
    let company = found.filter { $0.type == .company }
    #expect(company.map(\.name) == ["山西平顺康粱科技有限公司"])
    #expect(found.regionCodes == ["140000", "140425"])
    // A bare legal form with generic words is no company.
    let generic = extractor.entities("山西省农业龙头企业、专业合作社、农民专业合作社纷纷入驻平台。")
    #expect(generic.filter { $0.type == .company }.isEmpty)
}

@Test func governmentBodiesAssociationsAndMediaAreNotCompanies() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("农业农村部、国家乡村振兴局、中国商业联合会、中国食品工业协会和中国经济导报共同参与。")
    #expect(found.filter { $0.type == .company }.isEmpty)
}

@Test func sharedDistrictNamesResolveFromTheArticleOrNotAtAll() throws {
    let extractor = try Shared.extractor()
    // 鼓楼区 is a district of 南京, 徐州, 福州 and 开封: alone it is left out.
    #expect(extractor.entities("鼓楼区举办了农产品展销会。").regionCodes.isEmpty)
    #expect(extractor.entities("南京市鼓楼区举办了农产品展销会。").regionCodes == ["320100", "320106"])
    #expect(extractor.entities("福建省福州市鼓楼区").regionCodes.contains("350102"))
    // 朝阳区: the district of 北京 is the more prominent one.
    #expect(extractor.entities("朝阳区举办了农产品展销会。").regionCodes == ["110105"])
}

@Test func nonRegionsFromTheContract() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("中国、全国、我国、国内、全省都在行动，太行山、黄河、山西路、雁门关风景如画。")
    #expect(found.regionCodes.isEmpty, "\(found.regionCodes)")
}

@Test func historicalNamesResolveToTodaysCode() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("湖北省襄樊市更名为襄阳市。")
    #expect(found.regions(named: "襄樊市").map(\.code) == ["420600"])
    #expect(found.regions(named: "襄樊市").first?.name == "襄阳市")
}

@Test func aCityNameModifyingAProductCountsAlone() throws {
    let extractor = try Shared.extractor()
    #expect(extractor.entities("宁德大黄鱼上市了。").regionCodes == ["350900"])
    #expect(extractor.entities("宿迁霸王蟹很受欢迎。").regionCodes == ["321300"])
}

@Test func foreignPlaceNamesAreNotChineseCities() throws {
    let extractor = try Shared.extractor()
    for sentence in ["飓风登陆美国佛罗里达州后引发灾情。", "俄军摧毁了乌克兰苏梅州的无人机车间。", "马拉喀什老城在地震中受损严重。",
                     "直升机在布良斯克州坠毁。"] {
        #expect(extractor.entities(sentence).filter { $0.type == .city || $0.type == .county }.isEmpty, "\(sentence)")
    }
}

@Test func jdInsideBeijingEastRoadIsNotJD() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("活动在北京东路举行。")
    #expect(found.filter { $0.type == .company }.isEmpty)
}

@Test func shortCompanyNamesInsideOrdinaryWordsAreNotCompanies() throws {
    let extractor = try Shared.extractor()
    for sentence in ["祝愿大家拥有美好未来。", "全国新能源汽车销量增长。", "欧洲面临高通胀压力。", "推进设施联通和民心相通。",
                     "美国伊利诺伊州芝加哥发生枪击。"] {
        #expect(extractor.entities(sentence).filter { $0.type == .company }.isEmpty, "\(sentence)")
    }
    #expect(extractor.entities("中国联通发布财报，联通用户增长。").companyNames == ["中国联合网络通信集团有限公司"])
}

@Test func twoCharacterCountyNamesStandAsWordsOnly() throws {
    let extractor = try Shared.extractor()
    #expect(extractor.entities("歙县的徽墨很有名。").regionCodes == ["341021"])
    #expect(extractor.entities("大力发展创新县域经济。").regionCodes.isEmpty)
    #expect(extractor.entities("老城区和郊区都通了地铁。").regionCodes.isEmpty)
}

@Test func provinceNamesInsideRiverMountainAndSeaNamesAreNot() throws {
    let extractor = try Shared.extractor()
    #expect(extractor.entities("飓风在加勒比海南部生成。").regionCodes.isEmpty)
    #expect(extractor.entities("村子位于太行山东麓。").regionCodes.isEmpty)
    #expect(extractor.entities("山东、河南、湖南三省和海南都在行动。").regionCodes == ["370000", "410000", "430000", "460000"])
}

@Test func yunchengAndTheWordOrderSlipAndDuoduoUniversity() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("运城市市长储祥好及运城下辖的12位市县长接力直播，向180万网友推荐运城农产品。在山西省农村农业厅的指导下，多多大学开展电商培训。")
    #expect(found.regions(named: "运城").map(\.code) == ["140800", "140800"])
    #expect(found.regionCodes == ["140800", "140000"])
    #expect(found.filter { $0.type == .company }.isEmpty)
    let title = extractor.extract(title: "山西省农业农村厅与拼多多达成战略合作", text: "")
    #expect(title.map(\.field) == ["title", "title"])
    #expect(title.map(\.text) == ["山西省", "拼多多"])
}
