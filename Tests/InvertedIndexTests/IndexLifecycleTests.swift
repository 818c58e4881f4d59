import Foundation
import Testing
import ChineseText
@testable import InvertedIndex
import JiansuoTestSupport

/// Matching sets of `queries` on `reader` against the oracle of `docs`.
func expectMatchesOracle(_ reader: IndexReader, _ docs: [IndexDocument], queries: [String], _ context: String) throws {
    var oracle = Oracle()
    for d in docs { oracle.set(d) }
    for needle in queries {
        let q = "\"\(needle)\""
        let got = Set(try reader.search(q, limit: 100_000).hits.map(\.id))
        #expect(got == oracle.matching([needle]), "\(context): \(q)")
        #expect(try reader.count(q) == got.count, "\(context): count \(q)")
    }
}

@Suite struct IncrementalTests {
    @Test func addChangeDeleteAcrossCommitsEqualsFreshBuild() throws {
        var rng = SplitMix64(seed: 7)
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = try Index.create(at: dir)
        let writer = try index.writer()
        writer.mergeFactor = 3
        writer.batchSize = 16
        var current: [String: IndexDocument] = [:]
        for round in 0..<8 {
            for op in 0..<40 {
                let id = "d\(rng.next() % 80)"
                if rng.next() % 4 == 0 {
                    let existed = try writer.delete(id: id)
                    #expect(existed == (current[id] != nil), "delete result for \(id)")
                    current[id] = nil
                } else {
                    let d = IndexDocument(id: id, title: ExactSearchTests.randomText(&rng, maxLength: 8),
                                          text: ExactSearchTests.randomText(&rng, maxLength: 80),
                                          date: "2022-01-\(10 + round)", stored: ["round": "\(round)"], contentHash: "r\(round)o\(op)")
                    try writer.add(d)
                    current[id] = d
                }
            }
            let summary = try writer.commit()
            #expect(summary.documentCount == current.count)
            #expect(writer.documentHashes() == current.mapValues(\.contentHash))
            let reader = try index.reader()
            let stored = try reader.allDocuments()
            #expect(Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0) }) == current, "stored documents after round \(round)")
            #expect(try reader.documentHashes() == current.mapValues(\.contentHash))
            let docs = Array(current.values)
            var queries: [String] = []
            for _ in 0..<25 {
                let n = ExactSearchTests.randomNeedle(&rng, docs)
                if !n.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { queries.append(n) }
            }
            try expectMatchesOracle(reader, docs, queries: queries, "round \(round)")
            // The same as a fresh build of the same documents.
            let freshDir = temporaryDirectory("fresh\(round)")
            defer { try? FileManager.default.removeItem(at: freshDir) }
            let fresh = try buildIndex(docs, at: freshDir).reader()
            for q in queries {
                #expect(Set(try fresh.search("\"\(q)\"", limit: 1000).hits.map(\.id)) == Set(try reader.search("\"\(q)\"", limit: 1000).hits.map(\.id)))
            }
            #expect(reader.stats().segments <= 6, "merges keep the segment count small")
        }
        writer.close()
    }

    @Test func mostlyDeletedSegmentsAreRewritten() throws {
        var rng = SplitMix64(seed: 12)
        let docs = ExactSearchTests.randomDocs(&rng, count: 40)
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = try buildIndex(docs, at: dir)
        let w = try index.writer()
        for d in docs.prefix(30) { try w.delete(id: d.id) }
        try w.commit()
        w.close()
        let reader = try index.reader()
        #expect(reader.stats().deletedDocuments == 0)
        #expect(reader.documentCount == 10)
        try expectMatchesOracle(reader, Array(docs.suffix(10)), queries: ["国", "乡村", "a"], "after rewrite")
    }

    @Test func readersKeepTheirSnapshot() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = try buildIndex([IndexDocument(id: "a", title: "乡村", text: "助农")], at: dir)
        let before = try index.reader()
        let w = try index.writer()
        try w.delete(id: "a")
        try w.add(IndexDocument(id: "b", title: "京东", text: "助农"))
        try w.commit()
        w.close()
        #expect(try before.search("助农").hits.map(\.id) == ["a"])
        #expect(try index.reader().search("助农").hits.map(\.id) == ["b"])
    }

    @Test func uncommittedChangesAreInvisibleAndLostOnClose() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = try buildIndex([IndexDocument(id: "a", title: "一", text: "二")], at: dir)
        let w = try index.writer()
        try w.add(IndexDocument(id: "b", title: "三", text: "四"))
        #expect(try index.reader().documentCount == 1)
        w.close()
        #expect(try index.reader().documentCount == 1)
        #expect(try index.writer().documentHashes().keys.sorted() == ["a"])
    }

    @Test func smallMemoryBudgetFlushesSeveralSegments() throws {
        var rng = SplitMix64(seed: 11)
        let docs = (0..<300).map { i in
            IndexDocument(id: "m\(i)", title: ExactSearchTests.randomText(&rng, maxLength: 10),
                          text: String(repeating: ExactSearchTests.randomText(&rng, maxLength: 60), count: 200), contentHash: "\(i)")
        }
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = try Index.create(at: dir)
        let w = try index.writer(memoryBudget: 2 << 20)
        w.batchSize = 32
        w.mergeFactor = 100
        for d in docs { try w.add(d) }
        try w.commit()
        w.close()
        let reader = try index.reader()
        #expect(reader.stats().segments > 1)
        #expect(reader.documentCount == 300)
        try expectMatchesOracle(reader, docs, queries: ["乡村", "a", "国中", "1.2"], "budget")
    }
}

@Suite struct SafetyTests {
    @Test func secondWriterGetsLockedErrorNamingThePid() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = try Index.create(at: dir)
        let w = try index.writer()
        do {
            _ = try index.writer()
            Issue.record("a second writer opened")
        } catch {
            #expect(error == .locked(directory: dir.path, holderPID: getpid()))
            #expect("\(error)".contains("\(getpid())"))
        }
        w.close()
        let again = try index.writer()
        again.close()
    }

    @Test func analyzerMismatchIsTyped() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Index.create(at: dir, analyzer: Analyzer(dictionary: WordDictionary(words: ["乡村振兴"])))
        #expect(throws: IndexError.self) { _ = try Index.open(at: dir, analyzer: Analyzer()) }
        do { _ = try Index.open(at: dir, analyzer: Analyzer()) } catch {
            if case .analyzerMismatch = error {} else { Issue.record("unexpected \(error)") }
        }
        // A rebuild under the new analyser publishes nothing until its commit.
        let rebuilding = try Index.rebuilding(at: dir, analyzer: Analyzer())
        #expect(throws: IndexError.self) { _ = try Index.open(at: dir, analyzer: Analyzer()) }
        try rebuilding.commit()
        rebuilding.close()
        #expect(try Index.open(at: dir).reader().documentCount == 0)
        #expect(try Index.open(at: dir).directory == dir)
    }

    @Test func noIndexIsTyped() {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: IndexError.noIndex(directory: dir.path)) { _ = try Index.open(at: dir) }
    }

    @Test func aCorruptedByteInAnyFileIsNamedByCheckAndBySearch() throws {
        var rng = SplitMix64(seed: 5)
        let docs = ExactSearchTests.randomDocs(&rng, count: 200)
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = try buildIndex(docs, at: dir, commits: 2)
        let w = try index.writer()
        try w.delete(id: "d3")
        try w.commit()
        w.close()
        #expect(index.check().isEmpty)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != "write.lock" }.sorted()
        #expect(names.contains { $0.contains(".del") })
        for name in names {
            for position in [0.0, 0.5, 0.999] {
                let copy = temporaryDirectory("corrupt")
                defer { try? FileManager.default.removeItem(at: copy) }
                for n in names {
                    try FileManager.default.copyItem(at: dir.appendingPathComponent(n), to: copy.appendingPathComponent(n))
                }
                let url = copy.appendingPathComponent(name)
                var bytes = [UInt8](try Data(contentsOf: url))
                let at = min(bytes.count - 1, Int(Double(bytes.count) * position))
                bytes[at] ^= 0x5A
                try Data(bytes).write(to: url)
                let damaged = Index(directory: copy, analyzer: Analyzer())
                let problems = damaged.check()
                #expect(problems.contains { $0.file == name }, "check names \(name) (byte \(at)): \(problems)")
                do {
                    _ = try damaged.reader().search("国")
                    Issue.record("search on damaged \(name) (byte \(at)) succeeded")
                } catch {
                    #expect("\(error)".contains(name), "search error names \(name): \(error)")
                }
            }
        }
    }
}

@Suite struct RobustnessTests {
    /// With checksum verification off, damaged postings, positions, terms, stored and norms bytes
    /// must give errors or wrong answers, never a crash (every read is bounds-checked).
    @Test func damagedFilesNeverCrashUnverifiedReaders() throws {
        var rng = SplitMix64(seed: 77)
        let docs = ExactSearchTests.randomDocs(&rng, count: 150)
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try buildIndex(docs, at: dir)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("seg_") }.sorted()
        for name in names {
            for trial in 0..<12 {
                let copy = temporaryDirectory("fuzz")
                defer { try? FileManager.default.removeItem(at: copy) }
                for n in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
                    try FileManager.default.copyItem(at: dir.appendingPathComponent(n), to: copy.appendingPathComponent(n))
                }
                let url = copy.appendingPathComponent(name)
                var bytes = [UInt8](try Data(contentsOf: url))
                // Damage the payload only (header and footer intact), 1 to 8 bytes.
                for _ in 0..<(1 + trial % 8) where bytes.count > 40 {
                    let at = 16 + Int(rng.next() % UInt64(bytes.count - 32))
                    bytes[at] ^= UInt8(1 + rng.next() % 255)
                }
                try Data(bytes).write(to: url)
                let damaged = Index(directory: copy, analyzer: Analyzer())
                guard let reader = try? damaged.reader(verifyChecksums: false) else { continue }
                for q in ["国", "乡村", "\"振兴助\"", "a", "title:京东", "5G 国", "date:2022-03"] {
                    _ = try? reader.search(q, limit: 20)
                    _ = try? reader.count(q)
                }
                _ = try? reader.allDocuments()
                #expect(!damaged.check().isEmpty, "check finds the damage in \(name)")
            }
        }
    }
}
