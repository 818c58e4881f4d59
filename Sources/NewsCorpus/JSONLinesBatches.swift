import ChineseText
import Foundation

#if canImport(Glibc)
import Glibc
private let batchRead = Glibc.read
private let batchPread = Glibc.pread
private func batchOpen(_ path: String) -> Int32 { Glibc.open(path, O_RDONLY) }
#elseif canImport(Darwin)
import Darwin
private let batchRead = Darwin.read
private let batchPread = Darwin.pread
private func batchOpen(_ path: String) -> Int32 { Darwin.open(path, O_RDONLY) }
#endif

/// When a JSON Lines file is read in batches instead of whole, and how large a batch is.
///
/// Why: parsing a file whole holds its bytes, its text and all its records at once (about three times its size);
/// a file larger than `wholeFileLimit` is read in batches of about `batchBytes`, so memory stays bounded.
struct JSONLinesBatching: Sendable {
    /// Files of at most this many bytes are read whole (one pass, as fast as it gets).
    var wholeFileLimit = 48 << 20
    /// A batch ends at the first line end after this many bytes (or holds one longer line whole).
    var batchBytes = 8 << 20
}

/// The first pass over a large JSON Lines file read in batches: its warnings, ids and the evidence of the
/// cross-article rules, with no record kept. `CorpusReader.streamRecords` then reads the records again, batch
/// by batch, and hands them on.
///
/// Why two passes: a block shared by most records of a file is boilerplate, so no record can be cleaned before
/// all were seen; the first pass finds that nothing is shared (else the file is read whole, as before).
public struct RecordScan: Sendable {
    /// The file.
    public let file: SourceFile
    /// The warnings of reading, decoding and parsing, in the order a whole reading gives them.
    public let warnings: [IngestWarning]
    /// The content hash of all the bytes read (`ContentHash.of` the whole file).
    public let hash: UInt64
    /// How many bytes were read.
    public let byteCount: Int
    /// The ids the file gives its records, in order, before collisions with other files are resolved.
    public let rawIDs: [String]
    /// What the records gave the cross-article rules (for a later refresh of appended records).
    public let evidence: RecordEvidence

    /// One batch: where its bytes are, their hash, and where its text stands in the file's text.
    struct Batch: Sendable {
        var offset: Int
        var length: Int
        var hash: UInt64
        /// Bytes skipped at its start (a byte order mark in the first batch).
        var skip: Int
        /// Lines of the file before it.
        var linesBefore: Int
        /// The file offset reported for its text's first byte.
        var byteBase: Int
    }

    let batches: [Batch]
    let stem: String
}

extension CorpusReader {
    /// True when `file` is a JSON Lines file large enough to be read in batches (`scanRecords`, `streamRecords`).
    public func readsInBatches(_ file: SourceFile) -> Bool {
        let fileExtension = file.url.pathExtension.lowercased()
        return (fileExtension == "jsonl" || fileExtension == "ndjson") && file.size > batching.wholeFileLimit
    }

    /// Reads a JSON Lines file once, batch by batch, keeping its warnings, raw ids, hash and cross-article evidence
    /// but no record; nil when it must be read whole instead: it is not clean UTF-8 (the whole file decides its
    /// encoding), or a block is shared by most of its records (the rules need them all at once).
    /// Throws `IngestError.unreadable` when the file cannot be opened or read.
    public func scanRecords(_ file: SourceFile) throws(IngestError) -> RecordScan? {
        let descriptor = batchOpen(file.path)
        guard descriptor >= 0 else { throw .unreadable(path: file.path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let stem = file.url.deletingPathExtension().lastPathComponent
        var reader = LineBatchReader(descriptor: descriptor, target: batching.batchBytes)
        var hash = StreamingHash()
        var batches: [RecordScan.Batch] = []
        var recordWarnings: [IngestWarning] = []
        var rawIDs: [String] = []
        var edges: [ByteKey: Int] = [:]
        var tails: [ByteKey: Int] = [:]
        var offset = 0
        var lines = 0
        var bodyBytes = 0
        var byteBase = 0
        var lost = LostBytesCount()
        while let chunk = try reader.next(path: file.path) {
            hash.combine(chunk)
            var skip = 0
            let text: String
            if batches.isEmpty {
                // The first batch decides the encoding exactly as a whole reading does (its checks look at the
                // first 64 KiB); the later ones must then be valid UTF-8 without NUL bytes.
                let outcome = chunk.withUnsafeBufferPointer { CharsetDecoding.decode($0) }
                guard case .text(let decoded, "UTF-8", 0, _) = outcome else { return nil }
                if chunk.starts(with: [0xEF, 0xBB, 0xBF]) { skip = 3; byteBase = 3 }
                var body = decoded
                if body.hasPrefix("\u{FEFF}") { body.removeFirst(); skip += 3 }
                text = body
            } else {
                guard chunk.withUnsafeBufferPointer({ bytes in bytes.baseAddress.map { memchr($0, 0, bytes.count) == nil } ?? true }),
                      let decoded = String(validating: chunk, as: UTF8.self) else { return nil }
                text = decoded
            }
            let base = byteBase + bodyBytes
            let batchLines = lines
            var content = Formats.jsonLines(text, stem: stem, path: file.path, byteBase: base, linesBefore: batchLines)
            batches.append(RecordScan.Batch(offset: offset, length: chunk.count, hash: ContentHash.of(chunk), skip: skip,
                                            linesBefore: batchLines, byteBase: base))
            chunk.withUnsafeBufferPointer { bytes in
                let body = UnsafeBufferPointer(rebasing: bytes[skip...])
                lost.count(body, linesBefore: batchLines)
                lines += body.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
                bodyBytes += body.count
            }
            offset += chunk.count
            let keys = ParallelSlices.map(content.drafts, minimumPerSlice: 256) { draft in
                (edges: Boilerplate.edgeKeys(draft.paragraphs, leading: false), tail: Boilerplate.tailKey(draft.paragraphs))
            }
            for key in keys {
                for edge in key.edges { edges[edge, default: 0] += 1 }
                if let tail = key.tail { tails[tail, default: 0] += 1 }
            }
            rawIDs.append(contentsOf: content.drafts.map(\.id))
            content.drafts = []
            recordWarnings.append(contentsOf: content.warnings)
        }
        let count = rawIDs.count
        let share = RecordEvidence.minimumShare(count)
        let shared = edges.values.contains { $0 >= share } || tails.values.contains { $0 >= share }
        if shared && options.removeBoilerplate && options.crossArticleRules { return nil }
        let threshold = max(2, count / 4)
        let evidence = RecordEvidence(records: count, recordsAtFullRead: count, threshold: threshold, shared: shared,
                                      edges: edges.filter { $0.value >= threshold },
                                      tails: tails.filter { $0.value >= threshold })
        var warnings: [IngestWarning] = []
        if offset != file.size {
            warnings.append(IngestWarning(path: file.path, message:
                "changed while it was read (\(file.size) bytes when listed, \(offset) read); the bytes read are used "
                + "and the file is read again by the next refresh"))
        }
        if let damage = lost.evidence(bodyBytes: bodyBytes) {
            warnings.append(IngestWarning(
                path: file.path, line: damage.firstLine,
                message: "\(damage.count) '?' stand inside Chinese text (the first on this line): bytes were probably "
                    + "lost in an earlier conversion of this file; the text is kept as it is"))
        }
        warnings.append(contentsOf: recordWarnings)
        return RecordScan(file: file, warnings: warnings, hash: hash.finish(), byteCount: offset, rawIDs: rawIDs,
                          evidence: evidence, batches: batches, stem: stem)
    }

    /// Reads the records of a scanned file again, batch by batch, cleans each batch (the single-article rules;
    /// the scan found nothing shared for the cross-article rules to remove) and hands its articles to `body` in
    /// file order, with the file's own ids. Returns a warning when the file changed since the scan: the records
    /// from the first changed batch on are then not handed on. Errors thrown by `body` are rethrown.
    public func streamRecords(_ scan: RecordScan, _ body: (Article) throws -> Void) rethrows -> IngestWarning? {
        let path = scan.file.path
        let descriptor = batchOpen(path)
        func changed(from batch: RecordScan.Batch) -> IngestWarning {
            IngestWarning(path: path, line: batch.linesBefore + 1, message:
                "changed while it was read (its bytes differ from the first pass over them); the records from this "
                + "line on were not read, and the file is read again by the next refresh")
        }
        guard descriptor >= 0 else { return scan.batches.first.map(changed(from:)) }
        defer { close(descriptor) }
        for batch in scan.batches {
            guard let chunk = Self.readBatch(descriptor, batch), ContentHash.of(chunk) == batch.hash,
                  let text = String(validating: chunk[batch.skip...], as: UTF8.self) else {
                return changed(from: batch)
            }
            let content = Formats.jsonLines(text, stem: scan.stem, path: path, byteBase: batch.byteBase,
                                            linesBefore: batch.linesBefore)
            var source = ParsedSource(file: scan.file, content: FileContent(drafts: content.drafts, isMultiRecord: true),
                                      encoding: "UTF-8", damagedBytes: 0, kind: .jsonLines)
            finish(&source)
            try source.drainArticles(body)
        }
        return nil
    }

    /// The bytes of one batch (nil when the file no longer holds them all).
    static func readBatch(_ descriptor: Int32, _ batch: RecordScan.Batch) -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: batch.length)
        var done = 0
        while done < batch.length {
            let got = chunk.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return batchPread(descriptor, base + done, batch.length - done, off_t(batch.offset + done))
            }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { return nil }
            done += got
        }
        return chunk
    }
}

/// Reads a file with read(2) in batches that end at line ends: each at least `target` bytes (unless the file
/// ends), cut after the first line end past that.
struct LineBatchReader {
    let descriptor: Int32
    let target: Int
    private var pending: [UInt8] = []
    /// Bytes of `pending` already searched for a line end.
    private var searched = 0
    private var atEnd = false

    init(descriptor: Int32, target: Int) {
        self.descriptor = descriptor
        self.target = max(1, target)
    }

    /// The next batch, or nil at the end of the file.
    mutating func next(path: String) throws(IngestError) -> [UInt8]? {
        while true {
            if pending.count >= target {
                let from = max(searched, target - 1)
                let found = pending.withUnsafeBufferPointer { bytes -> Int? in
                    guard let base = bytes.baseAddress, from < bytes.count,
                          let hit = memchr(base + from, 0x0A, bytes.count - from) else { return nil }
                    return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                }
                if let found { return take(found + 1) }
                searched = pending.count
            }
            if atEnd { return pending.isEmpty ? nil : take(pending.count) }
            let room = max(target, 1 << 20)
            let start = pending.count
            pending.append(contentsOf: repeatElement(0, count: room))
            let got = pending.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return batchRead(descriptor, base + start, room)
            }
            if got < 0 {
                pending.removeLast(room)
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            pending.removeLast(room - got)
            if got == 0 { atEnd = true }
        }
    }

    private mutating func take(_ count: Int) -> [UInt8] {
        let batch = Array(pending[..<count])
        pending.removeFirst(count)
        searched = 0
        return batch
    }
}

/// Counts "?" directly followed by a CJK or full-width lead byte across the batches of a file, as
/// `CorpusReader.lostBytesEvidence` counts them in a whole text.
struct LostBytesCount {
    private var total = 0
    private var firstLine = -1

    /// Counts in one batch's text (which ends at a line end, so no pair is cut).
    mutating func count(_ bytes: UnsafeBufferPointer<UInt8>, linesBefore: Int) {
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == 0x3F, (0xE3...0xE9).contains(bytes[index + 1]) || bytes[index + 1] == 0xEF {
                total += 1
                if firstLine < 0 {
                    firstLine = 1 + linesBefore
                        + UnsafeBufferPointer(rebasing: bytes[0..<index]).reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
                }
            }
            index += 1
        }
    }

    /// The count and first line when they are evidence of lost bytes in a text of `bodyBytes` bytes.
    func evidence(bodyBytes: Int) -> (count: Int, firstLine: Int)? {
        guard total >= 3, total * 20_000 >= bodyBytes, firstLine >= 0 else { return nil }
        return (total, firstLine)
    }
}

/// `ContentHash` fed in pieces of any length, giving what `ContentHash.of` gives the bytes in one piece (it mixes
/// eight bytes a step, so a piece that does not end on a step would change the hash).
struct StreamingHash {
    private var hash = ContentHash()
    private var carry: [UInt8] = []

    /// Mixes the next bytes in.
    mutating func combine(_ bytes: [UInt8]) {
        var start = 0
        if !carry.isEmpty {
            let needed = min(8 - carry.count, bytes.count)
            carry.append(contentsOf: bytes[0..<needed])
            start = needed
            guard carry.count == 8 else { return }
            carry.withUnsafeBytes { hash.combine($0) }
            carry = []
        }
        let whole = (bytes.count - start) / 8 * 8
        bytes.withUnsafeBytes { raw in
            hash.combine(UnsafeRawBufferPointer(rebasing: raw[start..<(start + whole)]))
        }
        carry.append(contentsOf: bytes[(start + whole)...])
    }

    /// The hash of all the bytes mixed in.
    mutating func finish() -> UInt64 {
        carry.withUnsafeBytes { hash.combine($0) }
        carry = []
        return hash.state
    }
}

/// A file's content hash read in batches, with what a refresh needs to read records appended to it alone.
///
/// Why: a refresh must know whether a large JSON Lines file changed, and whether only records were appended,
/// without holding its bytes.
public struct SourceDigest: Sendable {
    /// `ContentHash.of` all the bytes read.
    public var hash: UInt64
    /// How many bytes were read.
    public var byteCount: Int
    /// `ContentHash.of` the first `prefix` bytes (nil when none was asked for or the file is shorter).
    public var prefixHash: UInt64?
    /// How many line ends the prefix holds.
    public var prefixLines: Int
    /// True when the prefix ends with a line end.
    public var prefixEndsLine: Bool
    /// A warning when the file changed size while it was read.
    public var warning: IngestWarning?
}

extension CorpusReader {
    /// Reads a file in batches (bounded memory) for its content hash, and that of its first `prefix` bytes.
    /// Throws `IngestError.unreadable` when the file cannot be opened or read.
    public func digestSource(_ file: SourceFile, prefix: Int?) throws(IngestError) -> SourceDigest {
        let descriptor = batchOpen(file.path)
        guard descriptor >= 0 else { throw .unreadable(path: file.path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var reader = LineBatchReader(descriptor: descriptor, target: batching.batchBytes)
        var hash = StreamingHash()
        var digest = SourceDigest(hash: 0, byteCount: 0, prefixHash: nil, prefixLines: 0, prefixEndsLine: false)
        while let chunk = try reader.next(path: file.path) {
            if let prefix, prefix > digest.byteCount, prefix <= digest.byteCount + chunk.count {
                let cut = prefix - digest.byteCount
                let head = Array(chunk[..<cut])
                hash.combine(head)
                var prefixHash = hash
                digest.prefixHash = prefixHash.finish()
                digest.prefixLines += head.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
                digest.prefixEndsLine = head.last == 0x0A
                if cut < chunk.count { hash.combine(Array(chunk[cut...])) }
            } else {
                hash.combine(chunk)
                if let prefix, digest.byteCount + chunk.count < prefix {
                    digest.prefixLines += chunk.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
                }
            }
            digest.byteCount += chunk.count
        }
        digest.hash = hash.finish()
        if digest.byteCount != file.size {
            digest.warning = IngestWarning(path: file.path, message:
                "changed while it was read (\(file.size) bytes when listed, \(digest.byteCount) read); the bytes read "
                + "are used and the file is read again by the next refresh")
        }
        return digest
    }

    /// Reads only the records appended to a JSON Lines file after its first `oldSize` bytes, reading just those
    /// bytes, or nil when the whole file must be read again (see `appendedRecords(_:bytes:oldSize:evidence:)`).
    /// `digest` is the file's digest with `oldSize` as its prefix; the caller has checked the prefix's hash.
    public func appendedRecords(_ file: SourceFile, digest: SourceDigest, oldSize: Int,
                                evidence: RecordEvidence) -> (source: ParsedSource, evidence: RecordEvidence)? {
        guard digest.prefixHash != nil, digest.prefixEndsLine, oldSize > 0, digest.byteCount > oldSize else { return nil }
        let descriptor = batchOpen(file.path)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let batch = RecordScan.Batch(offset: oldSize, length: digest.byteCount - oldSize, hash: 0, skip: 0,
                                     linesBefore: digest.prefixLines, byteBase: 0)
        guard let tail = Self.readBatch(descriptor, batch) else { return nil }
        return appendedRecords(file, tail: Data(tail), oldSize: oldSize, linesBefore: digest.prefixLines,
                               evidence: evidence)
    }
}
