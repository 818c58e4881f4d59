import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The framing every index file shares: a 16-byte header (magic, kind, format version) and a
/// 16-byte footer (XXH64 of everything before it, end magic).
///
/// Why: a foreign, truncated or damaged file is recognised by name before any of it is trusted.
enum FileFormat {
    static let magic: [UInt8] = Array("JSUO".utf8)
    static let endMagic: [UInt8] = Array("JEND".utf8)
    /// 2: stored records carry facets and numbers; segments have a doc-values file; facet postings.
    /// 3: positional postings of more than 128 documents carry a skip table and per-block positions.
    static let version: UInt32 = 3
    /// The oldest version whose commit files are still read, so that an older index is reported as
    /// built by another analyser (its fingerprint names its version) and rebuilt, not as foreign.
    static let oldestReadableCommitVersion: UInt32 = 1
    static let headerSize = 16
    static let footerSize = 16

    /// The four-letter kinds of index files.
    enum Kind: String {
        case terms = "TERM", postings = "POST", positions = "POSI", stored = "STOR", norms = "NORM"
        case deletes = "DELS", commit = "CMIT", docValues = "DVAL"
    }

    /// A writer that already holds the header of a file of `kind`; payload offsets are `position`.
    static func begin(_ kind: Kind, capacity: Int = 0) -> ByteWriter {
        var w = ByteWriter(capacity: capacity + headerSize + footerSize)
        w.append(magic)
        w.append(Array(kind.rawValue.utf8))
        w.u32(version)
        w.u32(0)
        w.base = headerSize
        return w
    }

    /// Appends the footer (checksum of everything so far, end magic) to a writer from `begin`.
    static func finish(_ w: inout ByteWriter) {
        let sum = XXH64.hash(w.bytes)
        w.u64(sum)
        w.append(endMagic)
        w.u32(version)
    }

    /// Frames `payload` as a file of `kind`.
    static func frame(_ kind: Kind, payload: [UInt8]) -> [UInt8] {
        var w = ByteWriter(capacity: payload.count + headerSize + footerSize)
        w.append(magic)
        w.append(Array(kind.rawValue.utf8))
        w.u32(version)
        w.u32(0)
        w.append(payload)
        let sum = XXH64.hash(w.bytes)
        w.u64(sum)
        w.append(endMagic)
        w.u32(version)
        return w.bytes
    }

    /// Checks the framing of `bytes` (a whole file) and returns the payload range; with `verify`, also the checksum.
    static func validate(_ bytes: UnsafeRawBufferPointer, kind: Kind, file: String, verify: Bool) throws(IndexError) -> Range<Int> {
        guard bytes.count >= headerSize + footerSize else {
            throw .foreignFile(file: file, reason: "only \(bytes.count) bytes, shorter than a header and footer")
        }
        guard Array(bytes[0..<4]) == magic else { throw .foreignFile(file: file, reason: "no JSUO magic at byte 0") }
        let kindBytes = Array(bytes[4..<8])
        guard kindBytes == Array(kind.rawValue.utf8) else {
            throw .foreignFile(file: file, reason: "file kind \(String(decoding: kindBytes, as: UTF8.self)), expected \(kind.rawValue)")
        }
        let v = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        let readable = kind == .commit ? v >= oldestReadableCommitVersion && v <= version : v == version
        guard readable else { throw .foreignFile(file: file, reason: "format version \(v), this build reads \(version)") }
        let footer = bytes.count - footerSize
        guard Array(bytes[(footer + 8)..<(footer + 12)]) == endMagic,
              UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: footer + 12, as: UInt32.self)) == v else {
            throw .corrupt(file: file, offset: footer + 8, reason: "end marker missing (file truncated or damaged)")
        }
        if verify {
            let stored = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: footer, as: UInt64.self))
            let actual = XXH64.hash(UnsafeRawBufferPointer(rebasing: bytes[0..<footer]))
            guard stored == actual else {
                throw .corrupt(file: file, offset: footer, reason: "bytes 0–\(footer - 1) do not match the checksum stored there "
                                + "(stored \(String(stored, radix: 16)), computed \(String(actual, radix: 16)))")
            }
        }
        return headerSize..<footer
    }

    /// The checksum recorded in a framed file's footer.
    static func storedChecksum(of framed: [UInt8]) -> UInt64 {
        framed.withUnsafeBytes { b in
            UInt64(littleEndian: b.loadUnaligned(fromByteOffset: b.count - footerSize, as: UInt64.self))
        }
    }
}

/// A read-only memory mapping of one index file. Immutable after init, so it is safe to share.
final class MappedFile: @unchecked Sendable {
    let name: String
    let kind: FileFormat.Kind
    let bytes: UnsafeRawBufferPointer
    let payload: Range<Int>
    private let mapping: UnsafeMutableRawPointer?
    private let length: Int

    /// Maps `url` and checks its framing (and checksum when `verify`).
    init(url: URL, kind: FileFormat.Kind, verify: Bool) throws(IndexError) {
        name = url.lastPathComponent
        self.kind = kind
        let path = url.path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let e = errno
            if e == ENOENT { throw .missingFile(file: name) }
            throw .io(file: path, operation: "open", errno: e)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(file: path, operation: "fstat", errno: errno) }
        length = Int(st.st_size)
        if length == 0 {
            mapping = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
        } else {
            guard let p = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
                throw .io(file: path, operation: "mmap", errno: errno)
            }
            mapping = p
            bytes = UnsafeRawBufferPointer(start: p, count: length)
        }
        do {
            payload = try FileFormat.validate(bytes, kind: kind, file: name, verify: verify)
        } catch {
            if let mapping { munmap(mapping, length) }
            throw error
        }
        // The checksum read every page: give them back (readers fault in the few they use).
        if verify { releasePages() }
    }

    deinit {
        if let mapping { munmap(mapping, length) }
    }

    /// A reader over the payload (or a sub-range of it, in payload-relative offsets).
    ///
    /// Offsets are clamped to the payload first, so one decoded from a damaged file (up to `Int.max`)
    /// gives an empty reader, whose first read throws, rather than an overflow.
    func reader(from start: Int = 0, to stop: Int? = nil) -> ByteReader {
        let n = payload.count
        let s = payload.lowerBound + min(max(0, start), n)
        let e = payload.lowerBound + min(max(0, stop ?? n), n)
        return ByteReader(bytes, file: name, offset: s, end: max(s, e))
    }

    var payloadCount: Int { payload.count }

    /// Drops the pages of the mapping that this process has read from its resident memory; they stay
    /// in the page cache, and a later read maps them again (a minor fault, no disk read).
    ///
    /// Why: pages of a file mapping count in the process's resident size for as long as they are mapped;
    /// a checksum over every byte, or a merge reading whole segments, would otherwise hold them all.
    func releasePages() {
        if let mapping { _ = madvise(mapping, length, MADV_DONTNEED) }
    }

    /// Recomputes the checksum over the whole file.
    func verifyChecksum() throws(IndexError) {
        _ = try FileFormat.validate(bytes, kind: kind, file: name, verify: true)
        releasePages()
    }
}

/// An index file written in chunks: header, payload through `w`, then footer with the checksum, fsynced.
///
/// Callers append to `w` and call `spillIfLarge()` now and then, so only a chunk is ever in memory.
final class FileSink {
    @exclusivity(unchecked) var w = ByteWriter(capacity: 1 << 20)
    let url: URL
    private var fd: Int32
    private var hash = XXH64Stream()
    private var flushed = 0

    /// Creates (or truncates) `url` and writes the header of a file of `kind`.
    init(url: URL, kind: FileFormat.Kind) throws(IndexError) {
        self.url = url
        fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(file: url.path, operation: "create", errno: errno) }
        w = FileFormat.begin(kind, capacity: 1 << 20)
        w.base = 0
        flushed = -FileFormat.headerSize
    }

    /// The payload offset where the next byte goes.
    var position: Int { flushed + w.count }

    /// Writes the buffered bytes out when they pass 1 MB.
    func spillIfLarge() throws(IndexError) {
        if w.count >= 1 << 20 { try spill() }
    }

    private func spill() throws(IndexError) {
        guard !w.bytes.isEmpty else { return }
        let fd = self.fd
        let failure: Int32? = w.bytes.withUnsafeBytes { buf -> Int32? in
            hash.update(buf)
            var done = 0
            while done < buf.count {
                let r = Glibc.write(fd, buf.baseAddress.map { $0 + done }, buf.count - done)
                if r < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                done += r
            }
            return nil
        }
        if let failure { throw .io(file: url.path, operation: "write", errno: failure) }
        flushed += w.bytes.count
        w.bytes.removeAll(keepingCapacity: true)
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Writes the footer, fsyncs and closes; returns the file's size and checksum.
    func finish() throws(IndexError) -> FileMeta {
        try spill()
        let sum = hash.digest()
        w.u64(sum)
        w.append(FileFormat.endMagic)
        w.u32(FileFormat.version)
        let footer = w.bytes
        let ok = footer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) == $0.count }
        guard ok else { close(fd); fd = -1; throw .io(file: url.path, operation: "write", errno: errno) }
        let total = flushed + FileFormat.headerSize + footer.count
        guard fsync(fd) == 0 else { close(fd); fd = -1; throw .io(file: url.path, operation: "fsync", errno: errno) }
        close(fd)
        fd = -1
        return FileMeta(size: total, checksum: String(sum, radix: 16))
    }
}

/// Small durable file-system operations (write+fsync, rename, directory fsync).
enum DurableIO {
    /// Writes `bytes` to `url` (created or truncated) and fsyncs it.
    static func write(_ bytes: [UInt8], to url: URL) throws(IndexError) {
        let path = url.path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(file: path, operation: "create", errno: errno) }
        defer { close(fd) }
        var written = 0
        let total = bytes.count
        let failure: Int32? = bytes.withUnsafeBytes { buf -> Int32? in
            while written < total {
                let r = Glibc.write(fd, buf.baseAddress.map { $0 + written }, total - written)
                if r < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += r
            }
            return nil
        }
        if let failure { throw .io(file: path, operation: "write", errno: failure) }
        guard fsync(fd) == 0 else { throw .io(file: path, operation: "fsync", errno: errno) }
    }

    /// Writes `bytes` to a temporary file, fsyncs it, renames it to `url` and fsyncs the folder.
    ///
    /// `fault` (a test hook) can stop the work just before or just after the rename.
    static func writeAtomically(_ bytes: [UInt8], to url: URL, fault: WriterFault? = nil) throws(IndexError) {
        let tmp = url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + ".tmp-\(getpid())")
        try write(bytes, to: tmp)
        try fault.trigger(at: .beforeManifestRename)
        guard rename(tmp.path, url.path) == 0 else { throw .io(file: url.path, operation: "rename", errno: errno) }
        try fault.trigger(at: .afterManifestRename)
        try syncDirectory(url.deletingLastPathComponent())
    }

    /// fsyncs a directory so renames and new files in it are durable.
    static func syncDirectory(_ url: URL) throws(IndexError) {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(file: url.path, operation: "open directory", errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .io(file: url.path, operation: "fsync directory", errno: errno) }
    }

    /// Reads a whole small file.
    static func read(_ url: URL) throws(IndexError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            if !FileManager.default.fileExists(atPath: url.path) { throw .missingFile(file: url.lastPathComponent) }
            throw .io(file: url.path, operation: "read", errno: EIO)
        }
    }
}
