import Foundation
import Jiansuo

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Inputs read as a stream rather than as files of a folder: `-`, /dev/stdin, named pipes and devices.
///
/// Why: the corpus reader maps regular files and reads them beside their folder's siblings; a pipe
/// can be read only once, front to back, so its bytes are read with FileHandle and handed to
/// `CorpusReader.readData`, which detects encoding and format exactly as for a file.
enum StreamInput {
    /// True for `-` and for a path that exists but is neither a folder nor a regular file outside
    /// /dev and /proc (a FIFO, /dev/stdin, /proc/self/fd/0).
    static func isStream(_ path: String) -> Bool {
        if path == "-" { return true }
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR { return false }
        if kind != S_IFREG { return true }
        // /dev/stdin redirected from a file is a regular file, but its "folder" is /dev.
        let resolved = URL(fileURLWithPath: path).standardizedFileURL.path
        return ["/dev/", "/proc/"].contains { path.hasPrefix($0) || resolved.hasPrefix($0) }
    }

    /// Every byte of the stream, read to its end (standard input for `-`).
    static func read(_ path: String) throws -> Data {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw JiansuoError.noSuchPath(path)
            }
            if isFolder.boolValue { throw JiansuoError.resource(path: path, reason: "a folder, not a file") }
            guard let opened = FileHandle(forReadingAtPath: path) else {
                throw JiansuoError.resource(path: path, reason: "cannot be opened for reading (permission denied?)")
            }
            handle = opened
        }
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw JiansuoError.resource(path: path == "-" ? "standard input" : path, reason: "cannot be read to its end")
        }
    }

    /// The articles of the stream at `path`, decoded and parsed as a file's would be. One article
    /// without an id of its own is named `stdin` when read from standard input, else after the path.
    static func articles(_ path: String) throws -> IngestResult {
        let data = try read(path)
        let isStandardInput = path == "-" || path == "/dev/stdin" || path == "/dev/fd/0" || path == "/proc/self/fd/0"
        // The name gives single articles their id (the stem) and warnings their path.
        return CorpusReader().readData(data, path: isStandardInput ? "stdin" : path)
    }
}
