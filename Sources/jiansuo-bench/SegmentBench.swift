import ChineseText
import Foundation

/// `jiansuo-bench segment [news.jsonl] [--repeat N] [--words LIST]`: throughput of the text module,
/// single thread. `--words` adds a real word list (e.g. a gazetteer's names, one per line) to the overlay.
///
/// Prints MB/s of UTF-8 input (title + text of every record) for the normaliser alone, ICU word
/// break alone, the whole segmenter (normalise + ICU + overlay) on the counting path and on the
/// token-building path, and the load time of a synthetic 300k-word dictionary. JSON parsing and
/// file reading happen before any clock starts.
enum SegmentBench {
    /// Runs the benchmark with command-line `arguments`.
    static func run(_ arguments: [String]) throws {
        var path = "../shared/data/corpus/news.jsonl"
        var repeats = 3
        var extraWords: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--words", index + 1 < arguments.count {
                extraWords = arguments[index + 1]
                index += 2
                continue
            }
            if argument == "--repeat", index + 1 < arguments.count, let value = Int(arguments[index + 1]), value > 0 {
                repeats = value
                index += 2
                continue
            }
            path = argument
            index += 1
        }
        let texts = try loadTexts(path)
        let bytes = texts.reduce(0) { $0 + $1.utf8.count }
        let megabytes = Double(bytes) / 1_000_000
        print("input: \(path): \(texts.count) texts, \(String(format: "%.1f", megabytes)) MB UTF-8; best of \(repeats)")

        // Build the normalisation tables before any clock starts.
        let startTables = Date()
        let normalizer = Normalizer()
        _ = normalizer.normalizedString("預熱")
        print(String(format: "normaliser tables: %.3f s (once per process)", Date().timeIntervalSince(startTables)))
        let wordsURL = URL(fileURLWithPath: "Dictionaries/words.txt")
        let dictionary = (try? WordDictionary.load(contentsOf: wordsURL)) ?? WordDictionary()
        print("overlay: \(dictionary.count) words from \(wordsURL.path)")

        let segmenter = try Segmenter(dictionary: dictionary)

        // Wall time and this thread's CPU time: on a shared machine the CPU figure is the steadier one.
        func threadCPUSeconds() -> Double {
            var spec = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
            return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
        }
        func measure(_ name: String, _ body: () -> Int) {
            var bestWall = Double.infinity
            var bestCPU = Double.infinity
            var result = 0
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                let cpuStart = threadCPUSeconds()
                result = body()
                bestCPU = min(bestCPU, threadCPUSeconds() - cpuStart)
                bestWall = min(bestWall, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            let pad = String(repeating: " ", count: max(0, 34 - name.count))
            print("\(name)\(pad)\(String(format: "%7.2f", megabytes / bestWall)) MB/s wall, "
                + "\(String(format: "%7.2f", megabytes / bestCPU)) MB/s CPU  (\(String(format: "%.3f", bestWall)) s, \(result))")
        }

        measure("normaliser alone (normalize)") {
            var scalars = 0
            for text in texts { scalars += normalizer.normalize(text).count }
            return scalars
        }
        measure("normaliser, scalar values only") {
            var scalars = 0
            for text in texts { scalars += normalizer.normalizedScalarValues(text).count }
            return scalars
        }
        measure("ICU word break alone") {
            var segments = 0
            for text in texts { segments += segmenter.icuSegmentCount(text) }
            return segments
        }
        measure("segmenter, tokenCount") {
            var tokens = 0
            for text in texts { tokens += segmenter.tokenCount(text) }
            return tokens
        }
        // ICU's dictionary break from the table (HanDictionaryBreak): same tokens, less time.
        let loadStart = Date()
        let han: HanDictionaryBreak?
        do { han = try HanDictionaryBreak() } catch { print("Han break table: \(error)"); han = nil }
        print(String(format: "Han break table: %.3f s to load, %d words", Date().timeIntervalSince(loadStart), han?.wordCount ?? 0))
        if let han {
            let fast = try Segmenter(dictionary: dictionary, hanBreaks: han)
            measure("segmenter + Han table, tokenCount") {
                var tokens = 0
                for text in texts { tokens += fast.tokenCount(text) }
                return tokens
            }
            var differing = 0, first: String? = nil
            for text in texts {
                let a = segmenter.segment(text).map { "\($0.start)-\($0.end)" }
                let b = fast.segment(text).map { "\($0.start)-\($0.end)" }
                if a != b {
                    differing += 1
                    if first == nil { first = String(text.prefix(200)) }
                }
            }
            print("texts whose tokens differ with the Han table: \(differing) of \(texts.count)\(first.map { ", first: \($0)" } ?? "")")
        }
        measure("normalize + segmentNormalized") {
            var tokens = 0
            for text in texts {
                let normalized = normalizer.normalize(text)
                segmenter.segmentNormalized(normalized) { _, kind in if kind != .punctuation { tokens += 1 } }
            }
            return tokens
        }
        measure("segmenter, segment → [Token]") {
            var tokens = 0
            for text in texts { tokens += segmenter.segment(text).count }
            return tokens
        }
        let plain = try Segmenter(dictionary: WordDictionary())
        measure("segmenter without overlay words") {
            var tokens = 0
            for text in texts { tokens += plain.tokenCount(text) }
            return tokens
        }

        // A synthetic 300k-word dictionary (2–6 common CJK characters a word), loaded from a file.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-bench-words-\(getpid()).txt")
        var generator = SplitMix(seed: 42)
        var list = "# synthetic word list for jiansuo-bench\n"
        list.reserveCapacity(300_000 * 14)
        for _ in 0..<300_000 {
            let length = 2 + Int(generator.next() % 5)
            var view = String.UnicodeScalarView()
            for _ in 0..<length {
                if let scalar = Unicode.Scalar(0x4E00 + UInt32(generator.next() % 0x51A5)) { view.append(scalar) }
            }
            list += String(view)
            list += "\n"
        }
        try Data(list.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var bestLoad = Double.infinity
        var loaded = WordDictionary()
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            loaded = try WordDictionary.load(contentsOf: file)
            bestLoad = min(bestLoad, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        print(String(format: "dictionary load, 300k words:       %.3f s (%d distinct words)", bestLoad, loaded.count))
        let startAdd = DispatchTime.now().uptimeNanoseconds
        let grown = dictionary.adding(loaded.words)
        print(String(format: "dictionary adding 300k words:      %.3f s (%d words)",
                     Double(DispatchTime.now().uptimeNanoseconds - startAdd) / 1e9, grown.count))
        let big = try Segmenter(dictionary: grown)
        measure("segmenter, tokenCount, 300k words") {
            var tokens = 0
            for text in texts { tokens += big.tokenCount(text) }
            return tokens
        }
        if let extraWords {
            let start = DispatchTime.now().uptimeNanoseconds
            let list = try WordDictionary.load(contentsOf: URL(fileURLWithPath: extraWords))
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            print(String(format: "load %@: %.3f s (%d words)", extraWords, seconds, list.count))
            let real = try Segmenter(dictionary: dictionary.adding(list.words))
            measure("segmenter, tokenCount, + --words") {
                var tokens = 0
                for text in texts { tokens += real.tokenCount(text) }
                return tokens
            }
        }
    }

    /// Reads "title" + "\n" + "text" of each JSON line.
    static func loadTexts(_ path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchError(message: "cannot read \(path); pass the path to a JSON Lines file with title and text fields")
        }
        var texts: [String] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            lineNumber += 1
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw BenchError(message: "\(path):\(lineNumber): not a JSON object")
            }
            let title = object["title"] as? String ?? ""
            let text = object["text"] as? String ?? ""
            texts.append(title + "\n" + text)
        }
        return texts
    }

    struct BenchError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// SplitMix64: a reproducible generator for the synthetic dictionary.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
