import Foundation
import ChineseText

/// An index folder: create or open one, then get a writer (one at a time) or readers (any number).
public struct Index: Sendable {
    /// The folder holding the index files.
    public let directory: URL
    /// The analyser the index was (and must be) built with.
    public let analyzer: Analyzer

    /// True when `directory` holds at least one commit: a build that never finished leaves none.
    public static func exists(at directory: URL) -> Bool {
        !Commit.generations(in: directory).isEmpty
    }

    /// Verifies every file of the newest commit at `directory`, whatever analyser built it.
    public static func check(at directory: URL) -> [IndexProblem] {
        IndexReader.check(directory: directory)
    }

    /// Creates an empty index at `directory` (the folder is created if needed); throws
    /// `.alreadyExists` when there is one. To replace an index, use `rebuilding(at:analyzer:memoryBudget:)`.
    public static func create(at directory: URL, analyzer: Analyzer = Analyzer()) throws(IndexError) -> Index {
        try makeDirectory(directory)
        let lock = try WriterLock(directory: directory)
        defer { lock.release() }
        guard Commit.generations(in: directory).isEmpty else { throw .alreadyExists(directory: directory.path) }
        // Leftovers of an unfinished build may use low segment numbers: start above them.
        let commit = Commit(generation: 1, nextSegmentNumber: Commit.highestSegmentNumber(in: directory) + 1,
                            analyzer: analyzer.fingerprint, createdAt: Date().timeIntervalSince1970, segments: [])
        try commit.write(to: directory)
        try IndexWriter.removeUnreferenced(in: directory, keeping: commit.fileNames)
        return Index(directory: directory, analyzer: analyzer)
    }

    /// Opens a writer that builds a new index at `directory` aside and replaces the old one (if any)
    /// with its first `commit()`, in one atomic step.
    ///
    /// Why: readers keep seeing the old index until the new one is complete, and a crash or kill
    /// before that commit leaves the old index (or, for a first build, no index), never an empty one.
    /// Works whether or not an index exists, whatever analyser built it and even when its files are
    /// damaged. The writer lock is taken before anything is read and held until the writer closes;
    /// files of unfinished builds are removed; the writer starts empty and `hasChanges` is true, so
    /// committing an empty build publishes a complete empty index.
    public static func rebuilding(at directory: URL, analyzer: Analyzer = Analyzer(), memoryBudget: Int = 256 << 20) throws(IndexError) -> IndexWriter {
        try makeDirectory(directory)
        let lock = try WriterLock(directory: directory)
        return try IndexWriter(rebuildingAt: directory, analyzer: analyzer, memoryBudget: memoryBudget, lock: lock)
    }

    private static func makeDirectory(_ directory: URL) throws(IndexError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(file: directory.path, operation: "create directory", errno: EACCES)
        }
    }

    /// Opens the index at `directory`, checking that it was built with `analyzer`.
    ///
    /// Throws `IndexError.noIndex` when there is none and `.analyzerMismatch` when the analyser
    /// differs (then rebuild with `rebuilding(at:analyzer:memoryBudget:)`).
    public static func open(at directory: URL, analyzer: Analyzer = Analyzer()) throws(IndexError) -> Index {
        let current = try Commit.latest(directory)
        guard current.analyzer == analyzer.fingerprint else {
            throw .analyzerMismatch(index: current.analyzer, expected: analyzer.fingerprint)
        }
        return Index(directory: directory, analyzer: analyzer)
    }

    /// Opens the single writer (a second one gets `IndexError.locked` naming the holder's pid).
    ///
    /// `memoryBudget` bounds the in-memory segment; when reached, a segment is flushed to disk.
    /// The files the writer derives new ones from (stored records, delete bitmaps) are verified
    /// first: damage throws `IndexError.corrupt` naming the file (rebuild with `rebuilding(at:)`).
    public func writer(memoryBudget: Int = 256 << 20) throws(IndexError) -> IndexWriter {
        let lock = try WriterLock(directory: directory)
        return try IndexWriter(openingAt: directory, analyzer: analyzer, memoryBudget: memoryBudget, lock: lock)
    }

    /// Opens a reader on the newest commit (a snapshot: later commits do not change it).
    ///
    /// With `verifyChecksums`, every file's checksum is recomputed first (a few ms per 10 MB); without,
    /// only each file's header, footer, size and recorded checksum are checked, and damaged structure read
    /// later gives an `IndexError` naming its file (a damaged letter or length reads as other data), never a crash.
    public func reader(verifyChecksums: Bool = true) throws(IndexError) -> IndexReader {
        var lastError: IndexError = .noIndex(directory: directory.path)
        for _ in 0..<5 {
            do {
                return try IndexReader(directory: directory, analyzer: analyzer, verify: verifyChecksums)
            } catch {
                // A writer may have replaced the commit between listing and opening: try the newer one.
                if case .missingFile = error { lastError = error; continue }
                throw error
            }
        }
        throw lastError
    }

    /// Verifies every file of the newest commit; an empty list means the index is sound.
    public func check() -> [IndexProblem] {
        IndexReader.check(directory: directory)
    }
}

/// One problem found by `Index.check()`.
public struct IndexProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file concerned (name inside the index folder).
    public var file: String
    /// What is wrong, in words a user can act on.
    public var message: String
    /// "file: message".
    public var description: String { "\(file): \(message)" }
}

/// Progress of long work (adding, writing, merging), for progress bars.
public struct IndexProgress: Sendable {
    /// What is happening.
    public enum Phase: String, Sendable { case analyzing, writing, merging, committing }
    /// The current phase.
    public var phase: Phase
    /// Units done so far in this phase (documents).
    public var done: Int
    /// Units in this phase, when known (0 if not).
    public var total: Int
}

/// What a commit did.
public struct CommitSummary: Sendable, Hashable {
    /// The new commit generation.
    public var generation: Int
    /// Live documents in the index after the commit.
    public var documentCount: Int
    /// Segments after the commit.
    public var segmentCount: Int
    /// Segments written by merges in this commit.
    public var mergedSegments: Int
}

/// The single writer of an index: add, update, delete by id, then commit atomically.
///
/// Not thread-safe (use it from one thread); analysis inside runs on all cores.
public final class IndexWriter {
    /// The index folder.
    public let directory: URL
    private let analyzer: Analyzer
    private let docAnalyzer: DocumentAnalyzer
    private let memoryBudget: Int
    private var lock: WriterLock?
    private var current: Commit
    private var segments: [WritableSegment] = []
    private var builder: SegmentBuilder
    private var pending: [IndexDocument] = []
    private var pendingIndex: [String: Int] = [:]
    private var locations: [String: Location] = [:]
    private var hashes: [String: String] = [:]
    private var dirty = false
    /// Documents analysed per parallel batch.
    public var batchSize = 512
    /// Segments of one size tier (a power of 10 documents) that trigger a merge.
    public var mergeFactor = 8
    /// Test hook: the next commits merge every segment with live documents into one (when there are
    /// several, or one with dead documents), whatever their tiers.
    var mergesEverything = false
    /// Called with progress of adds and commits.
    public var progress: (@Sendable (IndexProgress) -> Void)?
    /// Completes each added document before it is analysed, on the analysis threads (both cores): the
    /// caller's enrichment, such as extracting entities into its stored fields, facets and numbers.
    ///
    /// Why here: the work then overlaps the reading of the next documents and shares the cores with the
    /// segmentation instead of running on the thread that reads. Merges never run it: they copy the
    /// documents' stored records, facets and numbers as they are.
    public var prepare: (@Sendable (inout IndexDocument) -> Void)?
    /// The caller's values saved with the next `commit()` (e.g. the fingerprint of what made the
    /// facets); starts as the opened commit's ([:] for a rebuild or an older commit). Changing it is a
    /// change to commit.
    public var userData: [String: String] = [:] {
        didSet { if userData != oldValue { dirty = true } }
    }

    private struct Location { var segment: Int; var doc: Int }   // segment -1: the in-memory builder, -2: being analysed (doc: batch slot)
    private var inFlight: InFlight?
    /// A batch being analysed; its documents' locations are (-2, base + index in the batch).
    private final class InFlight: @unchecked Sendable {
        /// Replaced by the prepared documents on the analysis thread, before `group` is left.
        var docs: [IndexDocument]
        let base: Int
        var result: Result<[AnalyzedDocument], IndexError>?
        let group = DispatchGroup()
        init(docs: [IndexDocument], base: Int) { self.docs = docs; self.base = base }
    }
    /// The first slot number of the next batch (slots are unique across batches in flight).
    private var nextBatchBase = 0
    private struct WritableSegment {
        var meta: SegmentMeta
        var dead: [UInt64]
        var deadChanged: Bool
    }

    /// Test hook: where the writer stops on purpose (see `WriterFault`); $JIANSUO_FAULT_AT sets it.
    public var fault: WriterFault? = WriterFault.fromEnvironment()

    private init(directory: URL, analyzer: Analyzer, memoryBudget: Int, lock: WriterLock, current: Commit) {
        self.directory = directory
        self.analyzer = analyzer
        self.docAnalyzer = DocumentAnalyzer(dictionary: analyzer.dictionary)
        // The segmenters' table of ICU's Han dictionary loads (about 60 ms) while the caller reads.
        DispatchQueue.global().async { _ = HanDictionaryBreak.system }
        self.memoryBudget = min(max(1 << 20, memoryBudget), 1536 << 20)   // pool offsets are 32-bit
        self.lock = lock
        self.current = current
        self.builder = SegmentBuilder(directory: directory)
        self.userData = current.userData ?? [:]
    }

    /// A writer on the newest commit at `directory`, holding `lock`.
    ///
    /// Every stored-records file and delete bitmap is verified (checksum) before its ids, hashes and
    /// dead bits are trusted: the writer derives new files from them, and must never rewrite damage
    /// under a fresh checksum.
    convenience init(openingAt directory: URL, analyzer: Analyzer, memoryBudget: Int, lock: WriterLock) throws(IndexError) {
        let current = try Commit.latest(directory)
        guard current.analyzer == analyzer.fingerprint else {
            throw .analyzerMismatch(index: current.analyzer, expected: analyzer.fingerprint)
        }
        self.init(directory: directory, analyzer: analyzer, memoryBudget: memoryBudget, lock: lock, current: current)
        try Self.removeUnreferenced(in: directory, keeping: current.fileNames)
        for meta in current.segments {
            let r = try SegmentReader(directory: directory, meta: meta, verify: false, verifyWriterInputs: true)
            segments.append(WritableSegment(meta: meta, dead: r.dead, deadChanged: false))
            for d in 0..<r.docCount where !r.isDead(d) {
                let (id, hash) = try r.idAndHash(d)
                guard locations[id] == nil else {
                    throw .corrupt(file: r.store.name, offset: 0, reason: "document id \(id) is live in two segments")
                }
                locations[id] = Location(segment: segments.count - 1, doc: d)
                hashes[id] = hash
                // A record a page: the walk would otherwise keep the whole stored-records file resident.
                if d & 4095 == 4095 { r.store.releasePages() }
            }
        }
    }

    /// An empty writer whose first commit replaces whatever `directory` holds (see `Index.rebuilding`).
    convenience init(rebuildingAt directory: URL, analyzer: Analyzer, memoryBudget: Int, lock: WriterLock) throws(IndexError) {
        let generations = Commit.generations(in: directory)
        // What readers see stays until this writer commits: the newest readable commit with its
        // files, and any newer unreadable commit file (the new commit supersedes it). Everything
        // else that looks like an index file is a leftover of an unfinished build or old commit.
        var base: Commit?
        for g in generations {
            if let c = try? Commit.read(directory, generation: g) { base = c; break }
        }
        var keep = base?.fileNames ?? []
        for g in generations where g > (base?.generation ?? 0) { keep.insert(Commit.fileName(g)) }
        try Self.removeUnreferenced(in: directory, keeping: keep)
        let start = Commit(generation: generations.first ?? 0,
                           nextSegmentNumber: max(base?.nextSegmentNumber ?? 1, Commit.highestSegmentNumber(in: directory) + 1),
                           analyzer: analyzer.fingerprint, createdAt: Date().timeIntervalSince1970, segments: [])
        self.init(directory: directory, analyzer: analyzer, memoryBudget: memoryBudget, lock: lock, current: start)
        dirty = true
    }

    deinit { lock?.release() }

    /// Deletes files of the index folder that `keeping` does not name (leftovers of crashes and old commits).
    ///
    /// `fault` (a test hook) can stop the work after the first deletion.
    static func removeUnreferenced(in directory: URL, keeping: Set<String>, fault: WriterFault? = nil) throws(IndexError) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var removed = 0
        for n in names.sorted() where !keeping.contains(n) && (n.hasPrefix("seg_") || n.hasPrefix(Commit.prefix)) {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(n))
            removed += 1
            if removed == 1 { try fault.trigger(at: .afterFirstOldFileDeleted) }
        }
    }

    /// The generation of the newest commit: the one the writer opened on (0 when a first build
    /// found none) until its own first commit, then its last commit's.
    public var generation: Int { current.generation }

    /// The id → content hash of every document the writer holds (committed or not): what a refresh compares.
    public func documentHashes() -> [String: String] { hashes }

    /// True when a document with `id` is in the index (committed or pending).
    public func contains(id: String) -> Bool { hashes[id] != nil }

    /// The number of live documents (committed and pending).
    public var documentCount: Int { hashes.count }

    /// True when there are changes not yet committed.
    public var hasChanges: Bool { dirty }

    /// Adds `doc`, replacing any document with the same id.
    public func add(_ doc: IndexDocument) throws(IndexError) {
        guard lock != nil else { throw .writerClosed }
        for n in doc.numbers where Decimal10.canonical(n.value) == nil {
            throw .invalidDocument(id: doc.id, reason: "number \"\(n.value)\" of field \(n.field) is not a non-negative decimal (digits with at most one '.', no sign or exponent)")
        }
        dirty = true
        if let i = pendingIndex[doc.id] {
            pending[i] = doc
            hashes[doc.id] = doc.contentHash
            return
        }
        if let loc = locations.removeValue(forKey: doc.id) { markDead(loc) }
        pendingIndex[doc.id] = pending.count
        pending.append(doc)
        hashes[doc.id] = doc.contentHash
        if pending.count >= batchSize { try processPending() }
    }

    /// Adds many documents (each replacing any with the same id), reporting progress.
    public func add(contentsOf docs: [IndexDocument]) throws(IndexError) {
        var done = 0
        for d in docs {
            try add(d)
            done += 1
            if done % batchSize == 0 { progress?(IndexProgress(phase: .analyzing, done: done, total: docs.count)) }
        }
        progress?(IndexProgress(phase: .analyzing, done: done, total: docs.count))
    }

    /// Replaces the document with `doc.id` (or adds it): the same as `add`.
    public func update(_ doc: IndexDocument) throws(IndexError) { try add(doc) }

    /// Deletes the document with `id`; returns false when there was none.
    @discardableResult
    public func delete(id: String) throws(IndexError) -> Bool {
        guard lock != nil else { throw .writerClosed }
        if let i = pendingIndex.removeValue(forKey: id) {
            pending.remove(at: i)
            for j in i..<pending.count { pendingIndex[pending[j].id] = j }
            hashes[id] = nil
            dirty = true
            return true
        }
        guard let loc = locations.removeValue(forKey: id) else { return false }
        markDead(loc)
        hashes[id] = nil
        dirty = true
        return true
    }

    /// Deletes every document (the next commit leaves an empty index).
    public func deleteAll() throws(IndexError) {
        guard lock != nil else { throw .writerClosed }
        for id in Array(hashes.keys) { try delete(id: id) }
    }

    private func markDead(_ loc: Location) {
        if loc.segment == -2 { return }   // drain() sees the location gone and marks it deleted
        if loc.segment == -1 {
            builder.deleted.insert(loc.doc)
        } else {
            segments[loc.segment].dead[loc.doc >> 6] |= 1 << UInt64(loc.doc & 63)
            segments[loc.segment].deadChanged = true
        }
    }

    /// Starts analysing the pending batch in the background (both cores), then adds the previous
    /// batch's results to the in-memory segment while it runs: analysis of one batch overlaps the
    /// adding of the last.
    private func processPending() throws(IndexError) {
        let previous = try awaitAnalysis()
        if !pending.isEmpty {
            let batch = InFlight(docs: pending, base: nextBatchBase)
            nextBatchBase += pending.count
            for (i, doc) in pending.enumerated() { locations[doc.id] = Location(segment: -2, doc: batch.base + i) }
            pending = []
            pendingIndex.removeAll(keepingCapacity: true)
            let analyzer = docAnalyzer
            let prepare = self.prepare
            batch.group.enter()
            DispatchQueue.global().async {
                if let prepare { batch.docs = DocumentPreparation.run(prepare, on: batch.docs) }
                do throws(IndexError) { batch.result = .success(try analyzer.analyzeAll(batch.docs)) } catch { batch.result = .failure(error) }
                batch.group.leave()
            }
            inFlight = batch
        }
        if let previous { try add(previous.batch, previous.analysed) }
    }

    /// Waits for the batch being analysed and adds it to the in-memory segment.
    private func drain() throws(IndexError) {
        if let finished = try awaitAnalysis() { try add(finished.batch, finished.analysed) }
    }

    /// Waits for the batch being analysed, if any, and returns it with its analyses.
    private func awaitAnalysis() throws(IndexError) -> (batch: InFlight, analysed: [AnalyzedDocument])? {
        guard let batch = inFlight else { return nil }
        inFlight = nil
        batch.group.wait()
        guard let result = batch.result else { throw .invalidDocument(id: batch.docs.first?.id ?? "", reason: "analysis produced no result") }
        return (batch, try result.get())
    }

    /// Adds an analysed batch to the in-memory segment; documents replaced or deleted meanwhile
    /// (their location no longer names this batch's slot) go in as deleted.
    private func add(_ batch: InFlight, _ analysed: [AnalyzedDocument]) throws(IndexError) {
        for (i, (doc, a)) in zip(batch.docs, analysed).enumerated() {
            let n = builder.add(doc, a)
            if let loc = locations[doc.id], loc.segment == -2, loc.doc == batch.base + i {
                locations[doc.id] = Location(segment: -1, doc: n)
            } else {
                builder.deleted.insert(n)
            }
        }
        // The budget holds for the writer, not only its in-memory segment: every document it knows
        // costs its id and hash in two tables, which grow with the index while segments are flushed.
        if builder.estimatedBytes + hashes.count * Self.bytesPerKnownDocument >= memoryBudget { try flushBuilder() }
    }

    /// What one known document costs the writer's tables (`locations`, `hashes`: its id, hash and
    /// location, with the dictionaries' overhead), counted against the memory budget.
    static let bytesPerKnownDocument = 192

    private func nextSegmentName() -> String {
        let name = "seg_\(current.nextSegmentNumber)"
        current.nextSegmentNumber += 1
        return name
    }

    private func flushBuilder() throws(IndexError) {
        guard builder.docCount > 0 else { return }
        progress?(IndexProgress(phase: .writing, done: 0, total: builder.docCount))
        let meta = try builder.write(name: nextSegmentName(), directory: directory)
        try checkpoint(.afterSegmentFlush)
        var dead = [UInt64](repeating: 0, count: (meta.docCount + 63) / 64)
        for d in builder.deleted { dead[d >> 6] |= 1 << UInt64(d & 63) }
        segments.append(WritableSegment(meta: meta, dead: dead, deadChanged: !builder.deleted.isEmpty))
        let idx = segments.count - 1
        for (i, id) in builder.ids.enumerated() where !builder.deleted.contains(i) {
            locations[id] = Location(segment: idx, doc: i)
        }
        builder = SegmentBuilder(directory: directory)
    }

    /// Makes every change so far durable and visible to new readers, atomically.
    ///
    /// Flushes the in-memory segment, writes new delete bitmaps, merges when a size tier is full,
    /// writes the commit (temp file, fsync, rename, folder fsync) and removes files no longer needed.
    @discardableResult
    public func commit() throws(IndexError) -> CommitSummary {
        guard lock != nil else { throw .writerClosed }
        try processPending()
        try drain()
        try flushBuilder()
        let merged = try mergeIfNeeded()
        var metas: [SegmentMeta] = []
        for i in segments.indices {
            var s = segments[i]
            var deadCount = 0
            for w in s.dead { deadCount += w.nonzeroBitCount }
            if deadCount == s.meta.docCount { continue }
            if s.deadChanged {
                let gen = s.meta.deleteGeneration + 1
                var w = ByteWriter(capacity: s.dead.count * 8 + 8)
                w.varint(s.dead.count)
                for word in s.dead { w.u64(word) }
                let framed = FileFormat.frame(.deletes, payload: w.bytes)
                try DurableIO.write(framed, to: directory.appendingPathComponent("\(s.meta.name).del\(gen)"))
                try checkpoint(.afterDeleteBitmapWrite)
                s.meta.files["del\(s.meta.deleteGeneration)"] = nil
                s.meta.files["del\(gen)"] = FileMeta(size: framed.count, checksum: String(FileFormat.storedChecksum(of: framed), radix: 16))
                s.meta.deleteGeneration = gen
                s.meta.deletedCount = deadCount
                s.deadChanged = false
            }
            segments[i] = s
            metas.append(s.meta)
        }
        progress?(IndexProgress(phase: .committing, done: 0, total: 1))
        try DurableIO.syncDirectory(directory)
        var next = current
        next.generation += 1
        next.segments = metas
        next.createdAt = Date().timeIntervalSince1970
        next.userData = userData
        try checkpoint(.beforeManifestWrite)
        try stoppable { () throws(IndexError) in try next.write(to: directory, fault: fault) }
        current = next
        try checkpoint(.beforeOldFilesDeleted)
        try stoppable { () throws(IndexError) in try Self.removeUnreferenced(in: directory, keeping: next.fileNames, fault: fault) }
        // Renumber segments: the dropped (all-dead) ones are gone.
        let keep = Set(metas.map(\.name))
        segments = segments.filter { keep.contains($0.meta.name) }
        try rebuildLocations()
        dirty = false
        progress?(IndexProgress(phase: .committing, done: 1, total: 1))
        return CommitSummary(generation: next.generation, documentCount: hashes.count, segmentCount: metas.count, mergedSegments: merged)
    }

    private func rebuildLocations() throws(IndexError) {
        locations.removeAll(keepingCapacity: true)
        for (i, s) in segments.enumerated() {
            let r = try SegmentReader(directory: directory, meta: s.meta, verify: false)
            for d in 0..<r.docCount where s.dead[d >> 6] & (1 << UInt64(d & 63)) == 0 {
                let (id, _) = try r.idAndHash(d)
                locations[id] = Location(segment: i, doc: d)
                if d & 4095 == 4095 { r.store.releasePages() }
            }
        }
    }

    /// Rewrites segments more than half dead, then merges the segments of any size tier
    /// (floor(log10(live docs))) holding `mergeFactor` or more: the segment count stays logarithmic.
    private func mergeIfNeeded() throws(IndexError) -> Int {
        if mergesEverything {
            var group: [Int] = [], anyDead = false
            for (i, s) in segments.enumerated() {
                var dead = 0
                for w in s.dead { dead += w.nonzeroBitCount }
                if dead < s.meta.docCount { group.append(i) }
                anyDead = anyDead || dead > 0
            }
            guard group.count > 1 || (group.count == 1 && anyDead) else { return 0 }
            try merge(group)
            return 1
        }
        var merges = 0
        // Segments more than half dead are rewritten, so updates never leave most of a segment as garbage.
        var sparse: [Int] = []
        for (i, s) in segments.enumerated() {
            var dead = 0
            for w in s.dead { dead += w.nonzeroBitCount }
            if dead * 2 > s.meta.docCount && dead < s.meta.docCount { sparse.append(i) }
        }
        if !sparse.isEmpty {
            try merge(sparse)
            merges += 1
        }
        while true {
            var tiers: [Int: [Int]] = [:]
            for (i, s) in segments.enumerated() {
                var dead = 0
                for w in s.dead { dead += w.nonzeroBitCount }
                let live = s.meta.docCount - dead
                guard live > 0 else { continue }
                var tier = 0, v = live
                while v >= 10 { v /= 10; tier += 1 }
                tiers[tier, default: []].append(i)
            }
            guard let (_, group) = tiers.sorted(by: { $0.key < $1.key }).first(where: { $0.value.count >= mergeFactor }) else { break }
            try merge(group)
            merges += 1
        }
        return merges
    }

    /// Replaces the segments `group` with one holding their live documents, written by a
    /// `SegmentMerger` (postings streamed, nothing analysed again, `prepare` not run).
    ///
    /// The inputs are verified first (checksums): a merge must never rewrite damage under a fresh checksum.
    private func merge(_ group: [Int]) throws(IndexError) {
        var inputs: [SegmentMerger.Input] = []
        for i in group {
            let s = segments[i]
            let r = try SegmentReader(directory: directory, meta: s.meta, verify: true)
            inputs.append(SegmentMerger.Input(segment: r, dead: s.dead))
        }
        let merger = try SegmentMerger(inputs)
        let total = merger.liveCount
        progress?(IndexProgress(phase: .merging, done: 0, total: total))
        let meta = try merger.write(name: nextSegmentName(), directory: directory)
        try checkpoint(.afterMergeWrite)
        let merged = WritableSegment(meta: meta, dead: [UInt64](repeating: 0, count: (meta.docCount + 63) / 64), deadChanged: false)
        let drop = Set(group)
        segments = segments.enumerated().filter { !drop.contains($0.offset) }.map(\.element) + [merged]
        progress?(IndexProgress(phase: .merging, done: total, total: total))
    }

    /// Stops at `point` when the test hook `fault` names it (the writer is closed, as if it had crashed).
    private func checkpoint(_ point: WriterFaultPoint) throws(IndexError) {
        try stoppable { () throws(IndexError) in try fault.trigger(at: point) }
    }

    /// Runs `body`; an injected fault inside closes the writer, as if it had crashed there.
    private func stoppable(_ body: () throws(IndexError) -> Void) throws(IndexError) {
        do { try body() } catch {
            if case .injectedFault = error { close() }
            throw error
        }
    }

    /// Drops uncommitted changes and releases the lock.
    public func close() {
        if let batch = inFlight { batch.group.wait(); inFlight = nil }
        lock?.release()
        lock = nil
    }
}

/// Runs a writer's `prepare` over a batch of documents on every core.
enum DocumentPreparation {
    /// `docs`, each passed through `prepare`, in order.
    static func run(_ prepare: @Sendable (inout IndexDocument) -> Void, on docs: [IndexDocument]) -> [IndexDocument] {
        let n = docs.count
        if n == 0 { return docs }
        let box = DocumentBox(docs)
        let chunks = min(n, max(1, ProcessInfo.processInfo.activeProcessorCount * 16))
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in (c * n / chunks)..<((c + 1) * n / chunks) { box.prepare(i, prepare) }
        }
        return box.documents()
    }
}

/// Documents that several threads complete, each thread its own slots.
private final class DocumentBox: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<IndexDocument>

    init(_ docs: [IndexDocument]) {
        slots = .allocate(capacity: docs.count)
        _ = slots.initialize(from: docs)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// Passes slot `i` through `prepare` (slots are disjoint across threads).
    func prepare(_ i: Int, _ prepare: (inout IndexDocument) -> Void) { prepare(&slots[i]) }

    /// The documents, in order.
    func documents() -> [IndexDocument] { Array(slots) }
}
