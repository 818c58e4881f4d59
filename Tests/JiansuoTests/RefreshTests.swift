import Foundation
import Jiansuo
import JiansuoTestSupport
import Testing

/// Refresh reads only what changed, and always ends where indexing the sources afresh would: per-file change
/// detection in a flat folder, folder boilerplate that a change affects, JSON Lines appends, id collisions,
/// and a damaged or unwritable ledger.
@Suite(.serialized) struct RefreshTests {
    /// A scratch folder with a corpus folder and an index folder.
    struct Workspace {
        let root: URL
        var corpus: URL { root.appendingPathComponent("news") }
        var indexFolder: URL { root.appendingPathComponent("index") }
        /// A clock for modification times, so that every write gets a distinct time in the past.
        var clock: TimeInterval = 1_600_000_000

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-refresh-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("news"), withIntermediateDirectories: true)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }

        /// Writes a corpus file and gives it a fresh modification time in the past.
        mutating func write(_ relative: String, _ text: String) throws {
            let url = corpus.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            try stamp(relative)
        }

        /// Gives a file a new modification time without changing its bytes.
        mutating func stamp(_ relative: String) throws {
            clock += 7
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: clock)],
                                                  ofItemAtPath: corpus.appendingPathComponent(relative).path)
        }

        func delete(_ relative: String) throws {
            try FileManager.default.removeItem(at: corpus.appendingPathComponent(relative))
        }
    }

    static let toolkit: Toolkit? = try? Toolkit(dictionaries: CLIRunner.repoRoot.appendingPathComponent("Dictionaries"))

    /// id → content hash of what the index holds.
    static func indexed(_ index: CorpusIndex) throws -> [String: String] {
        try index.reader(verifyChecksums: false).documentHashes()
    }

    /// id → content hash of what reading the sources afresh gives.
    static func afresh(_ sources: [URL]) throws -> [String: String] {
        var result: [String: String] = [:]
        for article in try CorpusReader().read(sources).articles {
            #expect(result[article.id] == nil, "ingest gave the id \(article.id) twice")
            result[article.id] = CorpusIndex.document(for: article).contentHash
        }
        return result
    }

    static let sentences = [
        "江苏省宿迁市泗阳县今年推进乡村振兴，农产品销售额同比增长三成。", "京东集团在当地建设了新的物流中心，带动两千人就业。",
        "记者从省农业农村厅获悉，全省粮食播种面积保持稳定。", "拼多多助力山西农产品出村进城，市县长走进直播间。",
        "据介绍，该项目总投资超过6200亿元，预计明年投产。", "长江经济带生态环境保护发生了转折性变化。",
        "村民们说，日子一年比一年好。", "专家认为，数字经济将成为新的增长点。",
    ]
    /// A shared trailing paragraph that no single-article rule removes: only the folder rule does.
    static let footer = "更多精彩内容请关注城市晚报客户端，每天为您送上最新的本地新闻和生活服务信息。"
    /// A shared leading paragraph, likewise.
    static let header = "城市晚报 数字版 第三版"

    static func article(_ rng: inout SplitMix64, footer: Bool, header: Bool) -> String {
        var paragraphs: [String] = []
        if header { paragraphs.append(Self.header) }
        paragraphs.append("标题\(rng.next() % 1000)号")
        for _ in 0..<(2 + Int(rng.next() % 4)) {
            paragraphs.append(sentences[Int(rng.next() % UInt64(sentences.count))] + "（\(rng.next() % 100000)）")
        }
        if footer { paragraphs.append(Self.footer) }
        return paragraphs.joined(separator: "\n") + "\n"
    }

    static func record(_ id: String, _ rng: inout SplitMix64) -> String {
        let text = sentences[Int(rng.next() % UInt64(sentences.count))] + "（\(rng.next() % 100000)）"
        return #"{"id": "\#(id)", "title": "记录\#(id)", "text": "\#(text)", "date": "2023-05-0\#(1 + rng.next() % 9)"}"#
    }

    /// Random adds, edits, deletes, touches, shared footers and headers, colliding names and JSON Lines appends
    /// and rewrites: after every refresh the index holds exactly what ingest reads from the sources.
    /// With `batched`, JSON Lines files are read in batches of a few hundred bytes (the path large files take),
    /// and must still give what a whole reading gives.
    @Test(arguments: [UInt64(1), 2, 3], [false, true])
    func incrementalRefreshEqualsReadingAfresh(seed: UInt64, batched: Bool) throws {
        guard let toolkit = Self.toolkit else { Issue.record("Dictionaries/ not loadable"); return }
        var space = try Workspace()
        defer { space.remove() }
        var rng = SplitMix64(seed: seed)
        var files: [String] = []
        var records: [String] = []
        for number in 0..<12 {
            let name = (number % 3 == 0 ? "b/" : "") + "a\(number).txt"
            try space.write(name, Self.article(&rng, footer: number % 2 == 0, header: number % 4 == 0))
            files.append(name)
        }
        for number in 0..<6 { records.append(Self.record(number % 2 == 0 ? "a\(number)" : "r\(number)", &rng)) }
        try space.write("feed.jsonl", records.joined(separator: "\n") + "\n")
        var index = CorpusIndex(directory: space.indexFolder, toolkit: toolkit)
        if batched {
            index.readerOptions.jsonLinesWholeFileLimit = 200
            index.readerOptions.jsonLinesBatchBytes = 300
        }
        _ = try index.refresh(sources: [space.corpus])
        #expect(try Self.indexed(index) == Self.afresh([space.corpus]))
        for step in 0..<16 {
            let choice = rng.next() % 8
            switch choice {
            case 0:   // a new file, sometimes with a name another folder already has
                let name = (rng.next() % 2 == 0 ? "c/" : "") + "a\(rng.next() % 20).txt"
                try space.write(name, Self.article(&rng, footer: rng.next() % 2 == 0, header: rng.next() % 3 == 0))
                if !files.contains(name) { files.append(name) }
            case 1:   // an edit
                if let name = files.randomElement(using: &rng) {
                    try space.write(name, Self.article(&rng, footer: rng.next() % 2 == 0, header: false))
                }
            case 2:   // a delete
                if files.count > 3, let position = files.indices.randomElement(using: &rng) {
                    try space.delete(files.remove(at: position))
                }
            case 3:   // a touch: time changes, bytes do not
                if let name = files.randomElement(using: &rng) { try space.stamp(name) }
            case 4:   // records appended
                for _ in 0..<(1 + rng.next() % 3) { records.append(Self.record("n\(step)x\(rng.next() % 50)", &rng)) }
                try space.write("feed.jsonl", records.joined(separator: "\n") + "\n")
            case 5:   // a record rewritten in the middle
                records[records.count / 2] = Self.record("m\(step)", &rng)
                try space.write("feed.jsonl", records.joined(separator: "\n") + "\n")
            case 6:   // a copy: the same text twice (duplicates are not boilerplate)
                if let name = files.randomElement(using: &rng) {
                    let copy = "d/copy\(step).txt"
                    let text = try String(contentsOf: space.corpus.appendingPathComponent(name), encoding: .utf8)
                    try space.write(copy, text)
                    files.append(copy)
                }
            default:  // the shared footer removed from one file
                if let name = files.randomElement(using: &rng) {
                    try space.write(name, Self.article(&rng, footer: false, header: rng.next() % 2 == 0))
                }
            }
            _ = try index.refresh(sources: [space.corpus])
            #expect(try Self.indexed(index) == Self.afresh([space.corpus]), "seed \(seed), batched \(batched), step \(step), change \(choice)")
        }
    }

    /// One flat folder: adding, changing, deleting and touching files reads only those files.
    @Test func flatFolderReadsOnlyWhatChanged() throws {
        guard let toolkit = Self.toolkit else { Issue.record("Dictionaries/ not loadable"); return }
        var space = try Workspace()
        defer { space.remove() }
        var rng = SplitMix64(seed: 7)
        for number in 0..<40 { try space.write("f\(number).md", Self.article(&rng, footer: false, header: false)) }
        let index = CorpusIndex(directory: space.indexFolder, toolkit: toolkit)
        let first = try index.refresh(sources: [space.corpus])
        #expect(first.added == 40 && first.filesRead == 40)

        let none = try index.refresh(sources: [space.corpus])
        #expect(none.filesRead == 0 && none.bytesRead == 0 && none.unchanged == 40 && none.added == 0)

        try space.write("new1.md", Self.article(&rng, footer: false, header: false))
        try space.write("new2.md", Self.article(&rng, footer: false, header: false))
        let added = try index.refresh(sources: [space.corpus])
        #expect(added.added == 2 && added.filesRead == 2 && added.filesUnchanged == 40)

        try space.write("f3.md", Self.article(&rng, footer: false, header: false))
        let changed = try index.refresh(sources: [space.corpus])
        #expect(changed.updated == 1 && changed.filesRead == 1)

        try space.delete("f4.md")
        let deleted = try index.refresh(sources: [space.corpus])
        #expect(deleted.removed == 1 && deleted.filesRead == 0)

        try space.stamp("f5.md")
        let touched = try index.refresh(sources: [space.corpus])
        #expect(touched.filesRead == 0 && touched.updated == 0 && touched.bytesRead > 0, "the touched file is hashed, not parsed")
        #expect(try Self.indexed(index) == Self.afresh([space.corpus]))
    }

    /// A shared footer that appears in a second file turns into boilerplate in the first one too: the unchanged
    /// file is read again because the change affects it.
    @Test func aChangeThatMakesABlockSharedReReadsTheFileHoldingIt() throws {
        guard let toolkit = Self.toolkit else { Issue.record("Dictionaries/ not loadable"); return }
        var space = try Workspace()
        defer { space.remove() }
        var rng = SplitMix64(seed: 11)
        try space.write("one.txt", Self.article(&rng, footer: true, header: false))
        for number in 0..<5 { try space.write("plain\(number).txt", Self.article(&rng, footer: false, header: false)) }
        let index = CorpusIndex(directory: space.indexFolder, toolkit: toolkit)
        _ = try index.refresh(sources: [space.corpus])
        let before = try index.reader(verifyChecksums: false).document(id: "one")
        #expect(before?.text.contains("城市晚报客户端") == true, "a footer only one file has is kept")

        try space.write("two.txt", Self.article(&rng, footer: true, header: false))
        let summary = try index.refresh(sources: [space.corpus])
        #expect(summary.filesRead == 2, "two.txt, and one.txt whose footer is now shared")
        #expect(summary.updated == 1 && summary.added == 1)
        let after = try index.reader(verifyChecksums: false).document(id: "one")
        #expect(after?.text.contains("城市晚报客户端") == false)
        #expect(try Self.indexed(index) == Self.afresh([space.corpus]))
    }

    /// Records appended to a JSON Lines file are read alone; a rewrite in the middle re-reads the file.
    /// With `batched`, the file is read in small batches, as a large one is.
    @Test(arguments: [false, true])
    func jsonLinesAppendReadsOnlyTheTail(batched: Bool) throws {
        guard let toolkit = Self.toolkit else { Issue.record("Dictionaries/ not loadable"); return }
        var space = try Workspace()
        defer { space.remove() }
        var rng = SplitMix64(seed: 3)
        var records = (0..<200).map { Self.record("r\($0)", &rng) }
        try space.write("export.jsonl", records.joined(separator: "\n") + "\n")
        var index = CorpusIndex(directory: space.indexFolder, toolkit: toolkit)
        if batched {
            index.readerOptions.jsonLinesWholeFileLimit = 1000
            index.readerOptions.jsonLinesBatchBytes = 2000
        }
        _ = try index.refresh(sources: [space.corpus])

        records += (200..<210).map { Self.record("r\($0)", &rng) }
        try space.write("export.jsonl", records.joined(separator: "\n") + "\n")
        let appended = try index.refresh(sources: [space.corpus])
        #expect(appended.filesAppended == 1 && appended.filesRead == 0)
        #expect(appended.added == 10 && appended.unchanged == 200 && appended.updated == 0)
        #expect(try Self.indexed(index) == Self.afresh([space.corpus]))

        records[100] = Self.record("changed", &rng)
        try space.write("export.jsonl", records.joined(separator: "\n") + "\n")
        let rewritten = try index.refresh(sources: [space.corpus])
        #expect(rewritten.filesAppended == 0 && rewritten.filesRead == 1)
        #expect(rewritten.added == 1 && rewritten.removed == 1)
        #expect(try Self.indexed(index) == Self.afresh([space.corpus]))
    }

    /// Two article.txt in different folders and two exports numbering records alike: nothing is lost, the
    /// later ones get ids qualified by their path, the same on every run, and each can be shown and searched.
    @Test func collidingIdsAreQualifiedNotDropped() throws {
        guard let toolkit = Self.toolkit else { Issue.record("Dictionaries/ not loadable"); return }
        var space = try Workspace()
        defer { space.remove() }
        try space.write("a/article.txt", "甲文章\n宿迁市泗阳县的苹果丰收了。\n")
        try space.write("b/article.txt", "乙文章\n江苏省的梨也丰收了。\n")
        try space.write("x/1.jsonl", #"{"id": "1", "title": "一号", "text": "京东发布新品。"}"# + "\n")
        try space.write("y/2.jsonl", #"{"id": "1", "title": "二号", "text": "拼多多发布新品。"}"# + "\n")
        let read = try CorpusReader().read([space.corpus])
        #expect(read.articles.map(\.id).sorted() == ["1", "article", "b/article", "y/2.jsonl#1"])
        #expect(read.warnings.filter { $0.message.contains("already taken") }.count == 1)
        #expect(try CorpusReader().read([space.corpus]).articles.map(\.id) == read.articles.map(\.id), "stable ids")

        let index = CorpusIndex(directory: space.indexFolder, toolkit: toolkit)
        let summary = try index.refresh(sources: [space.corpus])
        #expect(summary.added == 4 && summary.qualifiedIDs == 2)
        let reader = try index.reader()
        #expect(try reader.document(id: "b/article")?.title == "乙文章")
        #expect(try reader.search("梨").hits.map(\.id) == ["b/article"])
        #expect(try reader.search("拼多多").hits.map(\.id) == ["y/2.jsonl#1"])
        let shown = try Toolkit.article("b/article", corpus: space.corpus)
        #expect(shown.article.title == "乙文章")
        #expect(try Self.indexed(index) == Self.afresh([space.corpus]))
    }

    /// A damaged ledger is not trusted: the refresh says so, reads everything again and deletes nothing that is
    /// still in a source.
    @Test func damagedLedgerIsNeverTrusted() throws {
        guard let toolkit = Self.toolkit else { Issue.record("Dictionaries/ not loadable"); return }
        var space = try Workspace()
        defer { space.remove() }
        var rng = SplitMix64(seed: 5)
        for number in 0..<6 { try space.write("f\(number).txt", Self.article(&rng, footer: false, header: false)) }
        let index = CorpusIndex(directory: space.indexFolder, toolkit: toolkit)
        _ = try index.refresh(sources: [space.corpus])
        let ledger = space.indexFolder.appendingPathComponent("sources.ledger")
        var bytes = try [UInt8](Data(contentsOf: ledger))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: ledger)
        var warnings: [String] = []
        let summary = try index.refresh(sources: [space.corpus], warning: { warnings.append($0.description) })
        #expect(warnings.contains { $0.contains("sources.ledger") && $0.contains("checksum") })
        #expect(summary.removed == 0 && summary.filesRead == 6 && summary.documents == 6)
        #expect(try Self.indexed(index) == Self.afresh([space.corpus]))
    }

    /// When the ledger cannot be written after a commit, the error names the file, the space and the state.
    @Test func unwritableLedgerNamesTheFileAndTheState() throws {
        guard let toolkit = Self.toolkit else { Issue.record("Dictionaries/ not loadable"); return }
        var space = try Workspace()
        defer { space.remove() }
        try space.write("one.txt", "标题\n宿迁市泗阳县的苹果丰收了。\n")
        let index = CorpusIndex(directory: space.indexFolder, toolkit: toolkit)
        _ = try index.refresh(sources: [space.corpus])
        try space.write("two.txt", "标题二\n江苏省的梨也丰收了。\n")
        // A folder where the temporary ledger goes makes its creation fail, as a full disk would its writing.
        try FileManager.default.createDirectory(at: space.indexFolder.appendingPathComponent("sources.ledger.tmp"),
                                                withIntermediateDirectories: true)
        #expect {
            _ = try index.refresh(sources: [space.corpus])
        } throws: { error in
            let text = String(describing: error)
            return text.contains("sources.ledger") && text.contains("committed and complete") && text.contains("bytes")
        }
        #expect(try index.reader().documentCount == 2, "the commit stands")
    }

    /// A file that shrinks between listing and reading gives a warning, never a crash.
    @Test func aFileThatChangesWhileReadGivesAWarning() throws {
        var space = try Workspace()
        defer { space.remove() }
        try space.write("one.txt", "标题\n宿迁市泗阳县的苹果丰收了。\n")
        let listed = try CorpusReader().sourceFiles(in: [space.corpus]).files
        try Data("短".utf8).write(to: space.corpus.appendingPathComponent("one.txt"))
        let bytes = try CorpusReader().readSource(listed[0])
        #expect(bytes.data.count == 3)
        #expect(bytes.warning?.message.contains("changed while it was read") == true)
    }
}

/// Progress moves while a file is read: bytes and articles are reported before the end, not only after it.
@Suite struct RefreshProgressTests {
    @Test func progressReportsBytesAndArticlesAsTheyAreRead() throws {
        guard let toolkit = RefreshTests.toolkit else { Issue.record("Dictionaries/ not loadable"); return }
        var space = try RefreshTests.Workspace()
        defer { space.remove() }
        var rng = SplitMix64(seed: 9)
        let records = (0..<3000).map { RefreshTests.record("p\($0)", &rng) }
        try space.write("big.jsonl", records.joined(separator: "\n") + "\n")
        for number in 0..<20 { try space.write("f\(number).txt", RefreshTests.article(&rng, footer: false, header: false)) }
        var events: [RefreshProgress] = []
        let index = CorpusIndex(directory: space.indexFolder, toolkit: toolkit)
        _ = try index.refresh(sources: [space.corpus], progress: { events.append($0) })
        let total = events.last?.totalBytes ?? 0
        let midway = events.filter { $0.bytesDone > 0 && $0.bytesDone < total && $0.articles > 0 && $0.articles < 3020 }
        #expect(midway.count >= 5, "progress moved \(midway.count) times before the end")
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.bytesDone <= $1.bytesDone && $0.articles <= $1.articles })
        #expect(events.last?.bytesDone == total && events.last?.articles == 3020)
    }
}
