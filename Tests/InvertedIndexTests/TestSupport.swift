import Foundation
import ChineseText
@testable import InvertedIndex
import JiansuoTestSupport

/// A fresh temporary folder for one test's index.
func temporaryDirectory(_ name: String = #function) -> URL {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-index-tests-\(safe)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}


/// The brute-force oracle: ids of documents whose normalised title or text contains every needle.
struct Oracle {
    let normalizer = Normalizer()
    var docs: [String: (title: [Unicode.Scalar], text: [Unicode.Scalar], date: String?)] = [:]

    mutating func set(_ d: IndexDocument) {
        docs[d.id] = (normalizer.normalize(d.title).scalars, normalizer.normalize(d.text).scalars, d.date)
    }
    mutating func remove(_ id: String) { docs[id] = nil }

    static func contains(_ hay: [Unicode.Scalar], _ needle: [Unicode.Scalar]) -> Bool {
        if needle.isEmpty { return true }
        if hay.count < needle.count { return false }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] {
            var k = 1
            while k < needle.count && hay[i + k] == needle[k] { k += 1 }
            if k == needle.count { return true }
        }
        return false
    }

    /// Documents containing all of `needles` (raw strings, normalised here) in title or text.
    func matching(_ needles: [String], titleOnly: Bool = false) -> Set<String> {
        let ns = needles.map { normalizer.normalize($0).scalars }
        var out = Set<String>()
        for (id, d) in docs where ns.allSatisfy({ Oracle.contains(d.title, $0) || (!titleOnly && Oracle.contains(d.text, $0)) }) {
            out.insert(id)
        }
        return out
    }
}

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
/// The shared data folder beside the repository (absent on a fresh clone).
let sharedData = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
let newsPath = sharedData.appendingPathComponent("data/corpus/news.jsonl").path

/// Reads up to `limit` documents of a JSON Lines file with id/title/text/date fields.
func readJSONL(_ path: String, limit: Int = .max) -> [IndexDocument] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    var out: [IndexDocument] = []
    for line in data.split(separator: UInt8(ascii: "\n")) {
        if out.count >= limit { break }
        guard let obj = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
              let id = obj["id"] as? String else { continue }
        out.append(IndexDocument(id: id, title: obj["title"] as? String ?? "", text: obj["text"] as? String ?? "",
                                 date: obj["date"] as? String, stored: ["url": obj["url"] as? String ?? ""],
                                 contentHash: String((obj["text"] as? String ?? "").hashValue)))
    }
    return out
}
