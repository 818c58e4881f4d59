import CICU
import Foundation
@testable import NewsCorpus

/// Paths and helpers shared by the NewsCorpus tests. Everything is found from #filePath, so the tests run from any
/// folder and without /work/shared (tests over shared data skip when it is absent).
enum Fixture {
    /// The repository root: Tests/NewsCorpusTests/TestSupport.swift → three levels up.
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The bundled sample corpus.
    static let corpus = repoRoot.appendingPathComponent("Corpus")
    /// This test folder's fixtures.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    /// The shared data folder beside the repository (absent on a fresh clone).
    static let shared = repoRoot.deletingLastPathComponent().appendingPathComponent("shared")
    /// The GB18030 Sogou sample.
    static let sogouGB = shared.appendingPathComponent("data/corpus/sogou_smarty/news_tensite_xml.smarty.dat")
    /// The UTF-8 Sogou sample.
    static let sogouUTF8 = shared.appendingPathComponent("data/corpus/sogou_smarty/news_sohusite_xml.smarty.dat")

    /// The sample file whose name starts with `prefix` ("000" …).
    static func sample(_ prefix: String) throws -> URL {
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
        guard let name = names.first(where: { $0.hasPrefix(prefix) }) else {
            throw FixtureError(message: "no sample \(prefix)* in \(corpus.path)")
        }
        return corpus.appendingPathComponent(name)
    }

    /// A fresh empty temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("newscorpus-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Encodes text in a charset with ICU (substituting what the charset cannot hold).
    static func encode(_ text: String, _ charset: String) -> [UInt8] {
        let units = Array(text.utf16)
        var output = [UInt8](repeating: 0, count: units.count * 4 + 16)
        var status: Int32 = 0
        let written = units.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                cicu_encode(charset, source.baseAddress, Int32(units.count), target.baseAddress, Int32(target.count), &status)
            }
        }
        return Array(output.prefix(Int(max(0, written))))
    }

    /// Decodes bytes in a charset with ICU (what the charset really holds after a round trip).
    static func decode(_ bytes: [UInt8], _ charset: String) -> String {
        var units = [UInt16](repeating: 0, count: bytes.count + 16)
        var bad: Int32 = 0
        var first: Int32 = -1
        var status: Int32 = 0
        let written = bytes.withUnsafeBufferPointer { source in
            units.withUnsafeMutableBufferPointer { target in
                cicu_decode(charset, source.baseAddress, Int32(bytes.count), target.baseAddress, Int32(target.count),
                            &bad, &first, &status)
            }
        }
        return String(decoding: units.prefix(Int(max(0, written))), as: UTF16.self)
    }

    /// Simplified → Traditional with ICU's transliterator.
    static func traditional(_ text: String) -> String {
        var status: Int32 = 0
        guard let transliterator = cicu_translit_open("Simplified-Traditional", &status) else { return text }
        defer { cicu_translit_close(transliterator) }
        var units = Array(text.utf16)
        let length = units.count
        units.append(contentsOf: [UInt16](repeating: 0, count: length + 64))
        let capacity = units.count
        let newLength = units.withUnsafeMutableBufferPointer { buffer in
            cicu_translit_apply(transliterator, buffer.baseAddress, Int32(length), Int32(capacity), &status)
        }
        guard status <= 0 else { return text }
        return String(decoding: units.prefix(Int(newLength)), as: UTF16.self)
    }
}

/// A fixture that is missing.
struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// One article of the gold file: its title and the contexts its annotations were taken from.
struct GoldArticle: Decodable {
    struct Mention: Decodable { var context: String? }
    struct Company: Decodable { var mentions_detail: [Mention]? }
    var id: String
    var title: String
    var regions: [Mention]
    var money: [Mention]
    var companies: [Company]

    /// Every context string, with U+3000 indentation shown as the single space the cleaned text has.
    var contexts: [String] {
        let raw = regions.compactMap(\.context) + money.compactMap(\.context)
            + companies.flatMap { $0.mentions_detail ?? [] }.compactMap(\.context)
        return raw.map { TextCleaning.singleLine($0) }.filter { !$0.isEmpty }
    }

    static func load() throws -> [GoldArticle] {
        let data = try Data(contentsOf: Fixture.fixtures.appendingPathComponent("seeds.json"))
        return try JSONDecoder().decode([GoldArticle].self, from: data)
    }
}
