import Foundation

/// One news article read from a file or a record, with its body cleaned of markup and boilerplate.
/// The title and text are what every other module indexes and extracts from; offsets elsewhere are Unicode scalar offsets into them.
public struct Article: Sendable, Hashable, Codable {
    /// The file stem for one-article files; the record's id for JSON/JSONL/Sogou records (fallback: stem + "#" + line or index).
    public var id: String
    /// The headline, or "" when the article has none.
    public var title: String
    /// The cleaned body: paragraphs separated by "\n", no leading or trailing whitespace.
    public var text: String
    /// ISO 8601 when known ("2022-04-19T10:24:35+08:00" or "2022-04-19"); otherwise the raw value, or nil.
    public var date: String?
    /// The publisher or source named by the record, front matter or a 来源 line.
    public var source: String?
    /// The article's address, when the record or the file names one.
    public var url: String?
    /// The path of the file it came from.
    public var path: String
    /// Front-matter categories and tags (empty when none).
    public var tags: [String]

    /// Creates an article; every field but id, text and path has a default.
    public init(id: String, title: String = "", text: String, date: String? = nil, source: String? = nil,
                url: String? = nil, path: String, tags: [String] = []) {
        self.id = id
        self.title = title
        self.text = text
        self.date = date
        self.source = source
        self.url = url
        self.path = path
        self.tags = tags
    }
}

/// Something wrong with an input that did not stop the ingest: bad bytes, a malformed record, a skipped file.
/// Bad content is never an error: the rest of the corpus is still read and the warning says where to look.
public struct IngestWarning: Sendable, Hashable, CustomStringConvertible {
    /// The file the problem is in.
    public var path: String
    /// The 1-based line number, when the problem is on one line (JSONL records).
    public var line: Int?
    /// The 0-based byte offset into the file, when known.
    public var byteOffset: Int?
    /// What went wrong and what was done about it.
    public var message: String

    /// Creates a warning.
    public init(path: String, line: Int? = nil, byteOffset: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.byteOffset = byteOffset
        self.message = message
    }

    /// "path:line: message" or "path: byte N: message", the way compilers print locations.
    public var description: String {
        var location = path
        if let line { location += ":\(line)" }
        if let byteOffset { location += ": byte \(byteOffset)" }
        return "\(location): \(message)"
    }
}

/// The articles read from some inputs and the warnings met on the way.
public struct IngestResult: Sendable {
    /// Articles in a stable order: sorted paths, records in file order.
    public var articles: [Article]
    /// Problems that were worked around (each names its file and, when known, the line or byte).
    public var warnings: [IngestWarning]

    /// Creates a result.
    public init(articles: [Article] = [], warnings: [IngestWarning] = []) {
        self.articles = articles
        self.warnings = warnings
    }
}

/// Errors that stop an ingest: only problems with the paths themselves, never with their content.
public enum IngestError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The path does not exist.
    case notFound(path: String)
    /// The path exists but could not be read (permissions, I/O error).
    case unreadable(path: String, reason: String)
    /// The path is neither a regular file nor a folder (a socket, a device).
    case notAFileOrFolder(path: String)

    /// A message that names the path and says what to do.
    public var description: String {
        switch self {
        case .notFound(let path):
            return "\(path): no such file or folder; check the path (files and folders are both accepted)"
        case .unreadable(let path, let reason):
            return "\(path): cannot be read (\(reason)); check its permissions"
        case .notAFileOrFolder(let path):
            return "\(path): not a regular file or folder; name article files or folders that hold them"
        }
    }
}
