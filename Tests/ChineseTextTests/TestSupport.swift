import Foundation
@testable import ChineseText
import JiansuoTestSupport

/// Paths and helpers shared by the text tests.
enum TestSupport {
    /// The repository root, found from this file's path.
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The shared data folder beside the repository (may be absent).
    static let shared = repoRoot.deletingLastPathComponent().appendingPathComponent("shared")
    /// The bundled word list.
    static let wordsURL = repoRoot.appendingPathComponent("Dictionaries/words.txt")

    /// The bundled word list, loaded once.
    static let words: WordDictionary = (try? WordDictionary.load(contentsOf: wordsURL)) ?? WordDictionary()

    /// original.unicodeScalars[range] as a String.
    static func slice(_ text: String, _ range: Range<Int>) -> String {
        let scalars = Array(text.unicodeScalars)
        let lower = max(0, min(range.lowerBound, scalars.count))
        let upper = max(lower, min(range.upperBound, scalars.count))
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[lower..<upper])
        return String(view)
    }

    /// The shared seeded generator.
    typealias Random = SplitMix64
}
