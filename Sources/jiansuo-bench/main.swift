// jiansuo-bench: prints the figures the issues ask for, from a release build.
//   swift run -c release jiansuo-bench <segment|ingest|index|extract|refresh|entities|query> [args...]
// Each area's benchmark lives in its own file as `enum <Area>Bench { static func run(_:) }`.
import CICU
import Foundation

// The same memory policy as the jiansuo program (see JiansuoCommand.main): large freed buffers go
// back to the system, so peak RSS figures match the CLI's.
_ = cicu_fix_mmap_threshold(128 << 10)
let arguments = Array(CommandLine.arguments.dropFirst())
let benches: [String: ([String]) throws -> Void] = [
    "segment": SegmentBench.run,
    "ingest": IngestBench.run,
    "index": IndexBench.run,
    "extract": ExtractBench.run,
    "refresh": RefreshBench.run,
    "entities": EntitySearchBench.run,
    "query": QueryBench.run,
]
guard let name = arguments.first, let bench = benches[name] else {
    let names = benches.keys.sorted().joined(separator: "|")
    FileHandle.standardError.write(Data("usage: jiansuo-bench <\(names)> [args...]\n".utf8))
    exit(2)
}
do {
    try bench(Array(arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("jiansuo-bench \(name): \(error)\n".utf8))
    exit(1)
}
