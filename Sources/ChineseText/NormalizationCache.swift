import Foundation

/// Keeps the normalisation table in the `DataCache`, so a process that normalises a few words does not spend
/// 0.15 s building it from ICU: a command such as a refresh with nothing to do, or a search, starts in
/// milliseconds.
///
/// The file is named after the table's format version and ICU's version (the table is derived from ICU's data
/// and nothing else); a missing, stale or damaged file is rebuilt and written again. Layout: the magic, then
/// three little-endian UInt64 (1 when ICU's Traditional-Simplified transform was there, the entry count, the
/// pool count), the entries and the pool as UInt32, and an XXH64 (`ContentHash.quick`) of all that. It is
/// mapped and copied once into the table's arrays.
struct NormalizationCache: Sendable {
    /// Bumped whenever the table's construction or the file's layout changes.
    static let formatVersion = 3
    private static let magic: [UInt8] = Array("JSNORM03".utf8)
    private static let headerSize = 32

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
        guard let mapped = cache.map(name) else { return nil }
        let raw = mapped.bytes
        let header = Self.headerSize
        guard raw.count >= header + 8, raw.prefix(Self.magic.count).elementsEqual(Self.magic) else { return nil }
        func field(_ index: Int) -> UInt64 {
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: Self.magic.count + 8 * index, as: UInt64.self))
        }
        let flag = field(0), entryCount = field(1), poolCount = field(2)
        guard flag <= 1, entryCount == UInt64(NormalizationTable.limit), poolCount < 1 << 24,
              UInt64(raw.count) == UInt64(header) + 4 * (entryCount + poolCount) + 8 else { return nil }
        let checked = raw.count - 8
        let stored = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: checked, as: UInt64.self))
        guard ContentHash.quick(UnsafeRawBufferPointer(rebasing: raw[0..<checked])) == stored else { return nil }
        func copy(_ count: Int, from offset: Int) -> [UInt32] {
            [UInt32](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + 4 * count)]))
                initialized = count
            }
        }
        let entries = copy(Int(entryCount), from: header)
        let pool = copy(Int(poolCount), from: header + 4 * Int(entryCount))
        // Every expansion must point inside the pool and every output must be a scalar, whatever the file says.
        @inline(__always) func notScalar(_ value: UInt32) -> Bool { value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) }
        var bad = false
        let poolLimit = Int(poolCount)
        entries.withUnsafeBufferPointer { entries in
            for index in 0..<entries.count {
                let entry = entries[index]
                if entry & NormalizationTable.expansionBit != 0 {
                    bad = bad || Int((entry >> 5) & 0x1FF_FFFF) + Int(entry & 0x1F) > poolLimit
                } else {
                    bad = bad || (notScalar(entry & 0x1F_FFFF) && !(index >= 0xD800 && index <= 0xDFFF))
                }
            }
        }
        for value in pool { bad = bad || notScalar(value) }
        guard !bad else { return nil }
        return NormalizationTable(entries: entries, pool: pool, hasTraditionalToSimplified: flag == 1)
    }

    /// Writes the table; a failure only means the next process builds it again.
    func store(_ table: NormalizationTable) {
        var bytes = Self.magic
        for value in [UInt64(table.hasTraditionalToSimplified ? 1 : 0), UInt64(table.entries.count), UInt64(table.pool.count)] {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        table.entries.withUnsafeBytes { bytes.append(contentsOf: $0) }
        table.pool.withUnsafeBytes { bytes.append(contentsOf: $0) }
        let checksum = bytes.withUnsafeBytes { ContentHash.quick($0) }
        withUnsafeBytes(of: checksum.littleEndian) { bytes.append(contentsOf: $0) }
        cache.writeUnframed(name, bytes, families: ["normalization-"])
    }
}
