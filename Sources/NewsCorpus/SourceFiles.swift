import Foundation

#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
private func systemOpen(_ path: String) -> Int32 { Glibc.open(path, O_RDONLY) }
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
private func systemOpen(_ path: String) -> Int32 { Darwin.open(path, O_RDONLY) }
#endif

/// A file the corpus reader reads: where it is, the root it was found under, and what `stat` said of it.
///
/// Why: a refresh decides what to re-read from size and modification time before it reads a byte, and ids that
/// collide are qualified by the path relative to the root the user named.
public struct SourceFile: Sendable, Hashable {
    /// The file's standardised absolute path.
    public var path: String
    /// The path relative to the root it was found under (the file's name when it was named itself).
    public var relativePath: String
    /// Its size in bytes when it was listed.
    public var size: Int
    /// Its modification time in nanoseconds since 1970 when it was listed.
    public var modified: Int64

    /// The file as a URL.
    public var url: URL { URL(fileURLWithPath: path) }
    /// The folder holding it (the key of its group of loose article files).
    public var folder: String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }
    /// Its name without the folder.
    public var name: String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[path.utf8.index(after: slash)...])
    }

    /// Creates a record of a listed file.
    public init(path: String, relativePath: String, size: Int, modified: Int64) {
        self.path = path
        self.relativePath = relativePath
        self.size = size
        self.modified = modified
    }
}

/// The bytes of one source file, read without memory-mapping, and what went wrong while reading it.
public struct SourceBytes: Sendable {
    /// The bytes read.
    public var data: Data
    /// A warning when the file changed size while it was read (the bytes read are used as they are).
    public var warning: IngestWarning?
}

extension CorpusReader {
    /// Lists the files an ingest of `paths` reads, with their size and modification time: folders are walked
    /// recursively (hidden entries and unknown extensions skipped), files named explicitly are always read.
    /// Sorted by folder, then by name, without duplicates; entries that cannot be listed become warnings.
    /// Throws `IngestError.notFound` for a path that does not exist.
    public func sourceFiles(in paths: [URL]) throws(IngestError) -> (files: [SourceFile], warnings: [IngestWarning]) {
        var found: [String: SourceFile] = [:]
        var warnings: [IngestWarning] = []
        for path in paths {
            let root = path.standardizedFileURL.path
            var info = stat()
            guard stat(root, &info) == 0 else {
                if errno == ENOENT || errno == ENOTDIR { throw .notFound(path: path.path) }
                throw .unreadable(path: path.path, reason: String(cString: strerror(errno)))
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                walk(folder: root, relative: "", found: &found, warnings: &warnings)
            case S_IFREG:
                guard access(root, R_OK) == 0 else { throw .unreadable(path: path.path, reason: "permission denied") }
                let name = URL(fileURLWithPath: root).lastPathComponent
                found[root] = SourceFile(path: root, relativePath: name, size: Int(info.st_size),
                                         modified: Self.nanoseconds(info))
            default:
                throw .notAFileOrFolder(path: path.path)
            }
        }
        // Sorted by folder, then by name: the files of one folder stay together, so the cross-article rules of a
        // folder see all of its files even when a subfolder's name sorts between them.
        // Compared as UTF-8 bytes (the order of code points): cheaper than String's canonical comparison.
        var byFolder: [String: [(name: [UInt8], file: SourceFile)]] = [:]
        for file in found.values { byFolder[file.folder, default: []].append((Array(file.name.utf8), file)) }
        var files: [SourceFile] = []
        files.reserveCapacity(found.count)
        let folders = byFolder.keys.map { (key: Array($0.utf8), folder: $0) }
        for folder in folders.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let members = byFolder[folder.folder] ?? []
            files.append(contentsOf: members.sorted { $0.name.lexicographicallyPrecedes($1.name) }.map(\.file))
        }
        return (files, warnings)
    }

    /// Walks one folder with readdir and stat, adding the regular files of known extensions.
    private func walk(folder: String, relative: String, found: inout [String: SourceFile], warnings: inout [IngestWarning]) {
        guard let handle = opendir(folder) else {
            warnings.append(IngestWarning(path: folder, message: "cannot be listed (\(String(cString: strerror(errno)))); skipped"))
            return
        }
        defer { closedir(handle) }
        var subfolders: [(path: String, relative: String)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            let path = folder == "/" ? "/" + name : folder + "/" + name
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else {
                warnings.append(IngestWarning(path: path, message: "cannot be listed (\(String(cString: strerror(errno)))); skipped"))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                // A symbolic link to a folder is not followed: it could lead back up the tree.
                var linkInfo = stat()
                if lstat(path, &linkInfo) == 0, linkInfo.st_mode & S_IFMT == S_IFLNK { continue }
                subfolders.append((path, relativePath))
            case S_IFREG:
                let dot = name.utf8.lastIndex(of: UInt8(ascii: "."))
                let fileExtension = dot.map { String(name[name.utf8.index(after: $0)...]).lowercased() } ?? ""
                guard options.extensions.contains(fileExtension) else { continue }
                found[path] = SourceFile(path: path, relativePath: relativePath, size: Int(info.st_size),
                                         modified: Self.nanoseconds(info))
            default:
                continue
            }
        }
        for subfolder in subfolders {
            walk(folder: subfolder.path, relative: subfolder.relative, found: &found, warnings: &warnings)
        }
    }

    /// A stat result's modification time in nanoseconds.
    static func nanoseconds(_ info: stat) -> Int64 {
        #if canImport(Darwin)
        return Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        return Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
    }

    /// Reads a source file's bytes with read(2), never memory-mapped: a file truncated or rewritten while it is
    /// read gives fewer or other bytes and a warning, never a crash (a mapped file that shrinks raises SIGBUS).
    public func readSource(_ file: SourceFile) throws(IngestError) -> SourceBytes {
        let descriptor = systemOpen(file.path)
        guard descriptor >= 0 else {
            throw .unreadable(path: file.path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        // One byte more than listed, so that reading a file of the listed size ends without growing the buffer.
        var capacity = max(file.size + 1, 4096)
        var data = Data(count: capacity)
        var length = 0
        while true {
            if length == capacity {
                capacity *= 2
                data.count = capacity
            }
            let room = capacity - length
            let got = data.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return systemRead(descriptor, base + length, room)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: file.path, reason: String(cString: strerror(errno)))
            }
            if got == 0 { break }
            length += got
        }
        data.count = length
        var warning: IngestWarning?
        if length != file.size {
            warning = IngestWarning(path: file.path, message:
                "changed while it was read (\(file.size) bytes when listed, \(length) read); the bytes read are used "
                + "and the file is read again by the next refresh")
        }
        return SourceBytes(data: data, warning: warning)
    }
}

/// Text decoded from bytes of unknown encoding, as the corpus reader decodes files.
public struct DecodedText: Sendable {
    /// The text (a byte order mark removed).
    public var text: String
    /// The encoding it was read as ("UTF-8", "GB18030", "Big5", "UTF-16LE", …).
    public var encoding: String
    /// How many byte sequences were not valid in it (each became U+FFFD), and where the first was.
    public var damagedBytes: Int
    public var firstDamagedOffset: Int?
}

extension CorpusReader {
    /// Decodes bytes with the reader's detection (byte order marks, strict UTF-8, GB18030, Big5, UTF-16 on
    /// evidence, ICU's detector last), or nil when they are not text (`reason` says why).
    ///
    /// Why public: tools that take raw text (segmenting a file or a pipe) must read GB18030 or Big5 the same
    /// way ingest does.
    public static func decodeText(_ data: Data) -> Result<DecodedText, IngestError> {
        let outcome = data.withUnsafeBytes { CharsetDecoding.decode($0.bindMemory(to: UInt8.self)) }
        switch outcome {
        case .binary(let reason, let offset):
            return .failure(.unreadable(path: "input", reason: "\(reason) (byte \(offset))"))
        case .text(let text, let encoding, let bad, let first):
            var body = text
            if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
            return .success(DecodedText(text: body, encoding: encoding, damagedBytes: bad, firstDamagedOffset: first))
        }
    }
}
