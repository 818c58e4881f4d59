// Owned by the Extract work; replaced by the real benchmark.
enum ExtractBench {
    static func run(_ arguments: [String]) throws { print("Extract benchmark: not written yet") }
}
