/// What can go wrong in the text module, each case saying where and what to do.
public enum TextError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A word list could not be read at all.
    case unreadableDictionary(path: String, reason: String)
    /// A line of a word list is not valid UTF-8.
    case invalidUTF8(path: String, line: Int, byteOffset: Int)
    /// A line's weight (after the TAB) is not a number.
    case invalidWeight(path: String, line: Int, text: String)
    /// ICU refused an operation (usually missing ICU data).
    case icu(operation: String, status: String)

    /// A one-line message for people.
    public var description: String {
        switch self {
        case .unreadableDictionary(let path, let reason):
            return "\(path): cannot read the word list (\(reason)); check the path and its permissions"
        case .invalidUTF8(let path, let line, let byteOffset):
            return "\(path):\(line): not valid UTF-8 (byte \(byteOffset) of the file); save the word list as UTF-8"
        case .invalidWeight(let path, let line, let text):
            return "\(path):\(line): the weight after the TAB is not a number: '\(text)'; write 'word<TAB>number' or just 'word'"
        case .icu(let operation, let status):
            return "ICU \(operation) failed: \(status); is the system's ICU data (libicu) installed completely?"
        }
    }
}
