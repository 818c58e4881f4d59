// Entity extraction benchmark: gazetteer load time and memory, extraction throughput, entity counts.
//   jiansuo-bench extract [news.jsonl] [--dictionaries DIR] [--repeat N] [--top K]
// --top K also prints the K most frequent (type, text → name) pairs, for reviewing what the rules accept.
// Defaults: ../shared/data/corpus/news.jsonl and ./Dictionaries, relative to the current directory.
import EntityExtraction
import Foundation
import NewsCorpus

/// Prints the figures issue 4 asks for, from a release build, on one core.
enum ExtractBench {
    /// Runs the benchmark; `arguments` may name the JSONL file and the dictionaries folder.
    static func run(_ arguments: [String]) throws {
        var jsonlPath = "../shared/data/corpus/news.jsonl"
        var dictionaries = "Dictionaries"
        var repeats = 3
        var top = 0
        var contextWord: String? = nil
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--dictionaries", index + 1 < arguments.count {
                dictionaries = arguments[index + 1]
                index += 2
            } else if argument == "--context", index + 1 < arguments.count {
                contextWord = arguments[index + 1]
                index += 2
            } else if argument == "--top", index + 1 < arguments.count {
                top = max(0, Int(arguments[index + 1]) ?? 0)
                index += 2
            } else if argument == "--repeat", index + 1 < arguments.count {
                repeats = max(1, Int(arguments[index + 1]) ?? repeats)
                index += 2
            } else {
                jsonlPath = argument
                index += 1
            }
        }

        // Gazetteer: load time and resident memory it adds.
        let rssBefore = residentBytes()
        let loadStart = DispatchTime.now()
        let loadCPUStart = threadCPUSeconds()
        let gazetteer = try Gazetteer.load(from: URL(fileURLWithPath: dictionaries))
        let loadSeconds = seconds(since: loadStart)
        let loadCPU = threadCPUSeconds() - loadCPUStart
        let rssAfter = residentBytes()
        print(String(format: "gazetteer: %d regions, %d companies, %d names; load %.1f ms wall, %.1f ms CPU; RSS +%.1f MB",
                     gazetteer.regions.count, gazetteer.companies.count, gazetteer.wordList.count,
                     loadSeconds * 1000, loadCPU * 1000, Double(rssAfter - rssBefore) / 1_048_576))

        // The corpus, parsed outside the timed region.
        let articles = try readJSONL(jsonlPath)
        let bytes = articles.reduce(0) { $0 + $1.title.utf8.count + $1.text.utf8.count }
        print(String(format: "corpus: %@: %d articles, %.1f MB of title+text", jsonlPath, articles.count,
                     Double(bytes) / 1_048_576))

        let initCPUStart = threadCPUSeconds()
        let extractor = EntityExtractor(gazetteer: gazetteer)
        print(String(format: "extractor init (rule tables): %.1f ms CPU",
                     (threadCPUSeconds() - initCPUStart) * 1000))
        let passes: [(String, Set<EntityType>)] = [
            ("all types", EntityType.all),
            ("regions+companies", [.province, .city, .county, .company]),
            ("money only", [.money]),
        ]
        for (label, types) in passes {
            var best = Double.infinity
            var bestCPU = Double.infinity
            var counts: [EntityType: Int] = [:]
            for round in 0..<repeats {
                var local: [EntityType: Int] = [:]
                let start = DispatchTime.now()
                let cpuStart = threadCPUSeconds()
                for article in articles {
                    for entity in extractor.extract(article, types: types) { local[entity.type, default: 0] += 1 }
                }
                best = min(best, seconds(since: start))
                bestCPU = min(bestCPU, threadCPUSeconds() - cpuStart)
                if round == 0 { counts = local }
            }
            let rate = Double(bytes) / 1_048_576 / best
            let cpuRate = Double(bytes) / 1_048_576 / bestCPU
            print(String(format: "extract (%@), one thread: wall %.3f s = %.1f MB/s; thread CPU %.3f s = %.1f MB/s; %.0f articles/s",
                         label, best, rate, bestCPU, cpuRate, Double(articles.count) / bestCPU))
            if types == EntityType.all {
                let line = EntityType.allCases.map { "\($0.rawValue) \(counts[$0, default: 0])" }.joined(separator: ", ")
                print("entities found: \(line)")
            }
        }
        if let word = contextWord {
            var shown = 0
            for article in articles where shown < 30 {
                for entity in extractor.extract(article) where entity.text == word && shown < 30 {
                    let scalars = Array((entity.field == "title" ? article.title : article.text).unicodeScalars)
                    let from = max(0, entity.start - 14), to = min(scalars.count, entity.end + 10)
                    let context = String(String.UnicodeScalarView(scalars[from..<to])).replacingOccurrences(of: "\n", with: " ")
                    print("\(article.id)\t\(entity.type.rawValue)\t\(entity.name ?? "")\t\(context)")
                    shown += 1
                }
            }
        }
        if top > 0 {
            var pairs: [String: Int] = [:]
            for article in articles {
                for entity in extractor.extract(article, types: [.province, .city, .county, .company]) {
                    pairs["\(entity.type.rawValue)\t\(entity.text)\t\(entity.name ?? "")", default: 0] += 1
                }
            }
            for (pair, count) in pairs.sorted(by: { $0.value > $1.value }).prefix(top) {
                print("\(count)\t\(pair)")
            }
        }
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// CPU time of the calling thread (immune to other processes sharing the cores).
    private static func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Resident set size from /proc/self/statm (0 where it is unavailable).
    private static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Articles of a JSON Lines file with id, title and text; malformed lines are skipped.
    private static func readJSONL(_ path: String) throws -> [Article] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var articles: [Article] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n")) {
            lineNumber += 1
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { continue }
            let id = object["id"] as? String ?? "\(lineNumber)"
            let title = object["title"] as? String ?? ""
            let text = object["text"] as? String ?? ""
            articles.append(Article(id: id, title: title, text: text, path: path))
        }
        return articles
    }
}
