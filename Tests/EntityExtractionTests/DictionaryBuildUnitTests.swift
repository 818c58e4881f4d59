import Foundation
import Testing
@testable import EntityExtraction

@Suite("Dictionary builder parts")
struct DictionaryBuildUnitTests {
    @Test("region short names are derived by stripping the level suffix and ethnic words", arguments: [
        ("黔南布依族苗族自治州", "黔南"), ("宁夏回族自治区", "宁夏"), ("新疆维吾尔自治区", "新疆"), ("广西壮族自治区", "广西"),
        ("宿迁市", "宿迁"), ("泗阳县", "泗阳"), ("巴里坤哈萨克自治县", "巴里坤"), ("山西省", "山西"), ("阿拉善盟", "阿拉善"),
        ("香港特别行政区", "香港"), ("大兴安岭地区", "大兴安岭"),
    ])
    func derivedShortName(name: String, short: String) {
        #expect(RegionTableBuilder.derivedShortName(name) == short)
    }

    @Test("no derived short name when one character or nothing would remain", arguments: ["沙县", "赵县", "城区", "北京", "鄂温克族"])
    func noDerivedShortName(name: String) {
        #expect(RegionTableBuilder.derivedShortName(name) == nil)
    }

    @Test("statistics-only zones are codes with 71–80 in digits 5–6")
    func statisticsZones() {
        #expect(RegionTableBuilder.isStatisticsZone("371171"))
        #expect(RegionTableBuilder.isStatisticsZone("410180"))
        #expect(!RegionTableBuilder.isStatisticsZone("371170"))
        #expect(!RegionTableBuilder.isStatisticsZone("371181"))
        #expect(!RegionTableBuilder.isStatisticsZone("3711"))
    }

    @Test("exchange short names: spacing and full-width forms, A/B markers, status prefixes")
    func stockShortNames() {
        let vanke = StockShortName("万  科Ａ")
        #expect(vanke.raw == "万科A" && vanke.base == "万科" && vanke.prefix == nil && vanke.rawIsName && vanke.baseIsName)

        let st = StockShortName("*ST国华")
        #expect(st.base == "国华" && st.prefix == "*ST" && st.rawIsName && !st.baseIsName, "a shortened two-character base is no name")
        #expect(StockShortName("*ST华闻传").baseIsName)

        let xd = StockShortName("XD金龙汽")
        #expect(xd.base == "金龙汽" && !xd.rawIsName && !xd.baseIsName, "ex-dividend names are truncations of a day")

        let tcl = StockShortName("TCL科技")
        #expect(tcl.base == "TCL科技" && tcl.prefix == nil, "a prefix must be followed by a Han character and be a status marker")
        #expect(StockShortName("GQY视讯").base == "GQY视讯")
        #expect(StockShortName("N马可波罗").base == "马可波罗")
        #expect(StockShortName("S佳通").base == "佳通")
        #expect(StockShortName("深物业B").base == "深物业")
    }

    @Test("company names are NFKC-normalised and lose every space")
    func normalize() {
        #expect(CompanyNames.normalize("南  玻Ａ") == "南玻A")
        #expect(CompanyNames.normalize("华\u{3000}侨城") == "华侨城")
        #expect(CompanyNames.normalize("（北京）") == "(北京)")
    }

    @Test("CSV records: quotes, doubled quotes, commas and newlines in quotes, CRLF, BOM")
    func csvRecords() throws {
        let text = "\u{FEFF}a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",z\n\n"
        let records = try DelimitedText.records(text, separator: ",", quoting: true, file: "t.csv")
        #expect(records.map(\.fields) == [["a", "b"], ["x, y", "say \"hi\""], ["two\nlines", "z"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test("an unclosed quote is an error naming the file and line")
    func csvUnclosedQuote() {
        #expect(throws: DictionaryBuildError.malformed(file: "t.csv", line: 2, reason: "a quoted field is never closed")) {
            try DelimitedText.records("a,b\n\"oops,c\n", separator: ",", quoting: true, file: "t.csv")
        }
    }

    @Test("a missing data folder is a clear error, not a crash")
    func missingData() {
        let nowhere = URL(fileURLWithPath: "/nonexistent/jiansuo-data")
        let builder = DictionaryBuilder(dataDirectory: nowhere, curatedCompanies: nowhere.appendingPathComponent("c.tsv"))
        #expect(throws: DictionaryBuildError.missingFile(path: "/nonexistent/jiansuo-data/regions/modood-2023/provinces.csv")) {
            try builder.regionsTSV()
        }
        let error = DictionaryBuildError.missingFile(path: "/x/provinces.csv")
        #expect(error.description.contains("/x/provinces.csv") && error.description.contains("regions/ and companies/"))
    }

    private func curated(_ body: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("curated-\(UUID().uuidString).tsv")
        try Data(body.utf8).write(to: url)
        return url
    }

    @Test("the curated list is read with its line numbers; notes are optional")
    func readCurated() throws {
        let url = try curated("# comment\nname\taliases\tcode\tnote\n京东集团\t京东|京东商城\t\tHK 9618\n招商银行\t招行\tsh600036\n")
        defer { try? FileManager.default.removeItem(at: url) }
        let rows = try CompanyTableBuilder.readCurated(url)
        #expect(rows == [
            CuratedCompany(name: "京东集团", aliases: ["京东", "京东商城"], code: "", line: 3),
            CuratedCompany(name: "招商银行", aliases: ["招行"], code: "sh600036", line: 4),
        ])
    }

    @Test("curated mistakes are errors with the line", arguments: [
        ("name\taliases\tcode\tnote\n京东集团\t京\t\t\n", 2),
        ("name\taliases\tcode\tnote\n京东集团\t京东\t600036\t\n", 2),
        ("name\taliases\tcode\tnote\n京东集团\t京东\t\t\n京东集团\t京东商城\t\t\n", 3),
        ("name\taliases\tcode\tnote\n京东集团\n", 2),
        ("京东集团\t京东\t\t\n", 1),
    ])
    func curatedErrors(body: String, line: Int) throws {
        let url = try curated(body)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try CompanyTableBuilder.readCurated(url)
            Issue.record("expected an error")
        } catch {
            switch error {
            case .malformed(_, let l, _), .curatedConflict(_, let l, _):
                #expect(l == line, "\(error)")
            default:
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test("stock codes look like sh600000, sz000001 or bj830799")
    func stockCodes() {
        #expect(CompanyTableBuilder.isStockCode("sh600000"))
        #expect(CompanyTableBuilder.isStockCode("sz000001"))
        #expect(!CompanyTableBuilder.isStockCode("600000"))
        #expect(!CompanyTableBuilder.isStockCode("hk00700"))
        #expect(!CompanyTableBuilder.isStockCode("sh60000a"))
    }
}
