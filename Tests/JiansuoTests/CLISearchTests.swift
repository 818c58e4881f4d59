import Foundation
import Testing

/// End-to-end: `jiansuo index`, `search`, `stats` and `check` on copies of Corpus/.
@Suite struct CLISearchTests {
    /// A fresh copy of Corpus/ in a temporary folder (tests write indexes there, never in the checkout).
    static func corpusCopy() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("jiansuo-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let corpus = folder.appendingPathComponent("Corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        let source = CLIRunner.repoRoot.appendingPathComponent("Corpus")
        // Only the articles: a developer's Corpus/.jiansuo index must not leak into the test.
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where !name.hasPrefix(".") {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: corpus.appendingPathComponent(name))
        }
        return folder
    }

    /// The cleaned articles of `corpus` as (id → normalised-enough title + text), read through `ingest`.
    static func articles(_ corpus: URL) throws -> [String: String] {
        let result = try CLIRunner.run(["ingest", corpus.path, "--jsonl"])
        var out: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            if let id = object?["id"] as? String {
                out[id] = ((object?["title"] as? String) ?? "") + "\n" + ((object?["text"] as? String) ?? "")
            }
        }
        return out
    }

    @Test func firstSearchBuildsTheDefaultIndexAndFindsEveryArticle() throws {
        let folder = try Self.corpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIRunner.run(["search", "乡村振兴", "--json"], in: folder)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("building the index"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("Corpus/.jiansuo").path))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["total"] as? Int == 5)
        let hits = try #require(object["hits"] as? [[String: Any]])
        #expect(hits.count == 5)
        for hit in hits {
            let snippet = try #require(hit["snippet"] as? String)
            let start = try #require(hit["snippetStart"] as? Int)
            let highlights = try #require(hit["highlights"] as? [[String: Int]])
            #expect(!highlights.isEmpty)
            let scalars = Array(snippet.unicodeScalars)
            for span in highlights {
                let lower = try #require(span["start"]) - start, upper = try #require(span["end"]) - start
                #expect(String(String.UnicodeScalarView(scalars[lower..<upper])) == "乡村振兴")
            }
        }
        // The second search reuses the index: nothing is built again.
        let again = try CLIRunner.run(["search", "乡村振兴", "--count"], in: folder)
        #expect(again.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "5")
        #expect(!again.stderr.contains("building"))
    }

    @Test func countsEqualAPlainScanOfTheArticles() throws {
        let folder = try Self.corpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let texts = try Self.articles(folder.appendingPathComponent("Corpus"))
        #expect(texts.count == 5)
        // Substrings across word boundaries, single characters, digits, Latin.
        for query in ["宿迁", "迁市", "蟹", "京东", "东方", "助农", "2022", "5G", "直播带货", "农产品上行", "消费帮扶新春行动"] {
            let expected = texts.values.filter { $0.lowercased().contains(query.lowercased()) }.count
            let result = try CLIRunner.run(["search", query, "--count"], in: folder)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == expected, "query \(query)")
        }
        // Traditional and full-width forms find the Simplified text.
        let traditional = try CLIRunner.run(["search", "鄉村振興", "--count"], in: folder)
        #expect(traditional.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "5")
    }

    @Test func refreshAddsUpdatesAndRemovesArticles() throws {
        let folder = try Self.corpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let corpus = folder.appendingPathComponent("Corpus")
        func index() throws -> [String: Any] {
            let result = try CLIRunner.run(["index", "Corpus", "--json"], in: folder)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }
        var summary = try index()
        #expect(summary["added"] as? Int == 5)
        summary = try index()
        #expect(summary["added"] as? Int == 0 && summary["unchanged"] as? Int == 5 && summary["filesRead"] as? Int == 0)

        let extra = corpus.appendingPathComponent("100_extra.txt")
        try "天下第一鲜蟹节\n阳澄湖帝王蟹今年首次登陆拼多多，售出九万斤。".write(to: extra, atomically: true, encoding: .utf8)
        summary = try index()
        #expect(summary["added"] as? Int == 1)
        var count = try CLIRunner.run(["search", "帝王蟹", "--count"], in: folder)
        #expect(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")

        try "天下第一鲜蟹节\n今年的主角换成了小龙虾，登陆拼多多。".write(to: extra, atomically: true, encoding: .utf8)
        summary = try index()
        #expect(summary["updated"] as? Int == 1)
        count = try CLIRunner.run(["search", "帝王蟹", "--count"], in: folder)
        #expect(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        count = try CLIRunner.run(["search", "小龙虾", "--count"], in: folder)
        #expect(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")

        try FileManager.default.removeItem(at: extra)
        summary = try index()
        #expect(summary["removed"] as? Int == 1)
        #expect(summary["documents"] as? Int == 5)
        count = try CLIRunner.run(["search", "小龙虾", "--count"], in: folder)
        #expect(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0")

        let stats = try CLIRunner.run(["stats", "--json"], in: folder)
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(figures["documents"] as? Int == 5)
    }

    @Test func aDamagedIndexFileIsNamedByCheckAndSearch() throws {
        let folder = try Self.corpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try CLIRunner.run(["index"], in: folder).status == 0)
        #expect(try CLIRunner.run(["check"], in: folder).status == 0)
        let indexFolder = folder.appendingPathComponent("Corpus/.jiansuo")
        let names = try FileManager.default.contentsOfDirectory(atPath: indexFolder.path)
        let victim = try #require(names.first { $0.hasSuffix(".post") })
        let url = indexFolder.appendingPathComponent(victim)
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count / 2] ^= 0x5A
        try bytes.write(to: url)
        let check = try CLIRunner.run(["check"], in: folder)
        #expect(check.status != 0)
        #expect(check.stderr.contains(victim))
        // Without --verify the files are not hashed: the search answers, or names the file if it reads the damage.
        let search = try CLIRunner.run(["search", "京东"], in: folder)
        #expect(search.status == 0 || search.stderr.contains(victim), "\(search.stderr)")
        let verified = try CLIRunner.run(["search", "京东", "--verify"], in: folder)
        #expect(verified.status != 0)
        #expect(verified.stderr.contains(victim))
        #expect(verified.stderr.contains("checksum"))
    }

    @Test func searchDocumentsItsVerifyFlag() throws {
        let help = try CLIRunner.run(["search", "--help"], in: FileManager.default.temporaryDirectory)
        #expect(help.status == 0)
        #expect(help.stdout.contains("--verify"))
        #expect(help.stdout.contains("checksum"))
    }

    @Test func aMalformedQueryPointsAtItsPosition() throws {
        let folder = try Self.corpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIRunner.run(["search", "京东 \"乡村"], in: folder)
        #expect(result.status != 0)
        #expect(result.stderr.contains("^"))
        #expect(!result.stderr.contains("Fatal"))
        let missing = try CLIRunner.run(["search", "京东", "--index", folder.appendingPathComponent("nowhere").path], in: folder)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no index"))
    }
}
