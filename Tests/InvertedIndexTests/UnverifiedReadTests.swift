import Foundation
import Testing
@testable import InvertedIndex
import JiansuoTestSupport

/// Readers that do not hash every file on open (the default for search): damage is still named,
/// by `check`, by a verifying reader, and by any read that meets it, and never crashes a reader.
@Suite struct UnverifiedReadTests {
    /// Random documents with facets, numbers and dates, long enough for packed postings and position blocks.
    static func documents(_ rng: inout SplitMix64, count: Int) -> [IndexDocument] {
        (0..<count).map { i in
            IndexDocument(id: "d\(i)", title: ExactSearchTests.randomText(&rng, maxLength: 14),
                          text: ExactSearchTests.randomText(&rng, maxLength: 400),
                          date: i % 7 == 0 ? nil : "202\(i % 4)-0\(1 + i % 9)-1\(i % 10)",
                          stored: ["source": "s\(i % 5)"], contentHash: "h\(i)",
                          facets: ["k\(i % 3)", "region/\(i % 4)"] + (i % 5 == 0 ? ["company/京东"] : []),
                          numbers: [IndexNumber(field: "money", value: "\(i * 37 % 1000).\(i % 10)")])
        }
    }

    /// A small index of two segments, one with deletions: every kind of segment file exists, and
    /// frequent words' lists (180 documents a segment) span two blocks, so they carry skip tables.
    static func makeIndex(at dir: URL) throws -> [String] {
        var rng = SplitMix64(seed: 1313)
        let docs = documents(&rng, count: 360)
        let index = try buildIndex(docs, at: dir, commits: 2)
        let w = try index.writer()
        for id in ["d3", "d200", "d201"] { try w.delete(id: id) }
        try w.commit()
        w.close()
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("seg_") }.sorted()
    }

    /// Everything a search-like caller reads, rendered to compare against the undamaged index.
    static func outcomes(_ reader: IndexReader) -> [String] {
        var out: [String] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Sorted JSON: a dictionary's description depends on its storage, so it differs between readers.
        func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        func record(_ body: () throws -> String) {
            do {
                out.append(try body())
            } catch let error as IndexError {
                out.append("error [\(IndexReader.fileName(of: error) ?? "no file")] \(error)")
            } catch {
                out.append("error [not an IndexError] \(error)")
            }
        }
        let queries = ["国", "乡村", "振兴助", "\"京东 拼多多\"", "a", "title:京东", "5G 国", "date:2022-03", "多多 -国"]
        for q in queries {
            record { "count \(q) \(try reader.count(q))" }
            record { "search \(q) \(try json(try reader.search(q, limit: 15)))" }
        }
        let facets = FacetRequest(keyPrefixes: ["k", "region/", "company/"], numberFields: ["money"], months: true)
        record { "facets \(try json(try reader.search(.term("国"), limit: 5, facets: facets)))" }
        record { "facets all \(try json(try reader.facetCounts(.and([.facet("k1"), .number(field: "money", range: NumberRange(lower: "100", upper: "800"))]), facets)))" }
        for id in ["d0", "d57", "d99", "d140", "d179", "d300", "d3"] {
            record { "document \(id) \(try json(try reader.document(id: id)))" }
        }
        return out
    }

    /// Seeded single-byte flips and truncations in every segment file: an unverified reader gives the
    /// undamaged answers or `IndexError`s naming an index file, never a crash; `check` and a verifying
    /// reader name the damaged file every time.
    @Test func damagedSegmentFilesGiveErrorsNotCrashes() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let names = try Self.makeIndex(at: dir)
        let allFiles = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(Set(names.compactMap { $0.split(separator: ".").last.map(String.init) })
                    .isSuperset(of: ["terms", "post", "pos", "store", "norms", "dv"]), "\(names)")
        #expect(names.filter { $0.contains(".del") }.count == 2, "both segments have deletions: \(names)")
        let baseline = Self.outcomes(try Index.open(at: dir).reader(verifyChecksums: true))
        #expect(!baseline.contains { $0.hasPrefix("error") }, "\(baseline.filter { $0.hasPrefix("error") })")

        var rng = SplitMix64(seed: 2026)
        var tally = (trials: 0, openErrors: 0, readErrors: 0, sameAnswers: 0, otherAnswers: 0)
        for name in names {
            let url = dir.appendingPathComponent(name)
            let original = try Data(contentsOf: url)
            defer { try? original.write(to: url) }
            for trial in 0..<40 {
                var bytes = [UInt8](original)
                let truncated = trial % 10 == 9
                if truncated {
                    bytes.removeLast(1 + Int(rng.next() % UInt64(bytes.count)))
                } else {
                    // Mostly the payload (the framing is checked on open anyway), a few anywhere.
                    let inPayload = trial % 8 != 0 && bytes.count > FileFormat.headerSize + FileFormat.footerSize
                    let span = inPayload ? bytes.count - FileFormat.headerSize - FileFormat.footerSize : bytes.count
                    let at = (inPayload ? FileFormat.headerSize : 0) + Int(rng.next() % UInt64(span))
                    bytes[at] ^= UInt8(1 + rng.next() % 255)
                }
                try Data(bytes).write(to: url)
                tally.trials += 1
                let what = truncated ? "\(name) truncated to \(bytes.count) bytes" : "\(name) flipped"

                let verified = Result { () throws(IndexError) in try Index.open(at: dir).reader(verifyChecksums: true) }
                if case .failure(let error) = verified {
                    #expect(IndexReader.fileName(of: error) == name, "verifying reader names \(what): \(error)")
                } else {
                    Issue.record("a verifying reader opened with \(what)")
                }
                #expect(Index.check(at: dir).contains { $0.file == name }, "check names \(what)")

                let reader: IndexReader
                do {
                    reader = try Index.open(at: dir).reader(verifyChecksums: false)
                } catch {
                    tally.openErrors += 1
                    #expect(IndexReader.fileName(of: error) == name, "open names \(what): \(error)")
                    continue
                }
                #expect(!truncated, "a truncated file is caught on open: \(what)")
                let answers = Self.outcomes(reader)
                for (got, want) in zip(answers, baseline) where got != want && got.hasPrefix("error") {
                    let named = allFiles.contains { got.hasPrefix("error [\($0)]") }
                    #expect(named, "an error after \(what) names an index file: \(got)")
                }
                if answers.contains(where: { $0.hasPrefix("error") }) {
                    tally.readErrors += 1
                } else if answers == baseline {
                    tally.sameAnswers += 1
                } else {
                    // A flipped letter of stored text or a length in the norms reads as other data: only
                    // the checksum (check, --verify, a refresh, a merge) can tell.
                    tally.otherAnswers += 1
                }
            }
            try original.write(to: url)
        }
        #expect(tally.trials == names.count * 40)
        #expect(tally.openErrors > 0 && tally.readErrors > 0 && tally.sameAnswers > 0)
        print("unverified reads of damaged files: \(tally)")
        #expect(Self.outcomes(try Index.open(at: dir).reader(verifyChecksums: false)) == baseline)
    }

    /// The cheap open reads each file's framing, not its bytes: damage in the middle of postings or
    /// stored records opens without error, and a verifying reader (and `check`) names the file.
    @Test func theDefaultOpenDoesNotHashWholeFiles() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let names = try Self.makeIndex(at: dir)
        for ext in [".post", ".pos", ".store", ".terms"] {
            let name = try #require(names.first { $0.hasSuffix(ext) })
            let url = dir.appendingPathComponent(name)
            let original = try Data(contentsOf: url)
            defer { try? original.write(to: url) }
            var bytes = [UInt8](original)
            bytes[FileFormat.headerSize + 3] ^= 0x5A
            try Data(bytes).write(to: url)
            let cheap = Result { () throws(IndexError) in try Index.open(at: dir).reader(verifyChecksums: false) }
            #expect((try? cheap.get()) != nil, "\(name) damaged in its payload opens without hashing: \(cheap)")
            do {
                _ = try Index.open(at: dir).reader(verifyChecksums: true)
                Issue.record("a verifying reader opened \(name) damaged in its payload")
            } catch {
                #expect(IndexReader.fileName(of: error) == name, "\(error)")
                #expect("\(error)".contains("checksum"), "\(error)")
            }
            #expect(Index.check(at: dir).contains { $0.file == name })
            try original.write(to: url)
        }
        #expect(Index.check(at: dir).isEmpty)
    }

    /// Positions whose gaps wrap past 2³² (only damage writes them) are an error, not out-of-order positions.
    @Test func wrappingPositionGapsAreAnError() throws {
        var w = ByteWriter()
        w.packed([5, UInt32.max - 10, 20])
        let bytes = w.bytes
        try bytes.withUnsafeBytes { buf in
            var stream = PositionStream(reader: ByteReader(buf, file: "seg_1.pos"), total: 3)
            var out: [UInt32] = []
            #expect(throws: IndexError.self) { try stream.readDocument(start: 0, count: 3, into: &out) }
            var fine = PositionStream(reader: ByteReader(buf, file: "seg_1.pos"), total: 3)
            out.removeAll()
            try fine.readDocument(start: 0, count: 2, into: &out)
            #expect(out == [5, UInt32.max - 5])
        }
    }

    /// A position count far beyond the bytes of the stream is refused before any room is reserved.
    @Test func aPositionCountBeyondTheStreamIsAnError() throws {
        let bytes: [UInt8] = [0, 0, 0]
        bytes.withUnsafeBytes { buf in
            var stream = PositionStream(reader: ByteReader(buf, file: "seg_1.pos"), total: Int(UInt32.max))
            var out: [UInt32] = []
            #expect(throws: IndexError.self) { try stream.read(start: 0, count: 1, into: &out) }
        }
    }

    /// Offsets decoded from damage (up to Int.max) give an empty reader, not an overflow.
    @Test func hugeOffsetsGiveAnEmptyReader() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let names = try Self.makeIndex(at: dir)
        let name = try #require(names.first { $0.hasSuffix(".post") })
        let file = try MappedFile(url: dir.appendingPathComponent(name), kind: .postings, verify: false)
        var r = file.reader(from: Int.max, to: Int.max)
        #expect(r.remaining == 0)
        #expect(throws: IndexError.self) { _ = try r.u8() }
        #expect(file.reader(from: -5, to: Int.max).remaining == file.payloadCount)
    }

    /// A delete bitmap marking documents past the segment's end is damage named on open (it used to
    /// count them as deletions, down to a live count below zero).
    @Test func deletionsPastTheLastDocumentAreNamed() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let names = try Self.makeIndex(at: dir)
        let del = try #require(names.first { $0.contains(".del") })
        let url = dir.appendingPathComponent(del)
        var bytes = [UInt8](try Data(contentsOf: url))
        // The last word of the bitmap ends the payload; 180 documents leave its top 12 bits unused.
        bytes[bytes.count - FileFormat.footerSize - 1] |= 0x80
        try Data(bytes).write(to: url)
        do {
            let r = try Index.open(at: dir).reader(verifyChecksums: false)
            Issue.record("opened with \(r.documentCount) live documents")
        } catch {
            #expect(IndexReader.fileName(of: error) == del, "\(error)")
        }
    }
}
