import Foundation
import Testing
import ChineseText
@testable import EntityExtraction
import JiansuoTestSupport

/// A small hand-made gazetteer in the formats of Dictionaries/ (independent of the real files).
enum TinyGazetteer {
    static let regions = """
    # tiny fixture
    code\tname\tlevel\tparent\tshort\thistorical
    320000\t江苏省\tprovince\t\t江苏\t
    321300\t宿迁市\tcity\t320000\t宿迁\t
    321323\t泗阳县\tcounty\t321300\t泗阳\t
    630000\t青海省\tprovince\t\t青海\t
    630200\t海东市\tcity\t630000\t海东\t
    630203\t平安区\tcounty\t630200\t平安\t平安县
    """
    static let companies = """
    # tiny fixture
    name\taliases\tcode\tsource
    京东集团\t京东|京东商城|JD\t\tcurated
    京东方科技集团股份有限公司\t京东方\tsz000725\tcurated
    平安银行股份有限公司\t平安银行\tsz000001\tszse
    国新能源\t山西省国新能源股份有限公司\tsh600617\tsse
    """
    static func load() throws -> Gazetteer {
        try Gazetteer(regionsTSV: regions, companiesTSV: companies)
    }
}

@Test func gazetteerLoadsRowsHierarchyAndNames() throws {
    let gazetteer = try TinyGazetteer.load()
    #expect(gazetteer.regions.count == 6)
    #expect(gazetteer.companies.count == 4)
    #expect(gazetteer.region(code: "321323")?.path == ["江苏省", "宿迁市", "泗阳县"])
    #expect(gazetteer.region(code: "630203")?.historicalNames == ["平安县"])
    #expect(gazetteer.company(named: "京东集团")?.aliases == ["京东", "京东商城", "JD"])
    let words = Set(gazetteer.wordList)
    #expect(words.isSuperset(of: ["江苏省", "江苏", "宿迁", "泗阳县", "平安县", "京东", "京东方", "平安银行"]))
    #expect(gazetteer.fingerprint.count == 16)
    let other = try Gazetteer(regionsTSV: TinyGazetteer.regions, companiesTSV: TinyGazetteer.companies + "\n拼多多\t\t\tcurated")
    #expect(other.fingerprint != gazetteer.fingerprint)
}

@Test func gazetteerErrorsNameTheFileAndLine() {
    #expect(throws: GazetteerError.badRow(path: "regions.tsv", line: 3, reason: "code '32000' is not six digits")) {
        try Gazetteer(regionsTSV: "# c\ncode\tname\tlevel\tparent\tshort\thistorical\n32000\t江苏省\tprovince\t\t\t\n",
                      companiesTSV: TinyGazetteer.companies)
    }
    #expect(throws: GazetteerError.unknownParent(path: "regions.tsv", line: 2, code: "321300", parent: "999999")) {
        try Gazetteer(regionsTSV: "code\tname\tlevel\tparent\n321300\t宿迁市\tcity\t999999\n", companiesTSV: TinyGazetteer.companies)
    }
    #expect(throws: GazetteerError.missingHeader(path: "companies.tsv", expected: ["name"])) {
        try Gazetteer(regionsTSV: TinyGazetteer.regions, companiesTSV: "# only comments\n")
    }
    #expect(throws: GazetteerError.badRow(path: "regions.tsv", line: 2, reason: "level 'town' is not province, city or county")) {
        try Gazetteer(regionsTSV: "code\tname\tlevel\tparent\n320000\t江苏省\ttown\t\n", companiesTSV: TinyGazetteer.companies)
    }
    let missing = URL(fileURLWithPath: "/nonexistent-jiansuo-dir")
    #expect(throws: GazetteerError.missingFile(path: "/nonexistent-jiansuo-dir/regions.tsv")) {
        try Gazetteer.load(from: missing)
    }
    let message = GazetteerError.badRow(path: "regions.tsv", line: 7, reason: "x").description
    #expect(message.hasPrefix("regions.tsv:7:"))
}

@Test func tinyGazetteerExtractsWithBoundaries() throws {
    let extractor = EntityExtractor(gazetteer: try TinyGazetteer.load())
    let found = extractor.entities("京东与京东方合作，江苏宿迁泗阳的农产品上了京东商城；平安银行股价上涨。")
    let companies = found.filter { $0.type == .company }.map { "\($0.text)=\($0.name ?? "")" }
    #expect(companies == ["京东=京东集团", "京东方=京东方科技集团股份有限公司", "京东商城=京东集团", "平安银行=平安银行股份有限公司"])
    #expect(found.regionCodes == ["320000", "321300", "321323"])
    // A listed company's distinctive short name counts on its own where it stands as a word (平安银行), not inside
    // other words (全国新能源汽车 names no 国新能源).
    #expect(extractor.entities("全国新能源汽车销量增长，平安银行也来了。").filter { $0.type == .company }.map(\.text) == ["平安银行"])
    #expect(extractor.entities("国新能源公告称，公司营收增长。").filter { $0.type == .company }.map(\.name) == ["国新能源"])
    // Offsets are scalar offsets into the text.
    let text = "𠀀京东"   // a non-BMP scalar first: one scalar, two UTF-16 units
    let jd = extractor.entities(text).first
    #expect(jd?.start == 1 && jd?.end == 3)
    // Full-width Latin folds for matching; the text reported is the original.
    let latin = extractor.entities("ＪＤ发布财报，JDK不是京东。")
    #expect(latin.filter { $0.type == .company }.map(\.text) == ["ＪＤ", "京东"])
    // Traditional text matches the Simplified names; texts and offsets are the original's.
    let traditional = extractor.entities("江蘇宿遷泗陽的農產品上了京東商城。")
    #expect(traditional.regionCodes == ["320000", "321300", "321323"])
    #expect(traditional.map(\.text) == ["江蘇", "宿遷", "泗陽", "京東商城"])
    #expect(traditional.last?.start == 12 && traditional.last?.end == 16)
}

@Test func typesFilterAndJSONShape() throws {
    let extractor = EntityExtractor(gazetteer: try TinyGazetteer.load())
    let only = extractor.extract(title: "江苏宿迁", text: "京东", types: [.city])
    #expect(only.map(\.type) == [.city])
    #expect(only.first?.field == "title")
    let entity = Entity(type: .company, field: "text", text: "京东", start: 0, end: 2, name: "京东集团")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = String(decoding: try encoder.encode(entity), as: UTF8.self)
    #expect(json == #"{"end":2,"field":"text","name":"京东集团","start":0,"text":"京东","type":"company"}"#)
    let article = ExtractedArticle(id: "x", title: "", entities: [entity])
    let decoded = try JSONDecoder().decode(ExtractedArticle.self, from: try encoder.encode(article))
    #expect(decoded == article)
    #expect(try EntityType.parseList("province, company") == [.province, .company])
    #expect(throws: EntityTypeError.unknown("town")) { try EntityType.parseList("province,town") }
}

/// Property: the automaton reports exactly the occurrences a brute-force search finds.
@Test func automatonMatchesBruteForce() {
    var generator = SplitMix64(seed: 20261123)
    let alphabet: [UInt32] = Array("京东方山西平安顺江苏宿迁aB".unicodeScalars.map(\.value))
    for _ in 0..<200 {
        let patternCount = Int(generator.next() % 12) + 1
        var patterns: [[UInt32]] = []
        for _ in 0..<patternCount {
            let length = Int(generator.next() % 4) + 1
            patterns.append((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        }
        let automaton = Automaton(patterns: patterns.map { $0.map(foldScalar) })
        let textLength = Int(generator.next() % 40)
        let text: [UInt32] = (0..<textLength).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
        var found: Set<[Int]> = []
        automaton.forEachMatch(in: text.map(foldScalar)) { start, end, pattern in found.insert([start, end, patterns.firstIndex(of: patterns[pattern]) ?? -1]) }
        var expected: Set<[Int]> = []
        let folded = text.map(foldScalar)
        for (index, pattern) in patterns.enumerated() where patterns.firstIndex(of: pattern) == index {
            let p = pattern.map(foldScalar)
            if p.count > folded.count { continue }
            for start in 0...(folded.count - p.count) where Array(folded[start..<(start + p.count)]) == p {
                expected.insert([start, start + p.count, index])
            }
        }
        // Patterns equal after folding share one pattern number; compare on the first of equal ones.
        let normalise: (Set<[Int]>) -> Set<[Int]> = { set in
            Set(set.map { item in
                let firstEqual = patterns.firstIndex { $0.map(foldScalar) == patterns[item[2]].map(foldScalar) } ?? item[2]
                return [item[0], item[1], firstEqual]
            })
        }
        #expect(normalise(found) == normalise(expected), "patterns \(patterns) text \(text)")
    }
}

/// A small deterministic random generator for property tests.
@Test func jsonLineKeepsTheContractsKeyOrder() throws {
    let entity = Entity(type: .county, field: "text", text: "静乐县", start: 901, end: 904,
                        code: "140926", name: "静乐县", path: ["山西省", "忻州市", "静乐县"])
    let line = ExtractedArticle(id: "002", title: "t", entities: [entity]).jsonLine()
    #expect(line == #"{"id":"002","title":"t","entities":[{"type":"county","field":"text","text":"静乐县","start":901,"end":904,"code":"140926","name":"静乐县","path":["山西省","忻州市","静乐县"]}]}"#)
    let money = Entity(type: .money, field: "title", text: "10-20亿元", start: 0, end: 8, value: "1000000000",
                       currency: "CNY", qualifier: "range", min: "1000000000", max: "2000000000")
    #expect(ExtractedArticle(id: "x", title: "", entities: [money]).jsonLine().contains(#""value":"1000000000","currency":"CNY","qualifier":"range","min":"1000000000","max":"2000000000""#))
}

@Test func jsonLineEscapesAndRoundTrips() throws {
    let odd = "引号\"和\\反斜杠\n换行\u{01}"
    let article = ExtractedArticle(id: odd, title: odd, entities: [Entity(type: .company, field: "title", text: odd, start: 0, end: 3, name: odd)])
    let decoded = try JSONDecoder().decode(ExtractedArticle.self, from: Data(article.jsonLine().utf8))
    #expect(decoded == article)
}

/// The repository's Dictionaries/ load, and hold every region and company the gold standard names.
@Test func repositoryGazetteerHoldsTheGoldNames() throws {
    let gazetteer = try Shared.gazetteer.get()
    #expect(gazetteer.regions.count > 3000)
    #expect(gazetteer.regions.filter { $0.level == .province }.count == 34)
    #expect(gazetteer.companies.count >= 200)
    let goldData = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("seeds.json"))
    let gold = try JSONDecoder().decode([GoldArticle].self, from: goldData)
    let words = Set(gazetteer.wordList)
    for article in gold {
        for region in article.regions {
            #expect(gazetteer.region(code: region.code) != nil, "\(region.code)")
        }
        for company in article.companies where company.optional != true && !company.name.hasSuffix("有限公司") {
            let names = [company.name] + company.aliases
            #expect(names.contains { words.contains($0) }, "\(company.name)")
        }
    }
    #expect(words.isSuperset(of: ["京东", "拼多多", "宿迁", "如东县", "泗阳县", "山西"]))
}

/// The light names read for the segmenter's overlay are the gazetteer's word list once normalised.
@Test func namesForTheOverlayMatchTheWordList() throws {
    let gazetteer = try Shared.gazetteer.get()
    let light = WordDictionary(words: try Gazetteer.names(from: TestPaths.dictionaries))
    let full = WordDictionary(words: gazetteer.wordList)
    #expect(light.count == full.count)
    #expect(light.fingerprint == full.fingerprint)
    #expect(light.contains("宿迁") && light.contains("京东集团"))
}
