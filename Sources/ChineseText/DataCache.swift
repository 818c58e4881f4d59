import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A folder of derived tables that are slow to build and quick to read (the normalisation table, the word
/// dictionary), each file checksummed and replaced atomically.
///
/// Why: a command that searches or refreshes an index should start in milliseconds, not rebuild the same
/// tables from ICU and a 350k-word list every time. A missing or damaged file only means the table is built
/// again; nothing else depends on the cache. The folder is `$JIANSUO_CACHE`, else `$XDG_CACHE_HOME/jiansuo`,
/// else `~/.cache/jiansuo`; `JIANSUO_CACHE=off` turns it off.
public struct DataCache: Sendable {
    /// The environment variable naming the cache folder (or `off`).
    public static let variable = "JIANSUO_CACHE"

    /// The cache folder, or nil when caching is off or no folder can be named.
    public let folder: URL?

    /// The cache of a process with this environment.
    public init(environment: [String: String]) {
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
    public init(folder: URL?) {
        self.folder = folder
    }

    /// The cache of this process.
    public static var standard: DataCache { DataCache(environment: ProcessInfo.processInfo.environment) }

    /// The file that holds `name`.
    public func file(_ name: String) -> URL? { folder?.appendingPathComponent(name) }

    /// The bytes stored under `name`, or nil when absent or failing their checksum.
    public func read(_ name: String) -> Data? {
        guard let file = file(name), let data = FileManager.default.contents(atPath: file.path), data.count >= 8 else {
            return nil
        }
        // prefix shares the bytes read (no copy) and starts at index 0.
        let body = data.prefix(data.count - 8)
        let stored = data.suffix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard ContentHash.of(body) == stored else { return nil }
        return body
    }

    /// The file stored under `name`, mapped read-only (not checked: its format must check itself); nil
    /// when absent, empty or unreadable.
    ///
    /// Why: a table of 20 MB read into memory costs a copy and a page fault per 4 KB at every start;
    /// mapped, a process touches only the pages it uses, and the kernel shares them between processes.
    func map(_ name: String) -> MappedFile? {
        guard let file = file(name) else { return nil }
        return MappedFile(path: file.path)
    }

    /// How long a file of a family may go unwritten before a newer one of the family replaces it for good.
    public static let staleAge: TimeInterval = 7 * 24 * 3600

    /// Stores `bytes` under `name` (temporary file, then rename); a failure only means the next process builds
    /// the table again. With `family`, files whose names start with it and that were last written more than
    /// `staleAge` ago are removed, so tables of dictionaries no longer used do not pile up.
    public func write(_ name: String, _ bytes: [UInt8], family: String? = nil) {
        var out = bytes
        let checksum = ContentHash.of(bytes)
        withUnsafeBytes(of: checksum.littleEndian) { out.append(contentsOf: $0) }
        store(name, out, families: family.map { [$0] } ?? [])
    }

    /// Stores `bytes` under `name` as they are, with no checksum appended: for formats that carry their
    /// own checks and are read with `map` (see `write` for the rest; each of `families` is pruned).
    func writeUnframed(_ name: String, _ bytes: [UInt8], families: [String]) {
        store(name, bytes, families: families)
    }

    private func store(_ name: String, _ out: [UInt8], families: [String]) {
        guard let folder, let file = file(name) else { return }
        for family in families { prune(family: family, keeping: name) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let temporary = folder.appendingPathComponent(name + ".\(getpid()).tmp")
            try Data(out).write(to: temporary)
            if rename(temporary.path, file.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
        } catch {
            return
        }
    }

    /// Removes the files of `family` (but `keeping`) last written more than `staleAge` ago.
    func prune(family: String, keeping: String) {
        guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        let cutoff = Date().addingTimeInterval(-Self.staleAge)
        for name in names where name.hasPrefix(family) && name != keeping {
            let url = folder.appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate]) as? Date
            if let modified, modified < cutoff { try? FileManager.default.removeItem(at: url) }
        }
    }
}

/// A file mapped read-only into memory, unmapped when the last reference goes.
///
/// Cache files are replaced by rename, never rewritten in place, so the pages of a mapped file do not change
/// under a reader.
final class MappedFile: @unchecked Sendable {
    /// The file's bytes (valid while this object lives).
    let bytes: UnsafeRawBufferPointer

    /// Maps the file at `path`; nil when it cannot be opened or mapped, or is empty.
    init?(path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0, UInt64(status.st_size) < UInt64(Int.max) else { return nil }
        let size = Int(status.st_size)
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
              base != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    /// Asks the kernel to map every page now, in one call (Linux 5.14 and later; elsewhere nothing happens).
    func populate() {
        #if os(Linux)
        // MADV_POPULATE_READ; an older kernel answers EINVAL and the pages fault in one by one as before.
        if let base = bytes.baseAddress { _ = madvise(UnsafeMutableRawPointer(mutating: base), bytes.count, 22) }
        #endif
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
