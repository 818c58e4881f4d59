import Foundation
import Testing
@testable import NewsCorpus
import JiansuoTestSupport

/// Nothing crashes on any input, and the JSON parser agrees with Foundation's on random records (property tests).
@Suite struct RobustnessTests {

    @Test func randomBytesNeverCrashAnyFormat() throws {
        var random = SplitMix64(seed: 20_260_923)
        let pieces: [[UInt8]] = [
            Array("<p>".utf8), Array("</div>".utf8), Array("&#x4E2D;".utf8), Array("&amp".utf8), Array("---\n".utf8),
            Array("{\"id\":".utf8), Array("\"text\": \"".utf8), Array("[x](".utf8), Array("<doc>".utf8),
            Array("<content>".utf8), Array("中文".utf8), [0xE4, 0xB8], [0xFF], [0x00], [0x0A], [0xD6, 0xD0], [0x81, 0x30],
        ]
        let names = ["a.txt", "a.html", "a.md", "a.jsonl", "a.json", "a.dat", "a.bin"]
        for round in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...60, using: &random) {
                if Bool.random(using: &random) {
                    bytes += pieces[Int.random(in: 0..<pieces.count, using: &random)]
                } else {
                    bytes.append(UInt8.random(in: 0...255, using: &random))
                }
            }
            let result = CorpusReader().readData(Data(bytes), path: "/tmp/fuzz/\(names[round % names.count])")
            for article in result.articles {
                #expect(!article.text.contains("\n\n"))
            }
        }
    }

    @Test func jsonParserAgreesWithFoundationOnRandomStrings() throws {
        var random = SplitMix64(seed: 7)
        let alphabet: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{08}", "\u{01}", "中", "文",
                                          "😀", "\u{FFFD}", "\u{3000}", "é", "\u{10FFFF}"]
        for _ in 0..<300 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                text.append(alphabet[Int.random(in: 0..<alphabet.count, using: &random)])
            }
            let value = String(text)
            let encoded = try JSONSerialization.data(withJSONObject: ["text": value, "n": 12.5e3] as [String: Any])
            let parsed = try encoded.withUnsafeBytes { raw -> JSONValue in
                var parser = JSONParser(raw.bindMemory(to: UInt8.self))
                return try parser.parseDocument()
            }
            guard case .object(let members) = parsed else {
                Issue.record("not an object")
                continue
            }
            #expect(members.first { $0.key == "text" }?.value.scalarText == value)
        }
    }

    @Test func jsonParserRejectsWhatFoundationRejects() {
        let bad = [#"{"a": }"#, #"{"a" 1}"#, #"{"a": "x"#, #"[1, 2"#, #"{"a": tru}"#, #"{"a": 01x}"#, #"{"a": "\x"}"#,
                   "{\"a\": \"\u{01}\"}", "{\"a\": \"0123456789中文abcdef\u{1F}ghij\"}", #"{"a": 1} extra"#, ""]
        for text in bad {
            let bytes = Array(text.utf8)
            let failed = bytes.withUnsafeBufferPointer { buffer -> Bool in
                var parser = JSONParser(buffer)
                do throws(JSONSyntaxError) { _ = try parser.parseDocument(); return false } catch { return error.offset <= bytes.count }
            }
            #expect(failed, "accepted \(text)")
        }
    }
}
