import Foundation

/// A JSON value, as much of JSON as article records need.
enum JSONValue: Sendable {
    case string(String)
    /// A number, kept as its literal text (ids like 1234 stay "1234").
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// The value as a field string: strings as they are, numbers and booleans as literals, nil otherwise.
    var scalarText: String? {
        switch self {
        case .string(let text): return text
        case .number(let text): return text
        case .bool(let value): return value ? "true" : "false"
        default: return nil
        }
    }
}

/// A JSON syntax error and the byte offset where it was found.
struct JSONSyntaxError: Error, Sendable {
    var offset: Int
    var message: String
}

/// A small, strict JSON parser over UTF-8 bytes (RFC 8259), fast on string-heavy records.
/// Why not JSONSerialization: this one reports byte offsets and runs at hundreds of MB/s on article text.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    let end: Int
    /// Nesting limit so hostile input cannot exhaust the stack.
    static let maxDepth = 256

    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.index = start
        self.end = end ?? bytes.count
    }

    /// Parses one value and checks nothing but whitespace follows.
    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        if index < end { throw JSONSyntaxError(offset: index, message: "unexpected text after the JSON value") }
        return value
    }

    mutating func skipWhitespace() {
        while index < end {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 } else { break }
        }
    }

    mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < Self.maxDepth else { throw JSONSyntaxError(offset: index, message: "nested too deeply") }
        guard index < end else { throw JSONSyntaxError(offset: index, message: "unexpected end of input") }
        switch bytes[index] {
        case 0x22: return .string(try parseString())
        case 0x7B: return try parseObject(depth: depth)
        case 0x5B: return try parseArray(depth: depth)
        case 0x74: try expectLiteral("true"); return .bool(true)
        case 0x66: try expectLiteral("false"); return .bool(false)
        case 0x6E: try expectLiteral("null"); return .null
        case 0x2D, 0x30...0x39: return .number(try parseNumber())
        default:
            throw JSONSyntaxError(offset: index, message: "unexpected character '\(Self.describe(bytes[index]))'")
        }
    }

    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return Swift.String(UnicodeScalar(byte)) }
        let digits = Array("0123456789ABCDEF")
        return "0x" + Swift.String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= end else { throw JSONSyntaxError(offset: index, message: "unexpected end of input") }
        let pointer = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != pointer[offset] {
            throw JSONSyntaxError(offset: index + offset, message: "invalid literal (expected \(literal))")
        }
        index += count
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        if bytes[index] == 0x2D { index += 1 }
        var digits = 0
        while index < end, (0x30...0x39).contains(bytes[index]) { index += 1; digits += 1 }
        if digits == 0 { throw JSONSyntaxError(offset: index, message: "a number needs digits") }
        if index < end, bytes[index] == 0x2E {
            index += 1
            var fraction = 0
            while index < end, (0x30...0x39).contains(bytes[index]) { index += 1; fraction += 1 }
            if fraction == 0 { throw JSONSyntaxError(offset: index, message: "a number needs digits after '.'") }
        }
        if index < end, bytes[index] == 0x65 || bytes[index] == 0x45 {
            index += 1
            if index < end, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            var exponent = 0
            while index < end, (0x30...0x39).contains(bytes[index]) { index += 1; exponent += 1 }
            if exponent == 0 { throw JSONSyntaxError(offset: index, message: "a number needs exponent digits") }
        }
        return Swift.String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// A string at `index` (which holds the opening quote).
    /// Two passes: the first finds the closing quote and checks every escape, the second unescapes straight into
    /// the new String's storage (an unescaped string is never longer than its JSON form).
    mutating func parseString() throws(JSONSyntaxError) -> String {
        let open = index
        index += 1
        let start = index
        var hasEscapes = false
        while index < end {
            // Eight bytes at a time while none is a quote, a backslash or a control character (article text is
            // long runs of CJK bytes, so this skips most of it).
            if let base = bytes.baseAddress {
                while index + 8 <= end {
                    let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    if Self.hasSpecialByte(word) { break }
                    index += 8
                }
            }
            guard index < end else { break }
            let byte = bytes[index]
            if byte == 0x22 { break }
            if byte == 0x5C {
                hasEscapes = true
                guard index + 1 < end else { break }
                switch bytes[index + 1] {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
                    index += 2
                case 0x75:
                    index += 2
                    _ = try parseHex4()
                default:
                    throw JSONSyntaxError(offset: index + 1, message: "invalid escape '\\\(Self.describe(bytes[index + 1]))'")
                }
                continue
            }
            if byte < 0x20 { throw JSONSyntaxError(offset: index, message: "control character inside a string") }
            index += 1
        }
        guard index < end, bytes[index] == 0x22 else { throw JSONSyntaxError(offset: open, message: "string never closed") }
        let stop = index
        index += 1
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<stop])
        if !hasEscapes { return Swift.String(decoding: raw, as: UTF8.self) }
        return Swift.String(unsafeUninitializedCapacity: raw.count) { output in
            Self.unescape(raw, into: output)
        }
    }

    /// True when one of the eight bytes of `word` is a quote, a backslash or below 0x20 (SWAR bit tricks).
    @inline(__always)
    static func hasSpecialByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let controls = (word &- ones &* 0x20) & ~word & highs
        return hasZeroByte(quotes) || hasZeroByte(backslashes) || controls != 0
    }

    /// Writes the unescaped bytes of a checked JSON string body into `output`; returns how many were written.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var read = 0
        var written = 0
        let count = raw.count
        func hex(at position: Int) -> UInt32 {
            var value: UInt32 = 0
            for offset in 0..<4 {
                let byte = raw[position + offset]
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                default: digit = UInt32(byte &- 0x61 &+ 10) & 0xF
                }
                value = value << 4 | digit
            }
            return value
        }
        guard let rawBase = raw.baseAddress, let outputBase = output.baseAddress else { return 0 }
        while read < count {
            if raw[read] != 0x5C {
                // Copy the run up to the next backslash in one go.
                let runEnd = memchr(rawBase + read, 0x5C, count - read)
                    .map { rawBase.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? count
                (outputBase + written).update(from: rawBase + read, count: runEnd - read)
                written += runEnd - read
                read = runEnd
                continue
            }
            let escape = raw[read + 1]
            read += 2
            let simple: UInt8
            switch escape {
            case 0x62: simple = 0x08
            case 0x66: simple = 0x0C
            case 0x6E: simple = 0x0A
            case 0x72: simple = 0x0D
            case 0x74: simple = 0x09
            case 0x75:
                var value = hex(at: read)
                read += 4
                if (0xD800...0xDBFF).contains(value), read + 6 <= count, raw[read] == 0x5C, raw[read + 1] == 0x75 {
                    let low = hex(at: read + 2)
                    if (0xDC00...0xDFFF).contains(low) {
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                        read += 6
                    }
                }
                // Lone surrogates are not characters: they become U+FFFD.
                let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                UTF8.encode(scalar) { unit in
                    output[written] = unit
                    written += 1
                }
                continue
            default: simple = escape
            }
            output[written] = simple
            written += 1
        }
        return written
    }

    mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= end else { throw JSONSyntaxError(offset: index, message: "\\u needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw JSONSyntaxError(offset: index, message: "\\u needs four hex digits")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if index < end, bytes[index] == 0x5D { index += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard index < end else { throw JSONSyntaxError(offset: index, message: "array never closed") }
            if bytes[index] == 0x2C { index += 1; continue }
            if bytes[index] == 0x5D { index += 1; return .array(items) }
            throw JSONSyntaxError(offset: index, message: "expected ',' or ']' in an array")
        }
    }

    mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if index < end, bytes[index] == 0x7D { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard index < end, bytes[index] == 0x22 else {
                throw JSONSyntaxError(offset: index, message: "expected a quoted key in an object")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < end, bytes[index] == 0x3A else {
                throw JSONSyntaxError(offset: index, message: "expected ':' after the key \"\(key)\"")
            }
            index += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth + 1)))
            skipWhitespace()
            guard index < end else { throw JSONSyntaxError(offset: index, message: "object never closed") }
            if bytes[index] == 0x2C { index += 1; continue }
            if bytes[index] == 0x7D { index += 1; return .object(members) }
            throw JSONSyntaxError(offset: index, message: "expected ',' or '}' in an object")
        }
    }
}
