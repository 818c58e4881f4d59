import Foundation

/// Writes one segment from the live documents of several, streaming: documents renumbered in order
/// (segment by segment, skipping dead ones), term dictionaries merged in key order, each term's
/// postings concatenated with their documents renumbered, stored records and norms copied as bytes,
/// doc-value tables merged (see `DocValuesMerge`).
///
/// Why: re-analysing the stored text of the segments (as merges once did) costs the segmentation
/// again and holds every document; here memory is one term's postings, a cursor per segment and a
/// document-number map (4 bytes a document), and nothing is analysed. The segment equals the one a
/// `SegmentBuilder` writes for the same documents added in the same order.
struct SegmentMerger {
    /// One segment to merge: its reader and the dead-document bitmap to apply (the writer's, which may
    /// be newer than the segment's delete file).
    struct Input {
        var segment: SegmentReader
        var dead: [UInt64]

        @inline(__always) func isLive(_ doc: Int) -> Bool { dead[doc >> 6] & (1 << UInt64(doc & 63)) == 0 }
    }

    /// The segments merged, in the order their documents take in the new segment.
    let inputs: [Input]
    /// Bytes of input postings and positions a range of terms takes, about: the unit of work of the
    /// merge threads. Four finished ranges at most wait to be written, and the inputs' pages are
    /// released every four (see `MappedFile.releasePages`), so the merge holds some 16 such ranges.
    var rangeBytes = 4 << 20

    /// Checks each bitmap's size against its segment.
    init(_ inputs: [Input]) throws(IndexError) {
        for input in inputs where input.dead.count != (input.segment.docCount + 63) / 64 {
            throw .corrupt(file: input.segment.meta.name, offset: 0,
                           reason: "a delete bitmap of \(input.dead.count) words for \(input.segment.docCount) documents")
        }
        self.inputs = inputs
    }

    /// The number of live documents of the inputs: the new segment's document count.
    var liveCount: Int {
        var n = 0
        for input in inputs {
            var dead = 0
            for w in input.dead { dead += w.nonzeroBitCount }
            n += input.segment.docCount - dead
        }
        return n
    }

    /// Writes the segment `name` into `directory` (not yet committed) and returns its facts.
    func write(name: String, directory: URL) throws(IndexError) -> SegmentMeta {
        var files: [String: FileMeta] = [:]

        // Each input's first new number, and its old → new map when it has dead documents.
        var bases: [Int] = []
        var maps: [[Int32]?] = []
        var next = 0
        for input in inputs {
            bases.append(next)
            let s = input.segment
            if input.dead.allSatisfy({ $0 == 0 }) {
                maps.append(nil)
                next += s.docCount
            } else {
                var map = [Int32](repeating: -1, count: s.docCount)
                for d in 0..<s.docCount where input.isLive(d) {
                    map[d] = Int32(truncatingIfNeeded: next)
                    next += 1
                }
                maps.append(map)
            }
        }
        let docCount = next
        guard docCount < Int(Int32.max) else {
            throw .invalidDocument(id: "", reason: "a merge of \(docCount) documents exceeds a segment's 2^31")
        }

        // The stored records, norms and doc values are written on another thread meanwhile: mostly
        // copying and file writes, they overlap the term merge's decoding and encoding.
        let documents = Outcome<DocumentFiles>()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            defer { group.leave() }
            do throws(IndexError) {
                documents.value = .success(try writeDocuments(name: name, directory: directory, docCount: docCount))
            } catch {
                documents.value = .failure(error)
            }
        }
        let termCount: Int
        do {
            termCount = try writeTerms(name: name, directory: directory, bases: bases, maps: maps, files: &files)
        } catch {
            group.wait()
            throw error
        }
        group.wait()
        guard let outcome = documents.value else { throw .io(file: name, operation: "merge", errno: ECANCELED) }
        let docs = try outcome.get()
        files.merge(docs.files) { a, _ in a }
        return SegmentMeta(name: name, docCount: docCount, deletedCount: 0, deleteGeneration: 0,
                           titleLengthSum: docs.titleSum, textLengthSum: docs.textSum, termCount: termCount, files: files)
    }

    /// The files of a segment written per document, and its length sums.
    private struct DocumentFiles {
        var files: [String: FileMeta] = [:]
        var titleSum = 0
        var textSum = 0
    }

    /// Writes the stored records and norms (copied as bytes, document by document) and the doc values.
    private func writeDocuments(name: String, directory: URL, docCount: Int) throws(IndexError) -> DocumentFiles {
        func url(_ ext: String) -> URL { directory.appendingPathComponent("\(name).\(ext)") }
        var out = DocumentFiles()
        let store = StoreSpool(directory: directory)
        let norms = try FileSink(url: url("norms"), kind: .norms)
        for input in inputs {
            let s = input.segment
            for d in 0..<s.docCount where input.isLive(d) {
                store.addRecord(try s.storedRecord(d))
                let n = s.norm(d)
                norms.w.u32(UInt32(truncatingIfNeeded: n.title))
                norms.w.u32(UInt32(truncatingIfNeeded: n.text))
                norms.w.u32(UInt32(bitPattern: n.date))
                out.titleSum += n.title
                out.textSum += n.text
                if d & 4095 == 4095 {
                    try norms.spillIfLarge()
                    // The records copied leave this process's resident memory.
                    s.store.releasePages()
                }
            }
            s.store.releasePages()
            s.norms.releasePages()
        }
        norms.w.u64(UInt64(docCount))
        out.files["norms"] = try norms.finish()
        out.files["store"] = try store.finish(as: url("store"))

        let dv = try FileSink(url: url("dv"), kind: .docValues)
        try DocValuesMerge.write(inputs.map { DocValuesMerge.Input(values: $0.segment.values, dead: $0.dead) }, to: dv)
        out.files["dv"] = try dv.finish()
        for input in inputs { input.segment.values.file.releasePages() }
        return out
    }

    /// The k-way merge of the term dictionaries; returns the number of terms written (terms whose
    /// documents are all dead are left out).
    ///
    /// The key space is cut into ranges of about `rangeBytes` of input postings; two threads merge
    /// ranges into encoded runs while this one writes finished runs in key order (at most four wait).
    private func writeTerms(name: String, directory: URL, bases: [Int], maps: [[Int32]?],
                            files: inout [String: FileMeta]) throws(IndexError) -> Int {
        let termFiles = try TermFilesWriter(directory: directory, name: name)
        let bounds = keyRanges()
        let runs = RunPipeline<Result<EncodedRun, IndexError>>(count: bounds.count, window: 4)
        let workers = DispatchGroup()
        for _ in 0..<2 {
            workers.enter()
            DispatchQueue.global().async {
                defer { workers.leave() }
                while let i = runs.claim() {
                    let upper = i + 1 < bounds.count ? bounds[i + 1] : nil
                    do throws(IndexError) {
                        runs.finish(i, .success(try mergeRange(from: bounds[i], below: upper, bases: bases, maps: maps)))
                    } catch {
                        runs.finish(i, .failure(error))
                    }
                }
            }
        }
        defer {
            runs.cancel()
            workers.wait()
        }
        for i in bounds.indices {
            guard let run = runs.take(i) else { throw .io(file: name, operation: "merge", errno: ECANCELED) }
            try termFiles.append(try run.get())
            // The inputs' pages read so far leave this process's resident memory (see `rangeBytes`).
            if i % 4 == 3 {
                for input in inputs {
                    input.segment.post.releasePages()
                    input.segment.pos.releasePages()
                    input.segment.terms.releasePages()
                }
            }
        }
        let written = termFiles.termCount
        for (ext, meta) in try termFiles.finish() { files[ext] = meta }
        return written
    }

    /// The lower bounds of the key ranges the merge threads take (the first is 0, the last range is
    /// open): block first keys of the inputs' dictionaries, cut every `rangeBytes` of their postings.
    private func keyRanges() -> [UInt64] {
        var samples: [(key: UInt64, bytes: Int)] = []
        for input in inputs {
            let s = input.segment
            let blocks = s.termBlocks()
            for (i, b) in blocks.enumerated() {
                let nextPost = i + 1 < blocks.count ? blocks[i + 1].postOffset : s.post.payloadCount
                let nextPos = i + 1 < blocks.count ? blocks[i + 1].posOffset : s.pos.payloadCount
                samples.append((b.key, max(0, nextPost - b.postOffset) + max(0, nextPos - b.posOffset)))
            }
        }
        samples.sort { $0.key < $1.key }
        var bounds: [UInt64] = [0]
        var last: UInt64 = 0, acc = 0
        for sample in samples {
            if acc >= rangeBytes && sample.key > last {
                bounds.append(sample.key)
                last = sample.key
                acc = 0
            }
            acc += sample.bytes
        }
        return bounds
    }

    /// Merges the terms with keys in [`lower`, `upper`) (no upper bound when nil) into one run.
    private func mergeRange(from lower: UInt64, below upper: UInt64?, bases: [Int], maps: [[Int32]?]) throws(IndexError) -> EncodedRun {
        var cursors = inputs.map { SegmentReader.TermCursor($0.segment, from: lower) }
        var heads: [(key: UInt64, info: TermInfo)?] = []
        for i in cursors.indices { heads.append(try cursors[i].next()) }
        var merged = TermPostings()
        var part = TermPostings()
        var run = EncodedRun()
        while true {
            var key = UInt64.max
            var any = false
            for h in heads { if let h, !any || h.key < key { key = h.key; any = true } }
            guard any else { break }
            if let upper, key >= upper { break }
            merged.removeAll()
            let facet = TermKey.isFacet(key), unigram = TermKey.isUnigram(key)
            for i in heads.indices {
                guard let h = heads[i], h.key == key else { continue }
                try inputs[i].segment.decodeAll(key, h.info, into: &part)
                Self.append(part, mappedBy: maps[i], base: bases[i], facet: facet, unigram: unigram, to: &merged)
                heads[i] = try cursors[i].next()
            }
            if !merged.docs.isEmpty { run.append(key: key, merged) }
        }
        return run
    }

    /// Appends the postings `p` of one input to `out`: documents renumbered by `map` (dead ones, -1,
    /// dropped with their frequencies and positions), or shifted by `base` when the input has no dead
    /// documents; positions are copied unchanged.
    private static func append(_ p: TermPostings, mappedBy map: [Int32]?, base: Int, facet: Bool, unigram: Bool,
                               to out: inout TermPostings) {
        guard let map else {
            let b = UInt32(truncatingIfNeeded: base)
            for d in p.docs { out.docs.append(d &+ b) }
            if facet { return }
            out.freqs.append(contentsOf: p.freqs)
            if unigram {
                out.textFreqs.append(contentsOf: p.textFreqs)
            } else {
                out.positionGaps.append(contentsOf: p.positionGaps)
            }
            return
        }
        var at = 0
        for (k, d) in p.docs.enumerated() {
            // Document numbers were checked against the segment's count when decoded.
            let n = map[Int(d)]
            let f = facet || unigram ? 0 : Int(p.freqs[k])
            if n >= 0 {
                out.docs.append(UInt32(truncatingIfNeeded: n))
                if !facet {
                    out.freqs.append(p.freqs[k])
                    if unigram {
                        out.textFreqs.append(p.textFreqs[k])
                    } else {
                        out.positionGaps.append(contentsOf: p.positionGaps[at..<(at + f)])
                    }
                }
            }
            at += f
        }
    }
}

/// A result handed from a worker thread, read after the worker's group is left.
private final class Outcome<T>: @unchecked Sendable {
    var value: Result<T, IndexError>?
}
