import ChineseText
import EntityExtraction
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
    /// Source files read (new, changed, or affected by a change).
    public var filesRead = 0
    /// Source files found unchanged and not read.
    public var filesUnchanged = 0
    /// JSON Lines files of which only the records appended since the last refresh were read.
    public var filesAppended = 0
    /// Bytes of source read.
    public var bytesRead = 0
    /// Why the index was rebuilt from scratch, when it was.
    public var rebuiltBecause: String?
    /// Articles whose id another source already had: they got an id qualified by their path.
    public var qualifiedIDs = 0
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
    /// How a refresh reads the sources (the defaults clean everything; tests shrink the JSON Lines batches).
    public var readerOptions = CorpusReader.Options()

    /// A handle on the index at `directory` (nothing is read or created yet).
    public init(directory: URL, toolkit: Toolkit) {
        self.directory = directory.standardizedFileURL
        self.toolkit = toolkit
        analyzer = Analyzer(dictionary: toolkit.words)
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
    public let analyzer: Analyzer

    /// True when the folder holds a committed index.
    public var exists: Bool { Index.exists(at: directory) }

    /// The source paths the index was last refreshed from (empty when unknown).
    public var recordedSources: [URL] {
        guard case .loaded(let ledger) = SourceLedger.load(from: directory) else { return [] }
        return ledger.roots.map { URL(fileURLWithPath: $0) }
    }

    /// True when the index was built with another analyser, or its stored entities with another extractor
    /// (or none): a refresh rebuilds it.
    public func needsRefresh() throws -> Bool {
        switch Result(catching: { try reader(verifyChecksums: false) }) {
        case .success(let reader):
            return reader.userData[Self.extractorKey] != (try toolkit.extractorFingerprint())
        case .failure(IndexError.analyzerMismatch):
            return true
        case .failure(let error):
            throw error
        }
    }

    /// Opens a reader on the newest commit.
    ///
    /// By default each file's header, footer, size and recorded checksum are checked (a few bytes per
    /// file), not its bytes: a commit verifies what it writes, `check` verifies everything, and a damaged
    /// structure read later gives an `IndexError` naming the file (a damaged letter or length reads as other
    /// data, never a crash). `verifyChecksums` hashes every file first.
    /// Throws `IndexError.analyzerMismatch` when the index was built with another analyser
    /// (refresh it to rebuild) and `.noIndex` when there is none.
    public func reader(verifyChecksums: Bool = false) throws -> IndexReader {
        try Index.open(at: directory, analyzer: analyzer).reader(verifyChecksums: verifyChecksums)
    }

    /// Brings the index up to date with `sources` (files and folders): adds new articles,
    /// updates changed ones and removes those whose source vanished, in one commit.
    ///
    /// Files are tracked one by one: a file whose size and modification time are unchanged is not
    /// read; one whose bytes are unchanged is not parsed; records appended to a JSON Lines file are
    /// read alone; an unchanged file is read again only when a change affects it (a block its folder
    /// shared, an id it held). The result always equals indexing the sources afresh. With `rebuild`,
    /// or when the analyser changed, the index is rebuilt from scratch.
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
        let reader = CorpusReader(options: readerOptions)
        let listing = try reader.sourceFiles(in: sources)
        listing.warnings.forEach(warning)
        // The index's own folder may sit inside a source folder: never read it as news.
        let files = listing.files.filter { !$0.path.hasPrefix(directory.path + "/") }
        let roots = sources.map { $0.standardizedFileURL.path }

        let analyzer = self.analyzer
        let extractorFingerprint = try toolkit.extractorFingerprint()
        // The gazetteer's matcher (about 0.1 s) is built on another core while this one opens the index
        // and parses the first articles; the analysis threads wait for it only if they get there first.
        let extractorLoad = Background { try toolkit.makeExtractor() }
        var ledger: SourceLedger?
        switch SourceLedger.load(from: directory) {
        case .loaded(let loaded): ledger = loaded
        case .missing: ledger = nil
        case .damaged(let reason):
            warning(IngestWarning(path: directory.appendingPathComponent(SourceLedger.fileName).path, message:
                "\(reason); every source is read again, and only articles that reading no longer finds are removed"))
            ledger = nil
        }
        // A first build and a rebuild are built aside: the old index (or none) stays until the commit.
        var writer: IndexWriter?
        var opened: Index?
        if !Index.exists(at: directory) {
            writer = try Index.rebuilding(at: directory, analyzer: analyzer)
            ledger = nil
        } else if rebuild {
            writer = try Index.rebuilding(at: directory, analyzer: analyzer)
            summary.rebuiltBecause = "--rebuild was asked for"
            ledger = nil
        } else {
            switch Result(catching: { () throws(IndexError) -> Index in try Index.open(at: directory, analyzer: analyzer) }) {
            case .success(let index):
                opened = index
                // Entities extracted with other rules or another gazetteer are extracted again.
                let recorded = try index.reader(verifyChecksums: false).userData[Self.extractorKey]
                if recorded != extractorFingerprint {
                    opened = nil
                    writer = try Index.rebuilding(at: directory, analyzer: analyzer)
                    summary.rebuiltBecause = recorded == nil
                        ? "the index holds no entities yet: every article is extracted"
                        : "the entity extractor changed (its rules or gazetteer): every article is extracted again"
                    ledger = nil
                }
            case .failure(.analyzerMismatch(let was, let now)):
                writer = try Index.rebuilding(at: directory, analyzer: analyzer)
                summary.rebuiltBecause = "the analyser changed (index built with \(was), this build uses \(now))"
                ledger = nil
            case .failure(let error):
                throw error
            }
        }
        if let index = opened {
            // Every file's checksum is verified, so that a refresh over a damaged index stops naming the file,
            // even when it has nothing to write (the writer verifies what it reads when it has).
            let current = try index.reader(verifyChecksums: true)
            if let known = ledger, known.generation != current.generation { ledger = nil }
            // Nothing to do: every file the ledger knows, none gone, and each as large and as old as recorded, or
            // with the same bytes (a touched file, or one written so recently that its time was not trusted).
            if var known = ledger, known.roots == roots, files.count == known.files.count,
               let restamped = RefreshRun.unchanged(files, ledger: known, reader: reader, summary: &summary) {
                summary.filesUnchanged = files.count
                summary.unchanged = known.files.values.reduce(0) { $0 + $1.ids.count }
                summary.generation = current.generation
                summary.documents = current.documentCount
                if !restamped.isEmpty {
                    // Without the writer's lock: a refresh committing meanwhile makes this ledger name an older
                    // generation, which the next refresh ignores (costing a re-read, never an article).
                    for (path, record) in restamped { known.files[path] = record }
                    try known.write(to: directory)
                }
                summary.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                return summary
            }
            writer = try index.writer()
        }
        guard let writer else { throw JiansuoError.noIndex(directory.path) }
        defer { writer.close() }
        writer.userData[Self.extractorKey] = extractorFingerprint
        // Entities are extracted on the writer's analysis threads, beside the segmentation of the same batch.
        // A gazetteer that fails to load stops the refresh before its commit (checked after the run).
        writer.prepare = { document in
            if let extractor = try? extractorLoad.value() { Self.addEntities(to: &document, extractor: extractor) }
        }
        let currentGeneration = writer.generation
        if let known = ledger, known.generation != currentGeneration { ledger = nil }

        // The run keeps the callbacks only while it runs; what it found is copied out before they are released.
        let outcome = try withoutActuallyEscaping(warning) { warning in
            try withoutActuallyEscaping(progress) { progress in
                var run = RefreshRun(reader: reader, old: ledger?.files ?? [:], writer: writer, summary: summary,
                                     warning: warning, progress: progress)
                try run.run(files)
                return (summary: run.summary, files: run.new)
            }
        }
        summary = outcome.summary
        _ = try extractorLoad.value()
        if writer.hasChanges || summary.rebuiltBecause != nil {
            summary.generation = try writer.commit().generation
        } else {
            summary.generation = currentGeneration
        }
        summary.documents = writer.documentCount
        let newLedger = SourceLedger(generation: summary.generation, roots: roots, files: outcome.files)
        try newLedger.write(to: directory)
        summary.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return summary
    }

    /// The index document for an article with its entities: the mentions stored as `extract` prints them,
    /// facet keys for filters and facets, and the amounts of money as numbers.
    public static func document(for article: Article, extractor: EntityExtractor?) -> IndexDocument {
        var document = document(for: article)
        if let extractor { addEntities(to: &document, extractor: extractor) }
        return document
    }

    /// Extracts the entities of `document`'s title and text into its stored mentions, facets and numbers.
    static func addEntities(to document: inout IndexDocument, extractor: EntityExtractor) {
        let entities = extractor.extract(title: document.title, text: document.text)
        document.stored[EntityKeys.storedField] = EntityKeys.storedJSON(entities)
        document.facets = EntityKeys.facets(of: entities, gazetteer: extractor.gazetteer)
        document.numbers = EntityKeys.numbers(of: entities)
    }

    /// The key of the commit's user data that records what the stored entities were extracted with.
    static let extractorKey = "extractor"

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
