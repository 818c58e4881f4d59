import Foundation
import Testing

/// End-to-end: query words that start with '-' need no `--`, exclusions apply to the whole query,
/// and AND/NOT are operators; every count is checked against a plain scan of `ingest`'s articles.
@Suite struct CLIQuerySyntaxTests {
    /// One article as `ingest` prints it: title and text together, and its date (`yyyy-MM-dd…`) if any.
    struct Article {
        var text: String
        var date: String?

        func contains(_ word: String) -> Bool { text.lowercased().contains(word.lowercased()) }
        func inYear(_ year: String) -> Bool { date?.hasPrefix(year + "-") ?? false }
    }

    /// A copy of Corpus/ with its default index built, and its articles read through `ingest`.
    static func indexedCopy() throws -> (folder: URL, articles: [Article]) {
        let folder = try CLISearchTests.corpusCopy()
        let built = try CLIRunner.run(["index", "--quiet"], in: folder)
        #expect(built.status == 0, "stderr: \(built.stderr)")
        let result = try CLIRunner.run(["ingest", folder.appendingPathComponent("Corpus").path, "--jsonl"])
        var articles: [Article] = []
        for line in result.stdout.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            articles.append(Article(
                text: ((object["title"] as? String) ?? "") + "\n" + ((object["text"] as? String) ?? ""),
                date: object["date"] as? String))
        }
        #expect(articles.count == 5)
        return (folder, articles)
    }

    /// `search --count arguments…` in `folder`: the number printed, or nil (with the run recorded) on failure.
    /// (`--count` comes first: after a `--` in `arguments` it would be query text.)
    static func count(_ arguments: [String], in folder: URL) throws -> Int? {
        let result = try CLIRunner.run(["search", "--count"] + arguments, in: folder)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func dashWordsAreQueryTextWithoutADoubleDash() throws {
        let (folder, articles) = try Self.indexedCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = articles.filter { $0.contains("乡村振兴") && !$0.contains("电商") }.count
        #expect(expected > 0 && expected < articles.filter { $0.contains("乡村振兴") }.count)
        #expect(try Self.count(["乡村振兴", "-电商"], in: folder) == expected)
        #expect(try Self.count(["-电商", "乡村振兴"], in: folder) == expected)
        #expect(try Self.count(["乡村振兴 -电商"], in: folder) == expected)
        // `--` still works, and is not part of the query.
        #expect(try Self.count(["--", "乡村振兴", "-电商"], in: folder) == expected)
        // After `--`, an option's name is query text, as usual.
        let literal = try CLIRunner.run(["search", "--", "乡村振兴", "--count"], in: folder)
        #expect(literal.status != 0)
        #expect(literal.stderr.contains("'--': exclude with a single '-'"), "\(literal.stderr)")
        // Options mixed in among dash-words keep working.
        let json = try CLIRunner.run(["search", "-电商", "--limit", "1", "乡村振兴", "--json"], in: folder)
        #expect(json.status == 0, "stderr: \(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["total"] as? Int == expected)
        #expect((object["hits"] as? [Any])?.count == 1)
        #expect(object["query"] as? String == "-电商 乡村振兴")
        let attached = try CLIRunner.run(["search", "乡村振兴", "--limit=0", "-电商"], in: folder)
        #expect(attached.status == 0, "stderr: \(attached.stderr)")
        #expect(attached.stdout.contains("\(expected)"), "\(attached.stdout)")
    }

    @Test func exclusionsBesideADateNeedNoWord() throws {
        let (folder, articles) = try Self.indexedCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        for year in ["2022", "2023"] {
            let expected = articles.filter { $0.inYear(year) && !$0.contains("京东") }.count
            #expect(try Self.count(["-京东 date:\(year)"], in: folder) == expected, "\(year)")
            #expect(try Self.count(["-京东", "date:\(year)"], in: folder) == expected, "\(year)")
            #expect(try Self.count(["NOT", "京东", "date:\(year)"], in: folder) == expected, "\(year)")
        }
        // The corpus has a 2022 article without 京东, so the 2022 case is not vacuous.
        #expect(articles.contains { $0.inYear("2022") && !$0.contains("京东") })
    }

    @Test func exclusionsApplyToEveryOrAlternative() throws {
        let (folder, articles) = try Self.indexedCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = articles.filter { ($0.contains("京东") || $0.contains("拼多多")) && !$0.contains("宿迁") }.count
        // The old reading, 京东 OR (拼多多 -宿迁), gives a different count on this corpus.
        let oldReading = articles.filter { $0.contains("京东") || ($0.contains("拼多多") && !$0.contains("宿迁")) }.count
        #expect(expected != oldReading)
        for arguments in [["京东", "OR", "拼多多", "-宿迁"], ["京东 -宿迁 OR 拼多多"], ["-宿迁", "京东", "OR", "拼多多"],
                          ["(京东 OR 拼多多) -宿迁"], ["京东 OR 拼多多 NOT 宿迁"]] {
            #expect(try Self.count(arguments, in: folder) == expected, "\(arguments)")
        }
        // Parentheses still group: the exclusion stays inside them.
        let grouped = articles.filter { ($0.contains("京东") && !$0.contains("宿迁")) || $0.contains("拼多多") }.count
        #expect(try Self.count(["(京东 -宿迁) OR 拼多多"], in: folder) == grouped)
    }

    @Test func andAndNotAreOperatorsAndQuotedTheyAreText() throws {
        let (folder, articles) = try Self.indexedCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let both = articles.filter { $0.contains("京东") && $0.contains("宿迁") }.count
        #expect(try Self.count(["京东", "AND", "宿迁"], in: folder) == both)
        #expect(try Self.count(["京东 AND 宿迁"], in: folder) == both)
        let without = articles.filter { $0.contains("乡村振兴") && !$0.contains("京东") }.count
        #expect(try Self.count(["乡村振兴", "NOT", "京东"], in: folder) == without)
        #expect(try Self.count(["乡村振兴 AND NOT 京东"], in: folder) == without)
        // Quoted, AND is the word (Latin case folds, so it counts articles containing "and").
        #expect(try Self.count(["\"AND\""], in: folder) == articles.filter { $0.contains("and") }.count)
    }

    @Test func mistakesGetClearErrors() throws {
        let (folder, _) = try Self.indexedCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [([String], String)] = [
            (["-京东"], "nothing to search for"),
            (["-京东 -拼多多"], "nothing to search for"),
            (["京东", "OR", "-拼多多"], "nothing to search for on this side of OR"),
            (["京东", "NOT"], "NOT at the end"),
            (["AND", "京东"], "AND at the start"),
            (["--lmit", "3", "京东"], "unknown option '--lmit'"),
            (["京东", "-json"], "write --json"),
            (["京东", "--limit", "-1"], "--limit must be between 0 and 1000000"),
            (["   "], "give a query"),
            (["--"], "give a query"),
        ]
        for (arguments, message) in cases {
            let result = try CLIRunner.run(["search"] + arguments, in: folder)
            #expect(!result.signalled, "\(arguments) crashed")
            #expect(result.status != 0, "\(arguments) was accepted: \(result.stdout)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
        }
        // A query error shows the query with a caret under the problem (1-based position).
        let error = try CLIRunner.run(["search", "乡村振兴", "OR", "-电商"], in: folder)
        #expect(error.stderr.contains("(at character 9)"), "\(error.stderr)")
        #expect(error.stderr.contains("  乡村振兴 OR -电商\n              ^"), "\(error.stderr)")
    }

    @Test func helpStatesThePrecedence() throws {
        let help = try CLIRunner.run(["search", "--help"])
        #expect(help.status == 0)
        let text = help.stdout.split(whereSeparator: \.isNewline).joined(separator: " ")
        #expect(text.contains("'a OR b -c' and 'a -c OR b' both mean '(a OR b) -c'"), "\(help.stdout)")
        #expect(text.contains("(also a AND b)") && text.contains("(also NOT word)"))
    }
}
