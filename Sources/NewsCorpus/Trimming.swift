/// Trimming by a small set of scalars, without Foundation.
///
/// Why: `trimmingCharacters(in: CharacterSet(charactersIn:))` bridges through NSString and builds a set on every
/// call; a front-matter line costs more than its parsing. This walks the scalars from both ends instead.
extension StringProtocol {
    /// The text without the scalars of `set` at either end.
    func trimmingScalars(_ set: String) -> String {
        let drop = set.unicodeScalars
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, drop.contains(scalars[start]) { start = scalars.index(after: start) }
        while end > start {
            let before = scalars.index(before: end)
            guard drop.contains(scalars[before]) else { break }
            end = before
        }
        return String(self[start..<end])
    }
}
