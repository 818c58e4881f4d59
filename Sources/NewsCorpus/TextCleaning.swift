/// Whitespace and paragraph rules shared by every format.
/// U+3000 indentation and runs of spaces collapse; a run of two or more U+3000 inside a line marks a new paragraph
/// (the way 000/001-style pages indent paragraphs on one line); invisible and private-use characters go.
enum TextCleaning {
    /// Spaces of every width, collapsed to one " " (or a paragraph break when they are U+3000 indentation).
    @inline(__always)
    static func isSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x20, 0x09, 0x0B, 0x0C, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Characters that carry no text: controls, zero-width marks, BOMs, private-use code points.
    @inline(__always)
    static func isRemovable(_ value: UInt32) -> Bool {
        switch value {
        case 0x00...0x08, 0x0E...0x1F, 0x7F...0x9F, 0xAD, 0x200B...0x200D, 0x2060, 0xFEFF,
             0xE000...0xF8FF, 0xFFFE, 0xFFFF:
            return true
        default: return false
        }
    }

    /// Line and paragraph separators.
    @inline(__always)
    static func isBreak(_ value: UInt32) -> Bool {
        value == 0x0A || value == 0x0D || value == 0x2028 || value == 0x2029
    }

    /// CJK ideographs, kana, hangul and full-width forms: text written without spaces between words.
    @inline(__always)
    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x2E80...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x3FFFF:
            return true
        default: return false
        }
    }

    /// CJK ideographs only.
    @inline(__always)
    static func isIdeograph(_ value: UInt32) -> Bool {
        switch value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return true
        default: return false
        }
    }

    /// Splits `text` into clean paragraphs: at line breaks and at U+3000 indentation runs, with spaces collapsed.
    static func paragraphs(_ text: some StringProtocol) -> [String] {
        var result: [String] = []
        appendParagraphs(of: text, to: &result)
        return result
    }

    /// Appends the clean paragraphs of `text` to `result`; lines that are already clean are copied without a rescan.
    static func appendParagraphs(of text: some StringProtocol, to result: inout [String]) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            var lineStart = 0
            for index in 0..<bytes.count where bytes[index] == 0x0A || bytes[index] == 0x0D {
                appendLine(UnsafeBufferPointer(rebasing: bytes[lineStart..<index]), into: &result)
                lineStart = index + 1
            }
            appendLine(UnsafeBufferPointer(rebasing: bytes[lineStart...]), into: &result)
        }
        if done == nil {
            var copy = String(text)
            copy.makeContiguousUTF8()
            appendParagraphs(of: copy, to: &result)
        }
    }

    /// One line (no CR/LF inside) into zero or more paragraphs.
    private static func appendLine(_ line: UnsafeBufferPointer<UInt8>, into result: inout [String]) {
        if line.isEmpty { return }
        let text = String(decoding: line, as: UTF8.self)
        if isClean(line) {
            result.append(text)
        } else {
            cleanSlow(text.unicodeScalars, into: &result)
        }
    }

    /// True when a line needs no change: no leading/trailing/double spaces, no special spaces, controls or invisibles.
    /// Works on bytes so the common clean line costs one pass and no decoding; only the lead bytes of the special
    /// ranges (C2, E1, E2, E3, EE, EF) look further.
    static func isClean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard count > 0, bytes[0] != 0x20, bytes[count - 1] != 0x20 else { return false }
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte < 0x20 || byte == 0x7F { return false }
                if byte == 0x20 && bytes[index + 1] == 0x20 { return false }
                index += 1
                continue
            }
            switch byte {
            case 0xC2:
                guard index + 1 < count else { return false }
                let next = bytes[index + 1]
                if next <= 0xA0 || next == 0xAD { return false }
            case 0xE1:
                guard index + 2 < count else { return false }
                if bytes[index + 1] == 0x9A && bytes[index + 2] == 0x80 { return false }
            case 0xE2:
                guard index + 2 < count else { return false }
                let second = bytes[index + 1], third = bytes[index + 2]
                if second == 0x80 && (third <= 0x8F || (0xA8...0xAF).contains(third)) { return false }
                if second == 0x81 && (third == 0x9F || third == 0xA0) { return false }
            case 0xE3:
                guard index + 2 < count else { return false }
                if bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 { return false }
            case 0xEE:
                return false
            case 0xEF:
                guard index + 2 < count else { return false }
                let second = bytes[index + 1], third = bytes[index + 2]
                if second <= 0xA3 || (second == 0xBB && third == 0xBF) || (second == 0xBF && third >= 0xBE) { return false }
            default:
                break
            }
            index += 1
        }
        return true
    }

    /// The scalar-by-scalar cleaner.
    private static func cleanSlow(_ scalars: some Sequence<Unicode.Scalar>, into result: inout [String]) {
        var current = String.UnicodeScalarView()
        var pendingSpace = false
        var ideographicSpaces = 0
        for scalar in scalars {
            let value = scalar.value
            if isSpace(value) {
                pendingSpace = true
                if value == 0x3000 { ideographicSpaces += 1 }
                continue
            }
            if isBreak(value) {
                if !current.isEmpty { result.append(String(current)); current = String.UnicodeScalarView() }
                pendingSpace = false
                ideographicSpaces = 0
                continue
            }
            if isRemovable(value) { continue }
            if pendingSpace {
                if !current.isEmpty {
                    if ideographicSpaces >= 2 {
                        result.append(String(current))
                        current = String.UnicodeScalarView()
                    } else {
                        current.append(" ")
                    }
                }
                pendingSpace = false
                ideographicSpaces = 0
            }
            current.append(scalar)
        }
        if !current.isEmpty { result.append(String(current)) }
    }

    /// Collapses all whitespace (line breaks included) to single spaces and trims: for titles and field values.
    static func singleLine(_ text: some StringProtocol) -> String {
        if let clean = text.utf8.withContiguousStorageIfAvailable({ $0.isEmpty || isClean($0) }), clean {
            return String(text)
        }
        var output = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if isSpace(value) || isBreak(value) { pendingSpace = true; continue }
            if isRemovable(value) { continue }
            if pendingSpace && !output.isEmpty { output.append(" ") }
            pendingSpace = false
            output.append(scalar)
        }
        return String(output)
    }
}
