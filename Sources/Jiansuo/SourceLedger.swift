import Foundation
import NewsCorpus

#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// What the last refresh read, file by file: what `stat` said, a hash of the bytes, the ids the file's articles
/// have, and the evidence the boilerplate rules need to re-read only what a change affects.
///
/// Why: a refresh must not re-read 36 MB to find that nothing changed, nor a folder of 20,000 files to add ten.
/// The ledger is written after the index commit and names that commit's generation; one that does not match the
/// index's generation, or whose checksum fails, is not trusted at all: the refresh then re-reads every source
/// and deletes only what that reading no longer finds, never on the ledger's word.
struct SourceLedger: Sendable {
    /// One file's record.
    struct FileRecord: Sendable {
        /// Size and modification time (nanoseconds) when it was listed.
        var size: Int
        var modified: Int64
        /// `ContentHash` of its bytes.
        var hash: UInt64
        /// Its path relative to the root it was found under.
        var relativePath: String
        /// True for a file of records.
        var isRecordFile: Bool
        /// True for a clean UTF-8 JSON Lines file (records appended to it can be read alone).
        var isAppendable: Bool
        /// The ids the file gives its articles, and the ids they got in the index.
        var rawIDs: [String]
        var ids: [String]
        /// Evidence for the cross-article rules: a loose article file's, or a file of records'.
        var loose: LooseEvidence?
        var records: RecordEvidence?
    }

    /// The index generation this ledger describes.
    var generation: Int
    /// The root paths the index was built from (a refresh with no paths reuses them).
    var roots: [String]
    /// Path → record.
    var files: [String: FileRecord]

    static let fileName = "sources.ledger"
    /// The JSON ledger of earlier versions, removed when a new ledger is written.
    static let legacyFileName = "sources.json"
    private static let magic: [UInt8] = Array("JSLEDGR2".utf8)

    /// What reading the ledger found.
    enum Loaded {
        case missing
        case damaged(reason: String)
        case loaded(SourceLedger)
    }

    /// Reads and verifies the ledger in `directory`.
    static func load(from directory: URL) -> Loaded {
        let url = directory.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return .missing }
        let bytes = [UInt8](data)
        guard bytes.count >= magic.count + 8, Array(bytes.prefix(magic.count)) == magic else {
            return .damaged(reason: "\(url.path) is not a Jiansuo source ledger (wrong header)")
        }
        let body = bytes[magic.count..<(bytes.count - 8)]
        var stored: UInt64 = 0
        for (shift, byte) in bytes.suffix(8).enumerated() { stored |= UInt64(byte) << (8 * UInt64(shift)) }
        guard ContentHash.of(body) == stored else {
            return .damaged(reason: "\(url.path) fails its checksum (the file was changed or damaged)")
        }
        var reader = LedgerReader(bytes: Array(body))
        do {
            return .loaded(try decode(&reader))
        } catch {
            return .damaged(reason: "\(url.path) cannot be decoded at byte \(magic.count + reader.position)")
        }
    }

    private static func decode(_ r: inout LedgerReader) throws(LedgerReader.Failure) -> SourceLedger {
        let generation = try r.int()
        var roots: [String] = []
        for _ in 0..<(try r.count()) { roots.append(try r.string()) }
        var files: [String: FileRecord] = [:]
        let fileCount = try r.count()
        files.reserveCapacity(fileCount)
        for _ in 0..<fileCount {
            let path = try r.string()
            let size = try r.int()
            let modified = Int64(bitPattern: try r.u64())
            let hash = try r.u64()
            let relativePath = try r.string()
            let flags = try r.int()
            var rawIDs: [String] = []
            var ids: [String] = []
            let articles = try r.count()
            for _ in 0..<articles {
                let raw = try r.string()
                let qualified = try r.int() == 1 ? try r.string() : raw
                rawIDs.append(raw)
                ids.append(qualified)
            }
            var loose: LooseEvidence?
            if flags & 4 != 0 {
                var edges: [ByteKey] = []
                for _ in 0..<(try r.count()) { edges.append(try r.key()) }
                let cut = try r.int() == 1 ? try r.key() : nil
                let tail = try r.int() == 1 ? try r.key() : nil
                loose = LooseEvidence(edges: edges, cut: cut, tail: tail)
            }
            var records: RecordEvidence?
            if flags & 8 != 0 {
                let count = try r.int()
                let atFullRead = try r.int()
                let threshold = try r.int()
                let shared = try r.int() == 1
                var edges: [ByteKey: Int] = [:]
                for _ in 0..<(try r.count()) { edges[try r.key()] = try r.int() }
                var tails: [ByteKey: Int] = [:]
                for _ in 0..<(try r.count()) { tails[try r.key()] = try r.int() }
                records = RecordEvidence(records: count, recordsAtFullRead: atFullRead, threshold: threshold,
                                         shared: shared, edges: edges, tails: tails)
            }
            files[path] = FileRecord(size: size, modified: modified, hash: hash, relativePath: relativePath,
                                     isRecordFile: flags & 1 != 0, isAppendable: flags & 2 != 0,
                                     rawIDs: rawIDs, ids: ids, loose: loose, records: records)
        }
        guard r.isAtEnd else { throw .init() }
        return SourceLedger(generation: generation, roots: roots, files: files)
    }

    /// The ledger's bytes: header, body, checksum of the body.
    func encoded() -> [UInt8] {
        var w = LedgerWriter()
        w.int(generation)
        w.int(roots.count)
        for root in roots { w.string(root) }
        w.int(files.count)
        for (path, file) in files.sorted(by: { $0.key < $1.key }) {
            w.string(path)
            w.int(file.size)
            w.u64(UInt64(bitPattern: file.modified))
            w.u64(file.hash)
            w.string(file.relativePath)
            var flags = 0
            if file.isRecordFile { flags |= 1 }
            if file.isAppendable { flags |= 2 }
            if file.loose != nil { flags |= 4 }
            if file.records != nil { flags |= 8 }
            w.int(flags)
            w.int(file.rawIDs.count)
            for (raw, qualified) in zip(file.rawIDs, file.ids) {
                w.string(raw)
                if raw == qualified { w.int(0) } else { w.int(1); w.string(qualified) }
            }
            if let loose = file.loose {
                w.int(loose.edges.count)
                for key in loose.edges { w.key(key) }
                if let cut = loose.cut { w.int(1); w.key(cut) } else { w.int(0) }
                if let tail = loose.tail { w.int(1); w.key(tail) } else { w.int(0) }
            }
            if let records = file.records {
                w.int(records.records)
                w.int(records.recordsAtFullRead)
                w.int(records.threshold)
                w.int(records.shared ? 1 : 0)
                w.int(records.edges.count)
                for (key, count) in records.edges.sorted(by: { $0.key.hash < $1.key.hash }) { w.key(key); w.int(count) }
                w.int(records.tails.count)
                for (key, count) in records.tails.sorted(by: { $0.key.hash < $1.key.hash }) { w.key(key); w.int(count) }
            }
        }
        var checksum = ContentHash.of(w.bytes)
        var out = Self.magic + w.bytes
        for _ in 0..<8 {
            out.append(UInt8(truncatingIfNeeded: checksum))
            checksum >>= 8
        }
        return out
    }

    /// Writes the ledger atomically (temporary file, fsync, rename, folder fsync) and removes a legacy ledger.
    /// A failure names the file, the space it needed and the space free.
    func write(to directory: URL) throws(JiansuoError) {
        let bytes = encoded()
        let final = directory.appendingPathComponent(Self.fileName).path
        let temporary = final + ".tmp"
        func failure(_ operation: String, _ code: Int32) -> JiansuoError {
            var info = statvfs()
            let free = statvfs(directory.path, &info) == 0 ? Int(info.f_bavail) * Int(info.f_frsize) : nil
            unlink(temporary)
            return .ledgerNotWritten(path: final, operation: operation, reason: String(cString: strerror(code)),
                                     bytesNeeded: bytes.count, bytesFree: free, generation: generation)
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw failure("create", errno) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return systemWrite(descriptor, base + written, bytes.count - written)
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                let code = result < 0 ? errno : ENOSPC
                close(descriptor)
                throw failure("write", code)
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            let code = errno
            close(descriptor)
            throw failure("fsync", code)
        }
        close(descriptor)
        guard rename(temporary, final) == 0 else { throw failure("rename", errno) }
        let folder = open(directory.path, O_RDONLY)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
        unlink(directory.appendingPathComponent(Self.legacyFileName).path)
    }
}

/// Appends the ledger's fields: LEB128 integers, length-prefixed UTF-8, little-endian 64-bit words.
private struct LedgerWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        var rest = UInt64(bitPattern: Int64(value))
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func u64(_ value: UInt64) {
        var rest = value
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: rest))
            rest >>= 8
        }
    }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func key(_ key: ByteKey) {
        u64(key.hash)
        int(key.length)
    }
}

/// Reads what `LedgerWriter` wrote, every read bounds-checked.
private struct LedgerReader {
    struct Failure: Error {}
    let bytes: [UInt8]
    var position = 0

    var isAtEnd: Bool { position == bytes.count }

    mutating func int() throws(Failure) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count, shift < 64 else { throw Failure() }
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        return Int(Int64(bitPattern: value))
    }

    /// A count of items that follow: never negative, never more than the bytes left could hold.
    mutating func count() throws(Failure) -> Int {
        let value = try int()
        guard value >= 0, value <= bytes.count - position else { throw Failure() }
        return value
    }

    mutating func u64() throws(Failure) -> UInt64 {
        guard bytes.count - position >= 8 else { throw Failure() }
        var value: UInt64 = 0
        for shift in 0..<8 { value |= UInt64(bytes[position + shift]) << (8 * UInt64(shift)) }
        position += 8
        return value
    }

    mutating func string() throws(Failure) -> String {
        let length = try count()
        let value = String(decoding: bytes[position..<(position + length)], as: UTF8.self)
        position += length
        return value
    }

    mutating func key() throws(Failure) -> ByteKey {
        let hash = try u64()
        return ByteKey(hash: hash, length: try int())
    }
}
