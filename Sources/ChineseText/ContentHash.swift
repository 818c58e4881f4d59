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

extension ContentHash {
    /// XXH64 (seed 0) of `bytes`: four independent lanes, so it runs several times faster than the
    /// byte-serial `ContentHash`; for checksums of large cached tables and their cache keys.
    ///
    /// Why a second hash: a mapped word table of 20 MB is checked before first use, and the dictionaries'
    /// 4.7 MB are hashed at every start; `ContentHash` stays as it is because indexes store its values.
    public static func quick(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let p1: UInt64 = 0x9E37_79B1_85EB_CA87, p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        let p3: UInt64 = 0x1656_67B1_9E37_79F9, p4: UInt64 = 0x85EB_CA77_C2B2_AE63, p5: UInt64 = 0x27D4_EB2F_1656_67C5
        @inline(__always) func rotate(_ x: UInt64, _ r: UInt64) -> UInt64 { x << r | x >> (64 - r) }
        @inline(__always) func round(_ acc: UInt64, _ input: UInt64) -> UInt64 { rotate(acc &+ input &* p2, 31) &* p1 }
        @inline(__always) func merge(_ acc: UInt64, _ value: UInt64) -> UInt64 { (acc ^ round(0, value)) &* p1 &+ p4 }
        @inline(__always) func word(_ offset: Int) -> UInt64 {
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        let count = bytes.count
        var offset = 0
        var hash: UInt64
        if count >= 32 {
            var v1 = p1 &+ p2, v2 = p2, v3: UInt64 = 0, v4 = 0 &- p1
            while offset + 32 <= count {
                v1 = round(v1, word(offset))
                v2 = round(v2, word(offset + 8))
                v3 = round(v3, word(offset + 16))
                v4 = round(v4, word(offset + 24))
                offset += 32
            }
            hash = rotate(v1, 1) &+ rotate(v2, 7) &+ rotate(v3, 12) &+ rotate(v4, 18)
            hash = merge(merge(merge(merge(hash, v1), v2), v3), v4)
        } else {
            hash = p5
        }
        hash &+= UInt64(count)
        while offset + 8 <= count {
            hash ^= round(0, word(offset))
            hash = rotate(hash, 27) &* p1 &+ p4
            offset += 8
        }
        if offset + 4 <= count {
            let half = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            hash ^= half &* p1
            hash = rotate(hash, 23) &* p2 &+ p3
            offset += 4
        }
        while offset < count {
            hash ^= UInt64(bytes[offset]) &* p5
            hash = rotate(hash, 11) &* p1
            offset += 1
        }
        hash ^= hash >> 33
        hash &*= p2
        hash ^= hash >> 29
        hash &*= p3
        hash ^= hash >> 32
        return hash
    }
}
