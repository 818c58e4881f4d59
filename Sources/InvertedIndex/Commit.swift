import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A commit: the live segments and what they were built with. Written atomically; the newest
/// complete commit file is the index.
struct Commit: Codable, Sendable {
    var generation: Int
    var nextSegmentNumber: Int
    var analyzer: String
    var createdAt: Double
    var segments: [SegmentMeta]
    /// The caller's values (e.g. the fingerprint of what made the facets); nil in commits written before it existed.
    var userData: [String: String]?

    static let prefix = "commit_"

    static func fileName(_ generation: Int) -> String {
        let g = String(generation)
        return prefix + String(repeating: "0", count: max(0, 10 - g.count)) + g
    }

    /// The generations of the commit files in `directory`, newest first.
    static func generations(in directory: URL) -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.compactMap { n -> Int? in
            guard n.hasPrefix(prefix), !n.contains(".") else { return nil }
            return Int(n.dropFirst(prefix.count))
        }.sorted(by: >)
    }

    /// The highest N of the `seg_N.*` files in `directory` (0 when there are none).
    static func highestSegmentNumber(in directory: URL) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var highest = 0
        for n in names where n.hasPrefix("seg_") {
            let number = n.dropFirst(4).prefix { $0 != "." }
            if let v = Int(number), v > highest { highest = v }
        }
        return highest
    }

    /// Reads and verifies one commit file.
    static func read(_ directory: URL, generation: Int) throws(IndexError) -> Commit {
        let name = fileName(generation)
        let bytes = try DurableIO.read(directory.appendingPathComponent(name))
        let checked: Result<Range<Int>, IndexError> = bytes.withUnsafeBytes { b in
            do throws(IndexError) { return .success(try FileFormat.validate(b, kind: .commit, file: name, verify: true)) } catch { return .failure(error) }
        }
        let range = try checked.get()
        do {
            return try JSONDecoder().decode(Commit.self, from: Data(bytes[range]))
        } catch {
            throw .corrupt(file: name, offset: FileFormat.headerSize, reason: "commit record unreadable: \(error)")
        }
    }

    /// The newest commit in `directory`.
    static func latest(_ directory: URL) throws(IndexError) -> Commit {
        guard let g = generations(in: directory).first else { throw .noIndex(directory: directory.path) }
        return try read(directory, generation: g)
    }

    /// Writes this commit durably (temp file, fsync, rename, directory fsync); `fault` is a test hook.
    func write(to directory: URL, fault: WriterFault? = nil) throws(IndexError) {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted]
        let payload: Data
        do { payload = try enc.encode(self) } catch {
            throw .io(file: Commit.fileName(generation), operation: "encode commit", errno: EINVAL)
        }
        let framed = FileFormat.frame(.commit, payload: [UInt8](payload))
        try DurableIO.writeAtomically(framed, to: directory.appendingPathComponent(Commit.fileName(generation)), fault: fault)
    }

    /// Every file name this commit needs.
    var fileNames: Set<String> {
        var s: Set<String> = [Commit.fileName(generation)]
        for seg in segments {
            for ext in seg.files.keys { s.insert("\(seg.name).\(ext)") }
        }
        return s
    }
}

/// The single-writer lock: `write.lock` holding the writer's pid, locked with flock so a killed
/// writer never leaves a stale lock behind.
final class WriterLock {
    private var fd: Int32
    let url: URL

    init(directory: URL) throws(IndexError) {
        url = directory.appendingPathComponent("write.lock")
        fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(file: url.path, operation: "open lock file", errno: errno) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            var buf = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buf, 32, 0)
            close(fd)
            fd = -1
            if e == EWOULDBLOCK {
                let text = n > 0 ? String(decoding: buf.prefix(n), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
                throw .locked(directory: directory.path, holderPID: Int32(text))
            }
            throw .io(file: url.path, operation: "lock", errno: e)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pid, pid.count, 0)
    }

    func release() {
        if fd >= 0 {
            _ = ftruncate(fd, 0)
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }

    deinit { release() }
}
