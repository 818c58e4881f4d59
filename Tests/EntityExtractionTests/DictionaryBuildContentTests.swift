import Foundation
import Testing
@testable import EntityExtraction

/// The committed dictionaries, parsed the plain way a reader would.
enum CommittedDictionaries {
    /// A regions.tsv row.
    struct Region {
        var code, name, level, parent: String
        var short, historical: [String]
    }

    /// A companies.tsv row.
    struct Company {
        var name: String
        var aliases: [String]
        var code, source: String
    }

    /// The data lines of a TSV file after its `#` comments and header, split on TAB.
    static func table(_ file: String, header: String) throws -> [[String]] {
        let text = try DictionaryPaths.committed(file)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.last == "", "\(file) ends with a newline")
        lines.removeLast()
        let data = lines.drop { $0.hasPrefix("#") }
        #expect(data.first == header, "\(file) has the header line after its comments")
        return data.dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    static func split(_ field: String) -> [String] {
        field.isEmpty ? [] : field.split(separator: "|").map(String.init)
    }

    /// regions.tsv rows by code.
    static func regions() throws -> [String: Region] {
        var result: [String: Region] = [:]
        for f in try table("regions.tsv", header: "code\tname\tlevel\tparent\tshort\thistorical") {
            try #require(f.count == 6, "regions.tsv row \(f) has 6 fields")
            #expect(result[f[0]] == nil, "code \(f[0]) appears once")
            result[f[0]] = Region(code: f[0], name: f[1], level: f[2], parent: f[3], short: split(f[4]), historical: split(f[5]))
        }
        return result
    }

    /// companies.tsv rows in file order.
    static func companies() throws -> [Company] {
        try table("companies.tsv", header: "name\taliases\tcode\tsource").map { f in
            try #require(f.count == 4, "companies.tsv row \(f) has 4 fields")
            return Company(name: f[0], aliases: split(f[1]), code: f[2], source: f[3])
        }
    }
}

@Suite("regions.tsv content")
struct DictionaryBuildRegionContentTests {
    let regions: [String: CommittedDictionaries.Region]

    init() throws { regions = try CommittedDictionaries.regions() }

    @Test("34 provinces, about 333 prefectures and 2,850 counties")
    func counts() {
        let levels = Dictionary(grouping: regions.values, by: \.level).mapValues(\.count)
        #expect(levels["province"] == 34)
        #expect((330...336).contains(levels["city"] ?? 0))
        #expect((2800...2900).contains(levels["county"] ?? 0))
        #expect(levels.keys.sorted() == ["city", "county", "province"])
    }

    @Test("codes are six digits, never a statistics-only zone, and the hierarchy is consistent")
    func codesAndParents() throws {
        for r in regions.values {
            #expect(r.code.utf8.count == 6 && r.code.utf8.allSatisfy { (48...57).contains($0) }, "\(r.code)")
            let d56 = Int(r.code.dropFirst(4)) ?? 0
            #expect(!(71...80).contains(d56), "\(r.code) \(r.name) is a statistics-only zone")
            switch r.level {
            case "province":
                #expect(r.parent == "" && r.code.hasSuffix("0000"))
            case "city":
                #expect(regions[r.parent]?.level == "province", "\(r.name)'s parent is a province")
                #expect(r.code.hasPrefix(r.parent.prefix(2)))
            default:
                let parent = try #require(regions[r.parent], "\(r.name)'s parent \(r.parent) exists")
                #expect(parent.level == "province" || parent.level == "city")
                #expect(r.code.hasPrefix(parent.level == "city" ? String(r.parent.prefix(4)) : String(r.parent.prefix(2))))
            }
            #expect(!["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"].contains(r.name))
        }
    }

    @Test("short and historical names have two characters or more and never repeat the full name")
    func nameShapes() {
        for r in regions.values {
            for s in r.short + r.historical {
                #expect(s.unicodeScalars.count >= 2, "\(r.name): \(s)")
                #expect(s != r.name, "\(r.name) repeats itself")
            }
        }
    }

    @Test("usual short names", arguments: [
        ("140000", "山西"), ("640000", "宁夏"), ("150000", "内蒙古"), ("450000", "广西"), ("321300", "宿迁"),
        ("321323", "泗阳"), ("310114", "嘉定"), ("522700", "黔南"), ("632324", "河南县"), ("810000", "香港"),
        ("371100", "日照"), ("520123", "修文"), ("640323", "盐池"), ("222424", "汪清"), ("630203", "平安"),
    ])
    func shortName(code: String, short: String) {
        #expect(regions[code]?.short.contains(short) == true, "\(code) has short name \(short)")
    }

    @Test("河南蒙古族自治县 is 河南县, never 河南 (the province)")
    func henanCounty() {
        #expect(regions["632324"]?.short == ["河南县"])
        let holders = regions.values.filter { $0.short.contains("河南") }.map(\.code)
        #expect(holders == ["410000"])
    }

    @Test("renamed places resolve to today's code", arguments: [
        ("襄樊", "420600"), ("襄樊市", "420600"), ("平安县", "630203"), ("蓟县", "120119"), ("海东地区", "630200"),
    ])
    func historical(name: String, code: String) {
        #expect(regions[code]?.historical.contains(name) == true, "\(name) → \(code)")
        #expect(regions.values.filter { $0.historical.contains(name) }.count == 1)
    }

    @Test("平安区 hangs under 海东市 in 青海省; 仙桃市 and 嘉定区 hang off their province")
    func hierarchy() {
        #expect(regions["630203"]?.name == "平安区" && regions["630203"]?.parent == "630200")
        #expect(regions["630200"]?.name == "海东市" && regions["630200"]?.parent == "630000")
        #expect(regions["429004"]?.name == "仙桃市" && regions["429004"]?.parent == "420000")
        #expect(regions["310114"]?.parent == "310000")
    }

    @Test("吉林省 and 吉林市 are both present; 香港, 澳门, 台湾 are provinces")
    func namesakes() {
        #expect(regions["220000"]?.name == "吉林省")
        #expect(regions["220200"]?.name == "吉林市" && regions["220200"]?.level == "city")
        #expect(regions["810000"]?.name == "香港特别行政区" && regions["810000"]?.level == "province")
        #expect(regions["820000"]?.name == "澳门特别行政区")
        #expect(regions["710000"]?.name == "台湾省")
    }

    @Test("every region of the gold seeds is present with its name, level and path",
          .enabled(if: FileManager.default.fileExists(atPath: DictionaryPaths.seeds.path)))
    func goldRegions() throws {
        let articles = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: DictionaryPaths.seeds)) as? [[String: Any]])
        var checked = 0
        for article in articles {
            for mention in article["regions"] as? [[String: Any]] ?? [] {
                let code = try #require(mention["code"] as? String)
                let row = try #require(regions[code], "gold code \(code) is in regions.tsv")
                #expect(row.name == mention["name"] as? String)
                #expect(row.level == mention["level"] as? String)
                var path: [String] = []
                var cursor: String? = code
                while let c = cursor, let r = regions[c] {
                    path.insert(r.name, at: 0)
                    cursor = r.parent.isEmpty ? nil : r.parent
                }
                #expect(path == mention["path"] as? [String], "path of \(code)")
                if let text = mention["text"] as? String, text != row.name {
                    #expect(row.short.contains(text), "\(text) is a short name of \(row.name)")
                }
                checked += 1
            }
        }
        #expect(checked > 100)
    }
}

@Suite("companies.tsv content")
struct DictionaryBuildCompanyContentTests {
    let companies: [CommittedDictionaries.Company]

    init() throws { companies = try CommittedDictionaries.companies() }

    private func row(_ name: String) -> CommittedDictionaries.Company? {
        companies.first { $0.name == name }
    }

    @Test("at least 200 curated companies, and thousands of listed ones with valid sources and codes")
    func shape() {
        #expect(companies.filter { $0.source == "curated" }.count >= 200)
        #expect(companies.count > 4000)
        for c in companies {
            #expect(["szse", "sse", "a-share", "curated"].contains(c.source), "\(c.name): \(c.source)")
            #expect(c.code.isEmpty || CompanyTableBuilder.isStockCode(c.code), "\(c.name): \(c.code)")
            #expect(c.source == "curated" || !c.code.isEmpty)
        }
    }

    @Test("every name and alias points at one company and has two characters or more")
    func uniqueNames() {
        var owner: [String: String] = [:]
        for c in companies {
            for n in [c.name] + c.aliases {
                #expect(n.unicodeScalars.count >= 2, "\(c.name): \(n)")
                #expect(owner[n] == nil || owner[n] == c.name, "\(n) is claimed by \(owner[n] ?? "") and \(c.name)")
                owner[n] = c.name
            }
        }
    }

    @Test("rows are sorted by name (code points)")
    func sorted() {
        let names = companies.map(\.name)
        #expect(zip(names, names.dropFirst()).allSatisfy { !ScalarOrder.less($1, $0) })
    }

    @Test("generic words and province names are never listed names")
    func noGenericNames() {
        let banned = ["中国", "发展", "科技", "生物", "阳光", "节能", "联合", "太平洋", "陆家嘴", "山西", "宁夏", "张家界", "鄂尔多斯"]
        for c in companies where c.source != "curated" {
            for b in banned {
                #expect(c.name != b && !c.aliases.contains(b), "\(c.name) has \(b)")
            }
        }
    }

    @Test("京东 is 京东集团; 京东方 is another company")
    func jd() {
        #expect(row("京东集团")?.aliases.contains("京东") == true)
        #expect(row("京东方")?.code == "sz000725")
        #expect(row("京东方")?.aliases.contains("京东方A") == true)
    }

    @Test("exchange short names are normalised; ST prefixes and A/B markers give aliases of the same company")
    func shortNames() {
        #expect(row("万科")?.aliases.contains("万科A") == true)
        #expect(row("万科")?.aliases.contains("万科企业股份有限公司") == true)
        #expect(companies.allSatisfy { !$0.name.contains(" ") && !$0.name.contains("Ａ") })
        #expect(row("国华网安")?.aliases.contains("*ST国华") == true)
        #expect(row("苏豪时尚")?.aliases.contains("江苏舜天") == true, "former short name from baostock")
    }

    @Test("a curated row with a stock code absorbs the listing")
    func curatedMerge() {
        let unicom = row("中国联合网络通信集团有限公司")
        #expect(unicom?.code == "sh600050" && unicom?.source == "curated")
        #expect(unicom?.aliases.contains("中国联通") == true)
        #expect(companies.filter { $0.code == "sh600050" }.count == 1)
        #expect(row("招商银行")?.aliases.contains("招行") == true)
        #expect(row("中国石化")?.code == "sh600028")
    }

    @Test("delisted names point at the company that absorbed them", arguments: [
        ("武钢股份", "宝钢股份"), ("齐鲁石化", "中国石化"), ("邯郸钢铁", "河钢股份"), ("营口港", "辽港股份"), ("中国北车", "中国中车"),
    ])
    func delisted(former: String, successor: String) {
        #expect(row(successor)?.aliases.contains(former) == true)
        #expect(companies.filter { $0.aliases.contains(former) || $0.name == former }.count == 1)
    }

    @Test("every gold company is present with its aliases",
          .enabled(if: FileManager.default.fileExists(atPath: DictionaryPaths.seeds.path)))
    func goldCompanies() throws {
        let articles = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: DictionaryPaths.seeds)) as? [[String: Any]])
        let everyName = Set(companies.flatMap { [$0.name] + $0.aliases })
        var checked = 0
        for article in articles {
            for gold in article["companies"] as? [[String: Any]] ?? [] {
                let name = try #require(gold["name"] as? String)
                let aliases = gold["aliases"] as? [String] ?? []
                // Companies found only by their legal form (…有限公司) are the matcher's job, not the gazetteer's.
                if aliases.allSatisfy({ $0 == name }) && name.hasSuffix("有限公司") { continue }
                if gold["optional"] as? Bool == true {
                    for n in [name] + aliases { #expect(everyName.contains(n), "optional gold name \(n)") }
                } else {
                    let r = try #require(row(name), "gold company \(name) is a row")
                    for a in aliases where a != name { #expect(r.aliases.contains(a), "\(name) has alias \(a)") }
                }
                checked += 1
            }
        }
        #expect(checked >= 20)
    }
}
