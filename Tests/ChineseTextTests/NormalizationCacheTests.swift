import Foundation
import Testing
@testable import ChineseText

/// The normalisation table read from the cache is the table ICU builds; a damaged or missing cache is rebuilt.
@Suite struct NormalizationCacheTests {
    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func cachedTableEqualsTheBuiltOne() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = NormalizationCache(folder: folder)
        #expect(cache.load() == nil)
        let built = cache.table()
        let file = try #require(cache.file)
        #expect(FileManager.default.fileExists(atPath: file.path), "the first use writes the cache")
        let loaded = try #require(cache.load())
        #expect(loaded.entries == built.entries)
        #expect(loaded.pool == built.pool)
        #expect(loaded.hasTraditionalToSimplified == built.hasTraditionalToSimplified)
        #expect(loaded.entries == NormalizationTable.shared.entries)
    }

    @Test func damagedCacheIsRebuiltAndRewritten() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = NormalizationCache(folder: folder)
        let built = cache.table()
        let file = try #require(cache.file)
        var bytes = try [UInt8](Data(contentsOf: file))
        bytes[bytes.count / 3] ^= 0x40
        try Data(bytes).write(to: file)
        #expect(cache.load() == nil, "a damaged cache is not read")
        #expect(cache.table().entries == built.entries)
        #expect(cache.load()?.entries == built.entries, "and it is written again")
        try Data(bytes.prefix(100)).write(to: file)
        #expect(cache.load() == nil, "a truncated cache is not read")
    }

    @Test func traditionalToSimplifiedAvailabilityAgreesWithICU() {
        // Read from the cached table when there is one; the fingerprint must say what opening ICU's transform says.
        #expect(NormalizationTable.traditionalToSimplifiedAvailable == NormalizationTable.openTraditionalToSimplified())
        #expect(NormalizationTable.shared.hasTraditionalToSimplified == NormalizationTable.traditionalToSimplifiedAvailable)
    }

    @Test func foreignOrOldFilesAreNotRead() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = NormalizationCache(folder: folder)
        let file = try #require(cache.file)
        try Data("JSNORM01".utf8 + [UInt8](repeating: 0, count: 64)).write(to: file)
        #expect(cache.load() == nil)
        _ = cache.table()
        var bytes = try [UInt8](Data(contentsOf: file))
        bytes[8] = 2  // the Traditional-Simplified flag must be 0 or 1
        try Data(bytes).write(to: file)
        #expect(cache.load() == nil)
    }

    @Test func cacheFolderComesFromTheEnvironment() {
        #expect(NormalizationCache(environment: ["JIANSUO_CACHE": "off", "HOME": "/h"]).folder == nil)
        #expect(NormalizationCache(environment: ["JIANSUO_CACHE": "/c"]).folder?.path == "/c")
        #expect(NormalizationCache(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]).folder?.path == "/x/jiansuo")
        #expect(NormalizationCache(environment: ["HOME": "/h"]).folder?.path == "/h/.cache/jiansuo")
        #expect(NormalizationCache(environment: [:]).folder == nil)
        #expect(NormalizationCache(folder: nil).file == nil)
    }
}
