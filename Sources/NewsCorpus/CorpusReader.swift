import Foundation

/// Reads news files and folders into clean `Article`s: detects formats and encodings, strips markup and boilerplate.
/// Bad content never throws: it becomes a warning naming the file and the line or byte, and the rest is read.
public struct CorpusReader: Sendable {
    /// What the reader does and which files it looks at when walking folders.
    public struct Options: Sendable {
        /// Remove navigation rows, link-only lines, site footers and headline runs (single-article rules).
        public var removeBoilerplate: Bool
        /// Also remove blocks shared by several articles of one group (one folder of files, or one file of records).
        public var crossArticleRules: Bool
        /// File extensions (lower case, no dot) read when walking a folder; files named explicitly are always read.
        public var extensions: Set<String>

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

    /// Creates a reader.
    public init(options: Options = .init()) {
        self.options = options
    }

    /// Reads files and folders (walked recursively, hidden entries skipped) into articles, in a stable order:
    /// sorted paths, records in file order.
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
        var content = parse(data, path: path)
        let articles = finish(&content.drafts, group: content.isMultiRecord ? .records : .files)
        return IngestResult(articles: articles, warnings: content.warnings)
    }

    /// Streams the articles of files and folders to `body`, in the order `read` returns them, and returns the warnings.
    ///
    /// Memory stays bounded by the largest group: the cross-article rules need to see the articles of one group
    /// together, so the loose files of one folder are read before their articles are passed on, and a JSON, JSONL
    /// or Sogou file is parsed whole (records in such exports are usually clean, but a crawler's repeated footer is
    /// still removed). Errors thrown by `body` stop the walk and are rethrown.
    public func forEachArticle(in paths: [URL], _ body: (Article) throws -> Void) throws -> [IngestWarning] {
        let (files, walkWarnings) = try self.files(in: paths)
        var warnings = walkWarnings
        var looseGroup: [Draft] = []
        var looseFolder: String?
        func flushLoose() throws {
            guard !looseGroup.isEmpty else { return }
            for article in finish(&looseGroup, group: .files) { try body(article) }
            looseGroup.removeAll()
        }
        for file in files {
            var content: FileContent
            do {
                let data = try Data(contentsOf: file, options: .mappedIfSafe)
                content = parse(data, path: file.path)
            } catch {
                warnings.append(IngestWarning(path: file.path, message: "cannot be read (\(error.localizedDescription)); skipped"))
                continue
            }
            warnings.append(contentsOf: content.warnings)
            if content.isMultiRecord {
                try flushLoose()
                for article in finish(&content.drafts, group: .records) { try body(article) }
            } else {
                let folder = file.deletingLastPathComponent().path
                if folder != looseFolder {
                    try flushLoose()
                    looseFolder = folder
                }
                looseGroup.append(contentsOf: content.drafts)
            }
        }
        try flushLoose()
        return warnings
    }

    /// The files an ingest of `paths` reads, sorted and without duplicates, and warnings for entries it skips.
    /// Throws `IngestError.notFound` for a path that does not exist.
    public func files(in paths: [URL]) throws -> (files: [URL], warnings: [IngestWarning]) {
        var found: [String: URL] = [:]
        var warnings: [IngestWarning] = []
        let manager = FileManager.default
        for path in paths {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: path.path, isDirectory: &isFolder) else {
                throw IngestError.notFound(path: path.path)
            }
            if !isFolder.boolValue {
                let values = try? path.resourceValues(forKeys: [.isRegularFileKey])
                if values?.isRegularFile == false { throw IngestError.notAFileOrFolder(path: path.path) }
                if !manager.isReadableFile(atPath: path.path) {
                    throw IngestError.unreadable(path: path.path, reason: "permission denied")
                }
                found[path.standardizedFileURL.path] = path.standardizedFileURL
                continue
            }
            guard let walker = manager.enumerator(at: path, includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey],
                                                  options: [], errorHandler: { url, error in
                                                      warnings.append(IngestWarning(path: url.path,
                                                          message: "cannot be listed (\(error.localizedDescription)); skipped"))
                                                      return true
                                                  })
            else {
                throw IngestError.unreadable(path: path.path, reason: "the folder cannot be listed")
            }
            for case let url as URL in walker {
                if url.lastPathComponent.hasPrefix(".") {
                    walker.skipDescendants()
                    continue
                }
                let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey])
                guard values?.isRegularFile == true else { continue }
                guard options.extensions.contains(url.pathExtension.lowercased()) else { continue }
                found[url.standardizedFileURL.path] = url.standardizedFileURL
            }
        }
        let files = found.keys.sorted().compactMap { found[$0] }
        return (files, warnings)
    }

    // MARK: Internals

    /// Decodes and parses one file's bytes into drafts (no boilerplate rules yet).
    func parse(_ data: Data, path: String) -> FileContent {
        let url = URL(fileURLWithPath: path)
        let stem = url.deletingPathExtension().lastPathComponent
        let fileExtension = url.pathExtension.lowercased()
        var warnings: [IngestWarning] = []
        let outcome = data.withUnsafeBytes { raw in
            CharsetDecoding.decode(raw.bindMemory(to: UInt8.self))
        }
        let text: String
        var byteBase: Int?
        switch outcome {
        case .binary(let reason, let offset):
            return FileContent(warnings: [IngestWarning(path: path, byteOffset: offset, message: "skipped: \(reason)")])
        case .text(let decoded, let encoding, let badCount, let firstBad):
            text = decoded
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
        var content: FileContent
        switch Formats.kind(of: body, fileExtension: fileExtension) {
        case .jsonLines:
            content = Formats.jsonLines(body, stem: stem, path: path, byteBase: byteBase)
        case .jsonArray:
            content = Formats.jsonDocument(body, stem: stem, path: path, byteBase: byteBase)
        case .sogou:
            content = Formats.sogou(body, stem: stem, path: path)
        case let kind:
            content = FileContent(drafts: [Formats.singleArticle(text: body, kind: kind, id: stem, path: path)])
        }
        content.warnings.insert(contentsOf: warnings, at: 0)
        return content
    }

    /// What a group of drafts is: the loose files of one folder, or the records of one file.
    enum Group { case files, records }

    /// Runs the boilerplate rules on one group of drafts and makes articles of them.
    func finish(_ drafts: inout [Draft], group: Group) -> [Article] {
        if options.removeBoilerplate {
            if options.crossArticleRules {
                switch group {
                case .files: Boilerplate.cleanGroup(&drafts, leadingParagraphs: true)
                case .records:
                    Boilerplate.cleanGroup(&drafts, leadingParagraphs: false, minimumShare: max(3, (drafts.count + 1) / 2))
                }
            }
            for index in drafts.indices { Boilerplate.cleanSingle(&drafts[index]) }
        }
        for index in drafts.indices where drafts[index].source == nil {
            drafts[index].source = Boilerplate.sourceLine(in: drafts[index].paragraphs)
        }
        return drafts.map(\.article)
    }
}
