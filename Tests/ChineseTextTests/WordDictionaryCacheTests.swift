import Foundation
import Testing
@testable import ChineseText

/// The word dictionary read back from its binary form segments exactly as the parsed one; the cache
/// returns nothing for damaged files and the dictionary is built again.
@Suite struct WordDictionaryCacheTests {
    static let wordList = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Dictionaries/words.txt")

    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-words-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func binaryFormRoundTripsAndSegmentsTheSame() throws {
        let parsed = try WordDictionary.load(contentsOf: Self.wordList).adding(["宿迁市", "泗阳县", "京东集团"])
        let bytes = parsed.binaryForm()
        let loaded = try #require(bytes.withUnsafeBytes { WordDictionary(binaryForm: $0) })
        #expect(loaded.fingerprint == parsed.fingerprint)
        #expect(loaded.weightedFingerprint == parsed.weightedFingerprint)
        #expect(loaded.count == parsed.count && loaded.maxLength == parsed.maxLength)
        let text = "京东集团在宿迁市泗阳县投资超过6200亿元，克林顿访问中国，实现现代化，2000年12月。鄉村振興"
        let a = try Segmenter(dictionary: parsed).segment(text).map(\.text)
        let b = try Segmenter(dictionary: loaded).segment(text).map(\.text)
        #expect(a == b)
        #expect(!a.isEmpty)
    }

    @Test func damagedOrForeignBytesAreRefused() throws {
        let parsed = WordDictionary(words: ["京东", "宿迁", "乡村振兴"])
        var bytes = parsed.binaryForm()
        #expect(bytes.withUnsafeBytes { WordDictionary(binaryForm: $0) } != nil)
        #expect(Array(bytes.prefix(20)).withUnsafeBytes { WordDictionary(binaryForm: $0) } == nil, "truncated")
        bytes[0] ^= 0xFF
        #expect(bytes.withUnsafeBytes { WordDictionary(binaryForm: $0) } == nil, "wrong magic")
    }

    @Test func cachedReadsBackWhatItBuiltAndRebuildsWhenDamaged() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = DataCache(folder: folder)
        var builds = 0
        let first = WordDictionary.cached(key: "k", in: cache) { builds += 1; return WordDictionary(words: ["京东", "宿迁"]) }
        let second = WordDictionary.cached(key: "k", in: cache) { builds += 1; return WordDictionary() }
        #expect(builds == 1, "the second call reads the cache")
        #expect(second.fingerprint == first.fingerprint)
        let file = try #require(cache.file("words-v1-k.bin"))
        var bytes = try [UInt8](Data(contentsOf: file))
        bytes[bytes.count / 2] ^= 0x10
        try Data(bytes).write(to: file)
        let third = WordDictionary.cached(key: "k", in: cache) { builds += 1; return WordDictionary(words: ["京东", "宿迁"]) }
        #expect(builds == 2, "a damaged file is built again")
        #expect(third.fingerprint == first.fingerprint)
        let off = WordDictionary.cached(key: "k", in: DataCache(folder: nil)) { builds += 1; return WordDictionary() }
        #expect(builds == 3 && off.count == 0, "no cache folder: always built")
    }

    @Test func writingPrunesStaleFilesOfTheSameFamilyOnly() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = DataCache(folder: folder)
        let old = Date().addingTimeInterval(-DataCache.staleAge - 3600)
        for name in ["words-v1-old.bin", "words-v1-recent.bin", "normalization-v1-x.bin"] {
            try Data([1, 2, 3]).write(to: folder.appendingPathComponent(name))
        }
        for name in ["words-v1-old.bin", "normalization-v1-x.bin"] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: folder.appendingPathComponent(name).path)
        }
        _ = WordDictionary.cached(key: "new", in: cache) { WordDictionary(words: ["京东"]) }
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        #expect(left == ["words-v1-new.bin", "words-v1-recent.bin", "normalization-v1-x.bin"])
    }
}
