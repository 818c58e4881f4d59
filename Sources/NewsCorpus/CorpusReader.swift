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
        var content = parse(data, path: path)
        let articles = finish(&content.drafts, group: content.isMultiRecord ? .records : .files)
        return IngestResult(articles: articles, warnings: content.warnings)
    }

    /// Streams the articles of files and folders to `body`, in the order `read` returns them, and returns the warnings.
    ///
    /// Memory stays bounded by the largest group, not the corpus: the cross-article rules need to see the articles
    /// of one group together, so the one-article files of one folder are read before their articles are passed on,
    /// and a JSON, JSONL or Sogou file is parsed whole before its records are (a 36 MB JSONL file holds about as much
    /// again in articles while it is passed on). Errors thrown by `body` stop the walk and are rethrown.
    public func forEachArticle(in paths: [URL], _ body: (Article) throws -> Void) throws -> [IngestWarning] {
        let (files, walkWarnings) = try self.files(in: paths)
        var warnings = walkWarnings
        var looseGroup: [Draft] = []
        var looseFolder: String?
        func flushLoose() throws {
            guard !looseGroup.isEmpty else { return }
            try stream(&looseGroup, group: .files, body)
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
                try stream(&content.drafts, group: .records, body)
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

    /// The files an ingest of `paths` reads (sorted by folder, then name; no duplicates) and warnings for entries it
    /// could not list.
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
        // Sorted by folder, then by name: the files of one folder stay together, so the cross-article rules of a
        // folder see all of its files even when a subfolder's name sorts between them.
        let files = found.values.sorted { left, right in
            let leftFolder = left.deletingLastPathComponent().path
            let rightFolder = right.deletingLastPathComponent().path
            return leftFolder == rightFolder ? left.lastPathComponent < right.lastPathComponent : leftFolder < rightFolder
        }
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
        if let damage = Self.lostBytesEvidence(in: body) {
            warnings.append(IngestWarning(
                path: path, line: damage.firstLine,
                message: "\(damage.count) '?' stand inside Chinese text (the first on this line): bytes were probably "
                    + "lost in an earlier conversion of this file; the text is kept as it is"))
        }
        var content: FileContent
        switch Formats.kind(of: body, fileExtension: fileExtension) {
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
        return content
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

    /// What a group of drafts is: the loose files of one folder, or the records of one file.
    enum Group { case files, records }

    /// Runs the boilerplate rules on one group of drafts and makes articles of them.
    func finish(_ drafts: inout [Draft], group: Group) -> [Article] {
        clean(&drafts, group: group)
        return drafts.map(\.article)
    }

    /// Cleans a group's drafts and passes their articles to `body` in order, releasing each draft
    /// as its article goes, so a large JSONL file is never held twice (drafts and articles).
    func stream(_ drafts: inout [Draft], group: Group, _ body: (Article) throws -> Void) rethrows {
        clean(&drafts, group: group)
        var pending = drafts
        drafts = []
        pending.reverse()
        while let draft = pending.popLast() { try body(draft.article) }
    }

    /// Applies the boilerplate rules to a group's drafts and fills in missing sources.
    private func clean(_ drafts: inout [Draft], group: Group) {
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
    }
}
