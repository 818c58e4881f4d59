import Foundation
import Testing
import ChineseText
@testable import InvertedIndex
import JiansuoTestSupport

@Suite struct CodecTests {
    @Test func xxh64KnownVectors() {
        #expect(XXH64.hash([UInt8]()) == 0xEF46_DB37_51D8_E999)
        #expect(XXH64.hash(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
        #expect(XXH64.hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
        // The 32-byte stripe path must differ from a one-bit change.
        let long = Array(repeating: UInt8(7), count: 100)
        var changed = long; changed[63] ^= 1
        #expect(XXH64.hash(long) != XXH64.hash(changed))
    }

    @Test func streamingHashEqualsOneShot() {
        var rng = SplitMix64(seed: 3)
        for n in [0, 1, 31, 32, 33, 100, 1000] {
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var stream = XXH64Stream()
            var i = 0
            while i < n {
                let k = min(n - i, 1 + Int(rng.next() % 40))
                bytes[i..<(i + k)].withUnsafeBytes { stream.update($0) }
                i += k
            }
            #expect(stream.digest() == XXH64.hash(bytes), "length \(n)")
        }
    }

    @Test func packedRoundTrip() throws {
        var rng = SplitMix64(seed: 42)
        for n in [0, 1, 127, 128, 129, 300, 1000] {
            for maxBits in [0, 1, 5, 17, 32] {
                let values: [UInt32] = (0..<n).map { _ in maxBits == 0 ? 0 : UInt32(truncatingIfNeeded: rng.next()) & UInt32((UInt64(1) << UInt64(maxBits)) - 1) }
                var w = ByteWriter()
                w.packed(values)
                w.varint(UInt64(12345))
                var out: [UInt32] = []
                try w.bytes.withUnsafeBytes { b in
                    var r = ByteReader(b, file: "t")
                    try r.packed(count: n, into: &out)
                    #expect(try r.varint() == 12345)
                }
                #expect(out == values)
            }
        }
    }

    @Test func truncatedDataThrowsNamingTheFile() {
        var w = ByteWriter()
        w.varint(UInt64(1) << 40)
        let bytes = Array(w.bytes.dropLast())
        bytes.withUnsafeBytes { b in
            var r = ByteReader(b, file: "x.post")
            #expect(throws: IndexError.self) { _ = try r.varint() }
            do { _ = try r.varint() } catch { #expect("\(error)".contains("x.post")) }
        }
    }
}

/// Builds an index of `docs` in `dir` over `commits` commits (docs split evenly).
func buildIndex(_ docs: [IndexDocument], at dir: URL, commits: Int = 1, memoryBudget: Int = 256 << 20) throws -> Index {
    let index = try Index.create(at: dir)
    let w = try index.writer(memoryBudget: memoryBudget)
    let per = max(1, (docs.count + commits - 1) / commits)
    var i = 0
    while i < docs.count {
        for d in docs[i..<min(docs.count, i + per)] { try w.add(d) }
        try w.commit()
        i += per
    }
    if docs.isEmpty { try w.commit() }
    w.close()
    return index
}

@Suite struct ExactSearchTests {
    static let alphabet: [String] = Array("乡村振兴助农京东拼多多的国中大".map(String.init)) + ["鄉", "興", "國", "Ａ", "Ｂ", "１", "a", "b", "A", "1", "2", ".", "．", " ", "，", "。", "5G", "é"]

    static func randomText(_ rng: inout SplitMix64, maxLength: Int) -> String {
        let n = Int(rng.next() % UInt64(maxLength + 1))
        var s = ""
        for _ in 0..<n { s += alphabet[Int(rng.next() % UInt64(alphabet.count))] }
        return s
    }

    static func randomDocs(_ rng: inout SplitMix64, count: Int, prefix: String = "d") -> [IndexDocument] {
        (0..<count).map { i in
            IndexDocument(id: "\(prefix)\(i)", title: randomText(&rng, maxLength: 12), text: randomText(&rng, maxLength: 120),
                          date: "2022-0\(1 + i % 9)-1\(i % 10)", contentHash: "h\(i)")
        }
    }

    /// A query needle: a substring of some document's raw text, or random text.
    static func randomNeedle(_ rng: inout SplitMix64, _ docs: [IndexDocument]) -> String {
        if rng.next() % 4 == 0 || docs.isEmpty { return randomText(&rng, maxLength: 4) }
        let d = docs[Int(rng.next() % UInt64(docs.count))]
        let scalars = Array((rng.next() % 3 == 0 ? d.title : d.text).unicodeScalars)
        guard !scalars.isEmpty else { return "乡" }
        let len = 1 + Int(rng.next() % 6)
        let start = Int(rng.next() % UInt64(scalars.count))
        var v = String.UnicodeScalarView()
        v.append(contentsOf: scalars[start..<min(scalars.count, start + len)])
        return String(v)
    }

    static func quoted(_ s: String) -> String { "\"\(s)\"" }

    @Test(arguments: [1 as UInt64, 2, 3, 4, 5, 6])
    func randomCorporaMatchBruteForce(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let docs = Self.randomDocs(&rng, count: 60 + Int(seed) * 10)
        let dir = temporaryDirectory("prop\(seed)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = try buildIndex(docs, at: dir, commits: Int(seed % 3) + 1)
        let reader = try index.reader()
        var oracle = Oracle()
        for d in docs { oracle.set(d) }
        for _ in 0..<120 {
            let needle = Self.randomNeedle(&rng, docs)
            let normalized = Normalizer().normalize(needle).scalars
            if normalized.allSatisfy({ $0.properties.isWhitespace }) || normalized.contains(where: { $0 == "\"" }) { continue }
            let q = Self.quoted(needle)
            let expected = oracle.matching([needle])
            #expect(try reader.count(q) == expected.count, "count of \(q)")
            let got = Set(try reader.search(q, limit: 1000).hits.map(\.id))
            #expect(got == expected, "matches of \(q)")
        }
    }

    @Test func andOrNotTitleAndDates() throws {
        var rng = SplitMix64(seed: 99)
        let docs = Self.randomDocs(&rng, count: 120)
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reader = try buildIndex(docs, at: dir, commits: 2).reader()
        var oracle = Oracle()
        for d in docs { oracle.set(d) }
        #expect(Set(try reader.search("乡村 助农", limit: 500).hits.map(\.id)) == oracle.matching(["乡村", "助农"]))
        #expect(Set(try reader.search("乡村 OR 助农", limit: 500).hits.map(\.id)) == oracle.matching(["乡村"]).union(oracle.matching(["助农"])))
        #expect(Set(try reader.search("乡村 -助农", limit: 500).hits.map(\.id)) == oracle.matching(["乡村"]).subtracting(oracle.matching(["助农"])))
        #expect(Set(try reader.search("title:国", limit: 500).hits.map(\.id)) == oracle.matching(["国"], titleOnly: true))
        #expect(Set(try reader.search("title:京东", limit: 500).hits.map(\.id)) == oracle.matching(["京东"], titleOnly: true))
        let inRange = Set(docs.filter { ($0.date ?? "") >= "2022-03-01" && ($0.date ?? "") <= "2022-05-31" }.map(\.id))
        #expect(Set(try reader.search("date:2022-03-01..2022-05-31", limit: 500).hits.map(\.id)) == inRange)
        #expect(Set(try reader.search("国 date:2022-03-01..2022-05-31", limit: 500).hits.map(\.id)) == inRange.intersection(oracle.matching(["国"])))
    }

    @Test func partialDatesArePeriodsThatOverlapTheRange() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let docs = [
            IndexDocument(id: "march", title: "甲", text: "乙", date: "2022-03"),
            IndexDocument(id: "year", title: "甲", text: "乙", date: "2022"),
            IndexDocument(id: "day", title: "甲", text: "乙", date: "2022-03-15"),
            IndexDocument(id: "april", title: "甲", text: "乙", date: "2022-04-01"),
            IndexDocument(id: "undated", title: "甲", text: "乙"),
        ]
        let reader = try buildIndex(docs, at: dir).reader()
        func ids(_ query: String) throws -> Set<String> { Set(try reader.search(query, limit: 50).hits.map(\.id)) }
        #expect(try ids("date:2022-03") == ["march", "year", "day"])
        #expect(try ids("date:2022-03-20..2022-04-30") == ["march", "year", "april"])
        #expect(try ids("date:..2022-02-28") == ["year"])
        #expect(try ids("date:2022-04-01..") == ["year", "april"])
        #expect(try ids("date:2021") == [])
    }

    @Test func foldsTraditionalFullWidthAndCase() throws {
        let docs = [
            IndexDocument(id: "a", title: "乡村振兴", text: "全面推进乡村振兴战略，ABC 与 5G。", date: "2022-01-01"),
            IndexDocument(id: "b", title: "其他", text: "無關內容 11.11 購物節", date: "2022-01-02"),
        ]
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reader = try buildIndex(docs, at: dir).reader()
        #expect(try reader.search("鄉村振興").hits.map(\.id) == ["a"])
        #expect(try reader.search("ＡＢＣ").hits.map(\.id) == ["a"])
        #expect(try reader.search("abc").hits.map(\.id) == ["a"])
        #expect(try reader.search("5g").hits.map(\.id) == ["a"])
        #expect(try reader.search("11.11").hits.map(\.id) == ["b"])
        #expect(try reader.search("无关").hits.map(\.id) == ["b"])
        #expect(try reader.search("\"ABC 与\"").hits.map(\.id) == ["a"])
        #expect(try reader.count("振") == 1)
        #expect(try reader.count("蟹") == 0)
        #expect(try reader.count("兴战略，a") == 1)
    }

    @Test func snippetOffsetsSurviveScalarsThatExpandOrCompose() throws {
        // ½ normalises to three scalars and e + ◌́ to one: the highlights still name the original scalars.
        let text = "½斤cafe\u{301}说：全面推進鄉村振興戰略。"
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reader = try buildIndex([IndexDocument(id: "t", title: "题", text: text)], at: dir).reader()
        let hit = try #require(try reader.search("乡村振兴").hits.first)
        let scalars = Array(text.unicodeScalars)
        #expect(hit.snippet.highlights.map { String(String.UnicodeScalarView(scalars[$0])) } == ["鄉村振興"])
    }

    @Test func snippetOffsetsPointIntoTheOriginalText() throws {
        let text = "開頭一些文字。全面推進鄉村振興戰略，ＡＢＣ公司參與助農。"
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reader = try buildIndex([IndexDocument(id: "t", title: "鄉村振興", text: text)], at: dir).reader()
        let hit = try #require(try reader.search("乡村振兴 abc").hits.first)
        let scalars = Array(text.unicodeScalars)
        let marked = hit.snippet.highlights.map { r in String(String.UnicodeScalarView(scalars[r])) }
        #expect(marked == ["鄉村振興", "ＡＢＣ"])
        #expect(hit.titleHighlights == [0..<4])
        let s = String(String.UnicodeScalarView(scalars[hit.snippet.start..<hit.snippet.end]))
        #expect(s == hit.snippet.text)
    }

    @Test func rankingPrefersTitleFrequencyProximityThenNewer() throws {
        let docs = [
            IndexDocument(id: "passing", title: "新闻", text: "今天天气很好。各地谈到乡村振兴。然后说别的事情很多很多很多。", date: "2022-01-05"),
            IndexDocument(id: "about", title: "乡村振兴的新进展", text: "乡村振兴战略推进。乡村振兴成效显著，乡村振兴带动增收。", date: "2022-01-01"),
            IndexDocument(id: "older", title: "甲", text: "乙乙乙", date: "2021-01-01"),
            IndexDocument(id: "newer", title: "甲", text: "乙乙乙", date: "2023-01-01"),
            IndexDocument(id: "close", title: "丙", text: "农产品销售助农增收", date: "2022-01-01"),
            IndexDocument(id: "far", title: "丙", text: "农产品销售。其余很长的一段话写在这里用来拉开距离啊啊啊。助农增收", date: "2022-01-01"),
        ]
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reader = try buildIndex(docs, at: dir).reader()
        #expect(try reader.search("乡村振兴").hits.map(\.id) == ["about", "passing"])
        #expect(try reader.search("甲").hits.map(\.id) == ["newer", "older"])
        #expect(try reader.search("农产品 助农").hits.map(\.id) == ["close", "far"])
        let page = try reader.search("甲", limit: 1, offset: 1)
        #expect(page.total == 2 && page.hits.map(\.id) == ["older"])
    }

    @Test func malformedQueryIsATypedError() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reader = try buildIndex([IndexDocument(id: "a", title: "t", text: "x")], at: dir).reader()
        #expect(throws: IndexError.self) { _ = try reader.search("\"unclosed") }
    }
}
