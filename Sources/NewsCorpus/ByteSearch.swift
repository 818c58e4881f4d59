import Foundation

/// Substring search on UTF-8 bytes (memchr + memcmp), for hot paths where Foundation's `contains` (CFString, locale-aware
/// folding) costs a hundred times more. Exact code-unit matching is what the boilerplate rules want.
enum ByteSearch {
    /// True when `text` contains `needle` byte for byte.
    static func contains(_ text: some StringProtocol, _ needle: String) -> Bool {
        var needle = needle
        return needle.withUTF8 { pattern in
            if pattern.isEmpty { return true }
            if let found = text.utf8.withContiguousStorageIfAvailable({ haystack in
                search(haystack, pattern)
            }) {
                return found
            }
            return Array(text.utf8).withUnsafeBufferPointer { search($0, pattern) }
        }
    }

    /// The first byte found by memchr, the rest compared by memcmp.
    private static func search(_ haystack: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = haystack.baseAddress, let patternBase = pattern.baseAddress, haystack.count >= pattern.count else {
            return false
        }
        let first = Int32(pattern[0])
        let lastStart = haystack.count - pattern.count
        var offset = 0
        while offset <= lastStart {
            guard let hit = memchr(base + offset, first, lastStart - offset + 1) else { return false }
            let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + position, patternBase, pattern.count) == 0 { return true }
            offset = position + 1
        }
        return false
    }
}
