import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps the normalisation table in a file, so a process that normalises a few words does not spend 0.1 s
/// building it from ICU: a command such as a refresh with nothing to do, or a search, starts in milliseconds.
///
/// The file is named after the table's format version and ICU's version (the table is derived from ICU's data
/// and nothing else), carries a checksum, and is replaced atomically; a missing, stale or damaged file is
/// rebuilt and written again, and when the cache folder cannot be written the table is simply built each time.
/// The folder is `$JIANSUO_CACHE`, else `$XDG_CACHE_HOME/jiansuo`, else `~/.cache/jiansuo`; `JIANSUO_CACHE=off`
/// turns the cache off.
struct NormalizationCache: Sendable {
    /// The environment variable naming the cache folder (or `off`).
    static let variable = "JIANSUO_CACHE"
    /// Bumped whenever the table's construction changes (2: standard Simplified scalars such as 著 no longer fold).
    static let formatVersion = 2
    private static let magic: [UInt8] = Array("JSNORM01".utf8)

    /// The cache folder, or nil when caching is off or no folder can be named.
    let folder: URL?

    /// The cache for a process with this environment.
    init(environment: [String: String]) {
        if let named = environment[Self.variable], !named.isEmpty {
            folder = named == "off" ? nil : URL(fileURLWithPath: named)
        } else if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            folder = URL(fileURLWithPath: xdg).appendingPathComponent("jiansuo")
        } else if let home = environment["HOME"], !home.isEmpty {
            folder = URL(fileURLWithPath: home).appendingPathComponent(".cache/jiansuo")
        } else {
            folder = nil
        }
    }

    /// A cache in `folder` (nil: none).
    init(folder: URL?) {
        self.folder = folder
    }

    /// The cache file for this ICU.
    var file: URL? {
        folder?.appendingPathComponent("normalization-v\(Self.formatVersion)-icu\(ICUInfo.version).bin")
    }

    /// The table: from the cache file when it is there and sound, else built (and written for next time).
    func table() -> NormalizationTable {
        if let cached = load() { return cached }
        let built = NormalizationTable.build()
        store(built)
        return built
    }

    /// The cached table, or nil when the file is missing, of another shape, or fails its checksum.
    func load() -> NormalizationTable? {
        guard let file, let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return data.withUnsafeBytes { raw -> NormalizationTable? in
            let header = Self.magic.count + 1 + 8 + 8
            guard raw.count >= header + 8, raw.prefix(Self.magic.count).elementsEqual(Self.magic) else { return nil }
            let body = UnsafeRawBufferPointer(rebasing: raw[..<(raw.count - 8)])
            guard Self.checksum(body) == raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self) else { return nil }
            let hasT2S = raw[Self.magic.count] == 1
            let entryCount = Int(raw.loadUnaligned(fromByteOffset: Self.magic.count + 1, as: UInt64.self))
            let poolCount = Int(raw.loadUnaligned(fromByteOffset: Self.magic.count + 9, as: UInt64.self))
            guard entryCount == Int(NormalizationTable.limit), poolCount >= 0, poolCount < 1 << 24,
                  raw.count == header + 4 * (entryCount + poolCount) + 8 else { return nil }
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

    /// Writes the table (temporary file, then rename); a failure only means the next process builds it again.
    func store(_ table: NormalizationTable) {
        guard let folder, let file else { return }
        var bytes = Self.magic
        bytes.append(table.hasTraditionalToSimplified ? 1 : 0)
        withUnsafeBytes(of: UInt64(table.entries.count).littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(table.pool.count).littleEndian) { bytes.append(contentsOf: $0) }
        table.entries.withUnsafeBytes { bytes.append(contentsOf: $0) }
        table.pool.withUnsafeBytes { bytes.append(contentsOf: $0) }
        let checksum = bytes.withUnsafeBytes { Self.checksum($0) }
        withUnsafeBytes(of: checksum) { bytes.append(contentsOf: $0) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let temporary = folder.appendingPathComponent(file.lastPathComponent + ".\(getpid()).tmp")
            try Data(bytes).write(to: temporary)
            if rename(temporary.path, file.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
        } catch {
            return
        }
    }

    /// A 64-bit FNV-1a variant over eight-byte words (the damage check of the file, not a security measure).
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var index = 0
        while index + 8 <= bytes.count {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0x0000_0100_0000_01b3
            hash ^= hash >> 29
            index += 8
        }
        while index < bytes.count {
            hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01b3
            index += 1
        }
        return hash
    }
}
