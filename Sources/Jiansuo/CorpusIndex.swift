import ChineseText
import Foundation
import InvertedIndex
import NewsCorpus

/// What a refresh did, for people and for programs.
public struct RefreshSummary: Sendable, Codable, Hashable {
    /// The index folder.
    public var index: String
    /// Articles new to the index.
    public var added = 0
    /// Articles whose content changed.
    public var updated = 0
    /// Articles whose source vanished.
    public var removed = 0
    /// Articles found unchanged (read and compared, or in an unchanged source).
    public var unchanged = 0
    /// Source units (record files, or folders of article files) re-read because their bytes changed.
    public var unitsRead = 0
    /// Source units skipped because their bytes were unchanged.
    public var unitsSkipped = 0
    /// Bytes of source read and parsed.
    public var bytesRead = 0
    /// Why the index was rebuilt from scratch, when it was.
    public var rebuiltBecause: String?
    /// Articles skipped because an earlier source already had their id.
    public var duplicates = 0
    /// Wall-clock seconds.
    public var seconds = 0.0
    /// The commit generation now current.
    public var generation = 0
    /// Live articles in the index after the refresh.
    public var documents = 0
}

/// How far a refresh has got.
public struct RefreshProgress: Sendable {
    /// Source bytes read so far, of `totalBytes` to read.
    public var bytesDone: Int
    /// Source bytes the refresh will read (units whose bytes changed).
    public var totalBytes: Int
    /// Articles handed to the index so far.
    public var articles: Int
}

/// A searchable index of a corpus of news: the facade over ingest, the analyser and the index.
///
/// Why: a refresh must tie three modules together exactly one way (which files to re-read,
/// how an article becomes an index document, when the analyser changed and a rebuild is due);
/// the CLI and library users share this one implementation.
public struct CorpusIndex: Sendable {
    /// The environment variable naming the default index folder.
    public static let indexVariable = "JIANSUO_INDEX"
    /// The folder name of a default index, beside the corpus it indexes.
    public static let defaultFolderName = ".jiansuo"

    /// The index folder.
    public let directory: URL
    /// The toolkit whose analyser the index uses.
    public let toolkit: Toolkit

    /// A handle on the index at `directory` (nothing is read or created yet).
    public init(directory: URL, toolkit: Toolkit) {
        self.directory = directory.standardizedFileURL
        self.toolkit = toolkit
    }

    /// The default index folder for `sources`: $JIANSUO_INDEX, else `.jiansuo` inside the first
    /// source folder (or beside the first source file).
    public static func defaultDirectory(
        for sources: [URL], environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        if let named = environment[indexVariable], !named.isEmpty { return URL(fileURLWithPath: named) }
        guard let first = sources.first else { return URL(fileURLWithPath: "Corpus").appendingPathComponent(defaultFolderName) }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: first.path, isDirectory: &isFolder), isFolder.boolValue {
            return first.appendingPathComponent(defaultFolderName)
        }
        return first.deletingLastPathComponent().appendingPathComponent(defaultFolderName)
    }

    /// The analyser every document and query of this index goes through.
    public var analyzer: Analyzer { Analyzer(dictionary: toolkit.words) }

    /// True when the folder holds a committed index.
    public var exists: Bool { Index.exists(at: directory) }

    /// The source paths the index was last refreshed from (empty when unknown).
    public var recordedSources: [URL] {
        (SourceLedger.load(from: directory)?.roots ?? []).map { URL(fileURLWithPath: $0) }
    }

    /// Opens a reader on the newest commit.
    ///
    /// Throws `IndexError.analyzerMismatch` when the index was built with another analyser
    /// (refresh it to rebuild) and `.noIndex` when there is none.
    public func reader(verifyChecksums: Bool = true) throws -> IndexReader {
        try Index.open(at: directory, analyzer: analyzer).reader(verifyChecksums: verifyChecksums)
    }

    /// Brings the index up to date with `sources` (files and folders): adds new articles,
    /// updates changed ones and removes those whose source vanished, in one commit.
    ///
    /// Sources whose bytes are unchanged since the last refresh are not re-read. With
    /// `rebuild`, or when the analyser changed, the index is rebuilt from scratch.
    public func refresh(
        sources: [URL], rebuild: Bool = false,
        warning: (IngestWarning) -> Void = { _ in },
        progress: (RefreshProgress) -> Void = { _ in }
    ) throws -> RefreshSummary {
        let started = DispatchTime.now().uptimeNanoseconds
        var summary = RefreshSummary(index: directory.path)
        let manager = FileManager.default
        for source in sources where !manager.fileExists(atPath: source.path) {
            throw JiansuoError.noSuchPath(source.path)
        }
        let reader = CorpusReader()
        let listing = try reader.files(in: sources)
        listing.warnings.forEach(warning)
        // The index's own folder may sit inside a source folder: never read it as news.
        let files = listing.files.filter { !$0.path.hasPrefix(directory.path + "/") }
        let units = SourceUnit.partition(files)

        let analyzer = self.analyzer
        var ledger = SourceLedger.load(from: directory)
        // A first build and a rebuild are built aside: the old index (or none) stays until the commit.
        let writer: IndexWriter
        if !Index.exists(at: directory) {
            writer = try Index.rebuilding(at: directory, analyzer: analyzer)
            ledger = nil
        } else if rebuild {
            writer = try Index.rebuilding(at: directory, analyzer: analyzer)
            summary.rebuiltBecause = "--rebuild was asked for"
            ledger = nil
        } else {
            switch Result(catching: { () throws(IndexError) -> IndexWriter in try Index.open(at: directory, analyzer: analyzer).writer() }) {
            case .success(let opened):
                writer = opened
            case .failure(.analyzerMismatch(let was, let now)):
                writer = try Index.rebuilding(at: directory, analyzer: analyzer)
                summary.rebuiltBecause = "the analyser changed (index built with \(was), this build uses \(now))"
                ledger = nil
            case .failure(let error):
                throw error
            }
        }
        defer { writer.close() }
        let currentGeneration = writer.generation
        if let known = ledger, known.generation != currentGeneration { ledger = nil }

        let existing = writer.documentHashes()
        var seen = Set<String>()
        seen.reserveCapacity(existing.count)
        var newLedger = SourceLedger(generation: 0, roots: sources.map { $0.standardizedFileURL.path }, units: [:])
        var plan: [(unit: SourceUnit, fingerprint: String, bytes: Int)] = []
        for unit in units {
            let fingerprint = unit.fingerprint()
            if let entry = ledger?.units[unit.key], entry.fingerprint == fingerprint,
               entry.ids.allSatisfy({ existing[$0] != nil }) {
                var kept: [String] = []
                for id in entry.ids where seen.insert(id).inserted {
                    kept.append(id)
                    summary.unchanged += 1
                }
                newLedger.units[unit.key] = .init(fingerprint: fingerprint, ids: kept)
                summary.unitsSkipped += 1
            } else {
                plan.append((unit, fingerprint, unit.byteCount()))
            }
        }
        let totalBytes = plan.reduce(0) { $0 + $1.bytes }
        var articlesDone = 0
        for item in plan {
            var ids: [String] = []
            let warnings = try reader.forEachArticle(in: item.unit.files) { article in
                guard seen.insert(article.id).inserted else {
                    summary.duplicates += 1
                    warning(IngestWarning(path: article.path, message:
                        "another article already has the id \(article.id); this one is not indexed"))
                    return
                }
                ids.append(article.id)
                let document = Self.document(for: article)
                switch existing[article.id] {
                case document.contentHash?:
                    summary.unchanged += 1
                case nil:
                    summary.added += 1
                    try writer.add(document)
                default:
                    summary.updated += 1
                    try writer.update(document)
                }
                articlesDone += 1
                if articlesDone % 256 == 0 {
                    progress(RefreshProgress(bytesDone: summary.bytesRead, totalBytes: totalBytes, articles: articlesDone))
                }
            }
            warnings.forEach(warning)
            summary.bytesRead += item.bytes
            summary.unitsRead += 1
            newLedger.units[item.unit.key] = .init(fingerprint: item.fingerprint, ids: ids)
            progress(RefreshProgress(bytesDone: summary.bytesRead, totalBytes: totalBytes, articles: articlesDone))
        }
        for id in existing.keys.sorted() where !seen.contains(id) {
            if try writer.delete(id: id) { summary.removed += 1 }
        }
        if writer.hasChanges || summary.rebuiltBecause != nil {
            summary.generation = try writer.commit().generation
        } else {
            summary.generation = currentGeneration
        }
        newLedger.generation = summary.generation
        try newLedger.write(to: directory)
        summary.documents = writer.documentCount
        summary.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return summary
    }

    /// The index document for an article: searchable title and text, date, and the rest stored.
    public static func document(for article: Article) -> IndexDocument {
        var stored: [String: String] = ["path": article.path]
        if let url = article.url { stored["url"] = url }
        if let source = article.source { stored["source"] = source }
        if !article.tags.isEmpty { stored["tags"] = article.tags.joined(separator: "|") }
        var hash = ContentHash()
        for field in [article.id, article.title, article.text, article.date ?? "", article.source ?? "",
                      article.url ?? "", article.path, article.tags.joined(separator: "|")] {
            hash.combine(field)
        }
        return IndexDocument(id: article.id, title: article.title, text: article.text, date: article.date,
                             stored: stored, contentHash: hash.hex)
    }
}
