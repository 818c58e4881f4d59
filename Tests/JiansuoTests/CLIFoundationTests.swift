import Foundation
import Testing

/// End-to-end: the CLI on the bundled Corpus/, as README tells a user to run it.
@Suite struct CLIFoundationTests {
    /// The titles each sample must ingest to (front matter for 003/004, headline line of 002, none for 000/001).
    static let titles: [String: String] = [
        "000_cd655d245791935a": "",
        "001_877a5ce752d0c819": "",
        "002_e1ff8f2086505bbe": "山西省农业农村厅与拼多多达成战略合作：市县长月月上线直播，建设数字农业“新基建”",
        "003_65e1662d74c131c1": "“新春行动”有力助推脱贫地区特色产业高质量发展",
        "004_3a73bc1ef7feb9ef": "开启“直播+消费帮扶”模式 2022新春首场公益直播“开门红”！！",
    ]

    @Test func ingestJSONLinesGivesEveryArticleClean() throws {
        let result = try CLIRunner.run(["ingest", "Corpus", "--jsonl"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        var seen: [String: String] = [:]
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = try #require(object["id"] as? String)
            let text = try #require(object["text"] as? String)
            seen[id] = object["title"] as? String
            for boilerplate in ["神舟十五号", "返回首页", "中国网是国务院新闻办公室", "finews", "官方微博"] {
                #expect(!text.contains(boilerplate), "\(id) still holds \(boilerplate)")
            }
        }
        #expect(seen == Self.titles)
    }

    @Test func showPrintsTheCleanedArticleAsJSON() throws {
        let result = try CLIRunner.run(["show", "004_3a73bc1ef7feb9ef", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["title"] as? String == Self.titles["004_3a73bc1ef7feb9ef"])
        #expect((object["date"] as? String)?.hasPrefix("2022-04-15") == true)
        let text = try #require(object["text"] as? String)
        #expect(text.contains("推荐给更多的消费者。"))
        #expect(!text.contains("<p>"))
        #expect(!text.contains("返回首页") && !text.contains("finews"))
    }

    @Test func showFindsAnArticleByPath() throws {
        let result = try CLIRunner.run(["show", "Corpus/002_e1ff8f2086505bbe.txt"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("title:  山西省农业农村厅与拼多多达成战略合作"))
        #expect(!result.stdout.contains("&nbsp;"))
        #expect(!result.stdout.contains("<span"))
    }

    @Test func showOfAnUnknownIdFailsWithAClearMessage() throws {
        let result = try CLIRunner.run(["show", "no_such_article"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no article with id or path 'no_such_article'"))
        #expect(result.stderr.contains("000_cd655d245791935a"))
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func segmentKeepsNamesWhole() throws {
        let result = try CLIRunner.run(["segment", "京东科技与江苏省宿迁市泗阳县政府、南通市如东县政府合作，拼多多6.67亿元"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let texts = result.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
        for name in ["宿迁", "如东县", "6.67"] {
            #expect(texts.contains(name) || texts.contains { $0.hasPrefix(name) }, "\(name) missing from \(texts)")
        }
        #expect(texts.contains("拼多多"))
        #expect(!texts.contains("拼"))
    }

    @Test func segmentJSONReportsOffsetsIntoTheOriginal() throws {
        let input = "鄉村振興６．６７億元"
        let result = try CLIRunner.run(["segment", "--json", input])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let tokens = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let scalars = Array(input.unicodeScalars)
        #expect(!tokens.isEmpty)
        for token in tokens {
            let start = try #require(token["start"] as? Int), end = try #require(token["end"] as? Int)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<end])
            #expect(String(view) == token["text"] as? String)
        }
        let normalised = tokens.compactMap { $0["normalized"] as? String }.joined()
        #expect(normalised == "乡村振兴6.67亿元")
    }

    @Test func segmentCountReadsStandardInput() throws {
        let result = try CLIRunner.run(["segment", "--count"], stdin: "京东集团\n拼多多")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let count = Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        #expect(count >= 2 && count <= 4)
    }

    @Test func helpTeachesWithExamples() throws {
        for command in [["--help"], ["segment", "--help"], ["show", "--help"], ["ingest", "--help"]] {
            let result = try CLIRunner.run(command)
            #expect(result.status == 0)
            #expect(result.stdout.contains("Examples:"), "\(command) help has no examples")
        }
    }

    @Test func badInputGivesAnErrorNotACrash() throws {
        let missing = try CLIRunner.run(["ingest", "no/such/folder"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no/such/folder"))
        let noDictionaries = try CLIRunner.run(["segment", "x", "--dictionaries", "/nonexistent"])
        #expect(noDictionaries.status != 0)
        #expect(noDictionaries.stderr.contains("/nonexistent"))
    }
}
