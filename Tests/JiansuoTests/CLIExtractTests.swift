import Foundation
import Testing

/// End-to-end: `jiansuo extract` on the bundled Corpus/ and on standard input.
@Suite struct CLIExtractTests {
    /// Parses JSON Lines into objects, failing the test on a line that is not an object.
    static func objects(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// The scalars of `string` in `start..<end`, or nil when the range does not fit.
    static func slice(_ string: String, _ start: Int, _ end: Int) -> String? {
        let scalars = Array(string.unicodeScalars)
        guard start >= 0, start < end, end <= scalars.count else { return nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }

    @Test func corpusGivesOneLinePerArticleWithOffsetsIntoTheCleanedText() throws {
        let result = try CLIRunner.run(["extract"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let articles = try Self.objects(result.stdout)
        #expect(articles.map { $0["id"] as? String } == CLIFoundationTests.titles.keys.sorted())

        // The cleaned fields, as `ingest` prints them: every offset must point at the entity's text.
        let ingested = try Self.objects(try CLIRunner.run(["ingest", "Corpus", "--jsonl"]).stdout)
        var fields: [String: [String: String]] = [:]
        for article in ingested {
            let id = try #require(article["id"] as? String)
            fields[id] = ["title": article["title"] as? String ?? "", "text": article["text"] as? String ?? ""]
        }
        var types: Set<String> = []
        for article in articles {
            let id = try #require(article["id"] as? String)
            let entities = try #require(article["entities"] as? [[String: Any]])
            #expect(!entities.isEmpty, "\(id) has no entities")
            for entity in entities {
                let field = try #require(entity["field"] as? String)
                let text = try #require(entity["text"] as? String)
                let start = try #require(entity["start"] as? Int), end = try #require(entity["end"] as? Int)
                let source = try #require(fields[id]?[field], "\(id) has no field \(field)")
                #expect(Self.slice(source, start, end) == text, "\(id) \(field) \(start)..<\(end) is not \(text)")
                types.insert(try #require(entity["type"] as? String))
            }
        }
        #expect(types == ["province", "city", "county", "company", "money"])
    }

    @Test func titleEntitiesOfSample002() throws {
        let result = try CLIRunner.run(["extract", "002_e1ff8f2086505bbe", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 1)
        let entities = try #require(array.first?["entities"] as? [[String: Any]])
        let title = entities.filter { $0["field"] as? String == "title" }
        let province = try #require(title.first { $0["type"] as? String == "province" })
        #expect(province["code"] as? String == "140000")
        #expect(province["start"] as? Int == 0 && province["end"] as? Int == 3)
        #expect(title.contains { $0["type"] as? String == "company" && $0["name"] as? String == "拼多多" })
    }

    @Test func standardInputNormalisesMoneyAndNamesTheCity() throws {
        let input = "京东在宿迁投资超过6200亿元"
        let result = try CLIRunner.run(["extract", "-"], stdin: input)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let article = try #require(try Self.objects(result.stdout).first)
        #expect(article["id"] as? String == "stdin")
        let entities = try #require(article["entities"] as? [[String: Any]])
        let company = try #require(entities.first { $0["type"] as? String == "company" })
        #expect(company["name"] as? String == "京东集团")
        let city = try #require(entities.first { $0["type"] as? String == "city" })
        #expect(city["code"] as? String == "321300")
        #expect(city["name"] as? String == "宿迁市")
        let money = try #require(entities.first { $0["type"] as? String == "money" })
        #expect(money["value"] as? String == "620000000000")
        #expect(money["qualifier"] as? String == "over")
        #expect(money["currency"] as? String == "CNY")
    }

    @Test func typesFilterKeepsOnlyTheNamedTypes() throws {
        let result = try CLIRunner.run(["extract", "--types", "company,money"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        var seen: Set<String> = []
        for article in try Self.objects(result.stdout) {
            for entity in article["entities"] as? [[String: Any]] ?? [] { seen.insert(entity["type"] as? String ?? "?") }
        }
        #expect(seen == ["company", "money"])
    }

    @Test func unknownTypeFailsWithTheListOfTypes() throws {
        let result = try CLIRunner.run(["extract", "--types", "company,person"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("person"))
        #expect(result.stderr.contains("province"))
        #expect(!result.stderr.contains("Fatal error"))
        #expect(result.stdout.isEmpty)
    }

    @Test func missingInputIsNamed() throws {
        let result = try CLIRunner.run(["extract", "no/such/file.txt"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no/such/file.txt"))
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(
        atPath: CLIRunner.sharedFolder.appendingPathComponent("data/regions").path),
        "needs ../shared/data (not in a user's clone)"))
    func dictionariesBuildReproducesTheCheckedInGazetteers() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-dict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        let data = CLIRunner.sharedFolder.appendingPathComponent("data").path
        let result = try CLIRunner.run(["dictionaries", "build", "--data", data, "--out", out.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        for name in ["regions.tsv", "companies.tsv"] {
            let built = try Data(contentsOf: out.appendingPathComponent(name))
            let checkedIn = try Data(contentsOf: CLIRunner.repoRoot.appendingPathComponent("Dictionaries/\(name)"))
            #expect(built == checkedIn, "\(name) differs from Dictionaries/\(name)")
        }
    }
}
