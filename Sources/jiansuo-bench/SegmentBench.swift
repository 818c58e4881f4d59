// Owned by the Segment work; replaced by the real benchmark.
enum SegmentBench {
    static func run(_ arguments: [String]) throws { print("Segment benchmark: not written yet") }
}
