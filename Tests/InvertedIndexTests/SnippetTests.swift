import Foundation
import Testing
@testable import InvertedIndex
import JiansuoTestSupport

/// Scalar ranges of every occurrence of `needle` in `text` (shared by the snippet test files).
func occurrences(of needle: String, in text: String) -> [Range<Int>] {
    let hay = Array(text.unicodeScalars)
    let pin = Array(needle.unicodeScalars)
    guard !pin.isEmpty, pin.count <= hay.count else { return [] }
    var out: [Range<Int>] = []
    for i in 0...(hay.count - pin.count) where Array(hay[i..<(i + pin.count)]) == pin {
        out.append(i..<(i + pin.count))
    }
    return out
}

private func slice(_ text: String, _ range: Range<Int>) -> String {
    let scalars = Array(text.unicodeScalars)
    return String(String.UnicodeScalarView(scalars[range]))
}

/// Checks what every snippet must satisfy, whatever the text: exact offsets, highlights, no match cut.
private func checkInvariants(_ snippet: Snippet, text: String, matches: [Range<Int>], sourceLocation: SourceLocation = #_sourceLocation) {
    let n = text.unicodeScalars.count
    #expect(0 <= snippet.start && snippet.start <= snippet.end && snippet.end <= n, sourceLocation: sourceLocation)
    guard 0 <= snippet.start && snippet.start <= snippet.end && snippet.end <= n else { return }
    #expect(slice(text, snippet.start..<snippet.end) == snippet.text, sourceLocation: sourceLocation)
    // Merged matches ("clusters") are never cut by the window's edges.
    let valid = matches.compactMap { SnippetBuilder.clip($0, n) }.sorted { $0.lowerBound < $1.lowerBound }
    var clusters: [Range<Int>] = []
    for m in valid {
        if let last = clusters.last, m.lowerBound < last.upperBound {
            clusters[clusters.count - 1] = last.lowerBound..<max(last.upperBound, m.upperBound)
        } else {
            clusters.append(m)
        }
    }
    for c in clusters {
        let cutAtStart = c.lowerBound < snippet.start && snippet.start < c.upperBound
        let cutAtEnd = c.lowerBound < snippet.end && snippet.end < c.upperBound
        #expect(!cutAtStart && !cutAtEnd, "match \(c) cut by \(snippet.start)..<\(snippet.end)", sourceLocation: sourceLocation)
    }
    // Highlights are exactly the clusters inside the window.
    let expected = clusters.filter { $0.lowerBound >= snippet.start && $0.upperBound <= snippet.end }
    #expect(snippet.highlights == expected, sourceLocation: sourceLocation)
}

@Suite struct SnippetTests {
    let builder = SnippetBuilder(width: 80)

    @Test func shortTextIsShownWhole() {
        let text = "京东助农，蟹农增收。"
        let snippet = builder.snippet(of: text, matches: [2..<4])
        #expect(snippet == Snippet(text: text, start: 0, end: 10, highlights: [2..<4]))
    }

    @Test func emptyText() {
        let snippet = builder.snippet(of: "", matches: [0..<3])
        #expect(snippet == Snippet(text: "", start: 0, end: 0, highlights: []))
    }

    @Test func noMatchesGiveTheBeginning() {
        let text = String(repeating: "乡村振兴战略全面推进，", count: 30)
        let snippet = builder.snippet(of: text, matches: [])
        #expect(snippet.start == 0)
        #expect(snippet.highlights.isEmpty)
        #expect((60...100).contains(snippet.end), "\(snippet.end)")
        checkInvariants(snippet, text: text, matches: [])
    }

    @Test func offsetsAreScalarsEvenWithAstralCharacters() {
        // 𠀀 and 😀 are one scalar each but two UTF-16 units.
        let text = "𠀀😀𠀀 5G 网络" + String(repeating: "。", count: 5)
        let matches = occurrences(of: "5G", in: text)
        #expect(matches == [4..<6])
        let snippet = builder.snippet(of: text, matches: matches)
        #expect(snippet.highlights == [4..<6])
        #expect(slice(text, snippet.highlights[0]) == "5G")
    }

    @Test func windowIsAroundTheMatchAndAboutWidthLong() {
        let filler = String(repeating: "新闻报道内容", count: 40)  // no sentence breaks
        let text = filler + "助农" + filler
        let matches = occurrences(of: "助农", in: text)
        let snippet = builder.snippet(of: text, matches: matches)
        checkInvariants(snippet, text: text, matches: matches)
        #expect(snippet.highlights == [240..<242])
        #expect((76...84).contains(snippet.end - snippet.start), "\(snippet.end - snippet.start)")
        // Some context on both sides.
        #expect(snippet.start <= 240 - 10 && snippet.end >= 242 + 20)
    }

    @Test func prefersTheWindowWithMostDistinctTerms() {
        let filler = String(repeating: "各地消息", count: 30)
        // Early: 助农 three times. Later: 助农 and 乡村 together.
        let text = "助农助农助农" + filler + "乡村助农" + filler
        let matches = occurrences(of: "助农", in: text) + occurrences(of: "乡村", in: text)
        let snippet = builder.snippet(of: text, matches: matches)
        checkInvariants(snippet, text: text, matches: matches)
        #expect(snippet.start > 6)
        #expect(snippet.text.contains("乡村助农"))
    }

    @Test func thenTheWindowWithMostMatches() {
        let filler = String(repeating: "各地消息", count: 30)
        let text = "乡村助农" + filler + "乡村助农助农" + filler
        let matches = occurrences(of: "助农", in: text) + occurrences(of: "乡村", in: text)
        let snippet = builder.snippet(of: text, matches: matches)
        #expect(snippet.text.contains("乡村助农助农"))
        #expect(snippet.highlights.count == 3)
    }

    @Test func thenTheEarliestWindow() {
        let filler = String(repeating: "各地消息", count: 30)
        let text = filler + "乡村助农" + filler + "乡村助农" + filler
        let matches = occurrences(of: "助农", in: text) + occurrences(of: "乡村", in: text)
        let snippet = builder.snippet(of: text, matches: matches)
        #expect(snippet.highlights == [120..<122, 122..<124])
    }

    @Test func distinctnessCanComeFromTheCaller() {
        // The same text matched by two query terms counts as two distinct terms only when grouped so.
        let filler = String(repeating: "各地消息", count: 30)
        let text = "蟹蟹" + filler + "蟹农" + filler
        let crab = occurrences(of: "蟹", in: text)
        let farmer = occurrences(of: "农", in: text)
        let snippet = builder.snippet(of: text, matchesByTerm: [crab, farmer])
        #expect(snippet.text.contains("蟹农"))
        #expect(snippet.start > 2)
    }

    @Test func startsAfterASentenceBreakWhenOneIsClose() {
        let text = String(repeating: "前文", count: 50) + "。今年以来京东助农项目帮助蟹农增收，" + String(repeating: "后文", count: 50)
        let matches = occurrences(of: "助农", in: text)
        let snippet = builder.snippet(of: text, matches: matches)
        checkInvariants(snippet, text: text, matches: matches)
        #expect(snippet.text.hasPrefix("今年以来"), "\(snippet.text)")
    }

    @Test func startsAfterAParagraphBreakAndSkipsIndentation() {
        let text = String(repeating: "前文", count: 50) + "\n\u{3000}\u{3000}今年以来京东助农项目" + String(repeating: "后文", count: 50)
        let matches = occurrences(of: "助农", in: text)
        let snippet = builder.snippet(of: text, matches: matches)
        #expect(snippet.text.hasPrefix("今年以来"), "\(snippet.text)")
    }

    @Test func endsAtASentenceEndWhenOneIsClose() {
        let text = "京东助农" + String(repeating: "好", count: 70) + "。" + String(repeating: "后文", count: 50)
        let matches = occurrences(of: "助农", in: text)
        let snippet = builder.snippet(of: text, matches: matches)
        #expect(snippet.start == 0)
        #expect(snippet.text.hasSuffix("好。"), "\(snippet.text)")
    }

    @Test func doesNotStartOrEndInsideALatinWord() {
        let words = (0..<60).map { "word\($0)" }.joined(separator: " ")
        let text = words + " 5G " + words
        let matches = occurrences(of: "5G", in: text)
        let snippet = builder.snippet(of: text, matches: matches)
        checkInvariants(snippet, text: text, matches: matches)
        let scalars = Array(text.unicodeScalars)
        #expect(snippet.start == 0 || scalars[snippet.start - 1] == " ")
        #expect(snippet.end == scalars.count || scalars[snippet.end] == " ")
    }

    @Test func aMatchOnTheWindowEdgeIsNotCut() {
        // A second, far match straddles where the width would end: the window stops before it or takes it whole.
        let text = "助农" + String(repeating: "好", count: 76) + "乡村振兴战略" + String(repeating: "坏", count: 200)
        let matches = occurrences(of: "助农", in: text) + occurrences(of: "乡村振兴战略", in: text)
        let snippet = builder.snippet(of: text, matchesByTerm: [[0..<2], [78..<84]])
        checkInvariants(snippet, text: text, matches: matches)
        #expect(snippet.start == 0)
        #expect(snippet.end == 78 || snippet.end >= 84)
    }

    @Test func aMatchLongerThanTheWidthIsShownWhole() {
        let long = String(repeating: "长", count: 120)
        let text = String(repeating: "前", count: 100) + long + String(repeating: "后", count: 100)
        let snippet = builder.snippet(of: text, matches: [100..<220])
        #expect(snippet.start <= 100 && snippet.end >= 220)
        #expect(snippet.highlights == [100..<220])
    }

    @Test func overlappingMatchesMergeIntoOneHighlight() {
        let text = "乡村振兴战略"
        let snippet = builder.snippet(of: text, matches: [0..<4, 2..<6, 5..<6])
        #expect(snippet.highlights == [0..<6])
    }

    @Test func outOfRangeMatchesAreClippedOrIgnored() {
        let text = "京东助农"
        let snippet = builder.snippet(of: text, matches: [2..<9, 7..<9, -3..<1, 3..<3])
        #expect(snippet.highlights == [0..<1, 2..<4])
    }

    @Test func singleLineTextKeepsOffsets() {
        let text = "第一段。\n第二段\r\n助农\t项目"
        let snippet = builder.snippet(of: text, matches: occurrences(of: "助农", in: text))
        #expect(snippet.singleLineText == "第一段。 第二段  助农 项目")
        #expect(snippet.singleLineText.unicodeScalars.count == snippet.text.unicodeScalars.count)
        #expect(snippet.relativeHighlights == [10..<12])
    }

    @Test func codableRoundTrip() throws {
        let snippet = Snippet(text: "助农", start: 3, end: 5, highlights: [3..<5])
        let data = try JSONEncoder().encode(snippet)
        #expect(try JSONDecoder().decode(Snippet.self, from: data) == snippet)
    }

    @Test func widthBelowOneIsClamped() {
        #expect(SnippetBuilder(width: 0).width == 1)
        let snippet = SnippetBuilder(width: 0).snippet(of: "助农蟹", matches: [2..<3])
        #expect(snippet.text == "蟹")
    }

    /// Random texts and match sets: invariants hold, and the snippet holds at least as many distinct
    /// (then total) matches as the best `width` window found by brute force.
    @Test func randomTextsAgainstABruteForceOracle() {
        var rng = SplitMix64(seed: 0x5417_0003)
        let alphabet: [Unicode.Scalar] = ["助", "农", "蟹", "乡", "村", "a", "b", "5", "G", " ", " ", "。", "，", "\n", "”", "😀", "\u{3000}"]
        for round in 0..<400 {
            let width = [1, 5, 20, 80][rng.below(4)]
            let n = rng.below(round % 4 == 0 ? 40 : 400)
            var scalars = String.UnicodeScalarView()
            for _ in 0..<n { scalars.append(alphabet[rng.below(alphabet.count)]) }
            let text = String(scalars)
            var matches: [Range<Int>] = []
            for _ in 0..<rng.below(12) {
                let length = rng.below(10) == 0 ? 1 + rng.below(120) : 1 + rng.below(5)
                let lower = rng.below(n + 4) - 2
                matches.append(lower..<(lower + length))
            }
            let builder = SnippetBuilder(width: width)
            let snippet = builder.snippet(of: text, matches: matches)
            checkInvariants(snippet, text: text, matches: matches)

            let all = Array(text.unicodeScalars)
            let valid = matches.compactMap { SnippetBuilder.clip($0, n) }
            func score(_ window: Range<Int>) -> (Int, Int) {
                let inside = valid.filter { $0.lowerBound >= window.lowerBound && $0.upperBound <= window.upperBound }
                return (Set(inside.map { Array(all[$0]) }).count, inside.count)
            }
            if n <= width {
                #expect(snippet.start == 0 && snippet.end == n)
                continue
            }
            var best = (0, 0)
            for s in 0...(n - width) {
                let candidate = score(s..<(s + width))
                if candidate > best { best = candidate }
            }
            let got = score(snippet.start..<snippet.end)
            #expect(got >= best, "round \(round): \(got) < \(best) for \(matches) in \(n) scalars")
            if valid.isEmpty { #expect(snippet.start == 0) }
            // Length: about `width`, more only to keep whole the (merged) matches at its two edges.
            var clusters: [Range<Int>] = []
            for m in valid.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                if let last = clusters.last, m.lowerBound < last.upperBound {
                    clusters[clusters.count - 1] = last.lowerBound..<max(last.upperBound, m.upperBound)
                } else {
                    clusters.append(m)
                }
            }
            let longest = clusters.map(\.count).max() ?? 0
            #expect(snippet.end - snippet.start <= width + 2 * longest, "round \(round): width \(width)")
        }
    }
}
