// Ingest throughput: how fast files become clean Articles (release build only; a program, never a timed test).
//   swift run -c release jiansuo-bench ingest [FILE...]
// Default inputs (relative to the current folder): the 36 MB JSONL news corpus and the GB18030 Sogou file.
import Foundation
import NewsCorpus

enum IngestBench {
    static let defaultInputs = [
        "../shared/data/corpus/news.jsonl",
        "../shared/data/corpus/sogou_smarty/news_tensite_xml.smarty.dat",
        "../shared/data/corpus/sogou_smarty/news_sohusite_xml.smarty.dat",
    ]

    static func run(_ arguments: [String]) throws {
        let inputs = arguments.isEmpty ? defaultInputs : arguments
        print("ingest benchmark (single thread, best of 3 runs; CPU time is the process's, robust when the machine is shared)")
        for input in inputs {
            let url = URL(fileURLWithPath: input)
            guard FileManager.default.fileExists(atPath: url.path) else {
                print("  \(input): not found, skipped")
                continue
            }
            let bytes = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
            let reader = CorpusReader()
            var best = Double.infinity
            var bestCPU = Double.infinity
            var articles = 0
            var characters = 0
            var warnings: [IngestWarning] = []
            for _ in 0..<3 {
                let start = DispatchTime.now().uptimeNanoseconds
                let cpuStart = clock()
                var count = 0
                var scalars = 0
                warnings = try reader.forEachArticle(in: [url]) { article in
                    count += 1
                    scalars += article.text.utf8.count
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                best = min(best, seconds)
                bestCPU = min(bestCPU, Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC))
                articles = count
                characters = scalars
            }
            // How many articles the boilerplate rules changed (a sanity check that clean exports stay untouched).
            let raw = try CorpusReader(options: .init(removeBoilerplate: false)).read([url]).articles
            let cleaned = try reader.read([url]).articles
            let changed = zip(raw, cleaned).filter { $0.text != $1.text }
            // Whole lines dropped (navigation, link-only lines such as [查看原文](…)) versus text cut inside a line.
            let edited = changed.filter { pair in
                var rawLines = pair.0.text.split(separator: "\n")[...]
                for line in pair.1.text.split(separator: "\n") {
                    guard let found = rawLines.firstIndex(of: line) else { return true }
                    rawLines = rawLines[(found + 1)...]
                }
                return false
            }.count
            let megabytes = Double(bytes) / 1_000_000
            print(String(format: "  %@: %.1f MB in %.3f s = %.1f MB/s (CPU time %.3f s = %.1f MB/s), %d articles (%.0f articles/s), %d MB of text out",
                         url.lastPathComponent, megabytes, best, megabytes / best, bestCPU, megabytes / bestCPU, articles,
                         Double(articles) / best, characters / 1_000_000))
            print("    warnings: \(warnings.count); articles changed by boilerplate rules: \(changed.count) "
                + "(\(changed.count - edited) only lost whole lines, \(edited) were cut inside a line)")
            for warning in warnings.prefix(3) { print("    \(warning)") }
        }
    }
}
