import Foundation
import Testing
@testable import InvertedIndex
import JiansuoTestSupport

/// The positional postings format (skip table, blocks) against plain arrays: round trip, skip-to,
/// leapfrog intersection, and damage.
@Suite struct PostingsCursorTests {
    /// One random list: ascending documents below `docCount`, 1…4 positions each (ascending).
    struct List {
        var docs: [UInt32] = []
        var freqs: [UInt32] = []
        var positions: [[UInt32]] = []
    }

    static func randomList(_ rng: inout SplitMix64, count: Int, docCount: Int) -> List {
        var chosen = Set<UInt32>()
        while chosen.count < min(count, docCount) { chosen.insert(UInt32(rng.next() % UInt64(docCount))) }
        var l = List()
        l.docs = chosen.sorted()
        for _ in l.docs {
            let f = 1 + Int(rng.next() % 4)
            var p: UInt32 = 0, ps: [UInt32] = []
            for _ in 0..<f { p += UInt32(rng.next() % 300); ps.append(p); p += 1 }
            l.freqs.append(UInt32(f))
            l.positions.append(ps)
        }
        return l
    }

    /// The list encoded by the segment writer's encoder: (postings bytes, positions bytes).
    static func encode(_ l: List) -> ([UInt8], [UInt8]) {
        var gaps: [UInt32] = [], flat: [UInt32] = []
        var prev: Int64 = -1
        for (i, d) in l.docs.enumerated() {
            gaps.append(UInt32(Int64(d) - prev - 1))
            prev = Int64(d)
            var last: UInt32 = 0
            for p in l.positions[i] { flat.append(p - last); last = p }
        }
        var post = ByteWriter(), pos = ByteWriter(), scratch = SegmentBuilder.PositionalScratch()
        SegmentBuilder.encodePositional(gaps: gaps, freqs: l.freqs, positions: flat, post: &post, pos: &pos, scratch: &scratch)
        return (post.bytes, pos.bytes)
    }

    static func withCursor<T>(_ post: [UInt8], _ pos: [UInt8], docFreq: Int, docCount: Int,
                              _ body: (inout PostingsCursor) throws -> T) throws -> T {
        try post.withUnsafeBytes { pb in
            try pos.withUnsafeBytes { qb in
                var c = try PostingsCursor(docFreq: docFreq, postings: ByteReader(pb, file: "t.post"),
                                           positions: ByteReader(qb, file: "t.pos"), docCount: docCount)
                return try body(&c)
            }
        }
    }

    static let sizes = [0, 1, 7, 8, 100, 128, 129, 255, 256, 257, 700, 1500]

    /// Every size round-trips through `decodeAll`, and skip-to lands where a lower bound in the plain
    /// array lands, with the right positions, for random ascending targets.
    @Test func skipToMatchesPlainLowerBound() throws {
        var rng = SplitMix64(seed: 77)
        for n in Self.sizes {
            let docCount = n * 3 + 10
            let l = Self.randomList(&rng, count: n, docCount: docCount)
            let (post, pos) = Self.encode(l)
            let all = try Self.withCursor(post, pos, docFreq: n, docCount: docCount) { c in try c.decodeAll() }
            #expect(all.docs == l.docs && all.freqs == l.freqs, "n \(n)")
            var blocked = all.positions
            for i in l.docs.indices where i % 7 == 0 {
                var out: [UInt32] = []
                try blocked.readDocument(start: Int(all.posStarts[i]), count: Int(all.freqs[i]), into: &out)
                #expect(out == l.positions[i], "n \(n) doc index \(i)")
            }
            for trial in 0..<20 {
                let stride = 1 + Int(rng.next() % UInt64(max(1, docCount / (trial % 3 == 0 ? 4 : 40))))
                try Self.withCursor(post, pos, docFreq: n, docCount: docCount) { c in
                    var target = 0
                    while target <= docCount {
                        let want = l.docs.firstIndex { $0 >= UInt32(target) }
                        let got = try c.advance(to: UInt32(target))
                        #expect(got == want.map { l.docs[$0] }, "n \(n) target \(target)")
                        if let want, got != nil {
                            #expect(try c.frequency() == Int(l.freqs[want]))
                            if rng.next() % 2 == 0 {
                                var out: [UInt32] = []
                                try c.positions(into: &out)
                                #expect(out == l.positions[want], "n \(n) positions at \(l.docs[want])")
                            }
                            // Asking again for a target at or before the current document stays put.
                            #expect(try c.advance(to: UInt32(target)) == l.docs[want])
                        }
                        if got == nil { break }
                        target += 1 + Int(rng.next() % UInt64(stride))
                    }
                }
            }
        }
    }

    /// Leapfrog over cursors (the matcher's way, with dead documents skipped) equals the plain
    /// intersection of long lists.
    @Test func leapfrogIntersectionEqualsPlainIntersection() throws {
        var rng = SplitMix64(seed: 2024)
        for trial in 0..<12 {
            let docCount = 3000
            let k = 2 + trial % 3
            let lists = (0..<k).map { i in Self.randomList(&rng, count: [200, 900, 1600, 2500][(i + trial) % 4], docCount: docCount) }
            let dead = Set((0..<300).map { _ in UInt32(rng.next() % UInt64(docCount)) })
            var expected = lists[0].docs
            for l in lists.dropFirst() { expected = DocSets.intersect(expected, l.docs) }
            expected = expected.filter { !dead.contains($0) }
            let encoded = lists.map(Self.encode)
            // Cursors over copies held alive for the run.
            var buffers: [(UnsafeMutableRawBufferPointer, UnsafeMutableRawBufferPointer)] = []
            defer { for (a, b) in buffers { a.deallocate(); b.deallocate() } }
            var cursors: [PostingsCursor] = []
            for (i, (post, pos)) in encoded.enumerated() {
                let a = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, post.count), alignment: 8)
                let b = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, pos.count), alignment: 8)
                a.copyBytes(from: post); b.copyBytes(from: pos)
                buffers.append((a, b))
                cursors.append(try PostingsCursor(docFreq: lists[i].docs.count,
                                                  postings: ByteReader(UnsafeRawBufferPointer(rebasing: a[0..<post.count]), file: "t.post"),
                                                  positions: ByteReader(UnsafeRawBufferPointer(rebasing: b[0..<pos.count]), file: "t.pos"),
                                                  docCount: docCount))
            }
            cursors.sort { $0.docFreq < $1.docFreq }
            var got: [UInt32] = []
            var target: UInt32 = 0
            outer: while let d = try cursors[0].advance(to: target) {
                target = d + 1
                if dead.contains(d) { continue }
                for i in 1..<cursors.count {
                    guard let e = try cursors[i].advance(to: d) else { break outer }
                    if e != d { target = e; continue outer }
                }
                got.append(d)
            }
            #expect(got == expected, "trial \(trial): \(got.count) vs \(expected.count)")
        }
    }

    /// Every single-byte change and truncation of a long list's postings (skip table included) gives
    /// an `IndexError` or a list, never a crash or a document out of range.
    @Test func damagedSkipTablesGiveErrorsNotCrashes() throws {
        var rng = SplitMix64(seed: 5)
        let docCount = 1200
        let l = Self.randomList(&rng, count: 400, docCount: docCount)
        let (post, pos) = Self.encode(l)
        var errors = 0, lists = 0
        func run(_ p: [UInt8], _ q: [UInt8], docFreq: Int) {
            do {
                try Self.withCursor(p, q, docFreq: docFreq, docCount: docCount) { c in
                    var target: UInt32 = 0
                    var seen = 0
                    while let d = try c.advance(to: target) {
                        #expect(Int(d) < docCount)
                        #expect(d >= target)
                        var out: [UInt32] = []
                        try c.positions(into: &out)
                        seen += 1
                        target = d + 1 + UInt32(rng.next() % 5)
                    }
                    #expect(seen <= docFreq)
                }
                lists += 1
            } catch let e as IndexError {
                guard case .corrupt = e else { Issue.record("unexpected \(e)"); return }
                errors += 1
            } catch {
                Issue.record("not an IndexError: \(error)")
            }
        }
        // The skip table and the first blocks, byte by byte; then random bytes of the rest.
        for at in 0..<min(post.count, 200) {
            var p = post
            p[at] ^= UInt8(1 + rng.next() % 255)
            run(p, pos, docFreq: l.docs.count)
        }
        for _ in 0..<200 {
            var p = post, q = pos
            if rng.next() % 2 == 0 { p[Int(rng.next() % UInt64(p.count))] ^= 0xFF } else { q[Int(rng.next() % UInt64(q.count))] ^= 0xFF }
            run(p, q, docFreq: l.docs.count)
        }
        for cut in stride(from: 0, to: post.count, by: 37) { run(Array(post[0..<cut]), pos, docFreq: l.docs.count) }
        for cut in stride(from: 0, to: pos.count, by: 41) { run(post, Array(pos[0..<cut]), docFreq: l.docs.count) }
        // A document frequency that does not match the list.
        for df in [1, 7, 129, 256, 399, 401, 1199] { run(post, pos, docFreq: df) }
        #expect(errors > 100, "damage found: \(errors) errors, \(lists) lists")
    }

    /// Long lists (several blocks) in an index with deletions: counts and matches equal a plain scan.
    @Test func longListsWithDeletionsMatchBruteForce() throws {
        var rng = SplitMix64(seed: 4242)
        let alphabet = Array("乡村振兴助农京").map(String.init)
        func text(_ n: Int) -> String { (0..<Int(rng.next() % UInt64(n + 1))).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined() }
        let docs = (0..<900).map { i in
            IndexDocument(id: "d\(i)", title: text(6), text: text(40), date: "2022-01-0\(1 + i % 9)", contentHash: "h\(i)")
        }
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = try buildIndex(docs, at: dir, commits: 1)
        var oracle = Oracle()
        for d in docs { oracle.set(d) }
        let w = try index.writer()
        for i in stride(from: 3, to: 900, by: 4) { try w.delete(id: "d\(i)"); oracle.remove("d\(i)") }
        for i in stride(from: 130, to: 400, by: 1) where i % 4 != 3 && i % 3 == 0 { try w.delete(id: "d\(i)"); oracle.remove("d\(i)") }
        try w.commit()
        w.close()
        let reader = try index.reader()
        var checked = 0
        for _ in 0..<150 {
            let needle = text(5)
            guard !needle.isEmpty else { continue }
            let expected = oracle.matching([needle])
            let q = "\"\(needle)\""
            #expect(try reader.count(q) == expected.count, "count of \(q)")
            #expect(Set(try reader.search(try reader.parse(q), limit: 2000, snippets: false).hits.map(\.id)) == expected, "matches of \(q)")
            checked += expected.count > 128 ? 1 : 0
        }
        #expect(checked > 10, "queries with lists of several blocks: \(checked)")
    }
}

/// Top-k pruning is exact: a page of 10 is the first 10 of the full ranking, ids and scores.
@Suite struct TopKPruningTests {
    @Test(arguments: [11 as UInt64, 12, 13])
    func aPrunedPageEqualsTheFullRanking(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let docs = ExactSearchTests.randomDocs(&rng, count: 400)
        let dir = temporaryDirectory("topk\(seed)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = try buildIndex(docs, at: dir, commits: Int(seed % 2) + 1)
        let w = try index.writer()
        for i in stride(from: Int(seed % 5), to: 400, by: 9) { try w.delete(id: "d\(i)") }
        try w.commit()
        w.close()
        let reader = try index.reader()
        var pruned = 0
        for _ in 0..<80 {
            let terms = (0..<(1 + Int(rng.next() % 3))).map { _ in ExactSearchTests.randomNeedle(&rng, docs) }
                .filter { !$0.contains("\"") && !$0.allSatisfy(\.isWhitespace) }
            guard !terms.isEmpty else { continue }
            let q = terms.map(ExactSearchTests.quoted).joined(separator: rng.next() % 3 == 0 ? " OR " : " ")
            let node = try reader.parse(q)
            let full = try reader.search(node, limit: 100_000, snippets: false)
            for (limit, offset) in [(10, 0), (3, 0), (5, 7)] {
                let page = try reader.search(node, limit: limit, offset: offset, snippets: false)
                #expect(page.total == full.total, "total of \(q)")
                let want = Array(full.hits.dropFirst(offset).prefix(limit))
                #expect(page.hits.map(\.id) == want.map(\.id), "page of \(q) limit \(limit) offset \(offset)")
                #expect(page.hits.map(\.score) == want.map(\.score), "scores of \(q)")
                if full.total > 2 * (limit + offset) { pruned += 1 }
            }
            // With snippets, the same hits.
            #expect(try reader.search(node, limit: 10).hits.map(\.id) == Array(full.hits.prefix(10)).map(\.id))
        }
        #expect(pruned > 20, "pages that pruned: \(pruned)")
    }
}
