/// What a token is made of, from ICU's word-break rule status.
///
/// Why: the index and the CLI treat words, numbers and Latin runs alike but may skip punctuation.
public enum TokenKind: String, Sendable, Codable {
    /// Chinese (or other ideographic / kana) text, and dictionary words.
    case word
    /// Digits, with decimal points and separators kept (6.67, 1,234.5, 2021).
    case number
    /// Letters or alphanumeric runs (abc, 5g, pd1728_a_1).
    case latin
    /// Punctuation and symbols (whitespace is never a token).
    case punctuation
}

/// One token: its original text and its normalised form, with scalar offsets into the ORIGINAL string.
///
/// Why: search terms use `normalized`; snippets and entity offsets use `start`/`end` (Unicode
/// scalar offsets, end exclusive) so `original.unicodeScalars[start..<end] == text`.
public struct Token: Sendable, Hashable, Codable {
    /// The original text of the token.
    public var text: String
    /// The token's normalised form (NFKC, Traditional → Simplified, lower case).
    public var normalized: String
    /// What the token is made of.
    public var kind: TokenKind
    /// Scalar offset of the token's first scalar in the original string.
    public var start: Int
    /// Scalar offset just past the token's last scalar in the original string.
    public var end: Int

    /// A token with all fields given.
    public init(text: String, normalized: String, kind: TokenKind, start: Int, end: Int) {
        self.text = text
        self.normalized = normalized
        self.kind = kind
        self.start = start
        self.end = end
    }
}
