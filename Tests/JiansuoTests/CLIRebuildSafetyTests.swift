import Foundation
import Jiansuo
import Testing

/// End-to-end: a `jiansuo index --rebuild` or a first build killed at any step of the writer (a test hook,
/// `JIANSUO_FAULT_AT`, makes the process SIGKILL itself there) leaves the old index, complete, or none, which the
/// next command builds; never an empty index. One over-long article is cut and indexed, not fatal to the run.
@Suite(.serialized) struct CLIRebuildSafetyTests {
    static func count(_ query: String, in folder: URL) throws -> (status: Int32, count: Int?, stderr: String) {
        let result = try CLIRunner.run(["search", query, "--count"], in: folder)
        return (result.status, Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), result.stderr)
    }

    /// Every point is covered in-process and by SIGKILL in InvertedIndexTests; here the CLI, at the points
    /// before, at and after the switch to the new commit.
    @Test(arguments: [WriterFaultPoint.afterSegmentFlush, .beforeManifestRename, .afterManifestRename, .beforeOldFilesDeleted])
    func killedRebuildLeavesTheOldIndexComplete(point: WriterFaultPoint) throws {
        let folder = try CLISearchTests.corpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = folder.appendingPathComponent("Corpus/.jiansuo").path
        let built = try CLIRunner.run(["index", "Corpus", "--quiet"], in: folder)
        #expect(built.status == 0, "\(built.stderr)")
        let before = try Self.count("的", in: folder)
        #expect(before.count == 5)

        let killed = try CLIRunner.run(["index", "Corpus", "--rebuild", "--quiet"], in: folder,
                                       environment: ["JIANSUO_FAULT_AT": point.rawValue])
        #expect(killed.signalled || killed.status == 0, "\(point): \(killed.stderr)")
        let check = try CLIRunner.run(["check", "--index", index], in: folder)
        #expect(check.status == 0, "\(point): check after the kill: \(check.stdout) \(check.stderr)")
        let after = try Self.count("的", in: folder)
        #expect(after.status == 0 && after.count == 5, "\(point): the index after the kill has \(String(describing: after.count))")
        let again = try CLIRunner.run(["index", "Corpus", "--rebuild", "--quiet"], in: folder)
        #expect(again.status == 0 && !again.signalled, "\(point): \(again.stderr)")
        #expect(try Self.count("乡村振兴", in: folder).count == 5)
    }

    @Test(arguments: [WriterFaultPoint.afterSegmentFlush, .beforeManifestWrite, .beforeManifestRename])
    func killedFirstBuildIsBuiltAgainNotServedEmpty(point: WriterFaultPoint) throws {
        let folder = try CLISearchTests.corpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let killed = try CLIRunner.run(["search", "乡村振兴", "--count"], in: folder,
                                       environment: ["JIANSUO_FAULT_AT": point.rawValue])
        #expect(killed.signalled, "\(point): the first build should have been killed: \(killed.stderr)")
        let next = try Self.count("乡村振兴", in: folder)
        #expect(next.status == 0 && next.count == 5, "\(point): \(next.stderr)")
        #expect(next.stderr.contains("building the index"), "the unfinished build is recognised and built again")
    }

    @Test func anOverLongArticleIsCutAndTheRestIndexed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-long-\(UUID().uuidString)")
        let corpus = folder.appendingPathComponent("news")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sentence = "长江经济带生态环境保护发生了转折性变化。"
        let long = "超长文章\n" + String(repeating: sentence, count: 4_300_000 / sentence.unicodeScalars.count) + "结尾标记"
        try Data(long.utf8).write(to: corpus.appendingPathComponent("long.txt"))
        try Data("普通文章\n宿迁市泗阳县的苹果丰收了。\n".utf8).write(to: corpus.appendingPathComponent("short.txt"))
        let index = folder.appendingPathComponent("index").path
        let built = try CLIRunner.run(["index", corpus.path, "--index", index], in: folder)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stderr.contains("long.txt") && built.stderr.contains("only its first"))
        let found = try CLIRunner.run(["search", "转折性变化", "--count", "--index", index], in: folder)
        #expect(found.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        let short = try CLIRunner.run(["search", "苹果", "--count", "--index", index], in: folder)
        #expect(short.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        let cut = try CLIRunner.run(["search", "结尾标记", "--count", "--index", index], in: folder)
        #expect(cut.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "the part past the limit is not indexed")
    }
}
