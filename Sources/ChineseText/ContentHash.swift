import Foundation

/// A 64-bit FNV-1a hash, eight bytes a step: content fingerprints for files and articles, and the damage
/// check of cached tables.
///
/// Why not a cryptographic hash: these only detect change (between refreshes of one's own files, or in
/// a cache file); speed matters (a refresh hashes every byte it reads) and Foundation on Linux
/// has no SHA. Stable across runs and platforms (unlike `Hasher`).
public struct ContentHash: Sendable {
    /// The hash so far.
    public private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// An empty hash.
    public init() {}

    /// Mixes `bytes` in.
    public mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        var index = 0
        let count = bytes.count
        var hash = state
        while index + 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            hash = (hash ^ word) &* Self.prime
            hash ^= hash >> 29
            index += 8
        }
        while index < count {
            hash = (hash ^ UInt64(bytes[index])) &* Self.prime
            index += 1
        }
        state = hash
    }

    /// Mixes a string's UTF-8 and a separator in (so ("ab","c") and ("a","bc") differ).
    public mutating func combine(_ string: String) {
        var copy = string
        copy.withUTF8 { combine(UnsafeRawBufferPointer($0)) }
        var length = UInt64(string.utf8.count)
        withUnsafeBytes(of: &length) { combine($0) }
    }

    /// The hash of some bytes.
    public static func of(_ data: some DataProtocol) -> UInt64 {
        var hash = ContentHash()
        for region in data.regions { region.withUnsafeBytes { hash.combine($0) } }
        return hash.state
    }

    /// The hash as 16 hexadecimal digits.
    public var hex: String {
        let digits = String(state, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
