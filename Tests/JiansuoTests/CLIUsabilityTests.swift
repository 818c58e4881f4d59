import Foundation
import Testing

/// End-to-end: the small things a user trips on — JSON dates, counts, where summaries go, numeric
/// options, the top-level help, README's tour, and standard input in any encoding.
@Suite struct CLIUsabilityTests {
    /// Parses `text` as one JSON object.
    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// A corpus copy whose default index has been built (by a first search).
    static func indexedCorpusCopy() throws -> URL {
        let folder = try CLISearchTests.corpusCopy()
        let first = try CLIRunner.run(["search", "乡村振兴", "--count"], in: folder)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        return folder
    }

    // MARK: Dates

    @Test func statsJSONGivesCommittedAtInISO8601LikeTheText() throws {
        let folder = try Self.indexedCorpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = try CLIRunner.run(["stats", "--json"], in: folder)
        #expect(json.status == 0, "stderr: \(json.stderr)")
        let committedAt = try #require(try Self.object(json.stdout)["committedAt"] as? String,
                                       "committedAt is not a string: \(json.stdout)")
        let date = try #require(ISO8601DateFormatter().date(from: committedAt), "not ISO 8601: \(committedAt)")
        // Written by the search above, moments ago (not seconds since 2001 read as 1970's).
        #expect(abs(date.timeIntervalSinceNow) < 3600)
        let text = try CLIRunner.run(["stats"], in: folder)
        #expect(text.stdout.contains("committed at: \(committedAt)"))
    }

    @Test func articleDatesReadTheSameInIngestAndSearch() throws {
        let folder = try Self.indexedCorpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ingest = try CLIRunner.run(["ingest", "Corpus", "--jsonl"], in: folder)
        var ingested: [String: String] = [:]
        for line in ingest.stdout.split(separator: "\n") {
            let object = try Self.object(String(line))
            if let id = object["id"] as? String, let date = object["date"] as? String { ingested[id] = date }
        }
        #expect(ingested.count == 2, "003 and 004 carry dates")
        let search = try CLIRunner.run(["search", "助农", "--json"], in: folder)
        let hits = try #require(try Self.object(search.stdout)["hits"] as? [[String: Any]])
        var compared = 0
        for hit in hits {
            guard let id = hit["id"] as? String, let date = hit["date"] as? String else { continue }
            #expect(ingested[id] == date, "\(id): search says \(date), ingest \(ingested[id] ?? "nothing")")
            compared += 1
        }
        #expect(compared == 2)
    }

    // MARK: Counts and summaries

    @Test func searchJSONCountGivesTotalObject() throws {
        let folder = try Self.indexedCorpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIRunner.run(["search", "京东 宿迁", "--json", "--count"], in: folder)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try Self.object(result.stdout)
        #expect(object.keys.sorted() == ["total"])
        #expect(object["total"] as? Int == 2)
        let plain = try CLIRunner.run(["search", "京东 宿迁", "--count"], in: folder)
        #expect(plain.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
    }

    @Test func ingestSummaryGoesToStandardErrorAndStdoutIsPureJSONLines() throws {
        let result = try CLIRunner.run(["ingest", "Corpus", "--jsonl"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 5)
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]) != nil,
                    "not a JSON object: \(line)")
        }
        #expect(result.stderr.contains("5 articles, 0 warnings"))
        // The table too: rows only on stdout, the count on stderr.
        let table = try CLIRunner.run(["ingest", "Corpus"])
        #expect(!table.stdout.contains("articles,"))
        #expect(table.stdout.split(separator: "\n").allSatisfy { $0.split(separator: "\t").count == 4 })
        #expect(table.stderr.contains("5 articles, 0 warnings"))
    }

    // MARK: Numeric options

    @Test func negativeOrNonNumericLimitAndOffsetAreClearErrors() throws {
        let cases: [([String], String)] = [
            (["--limit", "-1"], "--limit must be between 0 and 1000000"),
            (["--limit=-1"], "--limit must be between 0 and 1000000"),
            (["--limit", "ten"], "--limit must be between 0 and 1000000"),
            (["--limit", "1000001"], "--limit must be between 0 and 1000000"),
            (["--offset", "-3"], "--offset must be between 0 and"),
            (["--offset", "99999999999999999999"], "--offset must be between 0 and"),
        ]
        for (options, message) in cases {
            // Refused before any index is opened, so the checkout's Corpus/ is never touched.
            let result = try CLIRunner.run(["search", "京东"] + options)
            #expect(!result.signalled, "\(options) crashed")
            #expect(result.status != 0, "\(options) was accepted")
            #expect(result.stderr.contains(message), "\(options): \(result.stderr)")
            #expect(!result.stderr.contains("Missing value"))
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func hugeLimitAndOffsetNeverCrash() throws {
        let folder = try Self.indexedCorpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        enum Outcome { case refused, emptyPage, hits(Int) }
        let max = String(Int.max)
        let runs: [([String], Outcome)] = [
            (["--limit", max, "--offset", "1"], .refused),
            (["--limit", max], .refused),
            (["--offset", max], .emptyPage),
            (["--offset", max, "--json"], .hits(0)),
            (["--limit", "1000000", "--offset", String(Int.max - 1)], .emptyPage),
            (["--limit", "1000000", "--offset", "1", "--json"], .hits(4)),
        ]
        for (options, outcome) in runs {
            let result = try CLIRunner.run(["search", "乡村振兴"] + options, in: folder)
            #expect(!result.signalled, "\(options) crashed: \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"))
            switch outcome {
            case .refused:
                #expect(result.status == 64, "\(options): \(result.stderr)")
                #expect(result.stderr.contains("--limit must be between 0 and 1000000"), "\(options): \(result.stderr)")
            case .emptyPage:
                #expect(result.status == 0, "\(options): \(result.stderr)")
                #expect(result.stdout.contains("no hits on this page (5 matches in all)"), "\(options): \(result.stdout)")
            case .hits(let count):
                #expect(result.status == 0, "\(options): \(result.stderr)")
                let object = try Self.object(result.stdout)
                #expect(object["total"] as? Int == 5)
                #expect((object["hits"] as? [Any])?.count == count, "\(options)")
            }
        }
    }

    // MARK: Help

    @Test func topLevelHelpListsEverySubcommandOnOneLine() throws {
        let result = try CLIRunner.run(["--help"], environment: ["COLUMNS": "80", "LINES": "50"])
        #expect(result.status == 0)
        let lines = result.stdout.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "SUBCOMMANDS:")) + 1
        let section = lines[start...].prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let names = ["search", "index", "entities", "stats", "check", "extract", "show", "ingest", "segment", "dictionaries"]
        #expect(section.count == names.count, "one line per subcommand:\n\(section.joined(separator: "\n"))")
        for (line, name) in zip(section, names) {
            let words = line.split(separator: " ", maxSplits: 1)
            #expect(words.first.map(String.init) == name, "line: \(line)")
            #expect(words.count == 2 && words[1].count > 10, "\(name) has no one-line summary")
        }
        for example in ["jiansuo search ", "jiansuo index ", "jiansuo extract "] {
            #expect(result.stdout.contains(example), "no example starting \(example)")
        }
    }

    // MARK: README

    /// The lines of README's "A short tour" code block.
    static func tourLines() throws -> [String] {
        let readme = try String(contentsOf: CLIRunner.repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let heading = try #require(lines.firstIndex(of: "## A short tour"))
        let open = try #require(lines[heading...].firstIndex { $0.hasPrefix("```") }) + 1
        let close = try #require(lines[open...].firstIndex { $0.hasPrefix("```") })
        return Array(lines[open..<close])
    }

    /// A shell command line split into words as sh would (single and double quotes), up to a `#` comment.
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = []
        var current = "", inWord = false
        var quote: Character?
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == " " {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else if character == "#" && !inWord {
                break
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    @Test func shellWordsSplitsLikeAShell() {
        #expect(Self.shellWords(#"jiansuo search '"a b" -c' --json   # note"#) == ["jiansuo", "search", #""a b" -c"#, "--json"])
        #expect(Self.shellWords(#"echo "x#y" z"#) == ["echo", "x#y", "z"])
    }

    @Test func everyTourSearchFindsSomethingInCorpus() throws {
        let folder = try Self.indexedCorpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let searches = try Self.tourLines().map(Self.shellWords).filter { $0.starts(with: ["jiansuo", "search"]) }
        #expect(searches.count >= 4)
        for words in searches {
            let arguments = Array(words.dropFirst())
            let result = try CLIRunner.run(arguments, in: folder)
            #expect(result.status == 0, "\(words): \(result.stderr)")
            let output = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            if arguments.contains("--count") {
                #expect((Int(output) ?? 0) >= 1, "\(words) counts \(output)")
            } else if arguments.contains("--json") {
                let object = try Self.object(output)
                #expect((object["total"] as? Int ?? 0) >= 1, "\(words) finds nothing")
                #expect(!((object["hits"] as? [Any]) ?? []).isEmpty)
            } else {
                // The hit list ends with the count line; facets, when asked for, follow it.
                let hits = arguments.contains("--facets") ? (output.components(separatedBy: "\n\n").dropLast().last ?? output) : output
                #expect(output.contains("matching articles") && !output.hasPrefix("no "), "\(words): \(output)")
                #expect(hits.hasSuffix("matching articles") || arguments.contains("--facets"), "\(words): \(output)")
            }
        }
    }

    @Test func everyTourExtractFindsEntities() throws {
        let lines = try Self.tourLines()
        var checked = 0
        for line in lines {
            let words = Self.shellWords(line)
            var arguments: [String]
            var input: String?
            if words.starts(with: ["jiansuo", "extract"]), words.count > 2 {
                arguments = Array(words.dropFirst())
            } else if words.first == "echo", let bar = words.firstIndex(of: "|"),
                      words[(bar + 1)...].starts(with: ["jiansuo", "extract"]) {
                input = words[1..<bar].joined(separator: " ") + "\n"
                arguments = Array(words[(bar + 2)...])
            } else {
                continue
            }
            let result = try CLIRunner.run(arguments, stdin: input)
            #expect(result.status == 0, "\(line): \(result.stderr)")
            #expect(result.stdout.contains("\"entities\":[{"), "\(line) finds no entity")
            checked += 1
        }
        #expect(checked >= 2)
    }

    // MARK: Standard input in any encoding

    /// 京東在宿遷投資超過6200億元，山西省與拼多多合作。 (Traditional, so that Big5 can hold it).
    static let traditional = "京東在宿遷投資超過6200億元，山西省與拼多多合作。"
    static let gb18030: [UInt8] = [
        0xBE, 0xA9, 0x96, 0x7C, 0xD4, 0xDA, 0xCB, 0xDE, 0xDF, 0x77, 0xCD, 0xB6, 0xD9, 0x59, 0xB3, 0xAC, 0xDF, 0x5E,
        0x36, 0x32, 0x30, 0x30, 0x83, 0x7C, 0xD4, 0xAA, 0xA3, 0xAC, 0xC9, 0xBD, 0xCE, 0xF7, 0xCA, 0xA1, 0xC5, 0x63,
        0xC6, 0xB4, 0xB6, 0xE0, 0xB6, 0xE0, 0xBA, 0xCF, 0xD7, 0xF7, 0xA1, 0xA3,
    ]
    static let big5: [UInt8] = [
        0xA8, 0xCA, 0xAA, 0x46, 0xA6, 0x62, 0xB1, 0x4A, 0xBE, 0x45, 0xA7, 0xEB, 0xB8, 0xEA, 0xB6, 0x57, 0xB9, 0x4C,
        0x36, 0x32, 0x30, 0x30, 0xBB, 0xF5, 0xA4, 0xB8, 0xA1, 0x41, 0xA4, 0x73, 0xA6, 0xE8, 0xAC, 0xD9, 0xBB, 0x50,
        0xAB, 0xF7, 0xA6, 0x68, 0xA6, 0x68, 0xA6, 0x58, 0xA7, 0x40, 0xA1, 0x43,
    ]

    /// UTF-16 with a byte order mark, little- or big-endian.
    static func utf16(_ text: String, bigEndian: Bool) -> Data {
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 {
            let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return Data(bytes)
    }

    /// What `extract -` finds in `bytes`: each entity's type, field, offsets and resolved name.
    static func entities(fromStandardInput bytes: Data, argument: String = "-") throws -> [String] {
        let result = try CLIRunner.run(["extract", argument], stdinBytes: bytes)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let article = try object(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(article["id"] as? String == "stdin")
        let entities = try #require(article["entities"] as? [[String: Any]])
        return entities.map { entity in
            ["type", "field", "start", "end", "name", "code", "value"]
                .map { key in entity[key].map { "\($0)" } ?? "-" }.joined(separator: "|")
        }
    }

    @Test func standardInputInAnyEncodingGivesTheSameEntities() throws {
        let expected = try Self.entities(fromStandardInput: Data(Self.traditional.utf8))
        // 京東 (company), 宿遷 (city), 超過6200億元 (money), 山西省 (province), 拼多多 (company).
        #expect(expected.count == 5, "\(expected)")
        #expect(expected.contains { $0.hasPrefix("money|text|7|15|") })
        let encodings: [(String, Data)] = [
            ("GB18030", Data(Self.gb18030)),
            ("Big5", Data(Self.big5)),
            ("UTF-16LE with BOM", Self.utf16(Self.traditional, bigEndian: false)),
            ("UTF-16BE with BOM", Self.utf16(Self.traditional, bigEndian: true)),
            ("UTF-8 with BOM", Data([0xEF, 0xBB, 0xBF] + Array(Self.traditional.utf8))),
        ]
        for (name, bytes) in encodings {
            #expect(try Self.entities(fromStandardInput: bytes) == expected, "\(name) differs")
        }
    }

    @Test func devStdinIsReadLikeDash() throws {
        let expected = try Self.entities(fromStandardInput: Data(Self.traditional.utf8))
        #expect(try Self.entities(fromStandardInput: Data(Self.gb18030), argument: "/dev/stdin") == expected)
        // ingest and show take standard input too.
        let ingest = try CLIRunner.run(["ingest", "-", "--jsonl"], stdinBytes: Data(Self.big5))
        #expect(ingest.status == 0, "stderr: \(ingest.stderr)")
        #expect(try Self.object(ingest.stdout)["text"] as? String == Self.traditional)
        let show = try CLIRunner.run(["show", "-"], stdinBytes: Self.utf16(Self.traditional, bigEndian: false))
        #expect(show.status == 0, "stderr: \(show.stderr)")
        #expect(show.stdout.hasSuffix(Self.traditional + "\n"))
    }

    /// `segment --file` and standard input decode GB18030, Big5 and UTF-16 as ingest does: the tokens equal
    /// those of the UTF-8 text.
    @Test func segmentReadsFilesInAnyEncoding() throws {
        let expected = try CLIRunner.run(["segment", "--lines"], stdin: Self.traditional)
        #expect(expected.status == 0 && !expected.stdout.isEmpty, "\(expected.stderr)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-seg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs: [(String, Data)] = [
            ("GB18030", Data(Self.gb18030)), ("Big5", Data(Self.big5)),
            ("UTF-16LE with BOM", Self.utf16(Self.traditional, bigEndian: false)),
        ]
        for (name, bytes) in inputs {
            let file = folder.appendingPathComponent("\(name).txt")
            try bytes.write(to: file)
            let fromFile = try CLIRunner.run(["segment", "--lines", "--file", file.path])
            #expect(fromFile.stdout == expected.stdout, "\(name) file: \(fromFile.stdout) \(fromFile.stderr)")
            let fromPipe = try CLIRunner.run(["segment", "--lines"], stdinBytes: bytes)
            #expect(fromPipe.stdout == expected.stdout, "\(name) on standard input: \(fromPipe.stdout)")
        }
    }
}
