import CICU

/// What became of a file's bytes: text in some charset, or nothing because the file is binary.
enum DecodeOutcome: Sendable {
    /// The bytes decoded as `encoding`; `badCount` sequences no charset explained became U+FFFD, the first at `firstBadOffset`.
    case text(String, encoding: String, badCount: Int, firstBadOffset: Int?)
    /// The file is not text; `reason` says why and `offset` where the evidence is.
    case binary(reason: String, offset: Int)
}

/// Turns file bytes into a String by detecting the charset: BOM, strict UTF-8, then ICU's detector and a strict decode.
/// Why not the extension: Chinese news arrives as UTF-8, GB18030 and Big5 under the same names.
enum CharsetDecoding {
    /// Largest input handed to ICU in one call (its lengths are Int32).
    static let icuLimit = Int(Int32.max) - 64

    /// Decodes `bytes`; never fails, never crashes (bad bytes become U+FFFD and are counted).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> DecodeOutcome {
        let count = bytes.count
        if count == 0 { return .text("", encoding: "UTF-8", badCount: 0, firstBadOffset: nil) }
        // Byte order marks say it outright.
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return decodeUTF8(UnsafeBufferPointer(rebasing: bytes[3...]), base: 3)
        }
        if count >= 4, bytes[0] == 0xFF, bytes[1] == 0xFE, bytes[2] == 0, bytes[3] == 0 {
            return decodeICU("UTF-32LE", bytes, from: 4) ?? tooLarge(count)
        }
        if count >= 4, bytes[0] == 0, bytes[1] == 0, bytes[2] == 0xFE, bytes[3] == 0xFF {
            return decodeICU("UTF-32BE", bytes, from: 4) ?? tooLarge(count)
        }
        if count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            return decodeICU("UTF-16LE", bytes, from: 2) ?? tooLarge(count)
        }
        if count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            return decodeICU("UTF-16BE", bytes, from: 2) ?? tooLarge(count)
        }
        if let magic = binaryMagic(bytes) { return .binary(reason: "a \(magic) file, not text", offset: 0) }
        // Fast path: strict UTF-8.
        if let text = String(validating: bytes, as: UTF8.self) {
            if let nul = firstNUL(bytes) {
                return .binary(reason: "binary content (NUL byte), not text", offset: nul)
            }
            if let control = controlEvidence(bytes) {
                return .binary(reason: "binary content (control bytes), not text", offset: control)
            }
            return .text(text, encoding: "UTF-8", badCount: 0, firstBadOffset: nil)
        }
        if let nul = firstNUL(bytes) {
            // UTF-16 without a BOM holds NULs too; accept it only when ICU is sure and the decode is clean.
            for candidate in detect(bytes) where candidate.name.hasPrefix("UTF-16") || candidate.name.hasPrefix("UTF-32") {
                if case .text(let text, let encoding, 0, _)? = decodeICU(candidate.name, bytes, from: 0) {
                    return .text(text, encoding: encoding, badCount: 0, firstBadOffset: nil)
                }
            }
            return .binary(reason: "binary content (NUL byte), not text", offset: nul)
        }
        if let control = controlEvidence(bytes) {
            return .binary(reason: "binary content (control bytes), not text", offset: control)
        }
        // Damaged UTF-8: a few bad bytes among many well-formed multi-byte sequences.
        let scan = scanUTF8(bytes)
        if scan.invalid * 20 <= scan.validMultibyte, scan.invalid * 100 <= count {
            return decodeUTF8(bytes, base: 0)
        }
        return decodeDetected(bytes)
    }

    /// Decodes with the detector's candidates, strictest first: the first clean decode wins; otherwise the fewest bad bytes.
    static func decodeDetected(_ bytes: UnsafeBufferPointer<UInt8>) -> DecodeOutcome {
        let candidates = detect(bytes)
        var cjk: [String] = []
        var latin: [String] = []
        for candidate in candidates {
            let name = canonical(candidate.name)
            if isLatin(name) {
                if !latin.contains(name) { latin.append(name) }
            } else if !cjk.contains(name) {
                cjk.append(name)
            }
        }
        for fallback in ["GB18030", "Big5"] where !cjk.contains(fallback) { cjk.append(fallback) }
        var best: (outcome: DecodeOutcome, bad: Int)?
        for (rank, name) in cjk.enumerated() {
            guard let outcome = decodeICU(name, bytes, from: 0) else { return tooLarge(bytes.count) }
            guard case .text(_, _, let bad, _) = outcome else { continue }
            if bad == 0 { return outcome }
            // Damaged input: a few bad bytes in the detector's favourite beat a clean decode by a less likely
            // charset (EUC-KR and Big5 "decode" most GB18030 bytes without error, into nonsense).
            if rank == 0 && (bad <= 3 || bad * 500 <= bytes.count) { return outcome }
            if best == nil || bad < (best?.bad ?? Int.max) { best = (outcome, bad) }
        }
        let topIsLatin = candidates.first.map { isLatin(canonical($0.name)) } ?? false
        if let best, best.bad * 100 <= bytes.count / 2 || !topIsLatin || latin.isEmpty {
            return best.outcome
        }
        if let name = latin.first, let outcome = decodeICU(name, bytes, from: 0) { return outcome }
        return best?.outcome ?? decodeUTF8(bytes, base: 0)
    }

    /// ICU's charset names for one family, folded to the decoder that reads them all (GB2312 and GBK are subsets of GB18030).
    static func canonical(_ name: String) -> String {
        switch name.uppercased() {
        case "GB2312", "GBK", "GB18030", "EUC-CN", "CP936", "WINDOWS-936": return "GB18030"
        case "BIG5", "BIG5-HKSCS": return "Big5"
        default: return name
        }
    }

    /// Single-byte charsets decode any bytes "cleanly", so they are only a last resort.
    static func isLatin(_ name: String) -> Bool {
        let upper = name.uppercased()
        return upper.hasPrefix("ISO-8859") || upper.hasPrefix("WINDOWS-12") || upper.hasPrefix("KOI8")
            || upper.hasPrefix("IBM4") || upper.hasPrefix("IBM8")
    }

    /// ICU's candidates for the first 64 KiB of `bytes` (plenty for its statistics), best first.
    static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> [(name: String, confidence: Int)] {
        guard let base = bytes.baseAddress else { return [] }
        let length = Int32(min(bytes.count, 1 << 16))
        let stride: Int32 = 32
        let maxResults: Int32 = 12
        var names = [CChar](repeating: 0, count: Int(stride * maxResults))
        var confidences = [Int32](repeating: 0, count: Int(maxResults))
        var status: Int32 = 0
        let found = names.withUnsafeMutableBufferPointer { namesBuffer in
            confidences.withUnsafeMutableBufferPointer { confidenceBuffer in
                cicu_detect_charsets(base, length, namesBuffer.baseAddress, stride,
                                     confidenceBuffer.baseAddress, maxResults, &status)
            }
        }
        guard status <= 0, found > 0 else { return [] }
        var result: [(name: String, confidence: Int)] = []
        for index in 0..<Int(min(found, maxResults)) {
            let start = index * Int(stride)
            let slice = names[start..<(start + Int(stride))]
            let bytes = slice.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            result.append((String(decoding: bytes, as: UTF8.self), Int(confidences[index])))
        }
        return result
    }

    /// Decodes `bytes[from...]` with ICU; nil when the input is too large for ICU's Int32 lengths.
    static func decodeICU(_ charset: String, _ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> DecodeOutcome? {
        let length = bytes.count - start
        guard length <= icuLimit, let base = bytes.baseAddress else { return nil }
        if length == 0 { return .text("", encoding: charset, badCount: 0, firstBadOffset: nil) }
        let capacity = length + 16
        var badCount: Int32 = 0
        var firstBad: Int32 = -1
        var status: Int32 = 0
        var units = [UInt16](repeating: 0, count: capacity)
        let written = units.withUnsafeMutableBufferPointer { buffer in
            charset.withCString { name in
                cicu_decode(name, base + start, Int32(length), buffer.baseAddress, Int32(capacity),
                            &badCount, &firstBad, &status)
            }
        }
        guard status <= 0, written >= 0 else { return nil }
        let decoded = units.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<min(Int(written), capacity)]), as: UTF16.self)
        }
        let offset = firstBad >= 0 ? Int(firstBad) + start : nil
        return .text(decoded, encoding: charset, badCount: Int(badCount), firstBadOffset: badCount > 0 ? offset : nil)
    }

    /// UTF-8 with replacement of bad sequences; `base` is added to reported offsets (a skipped BOM).
    static func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, base: Int) -> DecodeOutcome {
        if let text = String(validating: bytes, as: UTF8.self) {
            return .text(text, encoding: "UTF-8", badCount: 0, firstBadOffset: nil)
        }
        let scan = scanUTF8(bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        return .text(text, encoding: "UTF-8", badCount: scan.invalid,
                     firstBadOffset: scan.firstInvalid.map { $0 + base })
    }

    /// Counts invalid and valid multi-byte UTF-8 sequences, and finds the first invalid one.
    static func scanUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> (invalid: Int, validMultibyte: Int, firstInvalid: Int?) {
        var invalid = 0
        var valid = 0
        var first: Int?
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            var length = 0
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: length = 0
            }
            var ok = length > 0 && index + length <= count
            if ok {
                let second = bytes[index + 1]
                ok = second >= low && second <= high
                var next = 2
                while ok && next < length {
                    ok = bytes[index + next] & 0xC0 == 0x80
                    next += 1
                }
            }
            if ok {
                valid += 1
                index += length
            } else {
                invalid += 1
                if first == nil { first = index }
                index += 1
                // Skip the continuation bytes of the broken sequence so one bad sequence counts once.
                while index < count, bytes[index] & 0xC0 == 0x80, index - (first ?? index) < 4 { index += 1 }
            }
        }
        return (invalid, valid, first)
    }

    /// The offset of the first NUL byte, if any.
    static func firstNUL(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        bytes.firstIndex(of: 0)
    }

    /// The offset of the first C0 control byte when more than 1% of the first 64 KiB are controls (text never has them).
    static func controlEvidence(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let limit = min(bytes.count, 1 << 16)
        var controls = 0
        var first: Int?
        for index in 0..<limit {
            let byte = bytes[index]
            if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D, byte != 0x0C, byte != 0x1B {
                controls += 1
                if first == nil { first = index }
            }
        }
        return controls >= 4 && controls * 100 > limit ? first : nil
    }

    /// The kind of a well-known binary file, from its first bytes.
    static func binaryMagic(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        func starts(_ prefix: [UInt8]) -> Bool {
            bytes.count >= prefix.count && zip(bytes, prefix).allSatisfy { $0 == $1 }
        }
        if starts([0x25, 0x50, 0x44, 0x46, 0x2D]) { return "PDF" }
        if starts([0x89, 0x50, 0x4E, 0x47]) { return "PNG" }
        if starts([0xFF, 0xD8, 0xFF]) { return "JPEG" }
        if starts([0x47, 0x49, 0x46, 0x38]) { return "GIF" }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return "ZIP" }
        if starts([0x1F, 0x8B]) { return "gzip" }
        if starts([0x7F, 0x45, 0x4C, 0x46]) { return "ELF" }
        return nil
    }

    /// The outcome for an input too large to hand to ICU.
    static func tooLarge(_ count: Int) -> DecodeOutcome {
        .binary(reason: "too large (\(count) bytes) to convert from a legacy charset; convert it to UTF-8 first", offset: 0)
    }
}
