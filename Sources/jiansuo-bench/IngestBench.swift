// Owned by the Ingest work; replaced by the real benchmark.
enum IngestBench {
    static func run(_ arguments: [String]) throws { print("Ingest benchmark: not written yet") }
}
