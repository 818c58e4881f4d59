/// XXH64 (xxHash, 64-bit) over a byte buffer, written here so every index file carries a checksum.
///
/// Why XXH64: several GB/s in plain Swift, so verifying what a commit writes, what a merge or refresh
/// reads, and (`check`, `--verify`) every file stays cheap; readers skip it by default.
struct XXH64 {
    static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
    static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

    @inline(__always) static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        var a = acc &+ input &* p2
        a = (a << 31) | (a >> 33)
        return a &* p1
    }
    @inline(__always) static func merge(_ acc: UInt64, _ val: UInt64) -> UInt64 {
        var a = acc ^ round(0, val)
        a = a &* p1 &+ p4
        return a
    }

    /// The hash of `bytes` with `seed`.
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return finish(seed &+ p5, base: nil, count: 0, offset: 0) }
        var i = 0
        var h: UInt64
        if n >= 32 {
            var v1 = seed &+ p1 &+ p2, v2 = seed &+ p2, v3 = seed, v4 = seed &- p1
            while i + 32 <= n {
                v1 = round(v1, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                v2 = round(v2, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)))
                v3 = round(v3, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)))
                v4 = round(v4, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)))
                i += 32
            }
            h = ((v1 << 1) | (v1 >> 63)) &+ ((v2 << 7) | (v2 >> 57)) &+ ((v3 << 12) | (v3 >> 52)) &+ ((v4 << 18) | (v4 >> 46))
            h = merge(h, v1); h = merge(h, v2); h = merge(h, v3); h = merge(h, v4)
        } else {
            h = seed &+ p5
        }
        h = h &+ UInt64(n)
        return finish(h, base: base, count: n, offset: i)
    }

    static func finish(_ hIn: UInt64, base: UnsafeRawPointer?, count n: Int, offset: Int) -> UInt64 {
        var h = hIn
        var i = offset
        if let base {
            while i + 8 <= n {
                let k = round(0, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                h ^= k
                h = ((h << 27) | (h >> 37)) &* p1 &+ p4
                i += 8
            }
            if i + 4 <= n {
                h ^= UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt32.self))) &* p1
                h = ((h << 23) | (h >> 41)) &* p2 &+ p3
                i += 4
            }
            while i < n {
                h ^= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) &* p5
                h = ((h << 11) | (h >> 53)) &* p1
                i += 1
            }
        }
        h ^= h >> 33
        h = h &* p2
        h ^= h >> 29
        h = h &* p3
        h ^= h >> 32
        return h
    }

    /// The hash of a byte array.
    static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }
}

/// XXH64 over data that arrives in pieces (the same value as `XXH64.hash` of the concatenation).
///
/// Why: index files are written in chunks, so a file never has to sit whole in memory.
struct XXH64Stream {
    private var v1: UInt64, v2: UInt64, v3: UInt64, v4: UInt64
    private let seed: UInt64
    private var total = 0
    private var pending: [UInt8] = []

    init(seed: UInt64 = 0) {
        self.seed = seed
        v1 = seed &+ XXH64.p1 &+ XXH64.p2
        v2 = seed &+ XXH64.p2
        v3 = seed
        v4 = seed &- XXH64.p1
        pending.reserveCapacity(32)
    }

    private mutating func stripe(_ p: UnsafeRawPointer) {
        v1 = XXH64.round(v1, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt64.self)))
        v2 = XXH64.round(v2, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        v3 = XXH64.round(v3, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
        v4 = XXH64.round(v4, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
    }

    /// Adds `bytes`.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        total += bytes.count
        var i = 0
        let n = bytes.count
        if !pending.isEmpty {
            let take = min(32 - pending.count, n)
            pending.append(contentsOf: bytes[0..<take])
            i = take
            if pending.count == 32 {
                pending.withUnsafeBytes { p in if let b = p.baseAddress { stripe(b) } }
                pending.removeAll(keepingCapacity: true)
            }
        }
        while i + 32 <= n {
            stripe(base + i)
            i += 32
        }
        if i < n { pending.append(contentsOf: bytes[i..<n]) }
    }

    /// The hash of everything added.
    func digest() -> UInt64 {
        var h: UInt64
        if total >= 32 {
            h = ((v1 << 1) | (v1 >> 63)) &+ ((v2 << 7) | (v2 >> 57)) &+ ((v3 << 12) | (v3 >> 52)) &+ ((v4 << 18) | (v4 >> 46))
            h = XXH64.merge(h, v1); h = XXH64.merge(h, v2); h = XXH64.merge(h, v3); h = XXH64.merge(h, v4)
        } else {
            h = seed &+ XXH64.p5
        }
        h = h &+ UInt64(total)
        return pending.withUnsafeBytes { p in XXH64.finish(h, base: p.baseAddress, count: p.count, offset: 0) }
    }
}
