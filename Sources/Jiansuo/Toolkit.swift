import ChineseText
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
    /// The overlay's words (Dictionaries/words.txt, plus gazetteer names once loaded).
    public let words: WordDictionary

    /// Loads the word list from `dictionaries` (words.txt).
    public init(dictionaries: URL) throws {
        self.dictionaries = dictionaries
        self.words = try WordDictionary.load(contentsOf: dictionaries.appendingPathComponent("words.txt"))
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

    /// The article named by `key`: an id in `corpus`, or a path to a file (its first article).
    ///
    /// The whole corpus folder is read either way, so cross-article boilerplate rules apply
    /// exactly as they do for `ingest` and the index.
    public static func article(_ key: String, corpus: URL) throws -> (article: Article, warnings: [IngestWarning]) {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: key, isDirectory: &isDirectory), !isDirectory.boolValue {
            let file = URL(fileURLWithPath: key).standardizedFileURL
            let folder = file.deletingLastPathComponent()
            let result = try ingest([folder])
            if let found = result.articles.first(where: {
                URL(fileURLWithPath: $0.path).standardizedFileURL.path == file.path
            }) {
                return (found, result.warnings.filter { $0.path == found.path })
            }
            let single = try ingest([file])
            guard let first = single.articles.first else {
                throw JiansuoError.articleNotFound(key, corpus: file.path, known: [])
            }
            return (first, single.warnings)
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
