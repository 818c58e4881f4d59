import Foundation
import Testing
@testable import NewsCorpus

/// Charsets are detected from the bytes, not the extension; bad bytes give one warning; binary files are skipped.
@Suite struct EncodingTests {
    /// Ingests bytes as a .txt file and returns the single article and the warnings.
    func ingest(_ bytes: [UInt8], name: String = "sample.txt") throws -> (Article, [IngestWarning]) {
        let result = CorpusReader().readData(Data(bytes), path: "/tmp/\(name)")
        let article = try #require(result.articles.first, "no article; warnings: \(result.warnings)")
        #expect(result.articles.count == 1)
        return (article, result.warnings)
    }

    @Test(arguments: ["000", "001", "002", "003"])
    func gb18030IngestsLikeUTF8(sample: String) throws {
        let text = try String(contentsOf: try Fixture.sample(sample), encoding: .utf8)
        let (original, _) = try ingest(Array(text.utf8))
        let encoded = Fixture.encode(text, "GB18030")
        #expect(String(data: Data(encoded), encoding: .utf8) == nil, "the GB18030 bytes must not be valid UTF-8")
        let (converted, warnings) = try ingest(encoded)
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(converted.text == original.text)
        #expect(converted.title == original.title)
    }

    @Test(arguments: ["UTF-16LE", "UTF-16BE"])
    func utf16WithBOMIngestsLikeUTF8(charset: String) throws {
        let text = try String(contentsOf: try Fixture.sample("003"), encoding: .utf8)
        let (original, _) = try ingest(Array(text.utf8))
        let bom: [UInt8] = charset == "UTF-16LE" ? [0xFF, 0xFE] : [0xFE, 0xFF]
        let (converted, warnings) = try ingest(bom + Fixture.encode(text, charset))
        #expect(warnings.isEmpty)
        #expect(converted.text == original.text)
        #expect(converted.title == original.title)
        #expect(converted.date == "2022-04-19T10:24:35+08:00")
    }

    @Test func utf8WithBOMIngestsLikeUTF8() throws {
        let text = try String(contentsOf: try Fixture.sample("004"), encoding: .utf8)
        let (original, _) = try ingest(Array(text.utf8))
        let (converted, warnings) = try ingest([0xEF, 0xBB, 0xBF] + Array(text.utf8))
        #expect(warnings.isEmpty)
        #expect(converted == original)
    }

    @Test func big5IngestsLikeUTF8() throws {
        // Big5 holds Traditional characters only: convert the sample to Traditional first, then keep exactly what
        // survives a Big5 round trip as the UTF-8 original.
        let simplified = try String(contentsOf: try Fixture.sample("001"), encoding: .utf8)
        let traditional = Fixture.traditional(simplified)
        #expect(traditional.contains("京東集團"))
        let big5 = Fixture.encode(traditional, "Big5")
        let representable = Fixture.decode(big5, "Big5")
        let kept = zip(representable.unicodeScalars, traditional.unicodeScalars).filter { $0 == $1 }.count
        #expect(kept * 100 >= traditional.unicodeScalars.count * 99, "the round trip must keep the text")
        let (original, originalWarnings) = try ingest(Array(representable.utf8))
        let (converted, warnings) = try ingest(big5)
        // The few characters Big5 lacks became '?' in the round trip; both files say so alike, and no byte is bad.
        #expect(warnings.map(\.message) == originalWarnings.map(\.message))
        #expect(!warnings.contains { $0.message.contains("U+FFFD") })
        #expect(converted.text == original.text)
        #expect(converted.text.contains("江蘇省農業農村廳"))
    }

    @Test func invalidUTF8BytesGiveOneWarningWithTheOffset() throws {
        let text = try String(contentsOf: try Fixture.sample("001"), encoding: .utf8)
        var bytes = Array(text.utf8)
        // Break the file in the middle of its second paragraph, between two characters.
        let marker = Array("江苏地处南北气候过渡地带".utf8)
        let position = try #require(Self.find(marker, in: bytes)) + 6
        bytes.insert(contentsOf: [0xFF, 0xC3, 0x28], at: position)
        let (article, warnings) = try ingest(bytes)
        #expect(warnings.count == 1)
        let warning = try #require(warnings.first)
        #expect(warning.byteOffset == position)
        #expect(warning.path == "/tmp/sample.txt")
        #expect(warning.description.contains("byte \(position)"))
        #expect(warning.message.contains("UTF-8"))
        #expect(article.text.contains("江苏\u{FFFD}"))
        #expect(article.text.contains("助推江苏省乡村振兴前行步伐。"))
        #expect(article.text.hasPrefix("近日，京东集团和江苏省农业农村厅"))
    }

    @Test func invalidGB18030BytesGiveOneWarningAndTheRest() throws {
        let text = try String(contentsOf: try Fixture.sample("000"), encoding: .utf8)
        let scalars = Array(text.unicodeScalars)
        let half = scalars.count / 2
        let head = Fixture.encode(String(String.UnicodeScalarView(scalars[..<half])), "GB18030")
        let tail = Fixture.encode(String(String.UnicodeScalarView(scalars[half...])), "GB18030")
        let position = head.count
        let bytes = head + [0x81, 0x20] + tail
        let (article, warnings) = try ingest(bytes)
        #expect(warnings.count == 1)
        #expect(warnings.first?.byteOffset == position)
        #expect(warnings.first?.message.contains("GB18030") == true)
        #expect(article.text.contains("也让更多的优质农特产走向千家万户。"))
        #expect(article.text.hasPrefix("9月20日，2022中国农民丰收节"))
    }

    @Test func gb18030JSONLinesKeepLineNumbers() throws {
        let lines = [#"{"id": "g1", "title": "江苏省农业农村厅", "text": "京东集团和江苏省农业农村厅签约。"}"#,
                     #"{"id": "g2", "title": "坏行", "text": "没有结束"#,
                     #"{"id": "g3", "title": "山西农产品", "text": "拼多多助力山西农产品出村进城，市县长走进直播间。"}"#]
        let text = String(repeating: lines.joined(separator: "\n") + "\n", count: 3)
        let result = CorpusReader().readData(Data(Fixture.encode(text, "GB18030")), path: "/tmp/gb.jsonl")
        // The repeated records are all kept; ids already taken are qualified by the file's name.
        #expect(result.articles.map(\.id) == ["g1", "g3", "gb.jsonl#g1", "gb.jsonl#g3", "gb.jsonl#g1~2", "gb.jsonl#g3~2"])
        #expect(result.articles.first?.title == "江苏省农业农村厅")
        #expect(result.warnings.compactMap(\.line) == [2, 5, 8])
        #expect(result.warnings.filter { $0.message.contains("already taken") }.count == 1)
        // Offsets into the decoded text are not file offsets in GB18030: only the line is given.
        #expect(result.warnings.allSatisfy { $0.byteOffset == nil })
    }

    @Test func binaryFilesAreSkippedWithAWarning() throws {
        var bytes = Array("看起来像文字\n".utf8)
        bytes += [0x00, 0x01, 0x02, 0x00, 0xFF, 0x10, 0x00, 0x00]
        bytes += (0..<200).map { UInt8($0 % 256) }
        let result = CorpusReader().readData(Data(bytes), path: "/tmp/photo.txt")
        #expect(result.articles.isEmpty)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.message.contains("skipped") == true)
        #expect(result.warnings.first?.byteOffset == Array("看起来像文字\n".utf8).count)
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array("IHDR".utf8)
        let image = CorpusReader().readData(Data(png), path: "/tmp/image.txt")
        #expect(image.articles.isEmpty)
        #expect(image.warnings.first?.message.contains("PNG") == true)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Fixture.sogouGB.path)))
    func sogouGB18030FileGivesTwoHundredArticlesWithTitles() throws {
        let result = try CorpusReader().readFile(Fixture.sogouGB)
        #expect(result.articles.count == 200)
        #expect(result.articles.allSatisfy { !$0.title.isEmpty })
        // 34 of the 200 documents have an empty <content> in the source file itself.
        #expect(result.articles.filter { $0.text.isEmpty }.count == 34)
        let first = try #require(result.articles.first)
        #expect(first.id == "c172394d49da2142-69713306c0bb3300")
        #expect(first.title == "公安机关销毁１０余万非法枪支　跨国武器走私渐起".replacingOccurrences(of: "\u{3000}", with: " "))
        #expect(first.url == "http://news.sohu.com/20120612/n345428229.shtml")
        #expect(first.date == "2012-06-12")
        #expect(first.text.hasPrefix("中广网唐山６月１２日消息"))
        // Decoded as GB18030, not as something that merely does not fail: common words read right.
        let all = result.articles.map(\.text).joined()
        #expect(all.contains("公安") && all.contains("记者") && all.contains("中国"))
        #expect(Set(result.articles.map(\.id)).count == 200)
        // ICU's GB18030 maps every byte of the file, but its '?' corruption is reported once, with the first line.
        #expect(result.warnings.count == 1)
        let warning = try #require(result.warnings.first)
        #expect(warning.message.contains("'?' stand inside Chinese text"))
        #expect(warning.line == 6)
        #expect(warning.message.hasPrefix("1592 "))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Fixture.sogouUTF8.path)))
    func sogouUTF8FileGivesTwoHundredArticles() throws {
        let result = try CorpusReader().readFile(Fixture.sogouUTF8)
        #expect(result.articles.count == 200)
        #expect(result.warnings.isEmpty)
        #expect(result.articles.allSatisfy { !$0.title.isEmpty })
        #expect(result.articles.first?.id == "98590b972ad2f0ea-34913306c0bb3300")
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
