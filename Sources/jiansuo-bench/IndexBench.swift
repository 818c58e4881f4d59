import ChineseText
import Foundation
import InvertedIndex
import Jiansuo
#if canImport(Glibc)
import Glibc
#endif

/// `jiansuo-bench index [news.jsonl] [--queries FILE] [--index DIR] [--keep] [--reuse] [--latency-only]`:
/// the inverted index's figures (`--reuse` searches an index already at DIR; `--latency-only` skips the
/// exactness scan, e.g. to profile searching alone).
///
/// Prints full-build throughput (both cores), postings+term-dictionary and stored bytes, peak RSS,
/// warm single-thread latency of counting and of top-10-with-snippets over the benchmark queries,
/// exactness against a plain scan of the normalised texts, and the time of a 10-document commit.
enum IndexBench {
    static func run(_ arguments: [String]) throws {
        var corpus = "../shared/data/corpus/news.jsonl"
        var queriesPath = "../shared/bench/queries.txt"
        var indexDir: String? = nil
        var keep = false
        var reuse = false
        var latencyOnly = false
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--queries": i += 1; if i < arguments.count { queriesPath = arguments[i] }
            case "--index": i += 1; if i < arguments.count { indexDir = arguments[i] }
            case "--keep": keep = true
            case "--reuse": reuse = true
            case "--latency-only": latencyOnly = true
            default: corpus = arguments[i]
            }
            i += 1
        }
        // The CLI's analyser: the embedded word list and gazetteer names (words are indexed with it).
        let analyzer = Analyzer(dictionary: try Toolkit().words)
        let (docs, inputBytes) = try readCorpus(corpus)
        let fileBytes = (try? FileManager.default.attributesOfItem(atPath: corpus)[.size] as? Int) ?? inputBytes
        let queries = (try? String(contentsOfFile: queriesPath, encoding: .utf8))?
            .split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? []
        print("peak RSS with the corpus loaded (before indexing): \(peakRSSMB()) MB")
        print("corpus: \(docs.count) documents, \(String(format: "%.1f", Double(inputBytes) / 1e6)) MB (title+text UTF-8); \(queries.count) queries")

        let dir = URL(fileURLWithPath: indexDir ?? NSTemporaryDirectory() + "jiansuo-index-bench-\(getpid())")
        let skipBuild = reuse && Index.exists(at: dir)
        if !skipBuild { try? FileManager.default.removeItem(at: dir) }
        defer { if !keep && !skipBuild { try? FileManager.default.removeItem(at: dir) } }
        let index: Index
        if skipBuild {
            index = try Index.open(at: dir, analyzer: analyzer)
        } else {
            index = try build(docs, inputBytes: inputBytes, fileBytes: fileBytes, at: dir, analyzer: analyzer)
        }

        let t3 = now()
        let reader = try index.reader()
        print(String(format: "open reader (checksums verified): %.3f s", now() - t3))
        let st = reader.stats()
        print("index: \(st.documents) documents, \(st.segments) segments, \(st.terms) terms")
        print(String(format: "postings + term dictionaries: %.2f MB; stored documents: %.2f MB; norms+deletes: %.2f MB",
                     Double(st.postingsBytes) / 1e6, Double(st.storedBytes) / 1e6, Double(st.otherBytes) / 1e6))

        guard !queries.isEmpty else { return }
        if !latencyOnly { try exactness(docs, queries, reader) }
        try latency(queries, reader)
    }

    /// Exactness against a plain scan of the normalised texts (UTF-8 substring = scalar substring).
    static func exactness(_ docs: [IndexDocument], _ queries: [String], _ reader: IndexReader) throws {
        let normalizer = Normalizer()
        let texts: [(String, [UInt8], [UInt8])] = docs.map { d in
            (d.id, Array(normalizer.normalizedString(d.title).utf8), Array(normalizer.normalizedString(d.text).utf8))
        }
        var truePositives = 0, retrieved = 0, relevant = 0
        var mismatched: [String] = []
        for q in queries {
            let needle = Array(normalizer.normalizedString(q).utf8)
            var expected = Set<String>()
            for (id, t, x) in texts where contains(t, needle) || contains(x, needle) { expected.insert(id) }
            let got = Set(try reader.search(q, limit: 1_000_000).hits.map(\.id))
            truePositives += got.intersection(expected).count
            retrieved += got.count
            relevant += expected.count
            if got != expected { mismatched.append(q) }
        }
        print(String(format: "exactness: recall %.4f, precision %.4f over %d queries (%d relevant hits)",
                     relevant == 0 ? 1 : Double(truePositives) / Double(relevant),
                     retrieved == 0 ? 1 : Double(truePositives) / Double(retrieved), queries.count, relevant))
        if !mismatched.isEmpty { print("mismatched queries: \(mismatched.prefix(10))") }
    }

    /// Warm single-thread latency of count and of top-10 with snippets, three rounds over the queries.
    static func latency(_ queries: [String], _ reader: IndexReader) throws {

        // Latency, warm, one thread.
        for q in queries { _ = try reader.count(q); _ = try reader.search(q, limit: 10) }
        var countTimes: [Double] = [], searchTimes: [Double] = []
        var slowest: [(Double, String, Int)] = []
        for _ in 0..<3 {
            for q in queries {
                let a = now(); let n = try reader.count(q); countTimes.append(now() - a)
                let b = now(); _ = try reader.search(q, limit: 10); let t = now() - b; searchTimes.append(t)
                slowest.append((t, q, n))
            }
        }
        slowest.sort { $0.0 > $1.0 }
        print("slowest top-10 searches: " + slowest.prefix(5).map { String(format: "%@ (%d hits) %.2f ms", $0.1, $0.2, $0.0 * 1000) }.joined(separator: "; "))
        print(String(format: "count: p50 %.4f ms, p99 %.4f ms, max %.3f ms", pct(countTimes, 0.5), pct(countTimes, 0.99), pct(countTimes, 1.0)))
        print(String(format: "top-10 with snippets: p50 %.4f ms, p99 %.4f ms, max %.3f ms", pct(searchTimes, 0.5), pct(searchTimes, 0.99), pct(searchTimes, 1.0)))
        print("peak RSS: \(peakRSSMB()) MB")
    }

    /// The full build, a 10-document commit and an empty commit, timed.
    static func build(_ docs: [IndexDocument], inputBytes: Int, fileBytes: Int, at dir: URL, analyzer: Analyzer) throws -> Index {
        // Full build, both cores (the last 10 documents are kept for the incremental commit).
        let initial = Array(docs.dropLast(10)), extra = Array(docs.suffix(10))
        let t0 = now()
        let c0 = cpuSeconds()
        let index = try Index.create(at: dir, analyzer: analyzer)
        let writer = try index.writer()
        try writer.add(contentsOf: initial)
        try writer.commit()
        let buildSeconds = now() - t0
        let buildCPU = cpuSeconds() - c0
        print(String(format: "full build: %.2f s, %.1f MB/s of the JSONL file, %.1f MB/s of title+text UTF-8 (%d documents)", buildSeconds,
                     Double(fileBytes) / 1e6 / buildSeconds, Double(inputBytes) / 1e6 / buildSeconds, initial.count))
        print(String(format: "full build CPU time: %.2f s (user+sys; wall time is at least CPU/2 on two cores)", buildCPU))
        print("peak RSS after build: \(peakRSSMB()) MB")

        let t1 = now()
        try writer.add(contentsOf: extra)
        try writer.commit()
        print(String(format: "incremental commit of 10 documents: %.3f s", now() - t1))
        let t2 = now()
        try writer.commit()
        print(String(format: "commit with nothing to do: %.3f s", now() - t2))
        writer.close()

        return index
    }

    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        if hay.count < needle.count { return false }
        return hay.withUnsafeBytes { h in
            needle.withUnsafeBytes { n in
                guard let hb = h.baseAddress, let nb = n.baseAddress else { return false }
                let first = Int32(needle[0])
                var i = 0
                let last = hay.count - needle.count
                while i <= last {
                    guard let p = memchr(hb + i, first, last - i + 1) else { return false }
                    let at = hb.distance(to: UnsafeRawPointer(p))
                    if memcmp(hb + at, nb, needle.count) == 0 { return true }
                    i = at + 1
                }
                return false
            }
        }
    }

    static func pct(_ xs: [Double], _ p: Double) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return 0 }
        return s[min(s.count - 1, Int(Double(s.count - 1) * p))] * 1000
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func peakRSSMB() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss / 1024)
    }

    /// Reads a JSON Lines file of {id,title,text,date,url,source}; returns the documents and title+text bytes.
    static func readCorpus(_ path: String) throws -> ([IndexDocument], Int) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        var docs: [IndexDocument] = []
        var bytes = 0
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let obj = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any], let id = obj["id"] as? String else { continue }
            let title = obj["title"] as? String ?? "", text = obj["text"] as? String ?? ""
            bytes += title.utf8.count + text.utf8.count
            docs.append(IndexDocument(id: id, title: title, text: text, date: obj["date"] as? String,
                                      stored: ["url": obj["url"] as? String ?? "", "source": obj["source"] as? String ?? ""],
                                      contentHash: String(format: "%016llx", UInt64(bitPattern: Int64(text.hashValue)))))
        }
        return (docs, bytes)
    }
}
