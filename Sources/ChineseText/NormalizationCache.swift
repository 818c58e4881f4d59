import Foundation

/// Keeps the normalisation table in the `DataCache`, so a process that normalises a few words does not spend
/// 0.15 s building it from ICU: a command such as a refresh with nothing to do, or a search, starts in
/// milliseconds.
///
/// The file is named after the table's format version and ICU's version (the table is derived from ICU's data
/// and nothing else); a missing, stale or damaged file is rebuilt and written again.
struct NormalizationCache: Sendable {
    /// Bumped whenever the table's construction changes.
    static let formatVersion = 2
    private static let magic: [UInt8] = Array("JSNORM01".utf8)

    /// Where the file lives.
    let cache: DataCache

    /// The cache for a process with this environment.
    init(environment: [String: String]) {
        cache = DataCache(environment: environment)
    }

    /// A cache in `folder` (nil: none).
    init(folder: URL?) {
        cache = DataCache(folder: folder)
    }

    /// The cache folder, or nil when caching is off.
    var folder: URL? { cache.folder }

    /// The file's name for this ICU.
    var name: String { "normalization-v\(Self.formatVersion)-icu\(ICUInfo.version).bin" }

    /// The cache file for this ICU.
    var file: URL? { cache.file(name) }

    /// The table: from the cache file when it is there and sound, else built (and written for next time).
    func table() -> NormalizationTable {
        if let cached = load() { return cached }
        let built = NormalizationTable.build()
        store(built)
        return built
    }

    /// The cached table, or nil when the file is missing, of another shape, or fails its checksum.
    func load() -> NormalizationTable? {
        guard let data = cache.read(name) else { return nil }
        return data.withUnsafeBytes { raw -> NormalizationTable? in
            let header = Self.magic.count + 1 + 8 + 8
            guard raw.count >= header, raw.prefix(Self.magic.count).elementsEqual(Self.magic) else { return nil }
            let hasT2S = raw[Self.magic.count] == 1
            let entryCount = Int(raw.loadUnaligned(fromByteOffset: Self.magic.count + 1, as: UInt64.self))
            let poolCount = Int(raw.loadUnaligned(fromByteOffset: Self.magic.count + 9, as: UInt64.self))
            guard entryCount == Int(NormalizationTable.limit), poolCount >= 0, poolCount < 1 << 24,
                  raw.count == header + 4 * (entryCount + poolCount) else { return nil }
            var entries = [UInt32](repeating: 0, count: entryCount)
            var pool = [UInt32](repeating: 0, count: poolCount)
            entries.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[header..<(header + 4 * entryCount)])) }
            let poolStart = header + 4 * entryCount
            pool.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[poolStart..<(poolStart + 4 * poolCount)])) }
            // Every expansion must point inside the pool and every output must be a scalar, whatever the file says.
            func isScalar(_ value: UInt32) -> Bool { value <= 0x10FFFF && !(0xD800...0xDFFF).contains(value) }
            for (index, entry) in entries.enumerated() {
                if entry & NormalizationTable.expansionBit != 0 {
                    let offset = Int((entry >> 5) & 0x1FF_FFFF)
                    guard offset + Int(entry & 0x1F) <= poolCount else { return nil }
                } else if !isScalar(entry & 0x1F_FFFF), !(0xD800...0xDFFF).contains(index) {
                    return nil
                }
            }
            guard pool.allSatisfy(isScalar) else { return nil }
            return NormalizationTable(entries: entries, pool: pool, hasTraditionalToSimplified: hasT2S)
        }
    }

    /// Writes the table; a failure only means the next process builds it again.
    func store(_ table: NormalizationTable) {
        var bytes = Self.magic
        bytes.append(table.hasTraditionalToSimplified ? 1 : 0)
        withUnsafeBytes(of: UInt64(table.entries.count).littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(table.pool.count).littleEndian) { bytes.append(contentsOf: $0) }
        table.entries.withUnsafeBytes { bytes.append(contentsOf: $0) }
        table.pool.withUnsafeBytes { bytes.append(contentsOf: $0) }
        cache.write(name, bytes, family: "normalization-")
    }
}
