import ArgumentParser

/// Turns the words `jiansuo search` captured into query text, so `search 乡村振兴 -电商` needs no `--`.
///
/// Why: the query argument takes every argument that is not one of the command's options, dash-words
/// included (`-电商`, `-京东 date:2023`); this checks the few that are more likely mistyped options
/// than query text, and drops the `--` terminator that still works for those who write it.
struct SearchQueryWords: Sendable {
    /// The long options of `search`, without their dashes: `-json` is taken for a mistyped `--json`.
    let longOptions: Set<String>

    /// The query text: the words joined with spaces, without the first `--`.
    ///
    /// Throws a `ValidationError` for an empty query, a word starting with `--` before the terminator
    /// (an unknown option), or a word that is one dash short of an option (`-json`, `-limit`).
    func text(_ words: [String]) throws -> String {
        let terminator = words.firstIndex(of: "--")
        let beforeTerminator = terminator.map { words[..<$0] } ?? words[...]
        for word in beforeTerminator {
            if word.hasPrefix("--") {
                let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
                throw ValidationError(
                    "unknown option '\(name)': see 'jiansuo search --help' for the options "
                        + "(a query word cannot start with '--'; to search for it, quote it: '\"\(word)\"')")
            }
            if word.hasPrefix("-"), longOptions.contains(String(word.dropFirst())) {
                throw ValidationError(
                    "'\(word)' is not an option: write -\(word) for the option; to exclude the word "
                        + "\(word.dropFirst()), put it in one quoted argument with the rest of the query ('… \(word)')")
            }
        }
        var kept = words
        if let terminator { kept.remove(at: terminator) }
        let text = kept.joined(separator: " ")
        if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            throw ValidationError("give a query, e.g. 'jiansuo search 乡村振兴'")
        }
        return text
    }
}
