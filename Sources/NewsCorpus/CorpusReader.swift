import Foundation

/// Reads news files and folders into clean `Article`s: detects formats and encodings, strips markup and boilerplate.
/// Bad content never throws: it becomes a warning naming the file and the line or byte, and the rest is read.
public struct CorpusReader: Sendable {
    /// What the reader does and which files it looks at when walking folders.
    public struct Options: Sendable {
        /// Remove navigation rows, link-only lines, site footers and headline runs (single-article rules).
        public var removeBoilerplate: Bool
        /// Also remove blocks shared by several articles of one group. In a folder of one-article files, a trailing
        /// block or edge paragraph shared by any two files goes (a site's footer, header or navigation). In a file
        /// of records (JSON, JSONL, Sogou) only trailing blocks shared by most records (at least half, at least
        /// three) go: there a sentence shared by a few stories is content, and a shared first line is a dateline.
        public var crossArticleRules: Bool
        /// File extensions (lower case, no dot) read when walking a folder; files named explicitly are always read.
        public var extensions: Set<String>
        /// JSON Lines files larger than this many bytes are read in batches of about `jsonLinesBatchBytes`
        /// (two passes, bounded memory) instead of whole; the articles are the same either way.
        public var jsonLinesWholeFileLimit = 48 << 20
        /// The size of one batch of a JSON Lines file read in batches.
        public var jsonLinesBatchBytes = 8 << 20

        /// The extensions of every format ingest understands.
        public static let defaultExtensions: Set<String> = [
            "txt", "text", "md", "markdown", "mdown", "mkd", "html", "htm", "xhtml", "shtml", "json", "jsonl", "ndjson",
            "dat", "xml",
        ]

        /// Creates options; the defaults clean everything and read every known extension.
        public init(removeBoilerplate: Bool = true, crossArticleRules: Bool = true,
                    extensions: Set<String> = Options.defaultExtensions) {
            self.removeBoilerplate = removeBoilerplate
            self.crossArticleRules = crossArticleRules
            self.extensions = extensions
        }
    }

    /// The options in force.
    public var options: Options
    /// When a JSON Lines file is read in batches (tests make batches small), from the options.
    var batching: JSONLinesBatching {
        get { JSONLinesBatching(wholeFileLimit: options.jsonLinesWholeFileLimit, batchBytes: options.jsonLinesBatchBytes) }
        set {
            options.jsonLinesWholeFileLimit = newValue.wholeFileLimit
            options.jsonLinesBatchBytes = newValue.batchBytes
        }
    }

    /// Creates a reader.
    public init(options: Options = .init()) {
        self.options = options
    }

    /// Reads files and folders (walked recursively, hidden entries skipped) into articles, in a stable order:
    /// files sorted by folder then name, records in file order.
    /// Throws only for a path that does not exist or cannot be opened; bad content becomes a warning.
    public func read(_ paths: [URL]) throws -> IngestResult {
        var articles: [Article] = []
        let warnings = try forEachArticle(in: paths) { articles.append($0) }
        return IngestResult(articles: articles, warnings: warnings)
    }

    /// Reads one file; the cross-article rules still run among that file's records.
    public func readFile(_ url: URL) throws -> IngestResult {
        try read([url])
    }

    /// Reads bytes as if they were the file at `path` (its extension and stem count): for tests, tools and pipes.
    public func readData(_ data: Data, path: String) -> IngestResult {
        let file = SourceFile(path: path, relativePath: URL(fileURLWithPath: path).lastPathComponent, size: data.count,
                              modified: 0)
        var source = parseSource(file, bytes: data)
        if source.isRecordFile {
            _ = cleanRecords(&source)
        } else {
            var group = [source]
            _ = cleanFolder(fresh: &group, kept: [:], previous: [:])
            source = group[0]
        }
        var ids = ArticleIDs()
        let articles = source.articles().map { article in
            var article = article
            article.id = ids.assign(article.id, in: file, isRecord: source.isRecordFile)
            return article
        }
        return IngestResult(articles: articles, warnings: source.warnings + (ids.warning.map { [$0] } ?? []))
    }

    /// Streams the articles of files and folders to `body`, in the order `read` returns them, and returns the warnings.
    /// The order: folder by folder (sorted); in each, the records of its files of records (by name), then the
    /// articles of its one-article files (by name).
    ///
    /// Memory stays bounded by the largest group, not the corpus: the cross-article rules need to see the articles
    /// of one group together, so the one-article files of one folder are read before their articles are passed on,
    /// and a JSON or Sogou file (or a JSON Lines file of at most 48 MB) is parsed whole before its records are. A
    /// larger JSON Lines file is read twice in batches of about 8 MB (see `scanRecords`), unless a block is shared
    /// by most of its records or it is not clean UTF-8: then it is read whole too. Files are read with read(2),
    /// never memory-mapped, so a file that changes underneath gives a warning, not a crash. An id already taken by an
    /// earlier article is qualified by its file's path (see `ArticleIDs`): nothing is dropped. Errors thrown by
    /// `body` stop the walk and are rethrown.
    public func forEachArticle(in paths: [URL], _ body: (Article) throws -> Void) throws -> [IngestWarning] {
        let (files, walkWarnings) = try sourceFiles(in: paths)
        var warnings = walkWarnings
        var ids = ArticleIDs()
        var looseGroup: [ParsedSource] = []
        var looseFolder: String?
        func emit(_ source: inout ParsedSource) throws {
            let file = source.file
            let isRecord = source.isRecordFile
            try source.drainArticles { article in
                var article = article
                article.id = ids.assign(article.id, in: file, isRecord: isRecord)
                try body(article)
            }
        }
        func flushLoose() throws {
            guard !looseGroup.isEmpty else { return }
            _ = cleanFolder(fresh: &looseGroup, kept: [:], previous: [:])
            for index in looseGroup.indices { try emit(&looseGroup[index]) }
            looseGroup = []
        }
        for file in files {
            if readsInBatches(file) {
                // A large JSON Lines file: scanned, then read again batch by batch as its records are passed on
                // (nil: it must be read whole, below).
                let scanned: RecordScan?
                do {
                    scanned = try scanRecords(file)
                } catch {
                    warnings.append(IngestWarning(path: file.path, message: "\(error.description); skipped"))
                    continue
                }
                if let scan = scanned {
                    warnings.append(contentsOf: scan.warnings)
                    if file.folder != looseFolder { try flushLoose() }
                    let problem = try streamRecords(scan) { article in
                        var article = article
                        article.id = ids.assign(article.id, in: file, isRecord: true)
                        try body(article)
                    }
                    if let problem { warnings.append(problem) }
                    continue
                }
            }
            // The bytes are released as soon as they are parsed, before the articles are passed on.
            var parsed: ParsedSource?
            do {
                let bytes = try readSource(file)
                if let warning = bytes.warning { warnings.append(warning) }
                parsed = parseSource(file, bytes: bytes.data)
            } catch {
                warnings.append(IngestWarning(path: file.path, message: "\(error.description); skipped"))
            }
            guard var source = parsed else { continue }
            parsed = nil
            warnings.append(contentsOf: source.warnings)
            if source.isRecordFile {
                // A folder's files of records are read as they come; its article files after them, together.
                if file.folder != looseFolder { try flushLoose() }
                _ = cleanRecords(&source)
                try emit(&source)
            } else {
                if file.folder != looseFolder {
                    try flushLoose()
                    looseFolder = file.folder
                }
                looseGroup.append(source)
            }
        }
        try flushLoose()
        if let warning = ids.warning { warnings.append(warning) }
        return warnings
    }

    /// The files an ingest of `paths` reads (sorted by folder, then name; no duplicates) and warnings for entries it
    /// could not list.
    /// Throws `IngestError.notFound` for a path that does not exist.
    public func files(in paths: [URL]) throws -> (files: [URL], warnings: [IngestWarning]) {
        let listing = try sourceFiles(in: paths)
        return (listing.files.map(\.url), listing.warnings)
    }

    // MARK: Internals

    /// A file's bytes decoded and parsed: the drafts, and how the bytes were decoded and read.
    struct ParsedBody {
        var content: FileContent
        var encoding: String?
        var damagedBytes = 0
        var kind: Formats.Kind?
    }

    /// Decodes and parses one file's bytes into drafts (no boilerplate rules yet).
    func parse(_ data: Data, path: String) -> ParsedBody {
        let url = URL(fileURLWithPath: path)
        let stem = url.deletingPathExtension().lastPathComponent
        let fileExtension = url.pathExtension.lowercased()
        var warnings: [IngestWarning] = []
        let outcome = data.withUnsafeBytes { raw in
            CharsetDecoding.decode(raw.bindMemory(to: UInt8.self))
        }
        let text: String
        var byteBase: Int?
        var usedEncoding: String?
        var damaged = 0
        switch outcome {
        case .binary(let reason, let offset):
            return ParsedBody(content: FileContent(warnings: [IngestWarning(path: path, byteOffset: offset,
                                                                            message: "skipped: \(reason)")]))
        case .text(let decoded, let encoding, let badCount, let firstBad):
            text = decoded
            usedEncoding = encoding
            damaged = badCount
            if badCount > 0 {
                let plural = badCount == 1 ? "byte sequence" : "byte sequences"
                warnings.append(IngestWarning(
                    path: path, byteOffset: firstBad,
                    message: "\(badCount) \(plural) not valid \(encoding) replaced by U+FFFD (the first here); the rest of the file was read"))
            }
            if encoding == "UTF-8" {
                byteBase = data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            }
        }
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        if let damage = Self.lostBytesEvidence(in: body) {
            warnings.append(IngestWarning(
                path: path, line: damage.firstLine,
                message: "\(damage.count) '?' stand inside Chinese text (the first on this line): bytes were probably "
                    + "lost in an earlier conversion of this file; the text is kept as it is"))
        }
        var content: FileContent
        let kind = Formats.kind(of: body, fileExtension: fileExtension)
        switch kind {
        case .jsonLines:
            content = Formats.jsonLines(body, stem: stem, path: path, byteBase: byteBase)
        case .jsonArray:
            content = Formats.jsonDocument(body, stem: stem, path: path, byteBase: byteBase)
        case .sogou:
            content = Formats.sogou(body, stem: stem, path: path)
        case let kind:
            let draft = Formats.singleArticle(text: body, kind: kind, id: stem, path: path)
            if draft.title.isEmpty && draft.paragraphs.isEmpty {
                content = FileContent(warnings: [IngestWarning(path: path, message: "no text in the file; skipped")])
            } else {
                content = FileContent(drafts: [draft])
            }
        }
        content.warnings.insert(contentsOf: warnings, at: 0)
        return ParsedBody(content: content, encoding: usedEncoding, damagedBytes: damaged, kind: kind)
    }

    /// Counts "?" directly followed by a CJK or full-width character, the mark of an earlier lossy conversion
    /// (a converter wrote "?" for bytes it could not map and the rest of the pair shifted). Chinese text writes
    /// its question mark full-width, so only a rate of more than one per 20 KB is reported.
    static func lostBytesEvidence(in text: String) -> (count: Int, firstLine: Int)? {
        var text = text
        return text.withUTF8 { bytes -> (count: Int, firstLine: Int)? in
            var count = 0
            var first = -1
            var index = 0
            while index + 1 < bytes.count {
                if bytes[index] == 0x3F, (0xE3...0xE9).contains(bytes[index + 1]) || bytes[index + 1] == 0xEF {
                    count += 1
                    if first < 0 { first = index }
                }
                index += 1
            }
            guard count >= 3, count * 20_000 >= bytes.count, first >= 0 else { return nil }
            let line = 1 + UnsafeBufferPointer(rebasing: bytes[0..<first]).reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            return (count, line)
        }
    }
}
