import Foundation

/// One source file decoded and parsed into articles, before (and, once cleaned, after) the boilerplate rules.
///
/// Why: a refresh reads files one by one and decides per file what to do; the cross-article rules of a folder
/// then run over the files it read (see `cleanFolder`), and a file of records is cleaned on its own.
public struct ParsedSource: Sendable {
    /// The file.
    public let file: SourceFile
    /// The drafts and warnings.
    var content: FileContent
    /// The encoding the bytes were decoded from (nil when the file was skipped as binary).
    public let encoding: String?
    /// How many byte sequences were not valid in that encoding (replaced by U+FFFD).
    public let damagedBytes: Int
    /// The format the content was read as.
    let kind: Formats.Kind?
    /// True once the boilerplate rules have run.
    var isClean = false

    /// True for a file of records (JSON, JSON Lines, Sogou XML): its records are one group of their own.
    public var isRecordFile: Bool { content.isMultiRecord }
    /// True for a JSON Lines file decoded from clean UTF-8: records appended to it can be read alone.
    public var isAppendable: Bool { kind == .jsonLines && encoding == "UTF-8" && damagedBytes == 0 }
    /// The warnings met while decoding and parsing.
    public var warnings: [IngestWarning] { content.warnings }
    /// The ids the file gives its articles, in order, before collisions with other files are resolved.
    public var rawIDs: [String] { content.drafts.map(\.id) }
    /// How many articles the file holds.
    public var articleCount: Int { content.drafts.count }

    /// The articles, with the file's own ids (call after cleaning).
    public func articles() -> [Article] { content.drafts.map(\.article) }

    /// Hands the articles to `body` in order, releasing each draft as it goes (a large file is not held twice).
    public mutating func drainArticles(_ body: (Article) throws -> Void) rethrows {
        var pending = content.drafts
        content.drafts = []
        pending.reverse()
        while let draft = pending.popLast() { try body(draft.article) }
    }
}

/// What the records of one file gave the cross-article rules at its last full reading: enough to tell whether
/// records appended since can be read alone (nothing is shared by most records, before or after).
///
/// Why: a crawler appends to its JSON Lines export; reading only the new tail must give exactly what reading
/// the whole file would. Keys counted in at least a quarter of the records are kept with their counts; every
/// other key is known to be rarer than `threshold`.
public struct RecordEvidence: Sendable, Hashable {
    /// Records in the file now.
    public var records: Int
    /// Records at the last full reading.
    public var recordsAtFullRead: Int
    /// Keys not in `edges`/`tails` were counted fewer than this many times at the last full reading.
    public var threshold: Int
    /// True when, at the last full reading, a block was shared by most records (the file must always be re-read).
    public var shared: Bool
    /// Counts of frequent trailing-paragraph keys.
    public var edges: [ByteKey: Int]
    /// Counts of frequent last-32-byte keys.
    public var tails: [ByteKey: Int]

    /// Evidence as a ledger stored it.
    public init(records: Int, recordsAtFullRead: Int, threshold: Int, shared: Bool,
                edges: [ByteKey: Int], tails: [ByteKey: Int]) {
        self.records = records
        self.recordsAtFullRead = recordsAtFullRead
        self.threshold = threshold
        self.shared = shared
        self.edges = edges
        self.tails = tails
    }

    /// How many records of a group of `count` must share a block for it to be boilerplate (see `CorpusReader`).
    static func minimumShare(_ count: Int) -> Int { max(3, (count + 1) / 2) }
}

extension CorpusReader {
    /// Decodes and parses one file's bytes (no boilerplate rules yet).
    public func parseSource(_ file: SourceFile, bytes: Data) -> ParsedSource {
        let parsed = parse(bytes, path: file.path)
        return ParsedSource(file: file, content: parsed.content, encoding: parsed.encoding,
                            damagedBytes: parsed.damagedBytes, kind: parsed.kind)
    }

    /// Cleans a file of records (the cross-article rules among its records, then the single-article rules) and
    /// returns the evidence a later refresh needs to read records appended to it alone.
    public func cleanRecords(_ source: inout ParsedSource) -> RecordEvidence {
        let drafts = source.content.drafts
        let count = drafts.count
        let threshold = max(2, count / 4)
        var edges: [ByteKey: Int] = [:]
        var tails: [ByteKey: Int] = [:]
        // The keys of each record are found on all cores, then counted in record order.
        let keys = ParallelSlices.map(drafts, minimumPerSlice: 256) { draft in
            (edges: Boilerplate.edgeKeys(draft.paragraphs, leading: false), tail: Boilerplate.tailKey(draft.paragraphs))
        }
        for key in keys {
            for edge in key.edges { edges[edge, default: 0] += 1 }
            if let tail = key.tail { tails[tail, default: 0] += 1 }
        }
        let share = RecordEvidence.minimumShare(count)
        let shared = edges.values.contains { $0 >= share } || tails.values.contains { $0 >= share }
        if !source.isClean {
            if options.removeBoilerplate && options.crossArticleRules {
                // The edge counts are those just made (same records, trailing edges only).
                Boilerplate.cleanGroup(&source.content.drafts, leadingParagraphs: false, minimumShare: share, edgeCounts: edges)
            }
            finish(&source)
        }
        return RecordEvidence(records: count, recordsAtFullRead: count, threshold: threshold, shared: shared,
                              edges: edges.filter { $0.value >= threshold }, tails: tails.filter { $0.value >= threshold })
    }

    /// Reads only the records appended to a JSON Lines file whose first `oldSize` bytes were read before, or nil
    /// when the whole file must be read again (the new records could change how the old ones are cleaned, or the
    /// old bytes did not end a line). `bytes` is the whole file now; the caller has checked that its first
    /// `oldSize` bytes are unchanged.
    public func appendedRecords(_ file: SourceFile, bytes: Data, oldSize: Int,
                                evidence: RecordEvidence) -> (source: ParsedSource, evidence: RecordEvidence)? {
        guard oldSize > 0, oldSize < bytes.count, bytes[bytes.startIndex + oldSize - 1] == 0x0A else { return nil }
        let lines = bytes.withUnsafeBytes { raw -> Int in
            var count = 0
            for byte in raw.prefix(oldSize) where byte == 0x0A { count += 1 }
            return count
        }
        return appendedRecords(file, tail: bytes[(bytes.startIndex + oldSize)...], oldSize: oldSize, linesBefore: lines,
                               evidence: evidence)
    }

    /// The records of `tail`, the bytes appended to a JSON Lines file after its first `oldSize` bytes (which hold
    /// `linesBefore` line ends and end with one), or nil when the whole file must be read again.
    func appendedRecords(_ file: SourceFile, tail tailBytes: Data, oldSize: Int, linesBefore lines: Int,
                         evidence: RecordEvidence) -> (source: ParsedSource, evidence: RecordEvidence)? {
        guard !evidence.shared, !tailBytes.isEmpty, options.removeBoilerplate, options.crossArticleRules,
              let tailText = String(validating: tailBytes, as: UTF8.self) else { return nil }
        // Line numbers and byte offsets (and the ids of records without one) as if the whole file were read.
        let stem = file.url.deletingPathExtension().lastPathComponent
        var content = Formats.jsonLines(String(repeating: "\n", count: lines) + tailText, stem: stem, path: file.path,
                                        byteBase: oldSize - lines)
        content.isMultiRecord = true
        let added = content.drafts.count
        let records = evidence.records + added
        let share = RecordEvidence.minimumShare(records)
        // Keys not tracked were rarer than the threshold at the full reading; appended records may all add to one.
        guard evidence.threshold - 1 + (records - evidence.recordsAtFullRead) < share else { return nil }
        var next = evidence
        next.records = records
        var newEdges: [ByteKey: Int] = [:]
        var newTails: [ByteKey: Int] = [:]
        for draft in content.drafts {
            for key in Boilerplate.edgeKeys(draft.paragraphs, leading: false) { newEdges[key, default: 0] += 1 }
            if let key = Boilerplate.tailKey(draft.paragraphs) { newTails[key, default: 0] += 1 }
        }
        for (key, count) in newEdges {
            let total = (evidence.edges[key] ?? 0) + count
            guard total < share else { return nil }
            if evidence.edges[key] != nil { next.edges[key] = total }
        }
        for (key, count) in newTails {
            let total = (evidence.tails[key] ?? 0) + count
            guard total < share else { return nil }
            if evidence.tails[key] != nil { next.tails[key] = total }
        }
        // Nothing is shared by most records, before or after: the cross-article rules change nothing, so the new
        // records are cleaned alone and the old ones stay as they were.
        var source = ParsedSource(file: file, content: content, encoding: "UTF-8", damagedBytes: 0, kind: .jsonLines)
        finish(&source)
        return (source, next)
    }
}
