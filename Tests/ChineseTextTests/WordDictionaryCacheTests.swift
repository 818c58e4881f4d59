import Foundation
import Testing
import JiansuoTestSupport
@testable import ChineseText

/// The word dictionary read from its mapped cache file answers exactly as the one it was built from; a
/// damaged, truncated or foreign file is detected (at open for its header, at first use for its tables) and the
/// dictionary built again, with the same answers.
@Suite struct WordDictionaryCacheTests {
    static let wordList = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Dictionaries/words.txt")

    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-words-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Counts calls from a `@Sendable` build closure.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func increment() { lock.lock(); value += 1; lock.unlock() }
        var count: Int { lock.lock(); defer { lock.unlock() }; return value }
    }

    /// `dictionary` written in its cache form to a file in `folder` and mapped back (its tables unchecked yet).
    static func mappedCopy(of dictionary: WordDictionary, in folder: URL, name: String = "copy.bin",
                           rebuild: @escaping @Sendable () -> WordDictionary = { WordDictionary() }) throws -> WordDictionary {
        let file = folder.appendingPathComponent(name)
        try Data(dictionary.cacheForm()).write(to: file)
        let mapped = try #require(MappedFile(path: file.path))
        return try #require(WordDictionary(cacheFile: mapped, rebuild: rebuild))
    }

    static let sampleText = "京东集团在宿迁市泗阳县投资超过6200亿元，克林顿访问中国，实现现代化，2000年12月。鄉村振興，c#与B超，华为技术有限公司"

    @Test func quickHashIsXXH64() {
        func hash(_ text: String) -> UInt64 { Array(text.utf8).withUnsafeBytes { ContentHash.quick($0) } }
        #expect(hash("") == 0xEF46_DB37_51D8_E999)
        #expect(hash("abc") == 0x44BC_2CF5_AD77_0999)
        #expect(hash("Nobody inspects the spammish repetition") == 0xFBCE_A83C_8A37_8BF1)
    }

    @Test func mappedDictionaryAnswersAsTheBuiltOne() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let parsed = try WordDictionary.load(contentsOf: Self.wordList).adding(["宿迁市", "泗阳县", "京东集团"])
        let loaded = try Self.mappedCopy(of: parsed, in: folder)
        #expect(loaded.isMapped)
        // The header alone answers the fingerprints, before the tables are checked.
        #expect(loaded.fingerprint == parsed.fingerprint)
        #expect(loaded.weightedFingerprint == parsed.weightedFingerprint)
        #expect(loaded.count == parsed.count && loaded.maxLength == parsed.maxLength)
        for word in ["京东集团", "宿迁市", "乡村振兴", "鄉村振興", "中华人民共和国", "京", "不是一个词语的串", ""] {
            #expect(loaded.contains(word) == parsed.contains(word), "\(word)")
            #expect(loaded.weight(of: word) == parsed.weight(of: word), "\(word)")
        }
        #expect(loaded.words == parsed.words)
        let model = Segmenter.defaultFrequency, total = Segmenter.minimumTotal
        #expect(loaded.logProbabilities(defaultFrequency: model, minimumTotal: total).words
            == parsed.logProbabilities(defaultFrequency: model, minimumTotal: total).words)
        #expect(loaded.logProbabilities(defaultFrequency: 5, minimumTotal: 100).words
            == parsed.logProbabilities(defaultFrequency: 5, minimumTotal: 100).words, "other parameters are computed")
        let a = try Segmenter(dictionary: parsed).segment(Self.sampleText).map(\.text)
        let b = try Segmenter(dictionary: loaded).segment(Self.sampleText).map(\.text)
        #expect(a == b)
        #expect(!a.isEmpty)
        #expect(try Segmenter(dictionary: loaded).fingerprint == Segmenter(dictionary: parsed).fingerprint)
        #expect(!loaded.wasRebuilt)
        let grown = loaded.adding(["新词语甲"])
        #expect(grown.contains("新词语甲") && grown.contains("京东集团") && !grown.isMapped)
        #expect(grown.fingerprint == parsed.adding(["新词语甲"]).fingerprint)
    }

    @Test func mappedDictionaryMatchesBruteForceOnRandomWords() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = SplitMix64(seed: 13)
        let alphabet = Array("京东宿迁乡村振兴华为中国山西")
        func randomWord(_ random: inout SplitMix64) -> String {
            String((0..<(1 + random.below(5))).map { _ in alphabet[random.below(alphabet.count)] })
        }
        var lines: [String] = []
        var weights: [String: Float] = [:]
        for _ in 0..<400 {
            let word = randomWord(&random)
            if random.below(2) == 0 {
                let weight = Float(1 + random.below(1000))
                lines.append("\(word)\t\(Int(weight))")
                weights[word] = max(weights[word] ?? 0, weight)
            } else {
                lines.append(word)
                weights[word] = weights[word] ?? 0
            }
        }
        let parsed = try WordDictionary.load(text: lines.joined(separator: "\n"), path: "random")
        let loaded = try Self.mappedCopy(of: parsed, in: folder)
        #expect(loaded.count == weights.count)
        for _ in 0..<2000 {
            let probe = randomWord(&random)
            let expected = weights[probe].map { $0 == 0 ? Float(1) : $0 }
            #expect(loaded.weight(of: probe) == expected, "\(probe)")
            #expect(loaded.contains(probe) == (expected != nil), "\(probe)")
            let scalars = Array(probe.unicodeScalars)
            let longest = (0...scalars.count).last { weights[String(String.UnicodeScalarView(scalars[0..<$0]))] != nil } ?? 0
            #expect(scalars.withUnsafeBufferPointer { loaded.longestMatch(in: $0, from: 0, to: $0.count) } == longest)
        }
        let text = (0..<200).map { _ in randomWord(&random) }.joined()
        #expect(try Segmenter(dictionary: loaded).segment(text).map(\.text) == Segmenter(dictionary: parsed).segment(text).map(\.text))
    }

    @Test func damagedOrForeignHeadersAreRefused() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let parsed = WordDictionary(words: ["京东", "宿迁", "乡村振兴"])
        let bytes = parsed.cacheForm()
        func opens(_ bytes: [UInt8]) throws -> Bool {
            let file = folder.appendingPathComponent("h.bin")
            try Data(bytes).write(to: file)
            guard let mapped = MappedFile(path: file.path) else { return false }
            return WordDictionary(cacheFile: mapped) { WordDictionary() } != nil
        }
        #expect(try opens(bytes))
        #expect(try !opens(Array(bytes.prefix(20))), "truncated inside the header")
        #expect(try !opens(Array(bytes.dropLast(64))), "truncated tables")
        #expect(try !opens(bytes + [0]), "trailing bytes")
        for offset in [0, 9, 8 + 8 * WordDictionary.HeaderField.count.rawValue, WordDictionary.headerSize - 1] {
            var damaged = bytes
            damaged[offset] ^= 0x04
            #expect(try !opens(damaged), "header byte \(offset)")
        }
        #expect(try !opens([]), "empty")
    }

    @Test func damagedTablesAreDetectedAtFirstUseAndBuiltAgain() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let parsed = try WordDictionary.load(contentsOf: Self.wordList)
        let file = folder.appendingPathComponent("t.bin")
        var bytes = parsed.cacheForm()
        bytes[WordDictionary.headerSize + (bytes.count - WordDictionary.headerSize) / 2] ^= 0x10
        try Data(bytes).write(to: file)
        let builds = Counter()
        let mapped = try #require(MappedFile(path: file.path))
        let loaded = try #require(WordDictionary(cacheFile: mapped) {
            builds.increment()
            return (try? WordDictionary.load(contentsOf: Self.wordList)) ?? WordDictionary()
        })
        #expect(builds.count == 0, "the tables are not checked before they are needed")
        #expect(loaded.fingerprint == parsed.fingerprint)
        let a = try Segmenter(dictionary: parsed).segment(Self.sampleText).map(\.text)
        #expect(try Segmenter(dictionary: loaded).segment(Self.sampleText).map(\.text) == a)
        #expect(loaded.wasRebuilt && builds.count == 1)
        #expect(loaded.contains("乡村振兴") == parsed.contains("乡村振兴"))
        #expect(loaded.words == parsed.words)
        #expect(builds.count == 1, "built once")
    }

    @Test func cachedReadsBackWhatItBuiltAndRebuildsWhenDamaged() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = DataCache(folder: folder)
        let builds = Counter()
        let words = ["京东", "宿迁", "乡村振兴", "京东集团"]
        let build: @Sendable () -> WordDictionary = { builds.increment(); return WordDictionary(words: words) }
        let first = WordDictionary.cached(key: "k", in: cache, build: build)
        let second = WordDictionary.cached(key: "k", in: cache, build: build)
        #expect(builds.count == 1, "the second call reads the cache")
        #expect(second.isMapped && second.fingerprint == first.fingerprint)
        #expect(second.contains("京东集团") && !second.contains("京东集"))
        let file = try #require(cache.file("words-v2-k.bin"))
        let good = try [UInt8](Data(contentsOf: file))

        // Damaged tables: opened, then built again at first use, and the file written again.
        var bytes = good
        bytes[bytes.count - 100] ^= 0x10
        try Data(bytes).write(to: file)
        let third = WordDictionary.cached(key: "k", in: cache, build: build)
        #expect(builds.count == 1 && third.fingerprint == first.fingerprint)
        #expect(third.contains("乡村振兴") && !third.contains("乡村"))
        #expect(builds.count == 2 && third.wasRebuilt, "a damaged file is built again")
        #expect(try [UInt8](Data(contentsOf: file)) == good, "and written again")

        // A damaged header or a truncated file: built again at once.
        bytes = good
        bytes[12] ^= 0x01
        try Data(bytes).write(to: file)
        let fourth = WordDictionary.cached(key: "k", in: cache, build: build)
        #expect(builds.count == 3 && !fourth.isMapped && fourth.contains("宿迁"))
        try Data(good.prefix(good.count / 2)).write(to: file)
        let fifth = WordDictionary.cached(key: "k", in: cache, build: build)
        #expect(builds.count == 4 && fifth.fingerprint == first.fingerprint && fifth.contains("宿迁"))
        #expect(try [UInt8](Data(contentsOf: file)) == good)

        let off = WordDictionary.cached(key: "k", in: DataCache(folder: nil)) { builds.increment(); return WordDictionary() }
        #expect(builds.count == 5 && off.count == 0, "no cache folder: always built")
    }

    @Test func tablesThatCannotBeBuiltAgainLeaveTheOverlayEmpty() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = DataCache(folder: folder)
        _ = WordDictionary.cached(key: "e", in: cache) { WordDictionary(words: ["京东", "宿迁"]) }
        let file = try #require(cache.file("words-v2-e.bin"))
        var bytes = try [UInt8](Data(contentsOf: file))
        bytes[bytes.count - 1] ^= 0x01
        try Data(bytes).write(to: file)
        struct Failure: Error {}
        let loaded = try WordDictionary.cached(key: "e", in: cache) { throw Failure() }
        #expect(!loaded.contains("京东"), "the words are gone, not wrong")
        #expect(try Segmenter(dictionary: loaded).segment("京东宿迁").count > 0)
        #expect(!FileManager.default.fileExists(atPath: file.path), "and the damaged file is removed")
    }

    @Test func writingPrunesStaleFilesOfTheSameFamilyOnly() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = DataCache(folder: folder)
        let old = Date().addingTimeInterval(-DataCache.staleAge - 3600)
        for name in ["words-v2-old.bin", "words-v2-recent.bin", "words-v1-old.bin", "normalization-v1-x.bin"] {
            try Data([1, 2, 3]).write(to: folder.appendingPathComponent(name))
        }
        for name in ["words-v2-old.bin", "words-v1-old.bin", "normalization-v1-x.bin"] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: folder.appendingPathComponent(name).path)
        }
        _ = WordDictionary.cached(key: "new", in: cache) { WordDictionary(words: ["京东"]) }
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        #expect(left == ["words-v2-new.bin", "words-v2-recent.bin", "normalization-v1-x.bin"])
    }
}
