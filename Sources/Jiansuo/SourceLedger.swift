import Foundation
import NewsCorpus

/// A 64-bit FNV-1a hash, eight bytes a step: content fingerprints for files and articles.
///
/// Why not a cryptographic hash: these only detect change between refreshes of one's own
/// files; speed matters (a no-op refresh hashes every source byte) and Foundation on Linux
/// has no SHA. Stable across runs and platforms (unlike `Hasher`).
struct ContentHash {
    private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// Mixes `bytes` in.
    mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        var index = 0
        let count = bytes.count
        var hash = state
        while index + 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            hash = (hash ^ word) &* Self.prime
            hash ^= hash >> 29
            index += 8
        }
        while index < count {
            hash = (hash ^ UInt64(bytes[index])) &* Self.prime
            index += 1
        }
        state = hash
    }

    /// Mixes a string's UTF-8 and a separator in (so ("ab","c") and ("a","bc") differ).
    mutating func combine(_ string: String) {
        var copy = string
        copy.withUTF8 { combine(UnsafeRawBufferPointer($0)) }
        var length = UInt64(string.utf8.count)
        withUnsafeBytes(of: &length) { combine($0) }
    }

    /// The hash as 16 hexadecimal digits.
    var hex: String {
        let digits = String(state, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// One unit of refresh: the files that must be re-read together when any of them changes.
///
/// A record file (JSON Lines, JSON, Sogou XML) is a unit on its own; the loose article files of
/// one folder form one unit, because the corpus reader's cross-article boilerplate rules look at
/// all of them together.
struct SourceUnit: Sendable {
    /// The unit's key: the record file's path, or the folder's path.
    var key: String
    /// The files, sorted.
    var files: [URL]

    /// The extensions whose files hold many records and are read on their own.
    static let recordExtensions: Set<String> = ["jsonl", "ndjson", "json", "dat", "xml"]

    /// Splits the files an ingest reads into units, in a stable order.
    static func partition(_ files: [URL]) -> [SourceUnit] {
        var order: [String] = []
        var byKey: [String: [URL]] = [:]
        for file in files {
            let key = recordExtensions.contains(file.pathExtension.lowercased())
                ? file.path
                : file.deletingLastPathComponent().path + "/"
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(file)
        }
        return order.map { SourceUnit(key: $0, files: byKey[$0] ?? []) }
    }

    /// A fingerprint of the unit's content: its files' paths, sizes and bytes.
    func fingerprint() -> String {
        var hash = ContentHash()
        for file in files {
            hash.combine(file.path)
            if let data = try? Data(contentsOf: file, options: .alwaysMapped) {
                hash.combine(String(data.count))
                data.withUnsafeBytes { hash.combine($0) }
            } else {
                hash.combine("unreadable")
            }
        }
        return hash.hex
    }

    /// The total size of the unit's files in bytes.
    func byteCount() -> Int {
        files.reduce(0) { total, file in
            total + ((try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0)
        }
    }
}

/// What the last refresh read: per unit, its fingerprint and the ids of its articles.
///
/// Why: a refresh with nothing to do must not re-parse 36 MB of JSON; a unit whose bytes are
/// unchanged keeps its articles. The ledger is written after the index commit and names that
/// commit's generation; a ledger that does not match the index's generation is ignored (the
/// refresh then re-reads everything), so a crash between the two writes costs time, never truth.
struct SourceLedger: Codable, Sendable {
    /// One unit's record.
    struct Entry: Codable, Sendable {
        var fingerprint: String
        var ids: [String]
    }

    /// The ledger's format version.
    var format = 1
    /// The index generation this ledger describes.
    var generation: Int
    /// The root paths the index was built from (a refresh with no paths reuses them).
    var roots: [String]
    /// Unit key → entry.
    var units: [String: Entry]

    static let fileName = "sources.json"

    /// The ledger in `directory`, or nil when absent or unreadable (a refresh then reads everything).
    static func load(from directory: URL) -> SourceLedger? {
        let url = directory.appendingPathComponent(fileName)
        guard let data = try? Data(contentsOf: url) else { return nil }
        guard let ledger = try? JSONDecoder().decode(SourceLedger.self, from: data), ledger.format == 1 else { return nil }
        return ledger
    }

    /// Writes the ledger atomically (temporary file, fsync, rename).
    func write(to directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        let final = directory.appendingPathComponent(Self.fileName)
        let temporary = directory.appendingPathComponent(Self.fileName + ".tmp")
        FileManager.default.createFile(atPath: temporary.path, contents: nil)
        let handle = try FileHandle(forWritingTo: temporary)
        try handle.write(contentsOf: data)
        try handle.synchronize()
        try handle.close()
        if rename(temporary.path, final.path) != 0 {
            throw JiansuoError.resource(path: final.path, reason: "cannot replace the source ledger (errno \(errno))")
        }
    }
}
