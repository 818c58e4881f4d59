import Foundation
import JiansuoDictionaries

/// Where a toolkit's dictionaries come from: a folder of files, or the copy compiled into Jiansuo.
///
/// Why: the library and an installed `jiansuo` must work with no checkout and no set-up (the embedded
/// copy), while `--dictionaries DIR` and `$JIANSUO_DICTIONARIES` still let people try their own.
public enum DictionarySource: Sendable, Hashable, CustomStringConvertible {
    /// A folder holding words.txt, regions.tsv and companies.tsv.
    case folder(URL)
    /// The package's Dictionaries/ as it was when Jiansuo was built.
    case embedded

    /// The user word list's file name.
    public static let wordListFile = "words.txt"
    /// The regions gazetteer's file name.
    public static let regionsFile = "regions.tsv"
    /// The companies gazetteer's file name.
    public static let companiesFile = "companies.tsv"

    /// "embedded" or "folder /path", for people.
    public var description: String {
        switch self {
        case .folder(let url): return "folder \(url.path)"
        case .embedded: return "embedded"
        }
    }

    /// The name errors use for file `name` of this source: its path, or "name (embedded)".
    public func displayPath(of name: String) -> String {
        switch self {
        case .folder(let url): return url.appendingPathComponent(name).path
        case .embedded: return "\(name) (embedded in Jiansuo)"
        }
    }

    /// The text of the embedded file `name`, or an error saying it was missing when Jiansuo was built.
    static func embeddedText(_ name: String) throws(JiansuoError) -> String {
        guard let text = EmbeddedDictionaries.text(named: name) else {
            throw .resource(path: DictionarySource.embedded.displayPath(of: name),
                            reason: "not among the embedded dictionaries (\(EmbeddedDictionaries.fileNames.joined(separator: ", "))); "
                                + "Dictionaries/ lacked it when Jiansuo was built: restore it and rebuild, or pass --dictionaries DIR")
        }
        return text
    }

    /// The bytes of this source's file `name` (e.g. "companies-curated.tsv").
    public func contents(of name: String) throws(JiansuoError) -> Data {
        switch self {
        case .embedded:
            return Data(try Self.embeddedText(name).utf8)
        case .folder(let url):
            let file = url.appendingPathComponent(name)
            do {
                return try Data(contentsOf: file)
            } catch {
                throw .resource(path: file.path, reason: "cannot read it (\(error.localizedDescription))")
            }
        }
    }

    /// Calls `body` with the bytes of this source's file `name`, without copying the embedded copy.
    ///
    /// Why: hashing the dictionaries is part of every start; copying 4.7 MB of text first doubles its cost.
    public func withBytes<R>(of name: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        switch self {
        case .embedded:
            var text = try Self.embeddedText(name)
            return try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
        case .folder:
            return try contents(of: name).withUnsafeBytes { try body($0) }
        }
    }

    /// Name, size and SHA-256 of every dictionary file of this source (words.txt and each .tsv), by name.
    ///
    /// Why: `jiansuo --version` shows exactly which data a program runs with; the digests match
    /// `sha256sum Dictionaries/*` of the checkout it was built from.
    public func digests() throws(JiansuoError) -> [DictionaryDigest] {
        switch self {
        case .embedded:
            return EmbeddedDictionaries.fileNames.compactMap { name in
                EmbeddedDictionaries.text(named: name).map { DictionaryDigest(name: name, bytes: Array($0.utf8)) }
            }
        case .folder(let url):
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: url.path)
            } catch {
                throw .dictionariesNotFound(folder: url.path, origin: nil)
            }
            var result: [DictionaryDigest] = []
            for name in names.sorted() where name == Self.wordListFile || name.hasSuffix(".tsv") {
                let file = url.appendingPathComponent(name)
                do {
                    result.append(DictionaryDigest(name: name, bytes: [UInt8](try Data(contentsOf: file))))
                } catch {
                    throw .resource(path: file.path, reason: "cannot read it (\(error.localizedDescription))")
                }
            }
            return result
        }
    }
}

/// One dictionary file's name, size and content digest.
public struct DictionaryDigest: Sendable, Hashable {
    /// The file name, e.g. "regions.tsv".
    public var name: String
    /// Its size in bytes.
    public var byteCount: Int
    /// The SHA-256 of its bytes, 64 lowercase hex digits (as `sha256sum` prints).
    public var sha256: String

    /// The digest of `bytes`, named `name`.
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.byteCount = bytes.count
        self.sha256 = SHA256Digest.hex(of: bytes)
    }
}

/// Jiansuo's release version.
public enum JiansuoVersion {
    /// The version of this library and of the `jiansuo` command, e.g. "0.1.0".
    public static let current = "0.1.0"
}

/// SHA-256 (FIPS 180-4), small and dependency-free.
///
/// Why not a package: Foundation on Linux has no digest API, and `--version` needs only this.
enum SHA256Digest {
    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// The digest of `bytes` as 64 lowercase hex digits.
    static func hex(of bytes: [UInt8]) -> String {
        var state: [UInt32] = [
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
        ]
        var message = bytes
        let bitLength = UInt64(bytes.count) &* 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { message.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        var w = [UInt32](repeating: 0, count: 64)
        for chunk in stride(from: 0, to: message.count, by: 64) {
            for i in 0..<16 {
                let j = chunk + i * 4
                w[i] = UInt32(message[j]) << 24 | UInt32(message[j + 1]) << 16 | UInt32(message[j + 2]) << 8 | UInt32(message[j + 3])
            }
            for i in 16..<64 {
                let s0 = rotate(w[i - 15], 7) ^ rotate(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotate(w[i - 2], 17) ^ rotate(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var a = state[0], b = state[1], c = state[2], d = state[3]
            var e = state[4], f = state[5], g = state[6], h = state[7]
            for i in 0..<64 {
                let t1 = h &+ (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[i] &+ w[i]
                let t2 = (rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
                h = g; g = f; f = e; e = d &+ t1
                d = c; c = b; b = a; a = t1 &+ t2
            }
            state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d
            state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h
        }
        return state.map { word in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }.joined()
    }

    @inline(__always)
    private static func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }
}
