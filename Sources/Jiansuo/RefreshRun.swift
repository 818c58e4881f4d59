import Foundation
import InvertedIndex
import NewsCorpus

/// One refresh in progress: walks the listed files folder by folder, decides per file whether it must be read
/// (size and modification time first, a hash of its bytes when those changed), reads what changed and what the
/// change affects, and hands every article read to the index writer under its final id.
///
/// Why a type of its own: the per-file decisions, the folder rules, the id assignment and the progress
/// accounting share state that `CorpusIndex.refresh` should not have to thread through by hand.
struct RefreshRun {
    let reader: CorpusReader
    /// What the last refresh recorded (empty when it is not trusted or the index is rebuilt).
    let old: [String: SourceLedger.FileRecord]
    /// The old loose files of each folder (path lists), for the folder rules' "previous" evidence.
    let oldLooseByFolder: [String: [String]]
    /// id → content hash of what the index holds now.
    let existing: [String: String]
    let writer: IndexWriter
    let warning: (IngestWarning) -> Void
    let progress: (RefreshProgress) -> Void

    var summary: RefreshSummary
    /// What this refresh records.
    var new: [String: SourceLedger.FileRecord] = [:]
    /// The final id of every article the sources hold now.
    var live = Set<String>()
    var ids = ArticleIDs()
    var bytesDone = 0
    var totalBytes = 0
    var articlesDone = 0
    /// Files modified less than this long before the refresh started are recorded without their time, so the
    /// next refresh compares their bytes: a change written in the same clock tick as the listing leaves the
    /// size and time as they were (the "racily clean" case git guards against the same way).
    static let racyWindow: Int64 = 2_000_000_000
    let startedAt = RefreshRun.now()

    /// Records a file's entry for the next refresh, without its time when it was modified just now.
    private mutating func remember(_ path: String, _ entry: SourceLedger.FileRecord) {
        var entry = entry
        if entry.modified > startedAt - Self.racyWindow { entry.modified = -1 }
        new[path] = entry
    }

    init(reader: CorpusReader, old: [String: SourceLedger.FileRecord], writer: IndexWriter, summary: RefreshSummary,
         warning: @escaping (IngestWarning) -> Void, progress: @escaping (RefreshProgress) -> Void) {
        self.reader = reader
        self.old = old
        var byFolder: [String: [String]] = [:]
        for (path, record) in old where !record.isRecordFile && record.loose != nil {
            let file = SourceFile(path: path, relativePath: record.relativePath, size: 0, modified: 0)
            byFolder[file.folder, default: []].append(path)
        }
        self.oldLooseByFolder = byFolder
        self.existing = writer.documentHashes()
        self.writer = writer
        self.summary = summary
        self.warning = warning
        self.progress = progress
    }

    /// The records to re-stamp when no file changed (empty when every time matched), or nil when some file is
    /// new, gone or changed: files whose time changed are read and hashed.
    static func unchanged(_ files: [SourceFile], ledger: SourceLedger, reader: CorpusReader,
                          summary: inout RefreshSummary) -> [String: SourceLedger.FileRecord]? {
        var restamped: [String: SourceLedger.FileRecord] = [:]
        let now = Self.now()
        for file in files {
            guard var record = ledger.files[file.path], record.size == file.size,
                  record.relativePath == file.relativePath else { return nil }
            if record.modified == file.modified { continue }
            guard let bytes = try? reader.readSource(file), bytes.warning == nil,
                  ContentHash.of(bytes.data) == record.hash else { return nil }
            summary.bytesRead += bytes.data.count
            record.modified = file.modified > now - racyWindow ? -1 : file.modified
            if record.modified != ledger.files[file.path]?.modified { restamped[file.path] = record }
        }
        return restamped
    }

    /// The wall-clock time in nanoseconds since 1970.
    static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    /// True when the file's size and modification time are what the ledger recorded.
    func statUnchanged(_ file: SourceFile) -> Bool {
        guard let record = old[file.path] else { return false }
        return record.size == file.size && record.modified == file.modified
    }

    /// Refreshes from `files` (sorted by folder, then name).
    mutating func run(_ files: [SourceFile]) throws {
        totalBytes = files.reduce(0) { statUnchanged($1) ? $0 : $0 + $1.size }
        report()
        var start = 0
        while start < files.count {
            var end = start + 1
            while end < files.count, files[end].folder == files[start].folder { end += 1 }
            try refreshFolder(files[start..<end])
            start = end
        }
        if let qualified = ids.warning { warning(qualified) }
        summary.qualifiedIDs = ids.qualifiedCount
        for id in existing.keys.sorted() where !live.contains(id) {
            if try writer.delete(id: id) { summary.removed += 1 }
        }
    }

    /// A file of the folder as the refresh sees it: unchanged (its record kept), or read.
    private enum Member {
        case kept(SourceFile, SourceLedger.FileRecord)
        case read(ParsedSource, hash: UInt64)
        /// A large JSON Lines file scanned, its records to be read again batch by batch.
        case scanned(RecordScan)
        /// Handed on: what it held is released.
        case done
    }

    /// One folder: its files of records in name order, then its one-article files together.
    private mutating func refreshFolder(_ files: ArraySlice<SourceFile>) throws {
        var loose: [Member] = []
        for file in files {
            guard var member = try look(at: file) else { continue }
            switch member {
            case .kept(let file, let record) where record.isRecordFile:
                try keepRecords(file, record)
            case .read(var source, let hash) where source.isRecordFile:
                // Drop the enum's hold on the drafts, so each is released as it is handed on.
                member = .done
                try refreshRecords(&source, hash: hash)
            case .scanned(let scan):
                try refreshScanned(scan)
            default:
                loose.append(member)
            }
        }
        if !loose.isEmpty || oldLooseByFolder[files.first?.folder ?? ""] != nil {
            try refreshLoose(loose, folder: files.first?.folder ?? "")
        }
    }

    /// Decides whether `file` changed, reading it when its size or time changed; nil when it cannot be read and
    /// was never indexed.
    private mutating func look(at file: SourceFile) throws -> Member? {
        if statUnchanged(file), let record = old[file.path] {
            summary.filesUnchanged += 1
            return .kept(file, record)
        }
        if reader.readsInBatches(file), case .decided(let member) = try lookInBatches(at: file) { return member }
        guard let bytes = read(file) else { return unreadable(file) }
        guard let record = old[file.path] else {
            // A file the last refresh did not know: its hash is only recorded, so it is computed on
            // another core while the file is parsed.
            let hashing = Background { ContentHash.of(bytes) }
            let source = reader.parseSource(file, bytes: bytes)
            return parsed(file, source, hash: try hashing.value())
        }
        let hash = ContentHash.of(bytes)
        if record.hash == hash {
            // Touched, not changed: keep it, remembering the new time.
            var touched = record
            touched.size = file.size
            touched.modified = file.modified
            summary.filesUnchanged += 1
            return .kept(file, touched)
        }
        if record.isAppendable, let evidence = record.records, bytes.count > record.size,
           ContentHash.of(bytes.prefix(record.size)) == record.hash,
           let appended = reader.appendedRecords(file, bytes: bytes, oldSize: record.size, evidence: evidence) {
            var snapshot = ids
            let finals = record.rawIDs.map { snapshot.assign($0, in: file, isRecord: true) }
            if finals == record.ids, record.ids.allSatisfy({ existing[$0] != nil }) {
                ids = snapshot
                try appendRecords(file, record: record, appended: appended, hash: hash)
                return nil
            }
        }
        return parsed(file, reader.parseSource(file, bytes: bytes), hash: hash)
    }

    /// A file that cannot be read now: its old articles kept when it was indexed before, else nil.
    private func unreadable(_ file: SourceFile) -> Member? {
        guard var record = old[file.path] else { return nil }
        warning(IngestWarning(path: file.path, message:
            "cannot be read now; the \(record.ids.count) articles indexed from it before are kept"))
        record.relativePath = file.relativePath
        return .kept(file, record)
    }

    /// What `lookInBatches` found: the file's fate, or that it must be read whole after all.
    private enum BatchLook {
        case decided(Member?)
        case readWhole
    }

    /// `look(at:)` for a large JSON Lines file, reading it in batches (bounded memory): hashed first when it was
    /// indexed before (unchanged, or records appended, needs no parse), else scanned for `refreshScanned`.
    private mutating func lookInBatches(at file: SourceFile) throws -> BatchLook {
        if let record = old[file.path] {
            let prefix = record.isAppendable && record.records != nil && file.size > record.size ? record.size : nil
            let digest: SourceDigest
            do {
                digest = try reader.digestSource(file, prefix: prefix)
            } catch {
                warning(IngestWarning(path: file.path, message: "\(error.description); skipped"))
                return .decided(unreadable(file))
            }
            if digest.hash == record.hash, digest.warning == nil {
                summary.bytesRead += digest.byteCount
                var touched = record
                touched.size = file.size
                touched.modified = file.modified
                summary.filesUnchanged += 1
                return .decided(.kept(file, touched))
            }
            if let prefix, let evidence = record.records, digest.warning == nil, digest.prefixHash == record.hash,
               let appended = reader.appendedRecords(file, digest: digest, oldSize: prefix, evidence: evidence) {
                var snapshot = ids
                let finals = record.rawIDs.map { snapshot.assign($0, in: file, isRecord: true) }
                if finals == record.ids, record.ids.allSatisfy({ existing[$0] != nil }) {
                    summary.bytesRead += digest.byteCount
                    bytesDone += file.size
                    ids = snapshot
                    try appendRecords(file, record: record, appended: appended, hash: digest.hash)
                    return .decided(nil)
                }
            }
        }
        let scanned: RecordScan?
        do {
            scanned = try reader.scanRecords(file)
        } catch {
            warning(IngestWarning(path: file.path, message: "\(error.description); skipped"))
            return .decided(unreadable(file))
        }
        guard let scan = scanned else { return .readWhole }
        scan.warnings.forEach(warning)
        summary.filesRead += 1
        summary.bytesRead += scan.byteCount
        return .decided(.scanned(scan))
    }

    /// A file read and parsed: its warnings reported and its bytes counted.
    private mutating func parsed(_ file: SourceFile, _ source: ParsedSource, hash: UInt64) -> Member {
        source.warnings.forEach(warning)
        summary.filesRead += 1
        // A file of records counts its bytes as its records are handed on; another file, now.
        if source.isRecordFile { bytesDone -= file.size } else { report() }
        return .read(source, hash: hash)
    }

    /// Reads a file's bytes, counting them; nil (with a warning) when it cannot be read.
    private mutating func read(_ file: SourceFile) -> Data? {
        do {
            let bytes = try reader.readSource(file)
            if let problem = bytes.warning { warning(problem) }
            bytesDone += file.size
            summary.bytesRead += bytes.data.count
            return bytes.data
        } catch {
            warning(IngestWarning(path: file.path, message: "\(error.description); skipped"))
            return nil
        }
    }

    /// A file of records whose bytes are unchanged: its articles stay unless their ids must change.
    private mutating func keepRecords(_ file: SourceFile, _ record: SourceLedger.FileRecord) throws {
        var snapshot = ids
        let finals = record.rawIDs.map { snapshot.assign($0, in: file, isRecord: true) }
        if finals == record.ids, finals.allSatisfy({ existing[$0] != nil }) {
            ids = snapshot
            live.formUnion(finals)
            summary.unchanged += finals.count
            var record = record
            record.relativePath = file.relativePath
            remember(file.path, record)
            return
        }
        // An id it held is now another file's (or the index lacks it): read it again.
        totalBytes += file.size
        if reader.readsInBatches(file), let scan = try? reader.scanRecords(file) {
            scan.warnings.forEach(warning)
            summary.bytesRead += scan.byteCount
            summary.filesRead += 1
            summary.filesUnchanged -= 1
            try refreshScanned(scan)
            return
        }
        guard let bytes = read(file) else { return }
        var source = reader.parseSource(file, bytes: bytes)
        summary.filesRead += 1
        summary.filesUnchanged -= 1
        bytesDone -= file.size
        try refreshRecords(&source, hash: ContentHash.of(bytes))
    }

    /// A file of records read whole: cleaned as one group, every record handed to the writer.
    private mutating func refreshRecords(_ source: inout ParsedSource, hash: UInt64) throws {
        let evidence = reader.cleanRecords(&source)
        let file = source.file
        var record = SourceLedger.FileRecord(
            size: file.size, modified: file.modified, hash: hash, relativePath: file.relativePath, isRecordFile: true,
            isAppendable: source.isAppendable, rawIDs: source.rawIDs, ids: [], loose: nil, records: evidence)
        let count = max(1, source.articleCount)
        let base = bytesDone
        var position = 0
        var finals: [String] = []
        finals.reserveCapacity(source.articleCount)
        try source.drainArticles { article in
            var article = article
            article.id = ids.assign(article.id, in: file, isRecord: true)
            finals.append(article.id)
            try add(article)
            position += 1
            if position % 256 == 0 {
                bytesDone = base + file.size * position / count
                report()
            }
        }
        bytesDone = base + file.size
        record.ids = finals
        remember(file.path, record)
        report()
    }

    /// A large JSON Lines file scanned: its records read again batch by batch and handed to the writer (no
    /// cross-article rule applies: the scan found nothing shared by most records).
    private mutating func refreshScanned(_ scan: RecordScan) throws {
        let file = scan.file
        var record = SourceLedger.FileRecord(
            size: file.size, modified: file.modified, hash: scan.hash, relativePath: file.relativePath,
            isRecordFile: true, isAppendable: true, rawIDs: [], ids: [], loose: nil, records: scan.evidence)
        let count = max(1, scan.rawIDs.count)
        let base = bytesDone
        var position = 0
        record.rawIDs.reserveCapacity(scan.rawIDs.count)
        record.ids.reserveCapacity(scan.rawIDs.count)
        let problem = try reader.streamRecords(scan) { article in
            var article = article
            record.rawIDs.append(article.id)
            article.id = ids.assign(article.id, in: file, isRecord: true)
            record.ids.append(article.id)
            try add(article)
            position += 1
            if position % 256 == 0 {
                bytesDone = base + file.size * position / count
                report()
            }
        }
        if let problem {
            // Changed under the refresh: not all records were read, so the next refresh must read it again.
            warning(problem)
            record.hash = 0
            record.modified = -1
        }
        bytesDone = base + file.size
        remember(file.path, record)
        report()
    }

    /// Records appended to a JSON Lines file: only the new ones are handed to the writer.
    private mutating func appendRecords(_ file: SourceFile, record: SourceLedger.FileRecord,
                                        appended: (source: ParsedSource, evidence: RecordEvidence), hash: UInt64) throws {
        live.formUnion(record.ids)
        summary.unchanged += record.ids.count
        summary.filesAppended += 1
        var source = appended.source
        source.warnings.forEach(warning)
        var next = record
        next.size = file.size
        next.modified = file.modified
        next.hash = hash
        next.records = appended.evidence
        try source.drainArticles { article in
            var article = article
            next.rawIDs.append(article.id)
            article.id = ids.assign(article.id, in: file, isRecord: true)
            next.ids.append(article.id)
            try add(article)
        }
        remember(file.path, next)
    }

    /// The one-article files of one folder: the folder's cross-article rules decide which unchanged files the
    /// changed ones affect; those are read too, and the articles of every file read are handed to the writer.
    private mutating func refreshLoose(_ members: [Member], folder: String) throws {
        var fresh: [ParsedSource] = []
        var hashes: [String: UInt64] = [:]
        var kept: [String: (file: SourceFile, record: SourceLedger.FileRecord)] = [:]
        var finals: [String: [String]] = [:]
        var mustRead = Set<String>()
        for member in members {
            switch member {
            case .kept(let file, let record):
                kept[file.path] = (file, record)
                let assigned = record.rawIDs.map { ids.assign($0, in: file, isRecord: false) }
                finals[file.path] = assigned
                if assigned != record.ids || !assigned.allSatisfy({ existing[$0] != nil }) { mustRead.insert(file.path) }
            case .done, .scanned:
                continue
            case .read(let source, let hash):
                fresh.append(source)
                hashes[source.file.path] = hash
                finals[source.file.path] = source.rawIDs.map { ids.assign($0, in: source.file, isRecord: false) }
            }
        }
        let oldPaths = oldLooseByFolder[folder] ?? []
        if fresh.isEmpty, mustRead.isEmpty, oldPaths.allSatisfy({ kept[$0] != nil }) {
            // Nothing of the folder changed, went or must be read: its files keep their articles and evidence.
            for (path, entry) in kept {
                live.formUnion(entry.record.ids)
                summary.unchanged += entry.record.ids.count
                remember(path, entry.record)
            }
            return
        }
        var previous: [String: LooseEvidence] = [:]
        for path in oldPaths {
            if let evidence = old[path]?.loose { previous[path] = evidence }
        }
        var evidence: [String: LooseEvidence] = [:]
        var unreadable: [String: (file: SourceFile, record: SourceLedger.FileRecord)] = [:]
        resolution: while true {
            for path in mustRead.sorted() {
                guard let entry = kept.removeValue(forKey: path) else { continue }
                totalBytes += entry.file.size
                guard let bytes = read(entry.file) else {
                    // Unreadable now: its articles stay, and the folder rules go on without it, as a whole
                    // reading (which skips it) would.
                    unreadable[path] = entry
                    continue
                }
                summary.filesUnchanged -= 1
                summary.filesRead += 1
                hashes[path] = ContentHash.of(bytes)
                fresh.append(reader.parseSource(entry.file, bytes: bytes))
            }
            let keptEvidence = kept.compactMapValues { $0.record.loose }
            switch reader.cleanFolder(fresh: &fresh, kept: keptEvidence, previous: previous) {
            case .reread(let paths):
                mustRead = paths
            case .cleaned(let result):
                evidence = result
                break resolution
            }
        }
        for (path, entry) in unreadable {
            var record = entry.record
            record.modified = -1   // try it again next time
            kept[path] = (entry.file, record)
        }
        for (path, entry) in kept {
            let assigned = finals[path] ?? entry.record.ids
            live.formUnion(assigned)
            summary.unchanged += assigned.count
            var record = entry.record
            record.ids = assigned
            record.relativePath = entry.file.relativePath
            remember(path, record)
        }
        // In file order, as a whole reading hands them on.
        fresh.sort { $0.file.name < $1.file.name }
        for index in fresh.indices {
            let file = fresh[index].file
            let assigned = finals[file.path] ?? []
            var position = 0
            var rawIDs: [String] = []
            try fresh[index].drainArticles { article in
                var article = article
                rawIDs.append(article.id)
                if position < assigned.count { article.id = assigned[position] }
                position += 1
                try add(article)
            }
            remember(file.path, SourceLedger.FileRecord(
                size: file.size, modified: file.modified, hash: hashes[file.path] ?? 0, relativePath: file.relativePath,
                isRecordFile: false, isAppendable: false, rawIDs: rawIDs, ids: Array(assigned.prefix(rawIDs.count)),
                loose: evidence[file.path], records: nil))
        }
        report()
    }

    /// The most characters (title and text) one article may have in the index; longer text is cut, with a
    /// warning. The index's own limit is 4,194,303 positions; the margin covers normalisation that lengthens
    /// text (NFKC turns some single characters into several).
    static let maximumCharacters = 4_000_000

    /// Hands one article to the writer under its final id: added, updated or found unchanged.
    private mutating func add(_ article: Article) throws {
        var article = article
        live.insert(article.id)
        if article.title.utf8.count + article.text.utf8.count > Self.maximumCharacters {
            let room = Self.maximumCharacters - article.title.unicodeScalars.count
            let total = article.text.unicodeScalars.count
            if total > room {
                var cut = String.UnicodeScalarView()
                cut.append(contentsOf: article.text.unicodeScalars.prefix(max(0, room)))
                article.text = String(cut)
                warning(IngestWarning(path: article.path, message:
                    "the article \(article.id) has \(total) characters of text; only its first \(max(0, room)) are "
                    + "indexed (an article may have at most \(Self.maximumCharacters) characters)"))
            }
        }
        let document = CorpusIndex.document(for: article)
        switch existing[article.id] {
        case document.contentHash?:
            summary.unchanged += 1
        case nil:
            summary.added += 1
            try writer.add(document)
        default:
            summary.updated += 1
            try writer.update(document)
        }
        articlesDone += 1
        if articlesDone % 256 == 0 { report() }
    }

    private func report() {
        progress(RefreshProgress(bytesDone: min(bytesDone, totalBytes), totalBytes: totalBytes, articles: articlesDone))
    }
}
