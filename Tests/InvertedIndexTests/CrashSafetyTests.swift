import Foundation
import ChineseText
import Testing
@testable import InvertedIndex
import JiansuoTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Crash safety: a child process (this test binary, re-invoked with an environment variable) runs
/// large refreshes and is killed with SIGKILL at random moments; the index must always open at a
/// complete commit and search correctly.
@Suite(.serialized) struct CrashSafetyTests {
    static let childVariable = "JIANSUO_INDEX_CRASH_CHILD"
    static let seedVariable = "JIANSUO_INDEX_CRASH_SEED"

    /// The operations of one refresh round of child `seed`: upserts (document) and deletes (nil).
    static func roundOps(seed: UInt64, round: Int) -> [(id: String, doc: IndexDocument?)] {
        var rng = SplitMix64(seed: seed &* 1_000_003 &+ UInt64(round))
        return (0..<150).map { op in
            let id = "c\(rng.next() % 400)"
            if rng.next() % 5 == 0 { return (id, nil) }
            let doc = IndexDocument(id: id, title: ExactSearchTests.randomText(&rng, maxLength: 10),
                                    text: ExactSearchTests.randomText(&rng, maxLength: 300),
                                    date: "2023-0\(1 + round % 9)-01", contentHash: "s\(seed)r\(round)o\(op)")
            return (id, doc)
        }
    }

    static func apply(_ ops: [(id: String, doc: IndexDocument?)], to state: inout [String: IndexDocument]) {
        for op in ops { state[op.id] = op.doc }
    }

    /// The child: refresh rounds until killed (or 300 rounds).
    @Test(.enabled(if: ProcessInfo.processInfo.environment[childVariable] != nil))
    func crashChildWorker() throws {
        let env = ProcessInfo.processInfo.environment
        guard let path = env[Self.childVariable], let seed = env[Self.seedVariable].flatMap(UInt64.init) else { return }
        let dir = URL(fileURLWithPath: path)
        let writer = try Index.open(at: dir).writer(memoryBudget: 2 << 20)
        writer.mergeFactor = 4
        writer.batchSize = 64
        // Build the normaliser's tables (lazy, and slow in a debug build) before signalling, so the
        // kill window covers refreshes rather than start-up.
        _ = DocumentAnalyzer(dictionary: WordDictionary()).scalars("鄉村")
        _ = FileManager.default.createFile(atPath: dir.appendingPathComponent("seg_started").path, contents: Data())
        for round in 0..<300 {
            for op in Self.roundOps(seed: seed, round: round) {
                if let d = op.doc { try writer.add(d) } else { try writer.delete(id: op.id) }
            }
            try writer.commit()
        }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment[childVariable] == nil))
    func sigkillDuringRefreshesLeavesACompleteCommit() throws {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SplitMix64(seed: 2024)
        let initial = ExactSearchTests.randomDocs(&rng, count: 200, prefix: "c")
        _ = try buildIndex(initial, at: dir)
        var state = Dictionary(uniqueKeysWithValues: initial.map { ($0.id, $0) })
        var killedMidway = 0
        var advanced = 0
        for attempt in 0..<20 {
            let seed = UInt64(attempt + 1)
            let marker = dir.appendingPathComponent("seg_started")
            try? FileManager.default.removeItem(at: marker)
            let child = Process()
            child.executableURL = exe
            child.arguments = ["--testing-library", "swift-testing", "--filter", "crashChildWorker"]
            var env = ProcessInfo.processInfo.environment
            env[Self.childVariable] = dir.path
            env[Self.seedVariable] = String(seed)
            child.environment = env
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            try child.run()
            // Wait until the child holds the writer and has committed a first refresh (however loaded the
            // machine), then kill it at a random moment of its refreshes.
            let deadline = Date().addingTimeInterval(60)
            while !FileManager.default.fileExists(atPath: marker.path) && child.isRunning && Date() < deadline { usleep(5_000) }
            let before = (try? Index.open(at: dir).reader(verifyChecksums: false).generation) ?? 0
            while child.isRunning && Date() < deadline,
                  ((try? Index.open(at: dir).reader(verifyChecksums: false).generation) ?? 0) <= before {
                usleep(2_000)
            }
            usleep(useconds_t(rng.next() % 300_000))
            let wasRunning = child.isRunning
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            if wasRunning { killedMidway += 1 }

            // The index opens (checksums verified) at one of the states the child committed.
            let index = try Index.open(at: dir)
            let reader = try index.reader()
            #expect(index.check().isEmpty, "attempt \(attempt): check")
            let hashes = try reader.documentHashes()
            var candidate = state
            var matched = candidate.mapValues(\.contentHash) == hashes
            var round = 0
            while !matched && round < 300 {
                Self.apply(Self.roundOps(seed: seed, round: round), to: &candidate)
                matched = candidate.mapValues(\.contentHash) == hashes
                round += 1
            }
            #expect(matched, "attempt \(attempt): the index is not at any complete commit")
            guard matched else { return }
            if round > 0 { advanced += 1 }
            state = candidate
            #expect(Dictionary(uniqueKeysWithValues: try reader.allDocuments().map { ($0.id, $0) }) == state)
            // And it searches correctly.
            let docs = Array(state.values)
            var queries: [String] = []
            for _ in 0..<15 {
                let n = ExactSearchTests.randomNeedle(&rng, docs)
                if !n.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) { queries.append(n) }
            }
            try expectMatchesOracle(reader, docs, queries: queries, "attempt \(attempt)")
        }
        #expect(killedMidway >= 15, "most kills must land while the child is refreshing")
        #expect(advanced >= 10, "most children must have committed some refreshes before the kill")
    }
}
