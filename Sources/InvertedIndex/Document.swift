import Foundation
import ChineseText

/// One document as the index sees it: where it came from is the caller's business.
///
/// `stored` carries whatever the caller wants back with a hit (url, source, path, entities JSON).
public struct IndexDocument: Sendable, Hashable, Codable {
    /// The caller's unique key (updates and deletes go by it).
    public var id: String
    /// The title field (searchable, weighted above the text).
    public var title: String
    /// The body text (searchable; snippets are taken from it).
    public var text: String
    /// An ISO date "yyyy-mm-dd" (or "yyyy-mm", "yyyy"); used by date filters and to break ties.
    public var date: String?
    /// Extra stored values returned with hits, never searched.
    public var stored: [String: String]
    /// A hash of the source content, so a refresh can tell changed documents from unchanged ones.
    public var contentHash: String

    /// Creates a document.
    public init(id: String, title: String, text: String, date: String? = nil, stored: [String: String] = [:], contentHash: String = "") {
        self.id = id
        self.title = title
        self.text = text
        self.date = date
        self.stored = stored
        self.contentHash = contentHash
    }
}

/// The analyser the index depends on: the normaliser (ICU) and the segmenter's word dictionary,
/// which cuts both the indexed fields and the queries into words.
///
/// Why a value: its fingerprint goes into every commit, so an index built by another analyser is detected.
public struct Analyzer: Sendable {
    /// The word list the segmenter overlays on ICU, at index time and at query time.
    public let dictionary: WordDictionary
    /// "index-v1;words-v1;<normaliser>;<segmenter model>;dict=…;weights=…": recorded in each commit.
    ///
    /// Computed once: hashing 350k weighted words takes a few milliseconds.
    public let fingerprint: String

    /// Creates an analyser over `dictionary` (empty: ICU words only).
    public init(dictionary: WordDictionary = WordDictionary(words: [String]())) {
        self.dictionary = dictionary
        fingerprint = "index-v\(FileFormat.version);words-v1;\(Normalizer().fingerprint);\(Segmenter.modelVersion);dict=\(dictionary.fingerprint);\(dictionary.weightedFingerprint)"
    }
}

/// Dates as sortable integers yyyymmdd (month/day 0 when absent); -1 when missing or unreadable.
///
/// A partial date ("2022-03", "2022") is a period from its key to `last(key)`: a date range
/// matches it when the two overlap, so date:2022-03 finds an article dated only "2022-03".
enum DateKey {
    /// The last day the period of `key` covers (the key itself for a full date).
    static func last(_ key: Int32) -> Int32 {
        if key % 10000 == 0 { return key + 1231 }
        if key % 100 == 0 { return key + 31 }
        return key
    }

    static func parse(_ s: String?) -> Int32 {
        guard let s else { return -1 }
        let u = Array(s.utf8.prefix(10))
        func num(_ r: Range<Int>) -> Int32? {
            guard r.upperBound <= u.count else { return nil }
            var v: Int32 = 0
            for i in r {
                let c = u[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int32(c - 48)
            }
            return v
        }
        guard let y = num(0..<4) else { return -1 }
        var key = y * 10000
        if u.count >= 7, u[4] == 45, let m = num(5..<7) {
            key += m * 100
            if u.count >= 10, u[7] == 45, let d = num(8..<10) { key += d }
        }
        return key
    }
}
