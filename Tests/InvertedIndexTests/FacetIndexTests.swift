import Foundation
import Testing
import ChineseText
@testable import InvertedIndex
import JiansuoTestSupport

// Facets and numbers: storage through commits, reopen and merges; exact filters and whole-match-set
// counts against a brute-force model; the parser's filters; damage; commit user data.

private func doc(_ id: String, _ text: String, date: String? = nil, facets: [String] = [], numbers: [(String, String)] = []) -> IndexDocument {
    IndexDocument(id: id, title: "标题\(id)", text: text, date: date, contentHash: "h\(id)",
                  facets: facets, numbers: numbers.map { IndexNumber(field: $0.0, value: $0.1) })
}

// MARK: - Brute force

/// An exact decimal, independent of the index's string comparison.
private func decimal(_ s: String) -> Foundation.Decimal {
    Foundation.Decimal(string: s, locale: Locale(identifier: "en_US_POSIX")) ?? .nan
}

/// floor(log10(v)) by repeated exact scaling; 0 for zero.
private func exponent(_ s: String) -> Int {
    var v = decimal(s)
    if v == 0 { return 0 }
    var e = 0
    while v >= 10 { v /= 10; e += 1 }
    while v < 1 { v *= 10; e -= 1 }
    return e
}

private struct Model {
    var docs: [String: IndexDocument] = [:]
    let normalizer = Normalizer()

    func matches(_ node: QueryNode, _ d: IndexDocument) -> Bool {
        switch node {
        case .term(let t), .phrase(let t):
            let n = normalizer.normalize(t).scalars
            return Oracle.contains(normalizer.normalize(d.title).scalars, n) || Oracle.contains(normalizer.normalize(d.text).scalars, n)
        case .and(let c): return c.allSatisfy { matches($0, d) }
        case .or(let c): return c.contains { matches($0, d) }
        case .not(let x): return !matches(x, d)
        case .facet(let k): return d.facets.contains(k)
        case .number(let field, let r):
            return d.numbers.contains { n in
                guard n.field == field else { return false }
                let v = decimal(n.value)
                if let lo = r.lower { let l = decimal(lo); if r.lowerInclusive ? v < l : v <= l { return false } }
                if let hi = r.upper { let h = decimal(hi); if r.upperInclusive ? v > h : v >= h { return false } }
                return true
            }
        case .dateRange(let from, let to):
            guard let date = d.date else { return false }
            let start = date.count == 4 ? date + "-01-01" : date.count == 7 ? date + "-01" : date
            let end = date.count == 4 ? date + "-12-31" : date.count == 7 ? date + "-31" : date
            return (from.map { end >= $0 } ?? true) && (to.map { start <= $0 } ?? true)
        case .field, .filter: return false
        }
    }

    func matching(_ node: QueryNode) -> [IndexDocument] { docs.values.filter { matches(node, $0) } }

    func counts(_ matched: [IndexDocument], _ request: FacetRequest) -> FacetCounts {
        var out = FacetCounts()
        for prefix in request.keyPrefixes {
            var c: [String: Int] = [:]
            for d in matched {
                for k in Set(d.facets) where Array(k.utf8).starts(with: Array(prefix.utf8)) { c[k, default: 0] += 1 }
            }
            var values = c.map { FacetValue(key: $0.key, count: $0.value) }
            values.sort { $0.count != $1.count ? $0.count > $1.count : Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            out.keys[prefix] = Array(values.prefix(request.limit > 0 ? request.limit : .max))
        }
        for field in request.numberFields {
            var c: [Int: Int] = [:]
            for d in matched {
                for e in Set(d.numbers.filter { $0.field == field }.map { exponent($0.value) }) { c[e, default: 0] += 1 }
            }
            out.numbers[field] = c.sorted { $0.key < $1.key }.map { NumberBucket(exponent: $0.key, count: $0.value) }
        }
        if request.months {
            var c: [String: Int] = [:]
            for d in matched { if let date = d.date, date.count >= 7 { c[String(date.prefix(7)), default: 0] += 1 } }
            out.months = c.sorted { $0.key < $1.key }.map { MonthCount(month: $0.key, count: $0.value) }
        }
        return out
    }
}

private let words = ["京东", "山西", "煤炭", "农业", "太原", "助农", "电商", "物流"]
private let keys = ["r:山西", "r:山西/太原", "r:河北", "c:京东", "c:京东方", "c:万科", "x", "r:", "c:京东集团"]
private let values = ["0", "0.5", "0.05", "2.59", "2.590", "2.6", "007", "10", "99.99", "100", "1000000000", "1234567.891"]
private let fields = ["money", "pct"]

private func randomDoc(_ id: String, _ rng: inout SplitMix64) -> IndexDocument {
    let text = (0..<(1 + rng.below(6))).map { _ in words[rng.below(words.count)] }.joined(separator: rng.below(2) == 0 ? "" : "，")
    let date: String?
    switch rng.below(5) {
    case 0: date = nil
    case 1: date = "202\(rng.below(3))"
    case 2: date = "202\(rng.below(3))-0\(1 + rng.below(9))"
    default: date = "202\(rng.below(3))-0\(1 + rng.below(9))-1\(rng.below(10))"
    }
    let facets = (0..<rng.below(5)).map { _ in keys[rng.below(keys.count)] }
    let numbers = (0..<rng.below(4)).map { _ in (fields[rng.below(fields.count)], values[rng.below(values.count)]) }
    return doc(id, text, date: date, facets: facets, numbers: numbers)
}

private func randomRange(_ rng: inout SplitMix64) -> NumberRange {
    let bounds = values + ["2.5900", "0.050", "1", "999999999.9999", "3"]
    let lower = rng.below(4) == 0 ? nil : bounds[rng.below(bounds.count)]
    let upper = rng.below(4) == 0 ? nil : bounds[rng.below(bounds.count)]
    return NumberRange(lower: lower, lowerInclusive: rng.below(2) == 0, upper: upper, upperInclusive: rng.below(2) == 0)
}

/// A random query mixing words, facets (also under not/or), number ranges and dates; always positive.
private func randomQuery(_ rng: inout SplitMix64, depth: Int = 2) -> QueryNode {
    switch depth <= 0 ? rng.below(4) : rng.below(7) {
    case 0: return .term(words[rng.below(words.count)])
    case 1: return .facet(keys[rng.below(keys.count)] + (rng.below(10) == 0 ? "?" : ""))
    case 2: return .number(field: fields[rng.below(fields.count)] + (rng.below(12) == 0 ? "s" : ""), range: randomRange(&rng))
    case 3:
        let y = "202\(rng.below(3))"
        return rng.below(2) == 0 ? .dateRange(from: y + "-03-01", to: nil) : .dateRange(from: y + "-01-01", to: y + "-06-30")
    case 4, 5:
        let parts = (0..<(2 + rng.below(2))).map { _ in randomQuery(&rng, depth: depth - 1) }
        return .and(parts + (rng.below(2) == 0 ? [.not(randomQuery(&rng, depth: depth - 1))] : []))
    default:
        return .or((0..<(2 + rng.below(2))).map { _ in randomQuery(&rng, depth: depth - 1) })
    }
}

@Suite struct FacetIndexTests {
    // MARK: storage

    @Test func facetsAndNumbersSurviveCommitReopenAndMerges() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = try Index.create(at: dir)
        var merged = 0
        var expected: [String: IndexDocument] = [:]
        do {
            let w = try index.writer()
            w.mergeFactor = 2
            for batch in 0..<6 {
                for i in 0..<3 {
                    let id = "\(batch)-\(i)"
                    let d = doc(id, "京东物流\(id)", date: "2023-0\(1 + i)-1\(batch)",
                                facets: ["c:京东", "r:宿迁\(i)", "c:京东", "batch\(batch)"],
                                numbers: [("money", i == 0 ? "2.590" : "1000000000"), ("money", "0.5"), ("share", "\(batch)")])
                    try w.add(d)
                    expected[id] = d
                }
                merged += try w.commit().mergedSegments
            }
            #expect(merged > 0, "a low merge factor must merge segments")
        }
        let r = try Index.open(at: dir).reader()
        let all = try r.allDocuments()
        #expect(all.count == 18)
        for d in all {
            #expect(d == expected[d.id], "document \(d.id) comes back as it was added")
        }
        let one = try #require(try r.document(id: "2-0"))
        #expect(one.facets == ["c:京东", "r:宿迁0", "c:京东", "batch2"])
        #expect(one.numbers == [IndexNumber(field: "money", value: "2.590"), IndexNumber(field: "money", value: "0.5"), IndexNumber(field: "share", value: "2")])
        #expect(try r.documentFacets(id: "2-0") == ["batch2", "c:京东", "r:宿迁0"])
        #expect(try r.documentFacets(id: "nope") == nil)
        #expect(try r.count(.facet("c:京东")) == 18)
        #expect(try r.count(.facet("r:宿迁1")) == 6)
        #expect(try r.count(.facet("c:京")) == 0)
        #expect(try r.count(.number(field: "money", range: .exactly("2.59"))) == 6)
        #expect(try r.count(.number(field: "money", range: NumberRange(lower: "1000000000", lowerInclusive: false))) == 0)
        #expect(try r.count(.number(field: "share", range: NumberRange(lower: "4"))) == 6)
        let f = try r.facetCounts(.facet("c:京东"), FacetRequest(keyPrefixes: ["r:", "c:"], numberFields: ["money"], months: true, limit: 2))
        #expect(f.keys["r:"] == [FacetValue(key: "r:宿迁0", count: 6), FacetValue(key: "r:宿迁1", count: 6)])
        #expect(f.keys["c:"] == [FacetValue(key: "c:京东", count: 18)])
        #expect(f.numbers["money"] == [NumberBucket(exponent: -1, count: 18), NumberBucket(exponent: 0, count: 6), NumberBucket(exponent: 9, count: 12)])
        #expect(f.months == [MonthCount(month: "2023-01", count: 6), MonthCount(month: "2023-02", count: 6), MonthCount(month: "2023-03", count: 6)])

        // A writer reopened on the index carries the facets through a forced rewrite of every segment.
        do {
            let w = try Index.open(at: dir).writer()
            w.mergeFactor = 2
            for id in expected.keys.sorted().prefix(12) { try w.delete(id: id); expected[id] = nil }
            try w.commit()
        }
        let r2 = try Index.open(at: dir).reader()
        #expect(Set(try r2.allDocuments()) == Set(expected.values))
        #expect(try r2.count(.facet("c:京东")) == 6)
    }

    @Test func malformedNumbersAreRejectedByTheWriter() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = try Index.create(at: dir).writer()
        for bad in ["-1", "1e9", "", "1.2.3", ".", "１２", "1,000"] {
            #expect(throws: IndexError.self) { try w.add(doc("a", "x", numbers: [("money", bad)])) }
        }
        try w.add(doc("b", "x", numbers: [("money", ".5"), ("money", "5.")]))
        try w.commit()
        let r = try Index.open(at: dir).reader()
        #expect(try r.count(.number(field: "money", range: .exactly("0.5"))) == 1)
        #expect(try r.count(.number(field: "money", range: .exactly("5"))) == 1)
        #expect(throws: IndexError.self) { try r.count(.number(field: "money", range: NumberRange(lower: "-3"))) }
    }

    // MARK: evaluation against brute force

    @Test(arguments: [UInt64(1), 7, 42, 2026])
    func randomQueriesAndFacetCountsMatchBruteForce(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let dir = temporaryDirectory("facets\(seed)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = try Index.create(at: dir)
        var model = Model()
        do {
            let w = try index.writer()
            w.mergeFactor = 3
            w.batchSize = 16
            for round in 0..<5 {
                for i in 0..<(20 + rng.below(30)) {
                    let d = randomDoc("\(round)-\(i)", &rng)
                    try w.add(d)
                    model.docs[d.id] = d
                }
                // Updates and deletes of earlier documents leave dead ones behind.
                for id in model.docs.keys.sorted() where rng.below(8) == 0 {
                    if rng.below(2) == 0 {
                        try w.delete(id: id)
                        model.docs[id] = nil
                    } else {
                        let d = randomDoc(id, &rng)
                        try w.add(d)
                        model.docs[id] = d
                    }
                }
                try w.commit()
            }
        }
        let r = try Index.open(at: dir).reader()
        #expect(r.documentCount == model.docs.count)
        var nonEmpty = 0, partial = 0
        for q in 0..<120 {
            let node = randomQuery(&rng)
            let want = model.matching(node)
            if !want.isEmpty { nonEmpty += 1 }
            if !want.isEmpty && want.count < model.docs.count / 2 { partial += 1 }
            let request = FacetRequest(keyPrefixes: ["r:", "c:京东", "", "zz"], numberFields: ["money", "pct", "none"],
                                       months: true, limit: q % 3 == 0 ? 0 : 1 + rng.below(4))
            let got = try r.search(node, limit: Int.max, facets: request)
            #expect(Set(got.hits.map(\.id)) == Set(want.map(\.id)), "\(node)")
            #expect(got.total == want.count, "\(node)")
            #expect(try r.count(node) == want.count, "\(node)")
            #expect(got.facets == model.counts(want, request), "\(node)")
            #expect(try r.facetCounts(node, request) == model.counts(want, request), "\(node)")
        }
        // The queries must test something: many match some documents, many only a few.
        #expect(nonEmpty > 50 && partial > 30, "\(nonEmpty) non-empty, \(partial) selective")
    }

    @Test func filtersAloneRankNewestFirst() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = try Index.create(at: dir).writer()
        try w.add(doc("old", "甲", date: "2020-01-01", facets: ["k"]))
        try w.add(doc("new", "乙", date: "2024-05-01", facets: ["k"]))
        try w.add(doc("mid", "丙", date: "2022-05-01", facets: ["k"], numbers: [("n", "3")]))
        try w.add(doc("other", "丁", date: "2025-05-01"))
        try w.commit()
        let r = try Index.open(at: dir).reader()
        let hits = try r.search(.facet("k")).hits
        #expect(hits.map(\.id) == ["new", "mid", "old"])
        #expect(hits.allSatisfy { $0.score == 0 && $0.titleHighlights.isEmpty })
        #expect(try r.search(.and([.facet("k"), .number(field: "n", range: .exactly("3.0"))])).hits.map(\.id) == ["mid"])
        #expect(try r.search(.facet("k")).facets == nil)
        #expect(QueryNode.and([.term("京东"), .facet("k"), .number(field: "n", range: .exactly("3"))]).positiveTexts == ["京东"])
    }

    @Test func anUnresolvedFilterIsAQueryError() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = try Index.create(at: dir).writer()
        try w.add(doc("a", "京东"))
        try w.commit()
        let r = try Index.open(at: dir).reader()
        let node = QueryNode.and([.term("京东"), .filter(name: "company", op: .equals, value: "京东")])
        do {
            _ = try r.count(node)
            Issue.record("an unresolved filter must not evaluate")
        } catch {
            guard case .query(let message, _, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.hasPrefix("unknown field \"company\""))
        }
        #expect(throws: IndexError.self) { try r.search(node) }
        // The string API parses without filter names: an unknown field is a query error too.
        #expect(throws: IndexError.self) { try r.search("company:京东") }
    }

    // MARK: damage, user data, format version

    @Test func aDamagedDocValuesFileIsNamed() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = try Index.create(at: dir).writer()
        for i in 0..<20 { try w.add(doc("\(i)", "京东\(i)", facets: ["k\(i % 3)"], numbers: [("n", "\(i)")])) }
        try w.commit()
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        let dv = try #require(names.first { $0.hasSuffix(".dv") })
        let url = dir.appendingPathComponent(dv)
        let original = try Data(contentsOf: url)
        func damaged(at offset: Int, verify: Bool) throws -> IndexError? {
            var bytes = [UInt8](original)
            bytes[offset] ^= 0x5A
            try Data(bytes).write(to: url)
            defer { try? original.write(to: url) }
            do {
                let r = try Index.open(at: dir).reader(verifyChecksums: verify)
                _ = try r.facetCounts(.facet("k1"), FacetRequest(keyPrefixes: [""], numberFields: ["n"]))
                return nil
            } catch {
                return error
            }
        }
        for (offset, verify) in [(original.count / 2, true), (FileFormat.headerSize, false), (FileFormat.headerSize + 48, false)] {
            let error = try #require(try damaged(at: offset, verify: verify), "damage at \(offset) must be found")
            #expect(IndexReader.fileName(of: error) == dv, "\(error)")
        }
        var bytes = [UInt8](original)
        bytes[original.count / 2] ^= 0x5A
        try Data(bytes).write(to: url)
        #expect(Index.check(at: dir).contains { $0.file == dv })
    }

    @Test func userDataSurvivesCommitsAndReopening() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = try Index.create(at: dir)
        #expect(try index.reader().userData == [:])
        do {
            let w = try index.writer()
            #expect(w.userData == [:])
            w.userData = ["extractor": "v1", "other": "x"]
            #expect(w.hasChanges)
            try w.commit()
        }
        #expect(try index.reader().userData == ["extractor": "v1", "other": "x"])
        do {
            let w = try index.writer()
            #expect(w.userData == ["extractor": "v1", "other": "x"])
            try w.add(doc("a", "京东"))
            try w.commit()
        }
        #expect(try index.reader().userData == ["extractor": "v1", "other": "x"], "kept when not changed")
        do {
            let w = try index.writer()
            w.userData["extractor"] = "v2"
            try w.commit()
        }
        #expect(try Index.open(at: dir).reader().userData == ["extractor": "v2", "other": "x"])
    }

    /// An index of format version 1 (its commit framed as version 1, its analyser fingerprint naming
    /// index-v1) reads as built by another analyser, so a refresh rebuilds it.
    @Test func anOlderFormatIsAnAnalyzerMismatchAndRebuilds() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let analyzer = Analyzer()
        let w = try Index.create(at: dir, analyzer: analyzer).writer()
        try w.add(doc("a", "京东"))
        try w.commit()
        w.close()
        let generation = try #require(Commit.generations(in: dir).first)
        var commit = try Commit.read(dir, generation: generation)
        commit.analyzer = commit.analyzer.replacingOccurrences(of: "index-v\(FileFormat.version);", with: "index-v1;")
        commit.userData = nil
        let json = try JSONEncoder().encode(commit)
        var framed = FileFormat.magic + Array("CMIT".utf8)
        for v: UInt32 in [1, 0] { withUnsafeBytes(of: v.littleEndian) { framed += $0 } }
        framed += [UInt8](json)
        withUnsafeBytes(of: XXH64.hash(framed).littleEndian) { framed += $0 }
        framed += FileFormat.endMagic
        withUnsafeBytes(of: UInt32(1).littleEndian) { framed += $0 }
        try Data(framed).write(to: dir.appendingPathComponent(Commit.fileName(generation)))
        do {
            _ = try Index.open(at: dir, analyzer: analyzer)
            Issue.record("an older format must not open")
        } catch {
            guard case .analyzerMismatch(let was, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(was.hasPrefix("index-v1;"))
        }
        let rebuild = try Index.rebuilding(at: dir, analyzer: analyzer)
        try rebuild.add(doc("b", "山西", facets: ["k"]))
        try rebuild.commit()
        rebuild.close()
        let r = try Index.open(at: dir, analyzer: analyzer).reader()
        #expect(try r.allDocuments().map(\.id) == ["b"])
        #expect(try r.count(.facet("k")) == 1)
    }
}

// MARK: - Parser

@Suite struct FilterParserTests {
    let parser = QueryParser(filterNames: ["company", "Money", "region"])

    @Test(arguments: [
        ("company:京东", FilterOperator.equals, "京东"),
        ("Company：京东集团", .equals, "京东集团"),
        ("money>=1亿", .greaterOrEqual, "1亿"),
        ("money>1亿", .greater, "1亿"),
        ("money<=2.59", .lessOrEqual, "2.59"),
        ("money<5000万", .less, "5000万"),
        ("money＞＝1亿", .greaterOrEqual, "1亿"),
        ("money＞1亿", .greater, "1亿"),
        ("money＜＝1亿", .lessOrEqual, "1亿"),
        ("money＜1亿", .less, "1亿"),
        ("money>＝1亿", .greaterOrEqual, "1亿"),
        ("money:1亿..10亿", .equals, "1亿..10亿"),
        ("money:..10亿", .equals, "..10亿"),
        ("region:\"山西 太原\"", .equals, "山西 太原"),
        ("region:“山西”", .equals, "山西"),
        ("REGION:山西(太原", .equals, "山西(太原"),
    ])
    func everyFilterForm(_ query: String, _ op: FilterOperator, _ value: String) throws {
        let name = query.prefix { $0.isASCII && $0.isLetter }.lowercased()
        #expect(try parser.parse(query) == .filter(name: name, op: op, value: value))
    }

    @Test func filtersCombineWithTheRestOfTheLanguage() throws {
        let c = QueryNode.filter(name: "company", op: .equals, value: "京东")
        #expect(try parser.parse("-company:京东 山西") == .and([.not(c), .term("山西")]))
        #expect(try parser.parse("助农 company:京东") == .and([.term("助农"), c]))
        #expect(try parser.parse("(company:京东) OR \"乡村 振兴\"") == .or([c, .phrase("乡村 振兴")]))
        #expect(try parser.parse("(company:京东 OR region:山西) date:2023 money>=1亿")
                == .and([.or([c, .filter(name: "region", op: .equals, value: "山西")]),
                         .dateRange(from: "2023-01-01", to: "2023-12-31"),
                         .filter(name: "money", op: .greaterOrEqual, value: "1亿")]))
        #expect(try parser.parse("(company:京东)") == c, "the value stops at ')'")
        #expect(try parser.parse("company:京东") == c, "a filter alone is a query")
        #expect(try parser.parse("title:京东 company:京东") == .and([.field("title", .term("京东")), c]))
        #expect(try parser.parse("company:OR") == .filter(name: "company", op: .equals, value: "OR"))
        #expect(try parser.parse("money>5") == .filter(name: "money", op: .greater, value: "5"))
        #expect(try parser.parse("title>5") == .term("title>5"), "only filter names take comparisons")
        #expect(try parser.parse("other>5") == .term("other>5"))
    }

    @Test func unknownFieldsAreErrorsNamingTheKnownOnes() throws {
        for (query, position) in [("compny:京东", 0), ("山西 compny：京东", 3), ("-foo:x", 1), ("(ab:c)", 1)] {
            do {
                _ = try parser.parse(query)
                Issue.record("\(query) must fail")
            } catch {
                #expect(error.message.hasPrefix("unknown field \""), "\(query)")
                #expect(error.message.hasSuffix("; known fields: title, text, date, company, money, region"), "\(error.message)")
                #expect(error.position == position, "\(query)")
            }
        }
        #expect(try parser.parse("http://x.cn/a") == .term("http://x.cn/a"))
        #expect(try parser.parse("https://x.cn:8080") == .term("https://x.cn:8080"))
        #expect(try parser.parse("x:1") == .term("x:1"))
        #expect(try parser.parse("abcdefghijklmnopqrstu:1") == .term("abcdefghijklmnopqrstu:1"), "21 letters are no field name")
        #expect(throws: QuerySyntaxError.self) { try parser.parse("abcdefghijklmnopqrst:1") }
        #expect(throws: QuerySyntaxError.self) { try parser.parse("company:") }
        #expect(throws: QuerySyntaxError.self) { try parser.parse("company: 京东") }
        #expect(throws: QuerySyntaxError.self) { try parser.parse("money>=") }
        #expect(throws: QuerySyntaxError.self) { try parser.parse("company:\"京东") }
        #expect(throws: QuerySyntaxError.self) { try parser.parse("-company:京东") }
        #expect(throws: QuerySyntaxError.self) { try parser.parse("title:company:京东") }
    }

    @Test func descriptionsShowTheNewNodes() {
        #expect(QueryNode.facet("r:山西").description == "(FACET r:山西)")
        #expect(QueryNode.number(field: "money", range: NumberRange(lower: "1", lowerInclusive: false, upper: nil)).description == "(NUMBER money (1..*))")
        #expect(QueryNode.number(field: "m", range: NumberRange(lower: "1", upper: "2", upperInclusive: false)).description == "(NUMBER m [1..2))")
        #expect(QueryNode.filter(name: "money", op: .greaterOrEqual, value: "1亿").description == "(FILTER money>=1亿)")
    }
}
