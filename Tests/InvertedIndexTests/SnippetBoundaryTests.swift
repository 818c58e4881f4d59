import ChineseText
import Foundation
import Testing
@testable import InvertedIndex
import JiansuoTestSupport

/// Snippet edges fall between grapheme clusters and between words: never 进【乡村振兴】 cut from 推进, never half a flag.
@Suite struct SnippetBoundaryTests {
    /// Scalar offsets of every grapheme cluster boundary of `text` (Swift's Characters are grapheme clusters).
    static func graphemeBoundaries(_ text: String) -> Set<Int> {
        var out: Set<Int> = [0]
        var offset = 0
        for character in text {
            offset += character.unicodeScalars.count
            out.insert(offset)
        }
        return out
    }

    /// Offsets strictly inside a token of the whole text, by the segmenter the snippets use (ICU, no overlay).
    static func insideTokens(_ text: String) throws -> Set<Int> {
        let segmenter = try Segmenter(dictionary: WordDictionary())
        var out: Set<Int> = []
        for token in segmenter.segment(text) where token.end - token.start > 1 {
            for p in (token.start + 1)..<token.end { out.insert(p) }
        }
        return out
    }

    @Test func aChineseWordAtTheEdgeIsKeptWhole() {
        // No punctuation at all: only word boundaries can place the edges. ICU's words 全面|推进|乡村|振兴|战略|实施
        // repeat every 12 scalars.
        let text = String(repeating: "全面推进乡村振兴战略实施", count: 30)
        let matches = occurrences(of: "乡村振兴", in: text)
        let wordEdges: Set<Int> = [0, 2, 4, 6, 8, 10]
        for width in stride(from: 16, through: 96, by: 4) {
            for hit in [matches[3], matches[10], matches[20]] {
                let snippet = SnippetBuilder(width: width).snippet(of: text, matches: [hit])
                #expect(wordEdges.contains(snippet.start % 12), "width \(width): starts \(snippet.text.prefix(4))")
                #expect(wordEdges.contains(snippet.end % 12), "width \(width): ends \(snippet.text.suffix(4))")
                #expect(!snippet.text.hasPrefix("进"), "\(snippet.text)")
                #expect(snippet.highlights == [hit])
            }
        }
    }

    @Test func flagsCombiningMarksAndEmojiSequencesStayWhole() {
        // Each piece is one grapheme cluster of several scalars; Latin-only pieces also form one long word, so
        // the edges fall back to grapheme boundaries.
        let pieces: [(String, Int)] = [("🇨🇳", 2), ("e\u{301}", 2), ("👩\u{200D}👩\u{200D}👧", 5), ("a\u{308}\u{323}", 3)]
        for (piece, size) in pieces {
            let text = String(repeating: piece, count: 80)
            let middle = 40 * size
            let snippet = SnippetBuilder(width: 30).snippet(of: text, matches: [middle..<(middle + size)])
            #expect(snippet.start % size == 0, "\(piece.unicodeScalars.map(\.value)): \(snippet.start)..<\(snippet.end)")
            #expect(snippet.end % size == 0, "\(piece.unicodeScalars.map(\.value)): \(snippet.start)..<\(snippet.end)")
            #expect(snippet.start < middle && snippet.end > middle + size, "context on both sides")
            #expect(snippet.highlights == [middle..<(middle + size)])
        }
    }

    @Test func withoutWordDataGraphemesAndLatinWordsStillStayWhole() {
        let text = String(repeating: "🇨🇳", count: 30) + " alpha beta gamma " + String(repeating: "🇨🇳", count: 30)
        let scalars = Array(text.unicodeScalars)
        let match = 60..<65
        let snippet = SnippetBuilder(width: 20).snippet(scalars: scalars, matchesByTerm: [[match]], words: nil)
        #expect(snippet.highlights == [match])
        #expect(Self.graphemeBoundaries(text).contains(snippet.start) && Self.graphemeBoundaries(text).contains(snippet.end))
        for edge in [snippet.start, snippet.end] where edge > 0 && edge < scalars.count {
            #expect(!(scalars[edge - 1].isASCII && scalars[edge - 1] != " " && scalars[edge].isASCII && scalars[edge] != " "))
        }
    }

    /// Generated text of Chinese words, flags, combining marks, emoji sequences, Latin words, spaces and
    /// punctuation, with matches of random words: the snippet's edges are grapheme boundaries and not inside a
    /// token of the whole text, every highlight is the match's text, and there is context on both sides.
    @Test func generatedTextIsNeverCutInsideAGraphemeOrAToken() throws {
        var rng = SplitMix64(seed: 0x5417_0010)
        let words = ["推进", "乡村振兴", "战略", "发展", "经济", "企业", "市场", "改革", "创新", "农产品", "电商", "合作社",
                     "全面", "实施", "北京", "上海", "宿迁"]
        let others = ["🇨🇳", "🇯🇵", "🇫🇷🇩🇪🇮🇹", "👩\u{200D}💻", "cafe\u{301}", "nai\u{308}ve", "5G", "2023", "Apple", "x\u{20DD}"]
        let breaks = ["，", "。", " ", "、", "\n"]
        var checked = 0
        for round in 0..<150 {
            var pieces: [String] = []
            for _ in 0..<(40 + rng.below(160)) {
                switch rng.below(10) {
                case 0: pieces.append(others[rng.below(others.count)])
                case 1: pieces.append(breaks[rng.below(breaks.count)])
                default: pieces.append(words[rng.below(words.count)])
                }
            }
            let text = pieces.joined()
            let term = words[rng.below(words.count)]
            let matches = occurrences(of: term, in: text)
            let width = [20, 40, 80][rng.below(3)]
            let snippet = SnippetBuilder(width: width).snippet(of: text, matches: matches)
            let graphemes = Self.graphemeBoundaries(text)
            let inside = try Self.insideTokens(text)
            #expect(graphemes.contains(snippet.start) && graphemes.contains(snippet.end),
                    "round \(round): grapheme cut at \(snippet.start)..<\(snippet.end) in \(text)")
            #expect(!inside.contains(snippet.start), "round \(round): starts inside a word: \(snippet.text)")
            #expect(!inside.contains(snippet.end), "round \(round): ends inside a word: \(snippet.text)")
            let scalars = Array(text.unicodeScalars)
            for highlight in snippet.highlights {
                #expect(String(String.UnicodeScalarView(scalars[highlight])) == term)
            }
            // One match in the middle of a run of words: some context on both sides.
            if snippet.highlights.count == 1, let only = snippet.highlights.first, only.lowerBound >= 10,
               only.upperBound + 10 <= scalars.count, scalars[only.lowerBound - 1].properties.isIdeographic,
               scalars[only.upperBound].properties.isIdeographic {
                #expect(snippet.start < only.lowerBound && snippet.end > only.upperBound,
                        "round \(round): no context around the match: \(snippet.text)")
                checked += 1
            }
        }
        #expect(checked > 10)
    }
}
