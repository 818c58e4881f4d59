import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `jiansuo-bench refresh [news.jsonl]`: whole `jiansuo index` processes, as a user runs them.
///
/// Prints the wall time and peak memory of a full build of a folder holding the news corpus,
/// of a refresh with nothing to do, after 10 new articles are dropped in, and after 10 records are
/// appended to the JSON Lines file; then the same for a flat folder holding one Markdown file per
/// record: full build, nothing to do, 10 files added, 1 file deleted, 1 file touched.
enum RefreshBench {
    struct Run {
        var seconds: Double
        var maxRSSMegabytes: Double
        var output: String
    }

    /// Runs `binary arguments` and returns its wall time, peak RSS and standard output.
    static func run(_ binary: URL, _ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        let started = DispatchTime.now().uptimeNanoseconds
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        // Children's peak RSS: the largest of every child waited for so far (run the biggest first).
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        let status = process.terminationStatus
        let output = String(decoding: data, as: UTF8.self)
        guard status == 0 else {
            throw BenchError("\(binary.lastPathComponent) \(arguments.joined(separator: " ")) failed with status \(status): \(output)")
        }
        return Run(seconds: seconds, maxRSSMegabytes: Double(usage.ru_maxrss) / 1024, output: output)
    }

    struct BenchError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func run(_ arguments: [String]) throws {
        let news = URL(fileURLWithPath: arguments.first ?? "../shared/data/corpus/news.jsonl")
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("jiansuo")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw BenchError("no jiansuo binary beside this one at \(binary.path): swift build -c release first")
        }
        guard let data = FileManager.default.contents(atPath: news.path) else {
            throw BenchError("cannot read \(news.path)")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-refresh-bench-\(getpid())")
        let corpus = work.appendingPathComponent("news")
        let index = work.appendingPathComponent("index")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try data.write(to: corpus.appendingPathComponent("news.jsonl"))
        let megabytes = Double(data.count) / 1_000_000
        print("corpus: \(news.path), \(String(format: "%.1f", megabytes)) MB")

        let full = try run(binary, ["index", corpus.path, "--index", index.path, "--quiet"])
        print(String(format: "full build (jiansuo index):   %.2f s, %.1f MB/s, max RSS %.0f MB",
                     full.seconds, megabytes / full.seconds, full.maxRSSMegabytes))
        var noop: [Double] = []
        for _ in 0..<3 {
            noop.append(try run(binary, ["index", corpus.path, "--index", index.path, "--quiet"]).seconds)
        }
        print(String(format: "refresh, nothing to do:       %.3f s (best of 3; runs %@)", noop.min() ?? 0,
                     noop.map { String(format: "%.3f", $0) }.joined(separator: ", ")))

        // Ten new articles: the first ten records with fresh ids, as a new file in the folder.
        var lines: [String] = []
        for (number, line) in String(decoding: data.prefix(200_000), as: UTF8.self)
            .split(separator: "\n").prefix(10).enumerated() {
            lines.append(line.replacingOccurrences(of: "\"id\": \"", with: "\"id\": \"new\(number)-"))
        }
        try (lines.joined(separator: "\n") + "\n").write(to: corpus.appendingPathComponent("extra.jsonl"),
                                                       atomically: true, encoding: .utf8)
        let add = try run(binary, ["index", corpus.path, "--index", index.path, "--quiet"])
        print(String(format: "refresh adding 10 articles:   %.3f s  (%@)", add.seconds,
                     add.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        let search = try run(binary, ["search", "乡村振兴", "--index", index.path, "--count"])
        print(String(format: "one search process (count):   %.3f s, %@ matches", search.seconds,
                     search.output.trimmingCharacters(in: .whitespacesAndNewlines)))

        // Ten records appended to news.jsonl itself, as a crawler's export grows.
        let appended = lines.map { $0.replacingOccurrences(of: "\"id\": \"new", with: "\"id\": \"tail") }
        let handle = try FileHandle(forWritingTo: corpus.appendingPathComponent("news.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((appended.joined(separator: "\n") + "\n").utf8))
        try handle.close()
        let tail = try run(binary, ["index", corpus.path, "--index", index.path, "--quiet"])
        print(String(format: "refresh, 10 records appended: %.3f s  (%@)", tail.seconds, firstLine(tail.output)))
        try age(corpus)
        var after: [Double] = []
        for _ in 0..<3 { after.append(try run(binary, ["index", corpus.path, "--index", index.path, "--quiet"]).seconds) }
        print(String(format: "refresh, nothing to do:       %.3f s (best of 3)", after.min() ?? 0))
        try flatFolder(binary: binary, data: data, work: work)
    }

    /// The first line of a command's output.
    static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n").first ?? "")
    }

    /// Sets every file under `folder` an hour into the past, as files that were not just written are.
    static func age(_ folder: URL) throws {
        let past = Date(timeIntervalSinceNow: -3600)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        for name in names where !name.hasPrefix(".") {
            try FileManager.default.setAttributes([.modificationDate: past],
                                                  ofItemAtPath: folder.appendingPathComponent(name).path)
        }
    }

    /// The flat-folder figures: one Markdown file per record.
    static func flatFolder(binary: URL, data: Data, work: URL) throws {
        let folder = work.appendingPathComponent("flat")
        let index = work.appendingPathComponent("flat-index")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var count = 0
        var held: [(name: String, text: String)] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let id = object["id"] as? String else { continue }
            let field = { (key: String) in (object[key] as? String) ?? "" }
            let titleData = try JSONSerialization.data(withJSONObject: [field("title")])
            let title = String(decoding: titleData.dropFirst().dropLast(), as: UTF8.self)
            let text = "---\ntitle: \(title)\ndate: \(field("date"))\nsource: \(field("source"))\nurl: \(field("url"))\n---\n"
                + field("text") + "\n"
            count += 1
            // The last ten are held back and dropped in later.
            held.append((id + ".md", text))
            if held.count > 10 {
                let (name, body) = held.removeFirst()
                try Data(body.utf8).write(to: folder.appendingPathComponent(name))
            }
        }
        try age(folder)
        print("flat folder: \(count - held.count) Markdown files")
        let arguments = ["index", folder.path, "--index", index.path, "--quiet"]
        let full = try run(binary, arguments)
        print(String(format: "  full build:                 %.2f s, max RSS %.0f MB", full.seconds, full.maxRSSMegabytes))
        var noop: [Double] = []
        for _ in 0..<3 { noop.append(try run(binary, arguments).seconds) }
        print(String(format: "  refresh, nothing to do:     %.3f s (best of 3)", noop.min() ?? 0))
        for (name, body) in held { try Data(body.utf8).write(to: folder.appendingPathComponent(name)) }
        let added = try run(binary, arguments)
        print(String(format: "  refresh, +10 files:         %.3f s  (%@)", added.seconds, firstLine(added.output)))
        try age(folder)
        if let victim = held.first?.name {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(victim))
        }
        let removed = try run(binary, arguments)
        print(String(format: "  refresh, -1 file:           %.3f s  (%@)", removed.seconds, firstLine(removed.output)))
        if let touched = held.last?.name {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)],
                                                  ofItemAtPath: folder.appendingPathComponent(touched).path)
        }
        let touch = try run(binary, arguments)
        print(String(format: "  refresh, 1 file touched:    %.3f s  (%@)", touch.seconds, firstLine(touch.output)))
    }
}
