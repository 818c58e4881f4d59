import ChineseText
import EntityExtraction
import Foundation
import NewsCorpus

/// The library's front door: the analyser, the corpus and (later) the index and extractor,
/// wired to one Dictionaries folder.
///
/// Why: the CLI and library users should not have to know which module owns what; this
/// ties ingest, normalisation and segmentation together the same way for everyone.
public struct Toolkit: Sendable {
    /// The Dictionaries folder in use.
    public let dictionaries: URL
    /// The overlay's words: Dictionaries/words.txt plus every region and company name of the gazetteer.
    public let words: WordDictionary

    /// Loads the word list and the gazetteer from `dictionaries`.
    ///
    /// The gazetteer's names join the segmenter's overlay, so 宿迁市 or 京东集团 come out as one word
    /// wherever they occur; the index records the combined fingerprint.
    public init(dictionaries: URL) throws {
        self.dictionaries = dictionaries
        let base = try WordDictionary.load(contentsOf: dictionaries.appendingPathComponent("words.txt"))
        self.words = base.adding(try Gazetteer.names(from: dictionaries))
    }

    /// The regions and companies of Dictionaries/regions.tsv and companies.tsv, loaded now.
    ///
    /// Why not at init: building the matcher takes about 0.1 s that search and index never need.
    public func loadGazetteer() throws -> Gazetteer {
        try Gazetteer.load(from: dictionaries)
    }

    /// An entity extractor over the gazetteer of this toolkit's Dictionaries folder.
    public func makeExtractor() throws -> EntityExtractor {
        EntityExtractor(gazetteer: try loadGazetteer())
    }

    /// A toolkit over the Dictionaries folder found by `locator`.
    public init(locator: ResourceLocator = ResourceLocator()) throws {
        try self.init(dictionaries: try locator.dictionariesDirectory())
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
