/// A former division name and the division it became.
struct HistoricalRename: Sendable, Equatable {
    /// The former name (蓟县).
    var former: String
    /// The province (full name) of today's division.
    var province: String
    /// Today's full name (蓟州区).
    var current: String
}

/// Renames and mergers missing from JioNLP's china_location_change.txt (which starts in 2002 and
/// skips most 2009–2017 county-to-district conversions), curated from the official announcements.
///
/// Each entry is resolved against the NBS 2023 names at build time; an entry that does not resolve
/// to exactly one division stops the build, so a typo cannot slip through.
enum HistoricalRenames {
    /// The curated list (former name, province, today's name).
    static let curated: [HistoricalRename] = [
        ("崇文区", "北京市", "东城区"), ("宣武区", "北京市", "西城区"), ("密云县", "北京市", "密云区"), ("延庆县", "北京市", "延庆区"),
        ("蓟县", "天津市", "蓟州区"), ("宁河县", "天津市", "宁河区"), ("静海县", "天津市", "静海区"),
        ("塘沽区", "天津市", "滨海新区"), ("汉沽区", "天津市", "滨海新区"), ("大港区", "天津市", "滨海新区"),
        ("卢湾区", "上海市", "黄浦区"), ("闸北区", "上海市", "静安区"), ("南汇区", "上海市", "浦东新区"), ("崇明县", "上海市", "崇明区"),
        ("綦江县", "重庆市", "綦江区"), ("万盛区", "重庆市", "綦江区"), ("大足县", "重庆市", "大足区"), ("双桥区", "重庆市", "大足区"),
        ("璧山县", "重庆市", "璧山区"), ("铜梁县", "重庆市", "铜梁区"), ("潼南县", "重庆市", "潼南区"), ("荣昌县", "重庆市", "荣昌区"),
        ("开县", "重庆市", "开州区"), ("梁平县", "重庆市", "梁平区"), ("武隆县", "重庆市", "武隆区"),
        ("平安县", "青海省", "平安区"), ("乐都县", "青海省", "乐都区"), ("海东地区", "青海省", "海东市"),
        ("铜仁地区", "贵州省", "铜仁市"), ("毕节地区", "贵州省", "毕节市"),
        ("日喀则地区", "西藏自治区", "日喀则市"), ("昌都地区", "西藏自治区", "昌都市"), ("林芝地区", "西藏自治区", "林芝市"),
        ("山南地区", "西藏自治区", "山南市"), ("那曲地区", "西藏自治区", "那曲市"),
        ("吐鲁番地区", "新疆维吾尔自治区", "吐鲁番市"), ("哈密地区", "新疆维吾尔自治区", "哈密市"),
        ("思茅市", "云南省", "普洱市"), ("从化市", "广东省", "从化区"), ("增城市", "广东省", "增城区"),
        ("溧水县", "江苏省", "溧水区"), ("高淳县", "江苏省", "高淳区"), ("吴江市", "江苏省", "吴江区"), ("淮阴市", "江苏省", "淮安市"),
    ].map { HistoricalRename(former: $0.0, province: $0.1, current: $0.2) }
}
