import ChineseText
import EntityExtraction
import Foundation
import NewsCorpus

/// The library's front door: the analyser, the corpus, the index and the extractor, wired to one set
/// of dictionaries (by default the copy compiled into Jiansuo).
///
/// Why: the CLI and library users should not have to know which module owns what; this
/// ties ingest, normalisation and segmentation together the same way for everyone.
public struct Toolkit: Sendable {
    /// Where the dictionaries come from: a folder, or the embedded copy.
    public let source: DictionarySource
    /// The overlay's words: words.txt plus every region and company name of the gazetteer.
    public let words: WordDictionary

    /// The Dictionaries folder in use; nil when the toolkit uses the embedded copy.
    public var dictionaries: URL? {
        if case .folder(let url) = source { return url }
        return nil
    }

    /// Loads the word list and the gazetteer's names from `source`.
    ///
    /// The gazetteer's names join the segmenter's overlay, so 宿迁市 or 京东集团 come out as one word
    /// wherever they occur; the index records the combined fingerprint, which depends only on the
    /// words, so a folder and the embedded copy of the same files give the same index.
    /// Errors name the file and line at fault.
    public init(source: DictionarySource) throws {
        self.source = source
        // The overlay built from these bytes is kept in the cache under a key made of the bytes themselves
        // and the normaliser, so a later process reads it in milliseconds instead of parsing 350k words.
        let names = [DictionarySource.wordListFile, DictionarySource.regionsFile, DictionarySource.companiesFile]
        if case .folder(let folder) = source { try DictionarySource.checkFolder(folder, origin: nil) }
        // Each file is hashed where it lies (the embedded copy in the program's own pages), four lanes at a time.
        var hash = ContentHash()
        for name in names {
            var digest = try source.withBytes(of: name) { ContentHash.quick($0) }.littleEndian
            withUnsafeBytes(of: &digest) { hash.combine($0) }
            hash.combine(name)
        }
        hash.combine(Normalizer().fingerprint)
        self.words = try WordDictionary.cached(key: hash.hex, in: .standard) { [source] in
            switch source {
            case .folder(let folder):
                let base = try WordDictionary.load(contentsOf: folder.appendingPathComponent(DictionarySource.wordListFile))
                return base.adding(try Gazetteer.names(from: folder))
            case .embedded:
                let name = DictionarySource.wordListFile
                let base = try WordDictionary.load(text: try DictionarySource.embeddedText(name),
                                                   path: source.displayPath(of: name))
                return base.adding(try Gazetteer.names(
                    regionsTSV: try DictionarySource.embeddedText(DictionarySource.regionsFile),
                    companiesTSV: try DictionarySource.embeddedText(DictionarySource.companiesFile),
                    regionsPath: source.displayPath(of: DictionarySource.regionsFile),
                    companiesPath: source.displayPath(of: DictionarySource.companiesFile)))
            }
        }
    }

    /// Loads the word list and the gazetteer's names from the folder `dictionaries`.
    public init(dictionaries: URL) throws {
        try self.init(source: .folder(dictionaries))
    }

    /// A toolkit over the dictionaries `locator` chooses: `--dictionaries`, `$JIANSUO_DICTIONARIES`, else
    /// the embedded copy, so `Toolkit()` works from any working directory with no set-up.
    public init(locator: ResourceLocator = ResourceLocator()) throws {
        try self.init(source: try locator.dictionarySource())
    }

    /// The regions and companies of regions.tsv and companies.tsv, loaded now.
    ///
    /// Why not at init: building the matcher takes about 0.1 s that search and index never need.
    public func loadGazetteer() throws -> Gazetteer {
        switch source {
        case .folder(let folder):
            return try Gazetteer.load(from: folder)
        case .embedded:
            return try Gazetteer(
                regionsTSV: try DictionarySource.embeddedText(DictionarySource.regionsFile),
                companiesTSV: try DictionarySource.embeddedText(DictionarySource.companiesFile),
                regionsPath: source.displayPath(of: DictionarySource.regionsFile),
                companiesPath: source.displayPath(of: DictionarySource.companiesFile))
        }
    }

    /// What the entities stored in an index depend on: the extraction rules' version and the gazetteer's
    /// files. Computed from the files' bytes, without building the gazetteer.
    public func extractorFingerprint() throws -> String {
        var hash = ContentHash()
        for name in [DictionarySource.regionsFile, DictionarySource.companiesFile] {
            let bytes = try source.contents(of: name)
            bytes.withUnsafeBytes { hash.combine($0) }
            hash.combine(name)
        }
        return "entities-v1;\(EntityExtractor.rulesVersion);gazetteer=\(hash.hex)"
    }

    /// An entity extractor over this toolkit's gazetteer.
    public func makeExtractor() throws -> EntityExtractor {
        EntityExtractor(gazetteer: try loadGazetteer())
    }

    /// A new segmenter over this toolkit's words (one per thread: segmenters are not shared).
    public func makeSegmenter() throws -> Segmenter {
        try Segmenter(dictionary: words)
    }

    /// Reads every article under `paths` (files or folders), with the warnings met on the way.
    public static func ingest(_ paths: [URL]) throws -> IngestResult {
        for path in paths where !FileManager.default.fileExists(atPath: path.path) {
            throw JiansuoError.noSuchPath(path.path)
        }
        return try CorpusReader().read(paths)
    }

    /// The articles that come from one file, cleaned exactly as when their whole folder is read.
    ///
    /// Why: the cross-article boilerplate rules look at a folder's files together, so a file read
    /// alone could keep a footer its siblings reveal; offsets must match `show` and the index.
    public static func articles(inFile file: URL) throws -> IngestResult {
        let file = file.standardizedFileURL
        guard FileManager.default.fileExists(atPath: file.path) else { throw JiansuoError.noSuchPath(file.path) }
        let folder = try ingest([file.deletingLastPathComponent()])
        let mine = folder.articles.filter { URL(fileURLWithPath: $0.path).standardizedFileURL.path == file.path }
        if !mine.isEmpty {
            return IngestResult(articles: mine, warnings: folder.warnings.filter { $0.path == mine[0].path })
        }
        // Not among the folder's files (e.g. an extension the walk skips): read it on its own.
        return try ingest([file])
    }

    /// The article named by `key`: an id in `corpus`, or a path to a file (its first article).
    ///
    /// The whole corpus folder is read either way, so cross-article boilerplate rules apply
    /// exactly as they do for `ingest` and the index.
    public static func article(_ key: String, corpus: URL) throws -> (article: Article, warnings: [IngestWarning]) {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: key, isDirectory: &isDirectory), !isDirectory.boolValue {
            let result = try articles(inFile: URL(fileURLWithPath: key))
            guard let first = result.articles.first else {
                throw JiansuoError.articleNotFound(key, corpus: key, known: [])
            }
            return (first, result.warnings)
        }
        guard fileManager.fileExists(atPath: corpus.path) else { throw JiansuoError.noSuchPath(corpus.path) }
        let result = try ingest([corpus])
        let matches = result.articles.filter { $0.id == key }
        guard let found = matches.first else {
            throw JiansuoError.articleNotFound(key, corpus: corpus.path, known: result.articles.map(\.id))
        }
        return (found, result.warnings.filter { $0.path == found.path })
    }
}
