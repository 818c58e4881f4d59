import Foundation

/// Small word lists the region and company rules consult.
///
/// Why: a gazetteer cannot tell 日照 the city from 日照 the sunshine; these lists carry the
/// linguistic knowledge the rules need (which short names are also ordinary words, what a byline
/// looks like, which suffixes turn a place name into a mountain or a road).
enum Lexicon {
    /// Short names of prefecture cities and counties that are also ordinary words, other names or
    /// features: they count only with strong support (a parent right before them, the full name
    /// elsewhere in the article, a locative frame such as 在日照，).
    static let collisionShortNames: Set<String> = [
        // Counties and cities whose short names are ordinary words, features or other names.
        "大田", "民丰", "东乡", "大化", "兴和", "西山", "惠农", "和政", "西乡", "商城", "迁安", "安乡", "西平", "阿里",
        "安宁", "梁山", "城东", "城西", "城北", "城南", "长安", "白云", "青山", "永安", "孝义", "交口", "柳林", "新兴",
        "华容", "丰收", "安定", "平安", "宁安", "安平", "长宁", "普陀", "和田", "海港", "港口", "大方", "正安", "中方",
        "方正", "宜章", "安化", "永和", "万荣", "宽城", "双桥", "双清", "凤凰", "富民", "安福", "德化", "通化", "宝山",
        "金山", "华安", "江南", "江北", "河东", "河西", "山南", "海北", "海南", "海西", "海东", "南山", "北塔", "龙华",
        "龙岗", "东港", "沙河", "清河", "新市", "新乐", "安居", "兴文", "兴业", "兴安", "兴国", "兴山", "兴宁", "兴隆",
        "西区", "东区", "上城", "下城", "吉利", "永济", "共和", "同仁", "同心", "乐业", "金平", "古交", "大同", "日照",
        "吕梁", "白山", "黄山", "中山", "长治", "安康", "来宾", "白银", "玉树", "普洱", "黑河", "朝阳", "四平", "大庆",
        "开封", "北海", "德州", "泰安", "新星", "三明", "铁岭", "承德", "吉安", "永州", "丽江", "保山", "文山", "红河",
        "楚雄", "大理", "阳江", "清远", "云浮", "南平", "金华", "三沙", "安顺", "海口", "七台河", "中卫", "嘉峪关", "黄石",
        "许昌", "广安", "淮南", "淮北", "怒江", "攀枝花", "葫芦岛", "南阳", "和顺", "巴中", "运河", "西湖", "古城", "牡丹",
        "盐湖", "泰山", "南湖", "滨海", "长乐", "大安", "月湖", "东湖", "北湖", "江海", "海城", "五常", "永康", "大兴",
        "通州", "宁海", "海安", "长寿", "延寿", "万年", "安远", "吉首", "宁乡", "长兴", "长丰", "长泰", "新建", "中原",
        "龙泉", "龙井", "延长", "复兴", "老城", "宝塔", "天长", "互助", "大通", "三门", "千山", "东山", "青龙", "黄龙",
        "双流", "温泉", "石林", "明水", "龙口", "蓬莱", "仙居",
    ]

    /// Full names that are also ordinary words (老城区 the old town, 郊区 the suburbs): they count only with
    /// their parent right before them or named in the article.
    static let wordLikeFullNames: Set<String> = [
        "城区", "郊区", "矿区", "老城区", "新城区", "城关区", "市中区", "城中区", "城东区", "城西区", "城北区",
        "城南区", "东区", "西区", "中区", "新区", "港区", "开发区", "江南区", "江北区", "河东区", "河西区", "和县",
        "古城区",
    ]

    /// Short names that are never read as places, whatever precedes them: directions and common words
    /// (四川南部 is the south of Sichuan, not 南部县).
    static let neverShortNames: Set<String> = [
        "东部", "西部", "南部", "北部", "中部", "东南", "西南", "东北", "西北", "合作", "振兴", "和平", "友好",
        "团结", "胜利", "光明", "前进", "红旗", "建设", "文化", "开放", "开发", "资源", "比如", "通道", "新区",
        "城区", "郊区", "矿区", "天山", "城中", "城关", "市中", "新城", "新华", "东风", "太平", "东方", "高新", "经开",
    ]

    /// Short names of cities prominent enough to count on their own (provincial capitals and other
    /// major cities): 广州 in 山西省政府驻广州办事处.
    static let prominentCityShortNames: Set<String> = [
        "广州", "深圳", "杭州", "南京", "武汉", "成都", "西安", "沈阳", "哈尔滨", "济南", "青岛", "大连",
        "宁波", "厦门", "福州", "郑州", "长沙", "南昌", "合肥", "昆明", "贵阳", "南宁", "兰州", "西宁",
        "银川", "乌鲁木齐", "拉萨", "呼和浩特", "石家庄", "太原", "苏州", "无锡", "东莞", "佛山", "温州",
        "泉州", "珠海", "汕头", "三亚", "桂林", "洛阳", "徐州", "烟台", "唐山", "保定", "常州", "南通",
        "扬州", "绍兴", "嘉兴", "台州", "潍坊", "临沂", "宜昌", "襄阳", "岳阳", "株洲", "湛江", "惠州",
        "柳州", "绵阳", "包头", "鄂尔多斯", "齐齐哈尔", "长春",
    ]

    /// Short names of county-level places that name one place nationwide (the best-known county-level
    /// cities and counties, 全国百强县 and the like): 义乌小商品 counts without 浙江 or 金华 named. They
    /// still must stand as words.
    static let prominentCountyShortNames: Set<String> = [
        "义乌", "昆山", "晋江", "江阴", "张家港", "常熟", "慈溪", "太仓", "宜兴", "余姚", "石狮", "福清", "诸暨",
        "海宁", "乐清", "瑞安", "温岭", "桐乡", "丹阳", "靖江", "如皋", "启东", "邳州", "溧阳", "神木", "寿光",
        "荣成", "招远", "莱州", "诸城", "滕州", "浏阳", "仁怀", "南安", "惠安", "安溪", "福鼎", "平潭", "东阳",
        "永嘉", "德清", "安吉", "嘉善", "桐庐", "淳安", "武夷山", "井冈山", "瑞金", "延吉", "满洲里",
        "二连浩特", "霍尔果斯", "敦煌", "景洪", "腾冲", "香格里拉", "婺源", "曲阜", "琼海", "万宁",
    ]

    /// Words that introduce a person's name in a byline or caption (本报记者 | 安宁).
    static let bylineWords: [String] = [
        "记者", "通讯员", "编辑", "责编", "摄影", "作者", "撰稿", "实习生", "主持人", "图", "文", "摄", "编",
    ]

    /// Characters skipped between a byline word and the name.
    static let bylineSeparators: Set<UInt32> = Set(" |｜:：/、·•　\t".unicodeScalars.map { foldScalar($0.value) })

    /// Words that, following a city or county short name, make it part of another name: a mountain,
    /// river, road, pass or time (吕梁山, 山西路, 日照时间).
    static let featureSuffixes: [String] = [
        "山", "路", "街", "大道", "桥", "河", "江", "湖", "关", "岭", "峰", "寺", "庙", "镇", "峡", "岛",
        "时间", "巷", "胡同", "公园", "水库", "大学", "银行", "证券", "保险", "集团", "股份", "号",
    ]

    /// Words that, following a province short name, make it part of another name (山西路, 北京时间).
    static let provinceFeatureSuffixes: [String] = [
        "路", "街", "大街", "大道", "巷", "胡同", "时间", "银行", "证券", "号", "麓",
    ]

    /// Last characters that mark a natural feature: a long short name ending in one is not taken as rare.
    static let featureEndings: Set<UInt32> = Set("山河江湖关岭峰岛峡海".unicodeScalars.map(\.value))

    /// Characters before a place name that frame it as a location (在日照，).
    static let locativePrefixes: Set<UInt32> = Set("在赴到".unicodeScalars.map(\.value))

    /// Characters after a place name that close a locative frame.
    static let locativeClosers: Set<UInt32> = Set("，。、；：,.;:！!？?的".unicodeScalars.map { foldScalar($0.value) })

    /// Multi-character locative verbs before a place (来自日照，位于大同的).
    static let locativeWords: [String] = ["来自", "位于", "地处", "走进", "落户", "前往"]

    /// Syllables that end transliterated foreign names (布良斯克州, 苏梅州, 马拉喀什): a city's short name
    /// right after one of them needs more support than its own distinctiveness.
    static let transliterationSyllables: Set<UInt32> = Set("拉斯克尼亚罗里达纳萨塔卡特尔维基夫莫诺苏佩奥乌兹哈曼坦".unicodeScalars.map(\.value))

    /// One-character prepositions and conjunctions that ICU's dictionary may join to the next character.
    static let functionCharacters: Set<UInt32> = Set("在从向与和对让被把给为将由及或跟同于至自".unicodeScalars.map(\.value))

    /// First characters of province short names that also end names of rivers, lakes, mountains and seas.
    static let waterAndMountainScalars: Set<UInt32> = Set("河湖江山海".unicodeScalars.map(\.value))

    /// Suffixes after a city short name that name the city's own level (黔南州, 锡林郭勒盟).
    static let cityLevelSuffixes: [String] = ["州", "盟", "地区"]

    /// Legal forms that end a company's name, longest first.
    static let legalForms: [String] = [
        "股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团", "合作社",
    ]

    /// Words (or characters) that end the text before a company's name when scanning back from its legal form.
    static let companyStopWords: [String] = [
        "的", "与", "和", "及", "是", "在", "由", "为", "对", "向", "从", "被", "将", "把", "给", "同", "跟",
        "等", "并", "或", "还", "也", "都", "据", "如", "像", "让", "使", "以", "经", "其", "该", "这", "那",
        "各", "每", "有", "了", "会", "于", "旗下", "包括", "联合", "携手", "通过", "帮助", "创办", "成立",
        "主打", "负责人", "董事长", "总经理", "出席", "加入", "成为", "作为", "来自", "属于", "召开", "举行",
        "欢迎", "随", "跟随", "认识", "连线", "依托", "组建", "重组", "整合", "走访", "视察", "看望", "慰问", "会同",
        "携", "联手", "牵手", "签约", "对接", "进驻", "入驻", "引进", "引入", "吸引", "服务", "助力", "带动",
        "依靠", "借助", "面向", "针对", "围绕", "他们", "我们", "你们", "她们", "大家", "就是", "即", "首家",
        "到", "赴", "进入", "前往", "位于", "地处", "落户", "交给", "委托", "授权", "聘请", "任命", "担任",
        "国务院", "人民政府", "政府", "恰逢", "适逢", "正值", "了解", "有关", "企业", "还有", "由于",
        "机构", "巨头", "龙头", "业主", "原",
        "运营商", "制造商", "供应商", "开发商", "服务商", "生产商", "经销商", "承包商", "零售商", "投资商", "出口商",
        "反对", "总台", "总社", "国资委",
        "但", "而", "却", "听取", "送往", "发挥", "推进", "抵制", "游说", "调动", "参建", "建设", "代表", "委员",
        "及其",
        "见", "会见", "表示", "希望", "宣布", "通报", "避免", "不", "包含", "打击", "指出", "强调", "称", "说", "认为",
        "参观", "考察", "走进", "来到", "当地", "调研", "访问", "收购", "并购", "控股", "入股", "投资", "起诉", "处罚", "约谈",  "一家", "这家", "那家", "多家", "两家", "几家", "推动", "支持",
    ]

    /// Company names that are also ordinary words or other names (联通 the verb, 阿里 the person's name,
    /// 伊利 in 伊利诺伊州, 高通 in 高通胀): they count with company context or beside a longer name of the company.
    static let ambiguousCompanyNames: Set<String> = [
        "联通", "阿里", "伊利", "高通", "平安", "长城", "中信", "光明", "国美", "苏宁", "万达", "恒大", "美的",
        "格力", "海尔", "中建", "国航", "东航", "南航", "三一", "华能", "大唐", "华电", "国投", "中投", "国网",
        "携程", "同程", "滴滴", "快手", "蔚来", "理想", "小鹏", "网易", "新浪", "搜狐", "中兴", "联想", "小天鹅",
    ]

    /// Words right after a listed company's short name that show it names the company.
    static let companyContextAfter: [String] = [
        "股份", "公司", "集团", "控股", "股价", "股票", "A股", "港股", "美股", "董事", "总裁", "总经理", "旗下",
        "公告", "上市", "市值", "年报", "财报", "营收", "净利", "子公司", "发布公告", "披露", "证券代码", "股东",
    ]

    /// Words right before a listed company's short name that show it names the company.
    static let companyContextBefore: [String] = ["公司", "企业", "上市公司", "龙头", "旗下", "股份", "集团"]

    /// Words before 集团 that make a group of countries or people, not an enterprise.
    static let groupBlockers: [String] = [
        "国", "犯罪", "贩毒", "诈骗", "走私", "武装", "恐怖", "军事", "利益", "黑恶", "雇佣兵", "航母", "舰艇",
        "战斗", "政治", "团伙", "势力", "家", "电诈", "赌博", "传销", "黑社会", "分裂", "打击", "赌诈", "欧元", "搞",
        "部队", "陆军", "海军", "空军", "个", "广播电视", "报业", "传媒", "广电", "融媒体", "新闻", "连线", "组建", "小", "全",
    ]

    /// Words that alone make no company name before a legal form (专业合作社, 农业有限公司).
    static let genericCompanyWords: [String] = [
        "专业", "农民", "农村", "农业", "股份", "经济", "合作", "联合", "发展", "科技", "实业", "投资",
        "控股", "贸易", "商贸", "电子商务", "电商", "网络", "技术", "龙头企业", "企业", "公司", "产业",
        "种植", "养殖", "销售", "服务", "管理", "相关", "有关", "大型", "国有", "民营", "私营", "外资",
        "子", "母", "总", "分", "一", "本", "该", "各", "其", "新", "大", "小", "中", "全国", "供销", "中华", "农机", "出版", "媒体", "表示", "避免",
        "央企", "国企", "教育", "汽车", "能源", "银行", "医药", "文化", "旅游", "建设", "交通", "物流", "金融",
        "地产", "房地产", "建筑", "工程", "电力", "电气", "化工", "钢铁", "矿业", "煤业", "航空", "航天", "航运",
        "船舶", "机械", "装备", "制造", "信息", "数字", "智能", "生物", "健康", "医疗", "食品", "粮食", "商业",
        "零售", "国家", "村里", "当地", "乡村", "广电", "科创", "动力", "国际", "资产", "北方", "南方", "东方", "西方", "城市", "数据", "开发", "军工",
    ]

    /// Words right after 集团 that make it an army or a party, not an enterprise (集团军, 专业集团党).
    static let groupBlockersAfter: [String] = ["军", "党", "政治", "对抗"]

    /// Foreign countries as Chinese news writes them before a company's name (美国彭博集团 is 彭博集团).
    static let countryNames: [String] = [
        "美国", "英国", "法国", "德国", "日本", "韩国", "俄罗斯", "意大利", "西班牙", "葡萄牙", "荷兰", "比利时",
        "瑞士", "瑞典", "挪威", "丹麦", "芬兰", "冰岛", "爱尔兰", "奥地利", "波兰", "捷克", "匈牙利", "希腊",
        "土耳其", "以色列", "沙特", "沙特阿拉伯", "阿联酋", "卡塔尔", "科威特", "伊朗", "埃及", "南非", "尼日利亚",
        "印度", "印度尼西亚", "印尼", "泰国", "越南", "马来西亚", "新加坡", "菲律宾", "柬埔寨", "老挝", "缅甸",
        "巴基斯坦", "哈萨克斯坦", "乌兹别克斯坦", "蒙古", "澳大利亚", "澳洲", "新西兰", "加拿大", "墨西哥",
        "巴西", "阿根廷", "智利", "秘鲁", "哥伦比亚", "乌克兰", "白俄罗斯", "塞尔维亚", "卢森堡", "朝鲜",
    ]

    /// Words of descriptions, not names, before a legal form (世界一流…产业集团, 行业领军集团).
    static let descriptionWords: [String] = ["一流", "领军", "头部", "知名", "著名", "大型", "龙头"]

    /// One word between a company's known name and its legal form in the company's own registered name
    /// (华为技术有限公司, 中国诚通投资集团有限公司).
    static let legalNameFillers: [String] = ["技术", "科技", "投资", "控股", "实业", "发展", "股份", "集团", "国际"]

    /// Chinese numerals that, before 大, count groups (六大汽车集团).
    static let chineseNumeralScalars: Set<UInt32> = Set("一二三四五六七八九十两几数".unicodeScalars.map(\.value))

    /// Characters that make the words before a legal form a description, not a name (第二大银行集团, 最大的).
    static let descriptionCharacters = "第最"

    /// Words after a company's name that make it the name of another kind of body: a university, a hospital,
    /// a regulator, an association (中国石油大学, 中国银行保险监督管理委员会).
    static let institutionSuffixes: [String] = [
        "大学", "学院", "学校", "中学", "小学", "研究院", "研究所", "医院", "协会", "学会", "商会", "保险监督",
        "监督管理", "监管", "联合会", "园", "滑雪", "大跳台",
    ]

    /// Last words of associations and committees whose names start with a company-like phrase (中国建筑材料联合会).
    static let associationEndings: [String] = ["协会", "联合会", "学会", "商会", "委员会", "研究会", "促进会"]

    /// Words that make a legal-form name a media outlet, which ENTITIES.md does not count as a company.
    static let mediaWords: [String] = ["传媒", "媒体", "广播", "电视", "报业", "新影", "日报", "新闻"]

    /// Words after a name that is also a phrase (中国医药, 中国船舶) that make it the industry (中国医药工业百强).
    static let industrySuffixes: [String] = ["工业", "行业", "产业", "政务", "商务"]

    /// Last words of names that name a facility or an area as often as the company running it (大连港,
    /// 白云机场, 大秦铁路, 小商品城): such a name needs company context.
    static let facilityEndings: [String] = ["港", "机场", "铁路", "高铁", "高速", "码头", "城", "站", "临港", "高新"]

    /// Industries that, after a place name, make a phrase as often as a listed company's name
    /// (深圳能源, 西藏旅游, 上海电力).
    static let regionalIndustries: [String] = [
        "能源", "新能源", "电力", "旅游", "文旅", "交通", "建设", "发展", "水务", "燃气", "医药", "城投", "国资",
        "农业", "港务", "城建", "投资", "控股", "化工", "国际", "电子", "信息", "网络", "传媒", "广电", "文化",
        "环境", "环保", "体育", "教育", "健康", "医疗", "物流", "商业", "百货", "钢铁", "机械", "科技", "高科",
        "经济", "金融", "林业", "水利", "电网", "热电", "天然气", "石化", "煤业", "煤电", "矿业", "路桥", "公路",
    ]
}
