import Foundation

/// A growable little-endian byte buffer for writing index files.
struct ByteWriter {
    var bytes: [UInt8] = []
    /// Bytes before the payload (a file header), not counted by `position`.
    var base = 0

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }
    /// The offset in the payload where the next byte goes.
    var position: Int { bytes.count - base }

    @inline(__always) mutating func u8(_ v: UInt8) { bytes.append(v) }
    @inline(__always) mutating func u32(_ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }
    @inline(__always) mutating func u64(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }
    @inline(__always) mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 { bytes.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }
    @inline(__always) mutating func varint(_ value: Int) { varint(UInt64(max(0, value))) }
    @inline(__always) mutating func varint(_ value: UInt32) { varint(UInt64(value)) }
    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { buf in
            varint(buf.count)
            bytes.append(contentsOf: buf)
        }
    }
    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    /// Writes `values` as blocks of 128 bit-packed values (a width byte, then 16·width bytes); a
    /// remainder of at least `PackedCodec.tailMinimum` values is packed the same way (⌈n·width/8⌉
    /// bytes), a shorter one written as varints. Why: gaps and positions take a few bits each.
    mutating func packed(_ values: UnsafeBufferPointer<UInt32>) {
        let n = values.count
        var b = 0
        while b + PackedCodec.blockSize <= n {
            packBlock(values, b, PackedCodec.blockSize)
            b += PackedCodec.blockSize
        }
        let rem = n - b
        if rem >= PackedCodec.tailMinimum {
            packBlock(values, b, rem)
        } else {
            while b < n { varint(values[b]); b += 1 }
        }
    }

    private mutating func packBlock(_ values: UnsafeBufferPointer<UInt32>, _ start: Int, _ count: Int) {
        var maxv: UInt32 = 0
        for i in start..<(start + count) { maxv |= values[i] }
        let w = maxv == 0 ? 0 : (32 - maxv.leadingZeroBitCount)
        bytes.append(UInt8(w))
        guard w > 0 else { return }
        var acc: UInt64 = 0
        var bits = 0
        for i in start..<(start + count) {
            acc |= UInt64(values[i]) << UInt64(bits)
            bits += w
            while bits >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: acc))
                acc >>= 8
                bits -= 8
            }
        }
        if bits > 0 { bytes.append(UInt8(truncatingIfNeeded: acc)) }
    }
    mutating func packed(_ values: [UInt32]) { values.withUnsafeBufferPointer { packed($0) } }
}

/// Constants of the packed-block codec.
enum PackedCodec {
    static let blockSize = 128
    /// Remainders this long or longer are bit-packed too.
    static let tailMinimum = 8
    /// Bytes of a packed run of `count` values of `width` bits (after its width byte).
    @inline(__always) static func bytes(count: Int, width: Int) -> Int { (count * width + 7) / 8 }
}

/// A bounds-checked reader over a byte region of one index file; every failure names the file and byte.
struct ByteReader {
    let base: UnsafeRawBufferPointer
    let file: String
    var offset: Int
    let end: Int

    init(_ base: UnsafeRawBufferPointer, file: String, offset: Int = 0, end: Int? = nil) {
        self.base = base
        self.file = file
        self.offset = offset
        self.end = min(end ?? base.count, base.count)
    }

    var remaining: Int { end - offset }

    func corrupt(_ reason: String, at: Int? = nil) -> IndexError {
        .corrupt(file: file, offset: at ?? offset, reason: reason)
    }

    @inline(__always) mutating func u8() throws(IndexError) -> UInt8 {
        guard offset < end else { throw corrupt("unexpected end of data") }
        let v = base[offset]
        offset += 1
        return v
    }
    @inline(__always) mutating func u32() throws(IndexError) -> UInt32 {
        guard offset + 4 <= end else { throw corrupt("unexpected end of data") }
        let v = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        offset += 4
        return v
    }
    @inline(__always) mutating func u64() throws(IndexError) -> UInt64 {
        guard offset + 8 <= end else { throw corrupt("unexpected end of data") }
        let v = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        offset += 8
        return v
    }
    @inline(__always) mutating func varint() throws(IndexError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw corrupt("unexpected end of data in a number") }
            let b = base[offset]
            offset += 1
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            guard shift < 64 else { throw corrupt("number longer than 64 bits") }
        }
    }
    @inline(__always) mutating func varint32() throws(IndexError) -> UInt32 {
        let v = try varint()
        guard v <= UInt64(UInt32.max) else { throw corrupt("number out of range") }
        return UInt32(v)
    }
    @inline(__always) mutating func int() throws(IndexError) -> Int {
        let v = try varint()
        guard v <= UInt64(Int32.max) * 16 else { throw corrupt("count out of range") }
        return Int(v)
    }
    mutating func string() throws(IndexError) -> String {
        let n = try int()
        guard n <= remaining else { throw corrupt("string runs past the end") }
        let s = String(decoding: UnsafeRawBufferPointer(rebasing: base[offset..<(offset + n)]), as: UTF8.self)
        offset += n
        return s
    }
    mutating func skipString() throws(IndexError) {
        let n = try int()
        guard n <= remaining else { throw corrupt("string runs past the end") }
        offset += n
    }

    /// Reads `count` values written by `ByteWriter.packed`, appending them to `out`.
    mutating func packed(count: Int, into out: inout [UInt32]) throws(IndexError) {
        var left = count
        while left >= PackedCodec.blockSize {
            try unpackRun(PackedCodec.blockSize, into: &out)
            left -= PackedCodec.blockSize
        }
        if left >= PackedCodec.tailMinimum {
            try unpackRun(left, into: &out)
        } else {
            while left > 0 { out.append(try varint32()); left -= 1 }
        }
    }

    /// Reads one width byte and `n` values of that width.
    @inline(__always) private mutating func unpackRun(_ n: Int, into out: inout [UInt32]) throws(IndexError) {
        let w = Int(try u8())
        guard w <= 32 else { throw corrupt("bit width \(w) out of range", at: offset - 1) }
        let nbytes = PackedCodec.bytes(count: n, width: w)
        guard offset + nbytes <= end else { throw corrupt("packed block runs past the end") }
        if w == 0 {
            out.append(contentsOf: repeatElement(0, count: n))
            return
        }
        let mask: UInt64 = (1 << UInt64(w)) - 1
        let start = offset
        var bitPos = 0
        let fastLimit = end - 8
        for _ in 0..<n {
            let byte = start + (bitPos >> 3)
            let v: UInt64
            if byte <= fastLimit {
                v = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: byte, as: UInt64.self))
            } else {
                var t: UInt64 = 0
                var k = 0
                while byte + k < end && k < 8 { t |= UInt64(base[byte + k]) << UInt64(8 * k); k += 1 }
                v = t
            }
            out.append(UInt32(truncatingIfNeeded: (v >> UInt64(bitPos & 7)) & mask))
            bitPos += w
        }
        offset += nbytes
    }

    /// Skips `count` packed values without decoding them.
    mutating func skipPacked(count: Int) throws(IndexError) {
        var left = count
        while left >= PackedCodec.blockSize {
            let w = Int(try u8())
            guard w <= 32, offset + 16 * w <= end else { throw corrupt("packed block out of range") }
            offset += 16 * w
            left -= PackedCodec.blockSize
        }
        if left >= PackedCodec.tailMinimum {
            let w = Int(try u8())
            let nbytes = PackedCodec.bytes(count: left, width: w)
            guard w <= 32, offset + nbytes <= end else { throw corrupt("packed block out of range") }
            offset += nbytes
        } else {
            while left > 0 { _ = try varint(); left -= 1 }
        }
    }
}

/// Constants of the positional postings format (see `SegmentBuilder.encodePositional`).
enum PostingsFormat {
    /// Documents per block of a long list: the unit a cursor skips over or decodes.
    static let blockSize = 128
}

extension Array {
    /// Empties the array, keeping its storage: cheaper than `removeAll(keepingCapacity:)`, which
    /// goes through a generic `replaceSubrange` on hot paths (one call per matched document).
    @inline(__always) mutating func clear() {
        if !isEmpty { removeLast(count) }
    }
}
