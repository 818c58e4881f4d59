// Owned by the Index work; replaced by the real benchmark.
enum IndexBench {
    static func run(_ arguments: [String]) throws { print("Index benchmark: not written yet") }
}
