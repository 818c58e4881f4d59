import Foundation

/// Gives every article of a corpus a unique id without dropping any: the first article (in reading order) with
/// an id keeps it; a later one with the same id gets the id qualified by its file's path relative to the folder
/// the user named (`b/article` for b/article.txt, `exports/2.jsonl#17` for record 17 of exports/2.jsonl).
///
/// Why: two `article.txt` in different folders, or two crawler exports numbering their records 1, 2, 3…, must
/// both be indexed, and the same input must always give the same ids, whether read whole or refreshed.
public struct ArticleIDs: Sendable {
    private var used = Set<String>()
    /// How many articles got a qualified id.
    public private(set) var qualifiedCount = 0
    /// The first article whose id was qualified: its file, its own id and the id it got.
    public private(set) var firstQualified: (path: String, id: String, qualified: String)?

    /// An empty assignment.
    public init() {}

    /// The id for the next article, in reading order: `rawID` itself when still free, else a qualified one.
    public mutating func assign(_ rawID: String, in file: SourceFile, isRecord: Bool) -> String {
        if used.insert(rawID).inserted { return rawID }
        var base: String
        if isRecord {
            base = file.relativePath + "#" + rawID
        } else {
            base = file.relativePath
            if let dot = base.utf8.lastIndex(of: UInt8(ascii: ".")),
               base.utf8[base.utf8.index(after: dot)...].allSatisfy({ $0 != UInt8(ascii: "/") }),
               dot != base.utf8.startIndex {
                base = String(base[..<dot])
            }
            if base == rawID { base = file.relativePath }
        }
        var candidate = base
        var suffix = 2
        while !used.insert(candidate).inserted {
            candidate = base + "~\(suffix)"
            suffix += 1
        }
        qualifiedCount += 1
        if firstQualified == nil { firstQualified = (file.path, rawID, candidate) }
        return candidate
    }

    /// The one warning that says ids were qualified (nil when none was).
    public var warning: IngestWarning? {
        guard let first = firstQualified else { return nil }
        let others = qualifiedCount - 1
        return IngestWarning(path: first.path, message:
            "the id '\(first.id)' was already taken by another source, so this article is '\(first.qualified)'"
            + (others > 0 ? " (and \(others) more articles got ids qualified by their path the same way)" : "")
            + "; show, extract and search accept the qualified ids")
    }
}
