import Foundation
import Testing
@testable import InvertedIndex
import JiansuoTestSupport

// The streaming segment merger: a merge of segments (with dead documents, updates, facets, numbers)
// equals a fresh build of the same live documents in one segment, file for file and in every search;
// it passes the index check, never runs `prepare` again and reads postings only through the decoder.

private let vocabulary = ["乡村", "振兴", "助农", "京东", "拼多多", "的", "国家", "中国", "电商", "物流", "山西", "太原",
                          "煤炭", "农业", "鄉村", "振興", "，", "。", "5G", "a", "Ｂ", "2022", " ", "了", "发展", "经济"]
private let facetKeys = ["r:山西", "r:山西/太原", "r:河北", "c:京东", "c:京东方", "c:万科", "x", "r:", "c:京东集团"]
private let numberValues = ["0", "0.5", "2.59", "2.590", "2.6", "007", "10", "99.99", "1000000000", "1234567.891"]

/// A random document: texts of vocabulary words (some long, so that terms have full packed blocks of
/// documents and positions), random dates, stored values, facets and numbers.
private func randomDocument(_ id: String, _ rng: inout SplitMix64, version: Int) -> IndexDocument {
    func words(_ n: Int) -> String { (0..<n).map { _ in vocabulary[rng.below(vocabulary.count)] }.joined() }
    let long = rng.below(10) == 0
    let date: String? = rng.below(5) == 0 ? nil : "202\(rng.below(3))-0\(1 + rng.below(9))-1\(rng.below(10))"
    var stored: [String: String] = ["v": "\(version)"]
    if rng.below(2) == 0 { stored["url"] = "https://example.com/\(id)" }
    let facets = (0..<rng.below(5)).map { _ in facetKeys[rng.below(facetKeys.count)] }
    let numbers = (0..<rng.below(4)).map { _ in
        IndexNumber(field: rng.below(2) == 0 ? "money" : "pct", value: numberValues[rng.below(numberValues.count)])
    }
    return IndexDocument(id: id, title: words(1 + rng.below(4)), text: words(long ? 200 + rng.below(400) : rng.below(40)),
                         date: date, stored: stored, contentHash: "\(id)-\(version)", facets: facets, numbers: numbers)
}

/// Random query strings: words, substrings, phrases, OR, exclusions, title-only terms.
private func randomQueryString(_ rng: inout SplitMix64) -> String {
    let words = vocabulary.filter { !["，", "。", " "].contains($0) }
    func w() -> String { words[rng.below(words.count)] }
    switch rng.below(6) {
    case 0: return w()
    case 1: return w() + " " + w()
    case 2: return "\"\(w())\(w())\""
    case 3: return w() + " OR " + w()
    case 4: return w() + " -" + w()
    default: return "title:" + w()
    }
}

/// A random structured query mixing words, facets, numbers and dates.
private func randomNode(_ rng: inout SplitMix64, depth: Int = 2) -> QueryNode {
    switch depth <= 0 ? rng.below(4) : rng.below(6) {
    case 0: return .term(vocabulary[rng.below(vocabulary.count)])
    case 1: return .facet(facetKeys[rng.below(facetKeys.count)])
    case 2: return .number(field: rng.below(2) == 0 ? "money" : "pct",
                           range: NumberRange(lower: numberValues[rng.below(numberValues.count)], lowerInclusive: rng.below(2) == 0))
    case 3: return .dateRange(from: "202\(rng.below(3))-03-01", to: nil)
    case 4: return .and([randomNode(&rng, depth: depth - 1), .not(randomNode(&rng, depth: depth - 1)), randomNode(&rng, depth: depth - 1)])
    default: return .or([randomNode(&rng, depth: depth - 1), randomNode(&rng, depth: depth - 1)])
    }
}

/// The bytes of each file of the commit's only segment, by extension (delete files excluded: there are none).
private func segmentFiles(_ dir: URL) throws -> [String: Data] {
    let commit = try Commit.latest(dir)
    let seg = try #require(commit.segments.first)
    #expect(commit.segments.count == 1)
    var out: [String: Data] = [:]
    for ext in seg.files.keys {
        out[ext] = try Data(contentsOf: dir.appendingPathComponent("\(seg.name).\(ext)"))
    }
    return out
}

/// A build of `docs`, in order, into one segment.
private func freshBuild(_ docs: [IndexDocument], at dir: URL) throws -> Index {
    let index = try Index.create(at: dir)
    let w = try index.writer()
    for d in docs { try w.add(d) }
    let summary = try w.commit()
    #expect(summary.segmentCount == (docs.isEmpty ? 0 : 1))
    w.close()
    return index
}

/// Counts calls of a writer's `prepare` (called on the analysis threads).
private final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.lock(); n += 1; lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return n }
}

@Suite struct SegmentMergeTests {
    /// Random adds, updates and deletes over several commits (several segments, dead documents, some
    /// deleted only in the writer's memory at the merge), then one merge of everything: the merged
    /// segment's files equal those of a fresh build of the live documents in merge order, and every
    /// search, count, facet count, stored document and figure agrees.
    @Test(arguments: [UInt64(3), 17, 2026])
    func mergeEqualsFreshBuildOfTheLiveDocuments(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let dir = temporaryDirectory("merge\(seed)")
        let freshDir = temporaryDirectory("fresh\(seed)")
        defer {
            try? FileManager.default.removeItem(at: dir)
            try? FileManager.default.removeItem(at: freshDir)
        }
        let index = try Index.create(at: dir)
        var model: [String: IndexDocument] = [:]
        var version = 0
        let counter = CallCounter()
        let w = try index.writer()
        w.mergeFactor = 1000   // no tier merges: the segments pile up until the forced merge
        w.batchSize = 16
        w.prepare = { doc in
            counter.add()
            doc.stored["prepared", default: ""] += "x"
        }
        var adds = 0
        var changed: [String] = []
        func mutate(_ rng: inout SplitMix64, deletes: Int) throws {
            for id in model.keys.sorted() where rng.below(100) < deletes {
                if rng.below(2) == 0 {
                    #expect(try w.delete(id: id))
                    model[id] = nil
                } else {
                    version += 1
                    let d = randomDocument(id, &rng, version: version)
                    try w.add(d)
                    adds += 1
                    model[id] = d
                    changed.append(id)
                }
            }
        }
        for round in 0..<5 {
            for i in 0..<(30 + rng.below(50)) {
                version += 1
                let d = randomDocument("\(round)-\(i)", &rng, version: version)
                try w.add(d)
                adds += 1
                model[d.id] = d
            }
            try mutate(&rng, deletes: 15)
            try w.commit()
        }
        // Deletes and updates that reach the merge only as the writer's in-memory bitmaps.
        changed = []
        try mutate(&rng, deletes: 10)
        let before = try index.reader()
        #expect(before.stats().segments > 1, "the documents lie in several segments before the merge")
        w.mergesEverything = true
        let summary = try w.commit()
        w.close()
        #expect(summary.mergedSegments == 1)
        #expect(summary.segmentCount == 1)
        #expect(counter.count <= adds)

        let merged = try index.reader()
        let docs = try merged.allDocuments()
        // Documents keep their order: segment by segment, then by number within a segment; the
        // documents updated since `before` come last, in the order they were added.
        let late = Set(changed)
        let expectedOrder = try before.allDocuments().map(\.id).filter { model[$0] != nil && !late.contains($0) } + changed
        #expect(!changed.isEmpty)
        #expect(docs.map(\.id) == expectedOrder)
        #expect(docs.count == model.count)
        for d in docs {
            var e = try #require(model[d.id])
            e.stored["prepared"] = "x"
            #expect(d == e, "document \(d.id) comes back as added, prepared once")
        }
        #expect(Index.check(at: dir).isEmpty, "the merged segment passes the check: \(Index.check(at: dir))")

        // A fresh build of the same documents (as stored, prepared) in the same order.
        let fresh = try freshBuild(docs, at: freshDir).reader()
        let mergedFiles = try segmentFiles(dir), freshFiles = try segmentFiles(freshDir)
        #expect(Set(mergedFiles.keys) == ["terms", "post", "pos", "store", "norms", "dv"])
        for (ext, bytes) in freshFiles {
            #expect(mergedFiles[ext] == bytes, "file .\(ext) of the merged segment equals the fresh build's")
        }
        var ms = merged.stats(), fs = fresh.stats()
        ms.generation = 0; fs.generation = 0
        ms.committedAt = Date(timeIntervalSince1970: 0); fs.committedAt = ms.committedAt
        #expect(ms == fs)
        #expect(ms.deletedDocuments == 0)
        #expect(try fresh.allDocuments() == docs)
        #expect(try merged.documentHashes() == model.mapValues(\.contentHash))

        let request = FacetRequest(keyPrefixes: ["r:", "c:", "x", ""], numberFields: ["money", "pct"], months: true, limit: 50)
        for _ in 0..<60 {
            let q = randomQueryString(&rng)
            let a = try merged.search(q, limit: 1000), b = try fresh.search(q, limit: 1000)
            #expect(a == b, "search \(q)")
            #expect(try merged.count(q) == fresh.count(q), "count \(q)")
            let node = randomNode(&rng)
            #expect(try merged.search(node, limit: 1000, facets: request) == fresh.search(node, limit: 1000, facets: request), "search \(node)")
            #expect(try merged.facetCounts(node, request) == fresh.facetCounts(node, request), "facets \(node)")
        }
        for id in model.keys.sorted().prefix(20) {
            #expect(try merged.documentFacets(id: id) == fresh.documentFacets(id: id))
        }

        // A merge alone (a rewrite after a delete) prepares nothing.
        let calls = counter.count
        let w2 = try index.writer()
        w2.prepare = { doc in
            counter.add()
            doc.stored["prepared", default: ""] += "x"
        }
        w2.mergesEverything = true
        let gone = try #require(docs.first?.id)
        #expect(try w2.delete(id: gone))
        #expect(try w2.commit().mergedSegments == 1)
        w2.close()
        #expect(counter.count == calls, "prepare never runs for a merge")
        let rewritten = try index.reader()
        #expect(try rewritten.allDocuments() == Array(docs.dropFirst()))
        #expect(rewritten.stats().deletedDocuments == 0)
    }

    /// The writer's own tier merges (low merge factor) over updates and deletes: every commit's index
    /// passes the check and matches the model; the merged documents are the live ones.
    @Test func tierMergesKeepTheLiveDocumentsAndPassTheCheck() throws {
        var rng = SplitMix64(seed: 99)
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = try Index.create(at: dir)
        let w = try index.writer()
        w.mergeFactor = 2
        w.batchSize = 8
        var model: [String: IndexDocument] = [:]
        var merges = 0
        for round in 0..<8 {
            for i in 0..<(5 + rng.below(10)) {
                let d = randomDocument("\(round)-\(i)", &rng, version: round)
                try w.add(d)
                model[d.id] = d
            }
            for id in model.keys.sorted() where rng.below(5) == 0 {
                try w.delete(id: id)
                model[id] = nil
            }
            merges += try w.commit().mergedSegments
            #expect(Index.check(at: dir).isEmpty)
            let r = try index.reader()
            #expect(Dictionary(uniqueKeysWithValues: try r.allDocuments().map { ($0.id, $0) }) == model)
            var oracle = Oracle()
            for d in model.values { oracle.set(d) }
            for word in ["乡村", "京东", "的", "5G", "农业发展"] {
                #expect(Set(try r.search("\"\(word)\"", limit: 10_000).hits.map(\.id)) == oracle.matching([word]), "\(word) after round \(round)")
            }
            #expect(try r.count(.facet("c:京东")) == model.values.filter { $0.facets.contains("c:京东") }.count)
        }
        #expect(merges > 0, "a merge factor of 2 merges")
        w.close()
    }

    /// The merger on its own: inputs with every document dead, or none, give the live ones; terms whose
    /// documents are all dead are dropped (the term count equals a fresh build's).
    @Test func mergerDropsDeadDocumentsAndTheirTerms() throws {
        let dir = temporaryDirectory()
        let freshDir = temporaryDirectory("fresh")
        defer {
            try? FileManager.default.removeItem(at: dir)
            try? FileManager.default.removeItem(at: freshDir)
        }
        let a = [IndexDocument(id: "a1", title: "独有", text: "只在死文档", facets: ["gone"], numbers: [IndexNumber(field: "n", value: "7")]),
                 IndexDocument(id: "a2", title: "京东", text: "物流", facets: ["c:京东"])]
        let b = [IndexDocument(id: "b1", title: "全死", text: "全部删除")]
        let c = [IndexDocument(id: "c1", title: "山西", text: "太原煤炭", facets: ["r:山西"], numbers: [IndexNumber(field: "n", value: "2.5")])]
        let index = try Index.create(at: dir)
        let w = try index.writer()
        w.mergeFactor = 1000
        for group in [a, b, c] {
            for d in group { try w.add(d) }
            try w.commit()
        }
        w.close()
        let commit = try Commit.latest(dir)
        #expect(commit.segments.count == 3)
        let readers = try commit.segments.map { try SegmentReader(directory: dir, meta: $0, verify: true) }
        let merger = try SegmentMerger([
            .init(segment: readers[0], dead: [0b01]),
            .init(segment: readers[1], dead: [0b1]),
            .init(segment: readers[2], dead: [0]),
        ])
        #expect(merger.liveCount == 2)
        let meta = try merger.write(name: "seg_900", directory: dir)
        #expect(meta.docCount == 2)
        let merged = try SegmentReader(directory: dir, meta: meta, verify: true)
        #expect(try merged.document(0).indexDocument == a[1])
        #expect(try merged.document(1).indexDocument == c[0])
        #expect(try merged.lookup(TermKey.bigram(0x72EC, 0x6709)) == nil, "独有 had only a dead document")
        #expect(try merged.lookup(TermKey.facet("gone")) == nil)
        #expect(merged.values.keyOrdinal(of: "gone") == nil)
        #expect(merged.values.keyOrdinal(of: "r:山西") != nil)
        _ = try freshBuild([a[1], c[0]], at: freshDir)
        let freshMeta = try #require(try Commit.latest(freshDir).segments.first)
        #expect(meta.termCount == freshMeta.termCount)
        #expect(meta.titleLengthSum == freshMeta.titleLengthSum && meta.textLengthSum == freshMeta.textLengthSum)
        for ext in ["terms", "post", "pos", "store", "norms", "dv"] {
            #expect(meta.files[ext]?.checksum == freshMeta.files[ext]?.checksum, ".\(ext) equals the fresh build's")
        }
        #expect(throws: IndexError.self) { try SegmentMerger([.init(segment: readers[0], dead: [])]) }
    }

    /// The merge threads' key ranges, from one range down to one per dictionary block, give the same
    /// segment, equal to a fresh build of the live documents.
    @Test(arguments: [UInt64(8), 41])
    func keyRangesOfAnySizeGiveTheSameSegment(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let dir = temporaryDirectory("ranges\(seed)")
        let freshDir = temporaryDirectory("rangesFresh\(seed)")
        defer {
            try? FileManager.default.removeItem(at: dir)
            try? FileManager.default.removeItem(at: freshDir)
        }
        let index = try Index.create(at: dir)
        let w = try index.writer()
        w.mergeFactor = 1000
        var ids: [String] = []
        for round in 0..<4 {
            for i in 0..<(40 + rng.below(40)) {
                let d = randomDocument("\(round)-\(i)", &rng, version: round)
                try w.add(d)
                ids.append(d.id)
            }
            for id in ids where rng.below(6) == 0 { _ = try w.delete(id: id) }
            try w.commit()
        }
        w.close()
        let commit = try Commit.latest(dir)
        #expect(commit.segments.count > 1)
        let readers = try commit.segments.map { try SegmentReader(directory: dir, meta: $0, verify: true) }
        var live: [IndexDocument] = []
        for r in readers {
            for d in 0..<r.docCount where !r.isDead(d) { live.append(try r.document(d).indexDocument) }
        }
        _ = try freshBuild(live, at: freshDir)
        let fresh = try #require(try Commit.latest(freshDir).segments.first)
        for (n, bytes) in [1, 200, 5000, 4 << 20].enumerated() {
            var merger = try SegmentMerger(readers.map { .init(segment: $0, dead: $0.dead) })
            merger.rangeBytes = bytes
            let meta = try merger.write(name: "seg_\(900 + n)", directory: dir)
            #expect(meta.docCount == live.count)
            #expect(meta.termCount == fresh.termCount)
            for ext in ["terms", "post", "pos", "store", "norms", "dv"] {
                #expect(meta.files[ext] == fresh.files[ext], ".\(ext) with ranges of \(bytes) bytes equals the fresh build's")
            }
        }
    }

    /// A term cursor walks exactly the keys `lookup` finds, in ascending order.
    @Test func termCursorWalksTheDictionaryInOrder() throws {
        var rng = SplitMix64(seed: 5)
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let docs = (0..<120).map { randomDocument("d\($0)", &rng, version: 0) }
        _ = try freshBuild(docs, at: dir)
        let meta = try #require(try Commit.latest(dir).segments.first)
        let r = try SegmentReader(directory: dir, meta: meta, verify: true)
        var cursor = SegmentReader.TermCursor(r)
        var previous: UInt64?
        var n = 0
        while let (key, info) = try cursor.next() {
            if let previous { #expect(key > previous) }
            previous = key
            let found = try #require(try r.lookup(key))
            #expect(found.docFreq == info.docFreq && found.postOffset == info.postOffset && found.posOffset == info.posOffset
                    && found.postLength == info.postLength && found.posLength == info.posLength)
            n += 1
        }
        #expect(n == meta.termCount)
        #expect(n > TermDictionary.blockSize * 4, "several dictionary blocks walked")
        // From any key on: the same walk, without the keys below it.
        var all: [UInt64] = []
        var c = SegmentReader.TermCursor(r)
        while let (key, _) = try c.next() { all.append(key) }
        for _ in 0..<30 {
            let from = rng.below(3) == 0 ? all[rng.below(all.count)] &+ 1 : all[rng.below(all.count)]
            var tail: [UInt64] = []
            var c2 = SegmentReader.TermCursor(r, from: from)
            while let (key, _) = try c2.next() { tail.append(key) }
            #expect(tail == all.filter { $0 >= from })
        }
    }
}
