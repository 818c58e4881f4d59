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
    /// Opaque facet keys the caller chose (e.g. "region:山西"): filtered on exactly and counted by prefix.
    ///
    /// Duplicates are ignored and order does not matter; the index never interprets a key.
    public var facets: [String]
    /// Exact decimal numbers by field (opaque field names), for range filters and order-of-magnitude counts.
    public var numbers: [IndexNumber]

    /// Creates a document.
    public init(id: String, title: String, text: String, date: String? = nil, stored: [String: String] = [:], contentHash: String = "",
                facets: [String] = [], numbers: [IndexNumber] = []) {
        self.id = id
        self.title = title
        self.text = text
        self.date = date
        self.stored = stored
        self.contentHash = contentHash
        self.facets = facets
        self.numbers = numbers
    }

    private enum CodingKeys: String, CodingKey { case id, title, text, date, stored, contentHash, facets, numbers }

    /// Decodes a document; `facets` and `numbers` may be absent (documents encoded before they existed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        text = try c.decode(String.self, forKey: .text)
        date = try c.decodeIfPresent(String.self, forKey: .date)
        stored = try c.decodeIfPresent([String: String].self, forKey: .stored) ?? [:]
        contentHash = try c.decodeIfPresent(String.self, forKey: .contentHash) ?? ""
        facets = try c.decodeIfPresent([String].self, forKey: .facets) ?? []
        numbers = try c.decodeIfPresent([IndexNumber].self, forKey: .numbers) ?? []
    }
}

/// One number of a document: an opaque field name and an exact non-negative decimal.
///
/// Why a string: amounts like 1000000000 or 2.59 must compare exactly, which a Double cannot promise.
public struct IndexNumber: Sendable, Hashable, Codable {
    /// The caller's field name (e.g. "money"); never interpreted by the index.
    public var field: String
    /// A non-negative decimal without exponent or sign: "1000000000", "2.59", "0.5".
    public var value: String

    /// Creates a number of `field`.
    public init(field: String, value: String) {
        self.field = field
        self.value = value
    }
}

/// Exact non-negative decimals held as canonical ASCII strings: no leading zeros in the integer part
/// (but "0"), no trailing zeros in the fraction, no trailing point ("2.590" → "2.59", "007" → "7").
///
/// Why: canonical strings compare exactly (integer length, then digits) with no floating point.
enum Decimal10 {
    /// The canonical form of `s`, or nil when it is not digits with at most one inner '.'.
    static func canonical(_ s: String) -> String? {
        let u = Array(s.utf8)
        guard !u.isEmpty else { return nil }
        var dot = -1
        for (i, c) in u.enumerated() {
            if c == 46 {
                guard dot < 0 else { return nil }
                dot = i
            } else if c < 48 || c > 57 {
                return nil
            }
        }
        var intPart = dot < 0 ? u[...] : u[..<dot]
        var frac = dot < 0 ? u[u.endIndex...] : u[(dot + 1)...]
        guard !intPart.isEmpty || !frac.isEmpty else { return nil }
        while let f = intPart.first, f == 48 { intPart = intPart.dropFirst() }
        while let l = frac.last, l == 48 { frac = frac.dropLast() }
        var out = intPart.isEmpty ? [UInt8(48)] : Array(intPart)
        if !frac.isEmpty { out.append(46); out.append(contentsOf: frac) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Compares two canonical decimals given as UTF-8 bytes: -1, 0 or 1.
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        func intLength(_ x: UnsafeRawBufferPointer) -> Int {
            var n = 0
            while n < x.count, x[n] != 46 { n += 1 }
            return n
        }
        let la = intLength(a), lb = intLength(b)
        if la != lb { return la < lb ? -1 : 1 }
        let n = min(a.count, b.count)
        for i in 0..<n where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        if a.count == b.count { return 0 }
        return a.count < b.count ? -1 : 1
    }

    /// Compares two canonical decimal strings: -1, 0 or 1.
    static func compare(_ a: String, _ b: String) -> Int {
        var a = a, b = b
        return a.withUTF8 { pa in b.withUTF8 { pb in compare(UnsafeRawBufferPointer(pa), UnsafeRawBufferPointer(pb)) } }
    }

    /// floor(log10(value)) of a canonical decimal; 0 for zero.
    static func exponent(_ x: UnsafeRawBufferPointer) -> Int {
        var intLen = 0
        while intLen < x.count, x[intLen] != 46 { intLen += 1 }
        if !(intLen == 1 && x[0] == 48) { return intLen - 1 }
        var zeros = 0
        var i = intLen + 1
        while i < x.count, x[i] == 48 { zeros += 1; i += 1 }
        return i < x.count ? -(zeros + 1) : 0
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
