import Foundation

/// What one loose article file gave its folder's cross-article rules when it was last read: the keys of its edge
/// paragraphs, the key of the text an edge cut would leave, and the key of its last 32 bytes after that cut.
///
/// Why: a refresh re-reads only the files that changed; with these keys it can tell exactly which unchanged files
/// of the folder the change affects (a paragraph that becomes or stops being shared, a trailing block whose group
/// gains or loses a member) and re-read those too, so the result always equals reading the whole folder.
public struct LooseEvidence: Sendable, Hashable {
    /// The distinct keys of the first and last five paragraphs.
    public var edges: [ByteKey]
    /// The key of the text left by an edge cut, when the file had shared edge paragraphs.
    public var cut: ByteKey?
    /// The key of the last 32 bytes after the edge cut (nil for a shorter text).
    public var tail: ByteKey?

    /// Evidence as a ledger stored it.
    public init(edges: [ByteKey], cut: ByteKey?, tail: ByteKey?) {
        self.edges = edges
        self.cut = cut
        self.tail = tail
    }
}

/// The outcome of running a folder's cross-article rules over the files read so far.
public enum FolderResolution: Sendable {
    /// These unchanged files (paths) are affected by the change and must be read too before the rules can finish.
    case reread(Set<String>)
    /// Done: every read source is cleaned, and this is each one's evidence (by path) for the next refresh.
    case cleaned([String: LooseEvidence])
}

extension CorpusReader {
    /// The minimum number of files of one folder that must share a block for it to count as boilerplate.
    static let folderMinimumShare = 2

    /// Runs the cross-article rules of one folder over its `fresh` (just read) loose article files, taking the
    /// files not read from their evidence: `kept` holds the evidence of the unchanged files, `previous` that of
    /// every file the folder had at the last reading (changed and removed ones included).
    ///
    /// Returns `.reread` with the unchanged files whose cleaning the change affects; read them, add them to `fresh`
    /// and remove them from `kept`, then call again. With all of a folder's files fresh (a first reading), the
    /// result is the same as `Boilerplate.cleanGroup` over the whole folder. The single-article rules run too.
    public func cleanFolder(fresh: inout [ParsedSource], kept: [String: LooseEvidence],
                            previous: [String: LooseEvidence]) -> FolderResolution {
        let share = Self.folderMinimumShare
        // A loose article file holds one article (or none, when it had no text).
        var members: [(source: Int, edges: Set<ByteKey>)] = []
        for (index, source) in fresh.enumerated() where !source.content.isMultiRecord {
            guard let draft = source.content.drafts.first else { continue }
            members.append((index, Boilerplate.edgeKeys(draft.paragraphs, leading: true)))
        }
        guard options.removeBoilerplate, options.crossArticleRules else {
            for member in members { finish(&fresh[member.source]) }
            return .cleaned([:])
        }
        var reread = Set<String>()

        // 1. Edge paragraphs: counts now and at the last reading; an unchanged file holding a key whose shared
        //    state flipped is cut differently now.
        var counts: [ByteKey: Int] = [:]
        var oldCounts: [ByteKey: Int] = [:]
        for evidence in kept.values { for key in evidence.edges { counts[key, default: 0] += 1 } }
        for member in members { for key in member.edges { counts[key, default: 0] += 1 } }
        for evidence in previous.values { for key in evidence.edges { oldCounts[key, default: 0] += 1 } }
        for (path, evidence) in kept
        where evidence.edges.contains(where: { ((counts[$0] ?? 0) >= share) != ((oldCounts[$0] ?? 0) >= share) }) {
            reread.insert(path)
        }

        // 2. Edge cuts of the fresh files, and whether each is made: a cut that leaves the same text as another
        //    file's is not. An unchanged file whose cut text gained or lost a twin changes too.
        var cuts: [Boilerplate.EdgeCut?] = []
        var keptCounts: [ByteKey: Int] = [:]
        var oldKeptCounts: [ByteKey: Int] = [:]
        for member in members {
            let paragraphs = fresh[member.source].content.drafts.first?.paragraphs ?? []
            let cut = Boilerplate.edgeCut(paragraphs, leading: true, shared: { (counts[$0] ?? 0) >= share })
            cuts.append(cut)
            if let cut { keptCounts[cut.key, default: 0] += 1 }
        }
        for evidence in kept.values { if let cut = evidence.cut { keptCounts[cut, default: 0] += 1 } }
        for evidence in previous.values { if let cut = evidence.cut { oldKeptCounts[cut, default: 0] += 1 } }
        for (path, evidence) in kept {
            guard let cut = evidence.cut else { continue }
            if ((keptCounts[cut] ?? 0) <= 1) != ((oldKeptCounts[cut] ?? 0) <= 1) { reread.insert(path) }
        }

        // 3. Trailing blocks: fresh files after their edge cut, grouped by their last 32 bytes. A group of two or
        //    more (now or before) that gains, loses or changes a member must be cut again from all its members.
        var afterCut: [[String]] = []
        var tails: [ByteKey?] = []
        for (index, member) in members.enumerated() {
            let paragraphs = fresh[member.source].content.drafts.first?.paragraphs ?? []
            var kept = paragraphs
            if let cut = cuts[index], cut.applies(keptCount: keptCounts[cut.key] ?? 0) {
                kept = Array(paragraphs[cut.range])
            }
            afterCut.append(kept)
            tails.append(Boilerplate.tailKey(kept))
        }
        var groupSize: [ByteKey: Int] = [:]
        var oldGroupSize: [ByteKey: Int] = [:]
        var keptByTail: [ByteKey: [String]] = [:]
        for (path, evidence) in kept {
            guard let tail = evidence.tail else { continue }
            groupSize[tail, default: 0] += 1
            keptByTail[tail, default: []].append(path)
        }
        for case let tail? in tails { groupSize[tail, default: 0] += 1 }
        var touched = Set(tails.compactMap { $0 })
        for (path, evidence) in previous {
            guard let tail = evidence.tail else { continue }
            oldGroupSize[tail, default: 0] += 1
            if kept[path] == nil { touched.insert(tail) }
        }
        for tail in touched where (groupSize[tail] ?? 0) >= share || (oldGroupSize[tail] ?? 0) >= share {
            reread.formUnion(keptByTail[tail] ?? [])
        }
        if !reread.isEmpty { return .reread(reread) }

        // 4. Done: make the cuts, trim the shared trailing blocks, then the single-article rules.
        var evidence: [String: LooseEvidence] = [:]
        var drafts: [Draft] = []
        var owners: [Int] = []
        var byTail: [ByteKey: [Int]] = [:]
        for (index, member) in members.enumerated() {
            guard var draft = fresh[member.source].content.drafts.first else { continue }
            draft.paragraphs = afterCut[index]
            if let tail = tails[index] { byTail[tail, default: []].append(drafts.count) }
            drafts.append(draft)
            owners.append(member.source)
            evidence[fresh[member.source].file.path] = LooseEvidence(
                edges: member.edges.sorted { $0.hash == $1.hash ? $0.length < $1.length : $0.hash < $1.hash },
                cut: cuts[index]?.key, tail: tails[index])
        }
        for group in byTail.values where group.count >= share {
            Boilerplate.trimSharedTail(&drafts, members: group)
        }
        for (position, draft) in drafts.enumerated() {
            fresh[owners[position]].content.drafts = [draft]
            finish(&fresh[owners[position]])
        }
        return .cleaned(evidence)
    }

    /// Applies the single-article rules to a source's drafts and fills in missing sources (once).
    ///
    /// Each draft is cleaned alone, so a file of many records is cleaned on all cores (same result).
    func finish(_ source: inout ParsedSource) {
        guard !source.isClean else { return }
        let removeBoilerplate = options.removeBoilerplate
        ParallelSlices.forEach(&source.content.drafts, minimumPerSlice: 64) { draft in
            if removeBoilerplate { Boilerplate.cleanSingle(&draft) }
            if draft.source == nil {
                draft.source = Boilerplate.sourceLine(in: draft.paragraphs)
            }
        }
        source.isClean = true
    }
}

/// Runs work over the elements of an array in slices on all cores, each element changed in place by one
/// thread only; the result is the same as a loop in order (the work on one element must not read another).
enum ParallelSlices {
    /// Runs `body` on every element in place, in slices of at least `minimumPerSlice` on all cores.
    static func forEach<Element: Sendable>(_ array: inout [Element], minimumPerSlice: Int,
                                           _ body: @escaping @Sendable (inout Element) -> Void) {
        let n = array.count
        let slices = min(max(1, n / max(1, minimumPerSlice)), ProcessInfo.processInfo.activeProcessorCount * 4)
        guard slices > 1 else {
            for i in array.indices { body(&array[i]) }
            return
        }
        array.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedBuffer(buffer)
            DispatchQueue.concurrentPerform(iterations: slices) { c in
                for i in (c * n / slices)..<((c + 1) * n / slices) { body(&shared.buffer[i]) }
            }
        }
    }

    /// `transform` of each element, in order, computed in slices on all cores.
    static func map<Element: Sendable, Result: Sendable>(_ array: [Element], minimumPerSlice: Int,
                                                         _ transform: @escaping @Sendable (Element) -> Result) -> [Result] {
        var results: [Result?] = Array(repeating: nil, count: array.count)
        let n = array.count
        let slices = min(max(1, n / max(1, minimumPerSlice)), ProcessInfo.processInfo.activeProcessorCount * 4)
        if slices <= 1 {
            for i in array.indices { results[i] = transform(array[i]) }
        } else {
            results.withUnsafeMutableBufferPointer { buffer in
                let shared = SharedBuffer(buffer)
                DispatchQueue.concurrentPerform(iterations: slices) { c in
                    for i in (c * n / slices)..<((c + 1) * n / slices) { shared.buffer[i] = transform(array[i]) }
                }
            }
        }
        // Every slot was filled, so this drops only the wrapping (a nil Result stays an element).
        return results.compactMap { $0 }
    }

    /// A buffer whose slices distinct threads change (never the same element).
    private final class SharedBuffer<Element>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Element>
        init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
    }
}
