import Foundation
import Testing

/// `search` output marks matches with ⟦⟧, never with the 【】 that news titles use for their column, and the
/// JSON highlights stay scalar offsets that point at the match.
@Suite struct CLISnippetMarkTests {
    /// A folder holding Corpus/records.jsonl with made-up articles (titles with a 【column】, text with flags,
    /// combining marks and astral characters before the match).
    static func corpus() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-marks-\(UUID().uuidString)")
        let corpus = folder.appendingPathComponent("Corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        let filler = String(repeating: "各地全面推进改革发展", count: 8)
        let records: [[String: String]] = [
            ["id": "m1", "title": "【田间地头】乡村振兴见闻", "date": "2023-05-06",
             "text": filler + "合作社🇨🇳e\u{301}𠀀持续推进乡村振兴战略实施" + filler],
            ["id": "m2", "title": "秋收时节", "date": "2023-05-07",
             "text": "【编者按】" + filler + "村里推进乡村振兴，新米装车。" + filler],
        ]
        let lines = try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        try Data(lines.joined(separator: "\n").utf8).write(to: corpus.appendingPathComponent("records.jsonl"))
        return folder
    }

    @Test func plainOutputMarksMatchesOutsideTheTitleBrackets() throws {
        let folder = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIRunner.run(["search", "乡村振兴"], in: folder)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let output = result.stdout
        #expect(output.contains("【田间地头】⟦乡村振兴⟧见闻"), "\(output)")
        #expect(output.contains("推进⟦乡村振兴⟧"), "\(output)")
        #expect(!output.contains("【乡村振兴】"))
        // Every mark is paired and none sits inside 【…】.
        for line in output.split(separator: "\n") {
            var insideBrackets = false
            var open = 0
            for character in line {
                switch character {
                case "【": insideBrackets = true
                case "】": insideBrackets = false
                case "⟦":
                    #expect(!insideBrackets, "mark inside 【】: \(line)")
                    open += 1
                case "⟧": open -= 1
                default: break
                }
                #expect(open == 0 || open == 1, "\(line)")
            }
            #expect(open == 0, "unclosed mark: \(line)")
        }
    }

    @Test func jsonHighlightsPointAtTheMatch() throws {
        let folder = try Self.corpus()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIRunner.run(["search", "乡村振兴", "--json"], in: folder)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let hits = try #require(object["hits"] as? [[String: Any]])
        #expect(hits.count == 2)
        for hit in hits {
            let snippet = try #require(hit["snippet"] as? String)
            let start = try #require(hit["snippetStart"] as? Int)
            let highlights = try #require(hit["highlights"] as? [[String: Int]])
            #expect(highlights.count == 1)
            let scalars = Array(snippet.unicodeScalars)
            for span in highlights {
                let lower = try #require(span["start"]) - start, upper = try #require(span["end"]) - start
                #expect(0 <= lower && lower < upper && upper <= scalars.count)
                guard 0 <= lower && lower < upper && upper <= scalars.count else { continue }
                #expect(String(String.UnicodeScalarView(scalars[lower..<upper])) == "乡村振兴")
            }
            #expect(!snippet.hasPrefix("进"), "\(snippet)")
        }
    }

    @Test func searchHelpNamesTheMarks() throws {
        let result = try CLIRunner.run(["search", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("⟦乡村振兴⟧"))
        #expect(result.stdout.contains("【】"))
    }
}
