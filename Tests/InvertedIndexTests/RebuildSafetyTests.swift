import Foundation
import Testing
import ChineseText
@testable import InvertedIndex
import JiansuoTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Rebuilds and first builds are made aside and published by one atomic commit: a fault at any
/// point of the writer leaves the old index (or none), never an empty or half-made one, and the
/// next writer removes what the unfinished build left.
@Suite(.serialized) struct RebuildSafetyTests {
    static let childVariable = "JIANSUO_REBUILD_FAULT_CHILD"
    static let childModeVariable = "JIANSUO_REBUILD_FAULT_MODE"

    /// The index before the rebuild (60 documents).
    static func oldDocs() -> [IndexDocument] {
        var rng = SplitMix64(seed: 901)
        return ExactSearchTests.randomDocs(&rng, count: 60, prefix: "o")
    }

    /// The rebuild's final documents (40), and the adds that lead there: every document is added,
    /// then some are re-added (leaving dead copies, hence a delete bitmap); with `heavy`, all are
    /// re-added twice, so the new segment is mostly dead and is rewritten by a merge in the commit.
    static func rebuildOps(heavy: Bool) -> (final: [IndexDocument], adds: [IndexDocument]) {
        var rng = SplitMix64(seed: 902)
        let first = ExactSearchTests.randomDocs(&rng, count: 40, prefix: "n")
        var adds = first
        var final = first
        let rounds = heavy ? 2 : 1
        for round in 1...rounds {
            for (i, d) in first.enumerated() where heavy || i % 8 == 0 {
                var changed = d
                changed.text = ExactSearchTests.randomText(&rng, maxLength: 60)
                changed.contentHash = "\(d.contentHash)-r\(round)"
                adds.append(changed)
                final[i] = changed
            }
        }
        return (final, adds)
    }

    /// Runs a rebuild (adds, then one commit) on `writer`.
    static func runRebuild(_ writer: IndexWriter, heavy: Bool) throws {
        writer.batchSize = 8
        for d in rebuildOps(heavy: heavy).adds { try writer.add(d) }
        try writer.commit()
    }

    /// Index files (segments, commits, temporaries) in `dir`.
    static func indexFiles(_ dir: URL) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("seg_") || $0.hasPrefix(Commit.prefix) })
    }

    /// The points at or after which the new commit is in place.
    static let published: Set<WriterFaultPoint> = [.afterManifestRename, .beforeOldFilesDeleted, .afterFirstOldFileDeleted]

    /// Whether a rebuild reaches `point` (a first build has no old file to delete).
    static func reaches(_ point: WriterFaultPoint, firstBuild: Bool) -> Bool {
        !(firstBuild && point == .afterFirstOldFileDeleted)
    }

    /// Checks the folder after a fault at `point`: the old index (or none) before the new commit is
    /// in place, the complete new one after; never an empty one. Then the next rebuild must clean up.
    static func expectSoundAfterFault(_ dir: URL, point: WriterFaultPoint, old: [IndexDocument]?,
                                      before: IndexReader?, _ context: String) throws {
        let new = rebuildOps(heavy: point == .afterMergeWrite).final
        let expected: [IndexDocument]? = published.contains(point) ? new : old
        if let expected {
            #expect(Index.exists(at: dir), "\(context): an index exists")
            let reader = try Index.open(at: dir).reader()
            #expect(reader.documentCount == expected.count, "\(context): count")
            #expect(try reader.documentHashes() == Dictionary(uniqueKeysWithValues: expected.map { ($0.id, $0.contentHash) }), "\(context): documents")
            #expect(Index.check(at: dir).isEmpty, "\(context): check")
            try expectMatchesOracle(reader, expected, queries: ["国", "乡村", "a"], context)
        } else {
            #expect(!Index.exists(at: dir), "\(context): an unfinished first build is no index")
            #expect(throws: IndexError.noIndex(directory: dir.path)) { _ = try Index.open(at: dir) }
            #expect(!Index.check(at: dir).isEmpty, "\(context): check reports that there is no index")
        }
        if let before, let old {
            #expect(before.documentCount == old.count, "\(context): a reader opened before the rebuild keeps the old index")
            try expectMatchesOracle(before, old, queries: ["国", "a"], "\(context), old reader")
        }
        if !published.contains(point) {
            let named = expected == nil ? [] : try Commit.latest(dir).fileNames
            #expect(!(try indexFiles(dir).subtracting(named)).isEmpty, "\(context): the unfinished build left files")
        }

        // The next rebuild removes the leftovers as it starts, and succeeds.
        let next = try Index.rebuilding(at: dir)
        let kept = expected == nil ? [] : try Commit.latest(dir).fileNames
        #expect(try indexFiles(dir) == kept, "\(context): leftovers removed when the next writer opens")
        var rng = SplitMix64(seed: 903)
        let again = ExactSearchTests.randomDocs(&rng, count: 30, prefix: "r")
        for d in again { try next.add(d) }
        try next.commit()
        next.close()
        let reader = try Index.open(at: dir).reader()
        #expect(reader.documentCount == 30, "\(context): the next rebuild succeeds")
        #expect(try indexFiles(dir) == Commit.latest(dir).fileNames, "\(context): only the new commit's files remain")
        #expect(Index.check(at: dir).isEmpty, "\(context): check after the next rebuild")
    }

    @Test func aReaderKeepsTheOldIndexDuringAndAfterAnAbandonedRebuild() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let old = Self.oldDocs()
        let index = try buildIndex(old, at: dir, commits: 2)
        let before = try index.reader()
        let writer = try Index.rebuilding(at: dir)
        #expect(writer.documentCount == 0 && writer.documentHashes().isEmpty, "a rebuild starts empty")
        #expect(writer.hasChanges, "an empty rebuild still has a commit to make")
        writer.batchSize = 8
        for d in Self.rebuildOps(heavy: false).adds { try writer.add(d) }
        // During the rebuild: old and new readers see the old index, and no second writer can open.
        #expect(try index.reader().documentCount == old.count)
        #expect(before.documentCount == old.count)
        #expect(throws: IndexError.locked(directory: dir.path, holderPID: getpid())) { _ = try index.writer() }
        #expect(throws: IndexError.locked(directory: dir.path, holderPID: getpid())) { _ = try Index.rebuilding(at: dir) }
        writer.close()
        #expect(try index.reader().documentCount == old.count)
        #expect(before.documentCount == old.count)
        #expect(index.check().isEmpty)

        // A completed rebuild replaces it in one step; the old reader keeps its snapshot.
        let again = try Index.rebuilding(at: dir)
        try Self.runRebuild(again, heavy: false)
        again.close()
        let new = Self.rebuildOps(heavy: false).final
        #expect(try index.reader().documentCount == new.count)
        try expectMatchesOracle(try index.reader(), new, queries: ["国", "乡村", "a"], "rebuilt")
        try expectMatchesOracle(before, old, queries: ["国", "乡村", "a"], "old snapshot")
        #expect(try Self.indexFiles(dir) == Commit.latest(dir).fileNames, "old segments are gone")
    }

    @Test func aRebuildReplacesAnIndexOfAnotherAnalyserOrWithDamagedFiles() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let other = Analyzer(dictionary: WordDictionary(words: ["乡村振兴"]))
        let index = try Index.create(at: dir, analyzer: other)
        let w = try index.writer()
        for d in Self.oldDocs() { try w.add(d) }
        try w.commit()
        w.close()
        // Damage every file of the old index: the rebuild must not need to read any of it.
        for name in try Self.indexFiles(dir) {
            let url = dir.appendingPathComponent(name)
            var bytes = [UInt8](try Data(contentsOf: url))
            bytes[bytes.count / 2] ^= 0x33
            try Data(bytes).write(to: url)
        }
        let writer = try Index.rebuilding(at: dir, analyzer: Analyzer())
        try Self.runRebuild(writer, heavy: false)
        writer.close()
        #expect(try Index.open(at: dir, analyzer: Analyzer()).reader().documentCount == 40)
        #expect(Index.check(at: dir).isEmpty)
    }

    @Test func anEmptyBuildStillCommitsACompleteEmptyIndex() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(!Index.exists(at: dir))
        let writer = try Index.rebuilding(at: dir)
        #expect(writer.generation == 0)
        #expect(!Index.exists(at: dir), "nothing is published before the commit")
        let summary = try writer.commit()
        writer.close()
        #expect(summary.documentCount == 0)
        #expect(Index.exists(at: dir))
        #expect(try Index.open(at: dir).reader().documentCount == 0)
        #expect(Index.check(at: dir).isEmpty)
        #expect(throws: IndexError.alreadyExists(directory: dir.path)) { _ = try Index.create(at: dir) }
    }

    @Test func createOverAnUnfinishedBuildRemovesItsFiles() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try Index.rebuilding(at: dir)
        writer.fault = WriterFault(.beforeManifestWrite)
        #expect(throws: IndexError.injectedFault(point: "beforeManifestWrite")) { try Self.runRebuild(writer, heavy: false) }
        #expect(!(try Self.indexFiles(dir)).isEmpty)
        #expect(!Index.exists(at: dir))
        let index = try Index.create(at: dir)
        #expect(try Self.indexFiles(dir) == Commit.latest(dir).fileNames)
        let w = try index.writer()
        for d in Self.oldDocs() { try w.add(d) }
        try w.commit()
        w.close()
        #expect(try index.reader().documentCount == 60)
        #expect(index.check().isEmpty)
    }

    @Test(arguments: WriterFaultPoint.allCases)
    func aFaultDuringARebuildLeavesTheOldIndex(_ point: WriterFaultPoint) throws {
        let dir = temporaryDirectory("rebuild\(point.rawValue)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let old = Self.oldDocs()
        let index = try buildIndex(old, at: dir, commits: 2)
        let before = try index.reader()
        let writer = try Index.rebuilding(at: dir)
        writer.fault = WriterFault(point)
        #expect(throws: IndexError.injectedFault(point: point.rawValue), "\(point) is reached") {
            try Self.runRebuild(writer, heavy: point == .afterMergeWrite)
        }
        #expect(throws: IndexError.writerClosed, "a fault closes the writer") { try writer.add(old[0]) }
        try Self.expectSoundAfterFault(dir, point: point, old: old, before: before, "rebuild, \(point)")
    }

    @Test(arguments: WriterFaultPoint.allCases)
    func aFaultDuringAFirstBuildLeavesNoIndex(_ point: WriterFaultPoint) throws {
        let dir = temporaryDirectory("first\(point.rawValue)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try Index.rebuilding(at: dir)
        writer.fault = WriterFault(point)
        if Self.reaches(point, firstBuild: true) {
            #expect(throws: IndexError.injectedFault(point: point.rawValue), "\(point) is reached") {
                try Self.runRebuild(writer, heavy: point == .afterMergeWrite)
            }
            try Self.expectSoundAfterFault(dir, point: point, old: nil, before: nil, "first build, \(point)")
        } else {
            try Self.runRebuild(writer, heavy: false)
            writer.close()
            #expect(try Index.open(at: dir).reader().documentCount == 40)
        }
    }

    @Test func theFaultVariableNamesAPointOrNothing() {
        #expect(WriterFault.fromEnvironment([:]) == nil)
        #expect(WriterFault.fromEnvironment([WriterFault.environmentVariable: "nowhere"]) == nil)
        for point in WriterFaultPoint.allCases {
            #expect(WriterFault.fromEnvironment([WriterFault.environmentVariable: point.rawValue]) == WriterFault(point, action: .kill))
        }
    }

    /// The child: a rebuild (or first build) of the folder its parent names, killed by
    /// $JIANSUO_FAULT_AT before it ends.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[childVariable] != nil))
    func faultChildWorker() throws {
        let env = ProcessInfo.processInfo.environment
        guard let path = env[Self.childVariable], let name = env[WriterFault.environmentVariable] else { return }
        let writer = try Index.rebuilding(at: URL(fileURLWithPath: path))
        #expect(writer.fault == WriterFault.fromEnvironment())
        try Self.runRebuild(writer, heavy: name == WriterFaultPoint.afterMergeWrite.rawValue)
        writer.close()
    }

    /// Every point for a rebuild; for a first build, one point before the commit file, one while it
    /// is a temporary and one after its rename (the in-process tests cover every point of both).
    @Test(.enabled(if: ProcessInfo.processInfo.environment[childVariable] == nil), arguments: [false, true])
    func sigkillAtEachPointLeavesTheOldIndexOrNone(firstBuild: Bool) throws {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let points: [WriterFaultPoint] = firstBuild ? [.afterSegmentFlush, .beforeManifestRename, .afterManifestRename] : WriterFaultPoint.allCases
        for point in points {
            let dir = temporaryDirectory("kill\(point.rawValue)")
            defer { try? FileManager.default.removeItem(at: dir) }
            let old: [IndexDocument]? = firstBuild ? nil : Self.oldDocs()
            let before = try old.map { docs in try buildIndex(docs, at: dir, commits: 2).reader() }
            let child = Process()
            child.executableURL = exe
            child.arguments = ["--testing-library", "swift-testing", "--filter", "faultChildWorker"]
            var env = ProcessInfo.processInfo.environment
            env[Self.childVariable] = dir.path
            env[WriterFault.environmentVariable] = point.rawValue
            child.environment = env
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            try child.run()
            child.waitUntilExit()
            let context = "\(firstBuild ? "first build" : "rebuild"), SIGKILL at \(point)"
            guard Self.reaches(point, firstBuild: firstBuild) else {
                #expect(child.terminationReason == .exit && child.terminationStatus == 0, "\(context): the child finished")
                continue
            }
            #expect(child.terminationReason == .uncaughtSignal && child.terminationStatus == SIGKILL, "\(context): the child was killed there")
            try Self.expectSoundAfterFault(dir, point: point, old: old, before: before, context)
        }
    }
}

/// A writer verifies the files it derives new ones from: damage is reported, naming the file,
/// instead of being rewritten under a fresh checksum.
@Suite struct WriterVerificationTests {
    /// An index of 120 documents over two commits, with deletions (so a delete bitmap exists).
    static func indexWithDeletions(_ dir: URL) throws -> (Index, [IndexDocument]) {
        var rng = SplitMix64(seed: 904)
        let docs = ExactSearchTests.randomDocs(&rng, count: 120)
        let index = try buildIndex(docs, at: dir, commits: 2)
        let w = try index.writer()
        for id in ["d3", "d17", "d90"] { try w.delete(id: id) }
        try w.commit()
        w.close()
        #expect(index.check().isEmpty)
        return (index, docs)
    }

    /// Changes one payload byte of `name`, the middle one unless `at` is given (header and footer
    /// stay intact, so only the checksum can tell).
    static func damage(_ dir: URL, _ name: String, at: Int? = nil, to value: UInt8? = nil) throws {
        let url = dir.appendingPathComponent(name)
        var bytes = [UInt8](try Data(contentsOf: url))
        let at = at ?? (FileFormat.headerSize + (bytes.count - FileFormat.headerSize - FileFormat.footerSize) / 2)
        bytes[at] = value ?? bytes[at] ^ 0x01
        try Data(bytes).write(to: url)
    }

    static func expectWriterRefuses(_ index: Index, naming name: String) {
        do {
            let w = try index.writer()
            w.close()
            Issue.record("a writer opened over damaged \(name)")
        } catch {
            if case .corrupt(let file, _, _) = error { #expect(file == name) } else { Issue.record("unexpected \(error)") }
            #expect("\(error)".contains(name) && "\(error)".contains("jiansuo index --rebuild"), "\(error)")
        }
        #expect(index.check().contains { $0.file == name }, "check names \(name)")
    }

    @Test func aDamagedDeleteBitmapStopsTheWriter() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Self.indexWithDeletions(dir)
        let bitmaps = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".del") }
        #expect(!bitmaps.isEmpty)
        for name in bitmaps {
            let copy = temporaryDirectory("bitmap")
            defer { try? FileManager.default.removeItem(at: copy) }
            for n in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
                try FileManager.default.copyItem(at: dir.appendingPathComponent(n), to: copy.appendingPathComponent(n))
            }
            try Self.damage(copy, name)
            let damaged = Index(directory: copy, analyzer: Analyzer())
            Self.expectWriterRefuses(damaged, naming: name)
            // The damaged file was not rewritten: check still names it.
            #expect(damaged.check().contains { $0.file == name })
            // A rebuild replaces the damaged index.
            let rebuild = try Index.rebuilding(at: copy)
            try rebuild.add(IndexDocument(id: "x", title: "乡村", text: "振兴"))
            try rebuild.commit()
            rebuild.close()
            #expect(damaged.check().isEmpty)
            #expect(try damaged.reader().documentCount == 1)
        }
    }

    @Test func aDamagedDocumentIdStopsTheWriter() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (index, _) = try Self.indexWithDeletions(dir)
        let stores = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".store") }.sorted()
        #expect(!stores.isEmpty)
        var damagedOne = false
        for name in stores {
            // Turn the id "d42" (a length byte 3, then the id) into "d4Z", an id no document has.
            let needle: [UInt8] = [3] + Array("d42".utf8)
            let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(name)))
            guard let at = (0...(bytes.count - needle.count)).first(where: { Array(bytes[$0..<($0 + needle.count)]) == needle }) else { continue }
            try Self.damage(dir, name, at: at + 3, to: UInt8(ascii: "Z"))
            damagedOne = true
            Self.expectWriterRefuses(index, naming: name)
        }
        #expect(damagedOne, "some segment holds d42")
    }
}
