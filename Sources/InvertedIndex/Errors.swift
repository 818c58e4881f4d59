import Foundation

/// Everything that can go wrong opening, writing, checking or searching an index.
///
/// Each case names the file (and byte, where known) so a user knows what to delete or rebuild.
public enum IndexError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A file of the index is damaged: a checksum mismatch, a truncated record, a value out of range.
    case corrupt(file: String, offset: Int, reason: String)
    /// A file is not an index file of this kind or this format version.
    case foreignFile(file: String, reason: String)
    /// A file the commit names is missing.
    case missingFile(file: String)
    /// No index exists at the folder (no commit file).
    case noIndex(directory: String)
    /// `Index.create` found an index already present.
    case alreadyExists(directory: String)
    /// Another writer holds the lock.
    case locked(directory: String, holderPID: Int32?)
    /// The index was built by another analyser (ICU or dictionary changed): rebuild it.
    case analyzerMismatch(index: String, expected: String)
    /// An operating-system call failed.
    case io(file: String, operation: String, errno: Int32)
    /// A document cannot be indexed (e.g. a field beyond the size limit).
    case invalidDocument(id: String, reason: String)
    /// The query could not be parsed.
    case query(message: String, position: Int, query: String)
    /// The writer was used after it was closed.
    case writerClosed
    /// The segmenter the index needs for its words could not be made (ICU's word break data missing).
    case analyzerUnavailable(reason: String)
    /// A test stopped the writer on purpose at the named `WriterFaultPoint` (see `WriterFault`).
    case injectedFault(point: String)

    /// What went wrong and what to do, naming the file (and byte) concerned.
    public var description: String {
        switch self {
        case let .corrupt(file, offset, reason):
            return "index file \(file) is damaged at byte \(offset): \(reason); run `jiansuo check`, then rebuild with `jiansuo index --rebuild`"
        case let .foreignFile(file, reason):
            return "\(file) is not an index file this version can read (\(reason)); rebuild with `jiansuo index --rebuild`"
        case let .missingFile(file):
            return "index file \(file) is missing; rebuild with `jiansuo index --rebuild`"
        case let .noIndex(directory):
            return "no index at \(directory) (no commit file); build one with `jiansuo index`"
        case let .alreadyExists(directory):
            return "an index already exists at \(directory); open it, or delete the folder to start over"
        case let .locked(directory, pid):
            let holder = pid.map { "process \($0)" } ?? "another process"
            return "the index at \(directory) is being written by \(holder) (lock file \(directory)/write.lock); wait for it to finish"
        case let .analyzerMismatch(index, expected):
            return "the index was built with analyser \(index) but this build uses \(expected); a refresh must rebuild it"
        case let .io(file, operation, errno):
            return "\(operation) failed on \(file): \(String(cString: strerror(errno)))"
        case let .invalidDocument(id, reason):
            return "document \(id) cannot be indexed: \(reason)"
        case let .query(message, position, query):
            // One rendering for every query error: 1-based position, caret aligned under wide characters.
            return "bad query: " + QuerySyntaxError(message: message, position: position, query: query).description
        case .writerClosed:
            return "the index writer is closed"
        case let .analyzerUnavailable(reason):
            return "the word segmenter could not be made (\(reason)); install ICU's data (Debian: libicu-dev) and try again"
        case let .injectedFault(point):
            return "the index writer was stopped on purpose at \(point) (a test fault); the index keeps its last complete commit"
        }
    }
}
