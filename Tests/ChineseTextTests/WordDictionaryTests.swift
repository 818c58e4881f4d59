import Foundation
import Testing
@testable import ChineseText

@Suite struct WordDictionaryTests {
    /// Writes `bytes` to a fresh temporary file.
    func temporaryFile(_ bytes: [UInt8], name: String = "words.txt") throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("chinesetext-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    @Test func loadsTheWordListFormat() throws {
        let text = "\u{FEFF}# header: origin of this list\n京东\t10\n\n  拼多多  \r\n# comment 宿迁\n鄉村振興\t2.5\nＡＢＣ\n京东\t3\n\t\n"
        let url = try temporaryFile(Array(text.utf8))
        let dictionary = try WordDictionary.load(contentsOf: url)
        #expect(dictionary.count == 4)
        #expect(dictionary.contains("京东"))
        #expect(dictionary.contains("拼多多"))
        #expect(dictionary.contains("乡村振兴"))   // stored normalised
        #expect(dictionary.contains("鄉村振興"))
        #expect(dictionary.contains("abc"))
        #expect(!dictionary.contains("宿迁"))     // commented out
        #expect(!dictionary.contains("京"))       // a prefix is not a word
        #expect(dictionary.weight(of: "京东") == 10)
        #expect(dictionary.weight(of: "乡村振兴") == 2.5)
        #expect(dictionary.weight(of: "拼多多") == 1)
        #expect(dictionary.maxLength == 4)
        #expect(Set(dictionary.words) == ["京东", "拼多多", "乡村振兴", "abc"])
    }

    @Test func invalidUTF8NamesTheFileAndLine() throws {
        let url = try temporaryFile(Array("京东\n拼多多\n".utf8) + [0x61, 0xE4, 0xBA, 0x0A])
        #expect(throws: TextError.invalidUTF8(path: url.path, line: 3, byteOffset: 18)) {
            try WordDictionary.load(contentsOf: url)
        }
        do {
            _ = try WordDictionary.load(contentsOf: url)
        } catch {
            #expect(error.description.contains("\(url.path):3"))
        }
    }

    @Test func badWeightNamesTheFileAndLine() throws {
        let url = try temporaryFile(Array("# list\n京东\t12\n拼多多\tmany\n".utf8))
        #expect(throws: TextError.invalidWeight(path: url.path, line: 3, text: "many")) {
            try WordDictionary.load(contentsOf: url)
        }
    }

    @Test func missingFileIsATypedError() {
        let url = URL(fileURLWithPath: "/nonexistent/jiansuo/words.txt")
        #expect {
            try WordDictionary.load(contentsOf: url)
        } throws: { error in
            guard case TextError.unreadableDictionary(let path, _) = error else { return false }
            return path == url.path
        }
    }

    @Test func fingerprintDependsOnTheSetOfWordsOnly() {
        let a = WordDictionary(words: ["京东", "拼多多", "宿迁"])
        let b = WordDictionary(words: ["宿遷", "拼多多", "京东", "京东"])
        #expect(a.fingerprint == b.fingerprint)
        #expect(a.fingerprint.hasPrefix("words-v1-3-"))
        let c = a.adding(["如东县"])
        #expect(c.fingerprint != a.fingerprint)
        #expect(WordDictionary(words: ["京东", "拼多"]).fingerprint != WordDictionary(words: ["京东", "拼多多"]).fingerprint)
        // Stable across processes: a fixed value for a fixed set.
        #expect(WordDictionary(words: ["京东"]).fingerprint == WordDictionary(words: ["京東"]).fingerprint)
    }

    @Test func addingLeavesTheOriginalUnchanged() {
        let base = WordDictionary(words: ["京东"])
        let grown = base.adding(["拼多多", "京东"])
        #expect(base.count == 1 && !base.contains("拼多多"))
        #expect(grown.count == 2 && grown.contains("拼多多") && grown.contains("京东"))
    }

    @Test func emptyAndWhitespaceWordsAreSkipped() {
        let dictionary = WordDictionary(words: ["", "京东"])
        #expect(dictionary.count == 1)
        #expect(!dictionary.contains(""))
    }

    @Test func longestMatchAgreesWithBruteForce() {
        // Random words over a tiny alphabet share many prefixes; compare with a plain scan.
        var random = TestSupport.Random(seed: 5)
        let alphabet: [Unicode.Scalar] = ["京", "东", "方", "拼", "多", "a", "1"]
        for _ in 0..<40 {
            var words = Set<[Unicode.Scalar]>()
            for _ in 0..<(1 + Int(random.next() % 60)) {
                let length = 1 + Int(random.next() % 6)
                words.insert((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            }
            let dictionary = WordDictionary(words: words.map { String(String.UnicodeScalarView($0)) })
            #expect(dictionary.count == words.count)
            let text = (0..<40).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            for start in 0..<text.count {
                var expected = 0
                for end in (start + 1)...text.count where words.contains(Array(text[start..<end])) {
                    expected = end - start
                }
                #expect(dictionary.longestMatch(in: text, from: start) == expected)
            }
        }
    }

    @Test func manyWordsLoadAndMatch() throws {
        // 50k generated words through the file path (the 300k timing is in jiansuo-bench segment).
        var random = TestSupport.Random(seed: 3)
        var lines = "# generated\n"
        var sample: [String] = []
        for i in 0..<50_000 {
            var view = String.UnicodeScalarView()
            for _ in 0..<(2 + Int(random.next() % 5)) {
                if let scalar = Unicode.Scalar(0x4E00 + UInt32(random.next() % 0x5000)) { view.append(scalar) }
            }
            let word = String(view)
            if i % 1000 == 0 { sample.append(word) }
            lines += word + "\n"
        }
        let dictionary = try WordDictionary.load(contentsOf: try temporaryFile(Array(lines.utf8)))
        #expect(dictionary.count > 49_000)
        for word in sample { #expect(dictionary.contains(word)) }
        #expect(!dictionary.contains("不在词典里的一句话"))
    }
}
