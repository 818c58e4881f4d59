import ChineseText
import Foundation
import Testing
@testable import NewsCorpus

/// Large JSON Lines files read in batches give exactly what a whole reading gives.
@Suite struct JSONLinesBatchTests {
    /// A reader that reads every JSON Lines file in batches of about `batchBytes`.
    static func batchedReader(_ batchBytes: Int = 256) -> CorpusReader {
        var reader = CorpusReader()
        reader.batching = JSONLinesBatching(wholeFileLimit: 0, batchBytes: batchBytes)
        return reader
    }

    /// Lines of varied records: CRLF endings, a blank line, a record longer than several batches, records
    /// without ids, an id repeated, malformed lines late in the file, '?' before Chinese text, no final newline.
    static func sampleLines() -> [String] {
        var lines: [String] = []
        for number in 1...40 {
            lines.append(#"{"id": "r\#(number)", "title": "标题\#(number)", "text": "第\#(number)条新闻的正文，讲述一件事。\n第\#(number * 7)段落。"}"#)
        }
        lines[3] += "\r"
        lines[10] += "\r"
        lines.append("")
        lines.append(#"{"title": "没有编号", "text": "这条记录没有编号，用行号。"}"#)
        lines.append(#"{"id": "long", "text": ""# + String(repeating: "很长的一段正文，跨过好几个批次。", count: 60) + #""}"#)
        lines.append(#"{"id": "r5", "text": "重复的编号，同一文件里。"}"#)
        lines.append(#"{"id": "q", "text": "问号?中间?丢了?字节的?文本。"}"#)
        lines.append(#"{"id": "broken", "text": "没有结束"#)
        lines.append("[1, 2]")
        lines.append(#"{"id": "empty"}"#)
        for number in 41...60 {
            lines.append(#"{"id": "r\#(number)", "text": "后面的第\#(number)条。"}"#)
        }
        lines.append(#"{"id": "bad" "text": "少了逗号"}"# + "\r")
        lines.append(#"{"id": "last", "text": "最后一行没有换行。"}"#)
        return lines
    }

    static func write(_ text: String, named name: String) throws -> (folder: URL, file: URL) {
        let folder = try Fixture.temporaryFolder()
        let file = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return (folder, file)
    }

    static func write(_ bytes: [UInt8], named name: String) throws -> (folder: URL, file: URL) {
        let folder = try Fixture.temporaryFolder()
        let file = folder.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return (folder, file)
    }

    @Test func batchesGiveTheRecordsIDsAndWarningsOfAWholeReading() throws {
        let text = Self.sampleLines().joined(separator: "\n")
        let (folder, file) = try Self.write(text, named: "export.jsonl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let batched = Self.batchedReader()
        let listed = try batched.sourceFiles(in: [file]).files
        #expect(listed.count == 1)
        let scan = try #require(try batched.scanRecords(listed[0]))
        #expect(scan.batches.count > 5)
        #expect(scan.batches.contains { $0.length > 1000 })   // the long record stays whole in one batch
        #expect(scan.hash == ContentHash.of(Data(text.utf8)))
        // The scan records what a whole reading gives a refresh: raw ids and the cross-article evidence.
        var wholeSource = CorpusReader().parseSource(listed[0], bytes: Data(text.utf8))
        #expect(scan.rawIDs == wholeSource.rawIDs)
        #expect(scan.evidence == CorpusReader().cleanRecords(&wholeSource))
        #expect(scan.warnings == wholeSource.warnings)

        let whole = try CorpusReader().read([file])
        let streamed = try batched.read([file])
        #expect(streamed.articles == whole.articles)
        #expect(streamed.warnings == whole.warnings)
        #expect(streamed.articles.count == 65)
        #expect(streamed.articles.map(\.id).contains("export#42"))      // the record without an id: its line
        #expect(streamed.articles.map(\.id).contains("export.jsonl#r5")) // the id repeated in the file, qualified
        #expect(!streamed.articles.contains { $0.text.contains("\r") })

        // Warnings from later batches keep their file line and byte offset.
        let lines = Self.sampleLines()
        func offset(ofLine number: Int) -> Int { lines.prefix(number - 1).reduce(0) { $0 + $1.utf8.count + 1 } }
        let broken = try #require(streamed.warnings.first { $0.message.contains("malformed") && $0.line == 46 })
        #expect(broken.byteOffset.map { $0 > offset(ofLine: 46) && $0 < offset(ofLine: 47) } == true)
        #expect(streamed.warnings.contains { $0.line == 47 && $0.byteOffset == offset(ofLine: 47) })
        #expect(streamed.warnings.contains { $0.line == 69 && $0.message.contains("malformed") })
        #expect(streamed.warnings.contains { $0.line == 45 && $0.message.contains("'?'") })
    }

    @Test func batchSizeDoesNotChangeTheResult() throws {
        let text = Self.sampleLines().joined(separator: "\r\n") + "\r\n"
        let (folder, file) = try Self.write(text, named: "crlf.ndjson")
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = try CorpusReader().read([file])
        for size in [1, 64, 700, 4096, 1 << 20] {
            let streamed = try Self.batchedReader(size).read([file])
            #expect(streamed.articles == whole.articles, "batches of \(size) bytes")
            #expect(streamed.warnings == whole.warnings, "batches of \(size) bytes")
        }
    }

    @Test func aByteOrderMarkKeepsOffsets() throws {
        let text = Self.sampleLines().joined(separator: "\n")
        let (folder, file) = try Self.write([0xEF, 0xBB, 0xBF] + Array(text.utf8), named: "bom.jsonl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = try CorpusReader().read([file])
        let streamed = try Self.batchedReader().read([file])
        #expect(streamed.articles == whole.articles)
        #expect(streamed.warnings == whole.warnings)
        #expect(whole.warnings.contains { $0.byteOffset != nil })
    }

    @Test func aFileThatIsNotCleanUTF8IsReadWhole() throws {
        var bytes = Array(Self.sampleLines().joined(separator: "\n").utf8)
        // GB18030 "中文" in a late record: the whole file decides the encoding, so no batch may.
        bytes += Array("\n{\"id\": \"gb\", \"text\": \"".utf8) + [0xD6, 0xD0, 0xCE, 0xC4] + Array("\"}\n".utf8)
        let (folder, file) = try Self.write(bytes, named: "mixed.jsonl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let batched = Self.batchedReader()
        let listed = try batched.sourceFiles(in: [file]).files
        #expect(try batched.scanRecords(listed[0]) == nil)
        let whole = try CorpusReader().read([file])
        let streamed = try batched.read([file])
        #expect(streamed.articles == whole.articles)
        #expect(streamed.warnings == whole.warnings)
    }

    @Test func aBlockSharedByMostRecordsIsRemovedAsInAWholeReading() throws {
        let footer = "本文来源：某某新闻网，版权所有，未经授权不得转载，违者必究。欢迎关注我们的公众号获取更多资讯。"
        var lines: [String] = []
        for number in 1...30 {
            let extra = number % 5 == 0 ? "" : "\\n" + footer
            lines.append(#"{"id": "s\#(number)", "text": "第\#(number)条新闻的正文，独一无二的内容\#(number)。\#(extra)"}"#)
        }
        let (folder, file) = try Self.write(lines.joined(separator: "\n") + "\n", named: "shared.jsonl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let batched = Self.batchedReader()
        #expect(try batched.scanRecords(try batched.sourceFiles(in: [file]).files[0]) == nil)
        let whole = try CorpusReader().read([file])
        let streamed = try batched.read([file])
        #expect(streamed.articles == whole.articles)
        #expect(!whole.articles.contains { $0.text.contains("版权所有") })
    }

    @Test func idsCollidingWithAnotherFileAreQualifiedAlike() throws {
        let folder = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = Self.sampleLines().joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: folder.appendingPathComponent("a.jsonl"))
        try Data(text.utf8).write(to: folder.appendingPathComponent("b.jsonl"))
        try Data("独立的一篇文章。".utf8).write(to: folder.appendingPathComponent("r1.txt"))
        let whole = try CorpusReader().read([folder])
        let streamed = try Self.batchedReader().read([folder])
        #expect(streamed.articles == whole.articles)
        #expect(streamed.warnings == whole.warnings)
        #expect(streamed.articles.map(\.id).contains("b.jsonl#r1"))
    }

    @Test func digestAndAppendedRecordsMatchTheWholeFileVersions() throws {
        let lines = Self.sampleLines()
        let old = lines.prefix(60).joined(separator: "\n") + "\n"
        let text = old + lines.suffix(from: 60).joined(separator: "\n")
        let (folder, file) = try Self.write(text, named: "grow.jsonl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = Data(text.utf8)
        let batched = Self.batchedReader(100)
        let listed = try batched.sourceFiles(in: [file]).files[0]
        for prefix in [1, 7, 8, 99, 100, 101, old.utf8.count, data.count - 1] {
            let digest = try batched.digestSource(listed, prefix: prefix)
            #expect(digest.hash == ContentHash.of(data))
            #expect(digest.prefixHash == ContentHash.of(data.prefix(prefix)), "prefix \(prefix)")
            #expect(digest.prefixLines == data.prefix(prefix).filter { $0 == 0x0A }.count, "prefix \(prefix)")
            #expect(digest.prefixEndsLine == (data[prefix - 1] == 0x0A))
        }
        var first = CorpusReader().parseSource(listed, bytes: Data(old.utf8))
        let evidence = CorpusReader().cleanRecords(&first)
        let digest = try batched.digestSource(listed, prefix: old.utf8.count)
        let fromBytes = try #require(CorpusReader().appendedRecords(listed, bytes: data, oldSize: old.utf8.count,
                                                                    evidence: evidence))
        let fromTail = try #require(batched.appendedRecords(listed, digest: digest, oldSize: old.utf8.count,
                                                            evidence: evidence))
        #expect(fromTail.source.articles() == fromBytes.source.articles())
        #expect(fromTail.source.warnings == fromBytes.source.warnings)
        #expect(fromTail.evidence == fromBytes.evidence)
        #expect(fromTail.source.articleCount == 9)
    }

    @Test func aFileChangedBetweenThePassesGivesAWarningNotWrongRecords() throws {
        let text = Self.sampleLines().joined(separator: "\n")
        let (folder, file) = try Self.write(text, named: "moving.jsonl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let batched = Self.batchedReader()
        let scan = try #require(try batched.scanRecords(try batched.sourceFiles(in: [file]).files[0]))
        try Data(text.replacingOccurrences(of: "r30", with: "x30").utf8).write(to: file)
        var ids: [String] = []
        let problem = batched.streamRecords(scan) { ids.append($0.id) }
        let warning = try #require(problem)
        #expect(warning.message.contains("changed while it was read"))
        #expect(!ids.contains("x30") && !ids.contains("r30") && ids.contains("r1"))
    }

    @Test func streamingHashMatchesOneShotHash() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for pieces in [[1000], [1, 999], [7, 9, 984], [3, 3, 3, 991], [500, 0, 500], [8, 16, 976]] {
            var hash = StreamingHash()
            var start = 0
            for length in pieces {
                hash.combine(Array(bytes[start..<(start + length)]))
                start += length
            }
            #expect(hash.finish() == ContentHash.of(bytes), "pieces \(pieces)")
        }
    }
}
