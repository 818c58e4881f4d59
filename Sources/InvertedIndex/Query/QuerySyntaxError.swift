// The error a malformed query gives: what is wrong, what to do, and where.

/// A malformed search query, with the scalar position of the problem.
///
/// `description` shows the message, the query, and a caret under the position (East Asian wide
/// characters count as two columns, so the caret lines up on a terminal).
public struct QuerySyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and how to fix it, in one sentence.
    public var message: String
    /// Unicode scalar offset into `query` of the problem (may equal the query's length: "at the end").
    public var position: Int
    /// The query as given.
    public var query: String

    /// Makes an error; `position` is clamped to `0...query.unicodeScalars.count`.
    public init(message: String, position: Int, query: String) {
        self.message = message
        self.position = max(0, min(position, query.unicodeScalars.count))
        self.query = query
    }

    /// `message (at character N)`, then the query on one line, then a caret under the position.
    public var description: String {
        var line = ""
        var caretColumn = 0
        var index = 0
        for scalar in query.unicodeScalars {
            let shown: Unicode.Scalar = scalar.properties.isWhitespace ? " " : scalar
            line.unicodeScalars.append(shown)
            if index < position { caretColumn += QuerySyntaxError.columns(of: shown) }
            index += 1
        }
        let caret = String(repeating: " ", count: caretColumn) + "^"
        return "\(message) (at character \(position + 1))\n  \(line)\n  \(caret)"
    }

    /// Terminal columns a scalar takes: 2 for East Asian wide/full-width, 0 for combining marks, else 1.
    static func columns(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let wide: Bool =
            (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x20000...0x3FFFD).contains(v)
        return wide ? 2 : 1
    }
}
