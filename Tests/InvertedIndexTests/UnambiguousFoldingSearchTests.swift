import Foundation
import Testing
@testable import InvertedIndex

/// Search over Simplified and Traditional documents: standard Simplified characters are not merged with
/// another character (着 does not find 显著, 干 does not find 乾隆), Traditional-only forms still fold.
@Suite struct UnambiguousFoldingSearchTests {
    static let docs = [
        IndexDocument(id: "famous", title: "著名学者", text: "这位著名学者的研究成果显著。", date: "2022-01-01"),
        IndexDocument(id: "landing", title: "返回舱着陆", text: "返回舱成功着陆，航天员状态良好。", date: "2022-01-02"),
        IndexDocument(id: "qianlong", title: "乾隆年间", text: "乾隆皇帝南巡的故事。", date: "2022-01-03"),
        IndexDocument(id: "cadre", title: "驻村干部", text: "驻村干部帮助村民晒干粮食。", date: "2022-01-04"),
        IndexDocument(id: "village", title: "乡村振兴", text: "全面推进乡村振兴战略。", date: "2022-01-05"),
        IndexDocument(id: "club", title: "俱乐部", text: "足球俱乐部签约新球员。", date: "2022-01-06"),
        IndexDocument(id: "furniture", title: "家具厂", text: "家具厂扩大生产。", date: "2022-01-07"),
    ]

    /// The documents indexed in a fresh folder (removed by the caller).
    func makeReader(_ dir: URL) throws -> IndexReader {
        try buildIndex(Self.docs, at: dir).reader()
    }

    func ids(_ reader: IndexReader, _ query: String) throws -> Set<String> {
        Set(try reader.search(query, limit: 50).hits.map(\.id))
    }

    @Test func simplifiedCharactersAreNotMerged() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reader = try makeReader(dir)
        #expect(try ids(reader, "着") == ["landing"], "着 must not find 著名 or 显著")
        #expect(try ids(reader, "著") == ["famous"])
        #expect(try ids(reader, "显著") == ["famous"])
        #expect(try ids(reader, "著名") == ["famous"])
        #expect(try ids(reader, "干") == ["cadre"], "干 must not find 乾隆")
        #expect(try ids(reader, "乾隆") == ["qianlong"])
        #expect(try ids(reader, "干部") == ["cadre"])
        #expect(try ids(reader, "具") == ["furniture"], "具 must not find 俱乐部")
        #expect(try reader.count("俱乐部") == 1)
    }

    @Test func traditionalOnlyFormsStillFind() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reader = try makeReader(dir)
        #expect(try ids(reader, "鄉村振興") == ["village"])
        #expect(try ids(reader, "\"鄉村振興戰略\"") == ["village"])
        #expect(try ids(reader, "幹部") == ["cadre"], "幹 exists only as a Traditional form")
        #expect(try ids(reader, "著名學者") == ["famous"])
    }

    @Test func everySubstringFindsItsDocument() throws {
        // Exact recall: any substring of a document, normalised like the document, finds it.
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reader = try makeReader(dir)
        for doc in Self.docs {
            let scalars = Array(doc.text.unicodeScalars)
            for length in 1...3 {
                for start in stride(from: 0, to: scalars.count - length, by: 2) {
                    let needle = String(String.UnicodeScalarView(scalars[start..<(start + length)]))
                    guard !needle.contains(where: { $0.isPunctuation }) else { continue }
                    #expect(try ids(reader, "\"\(needle)\"").contains(doc.id), "\(needle) in \(doc.id)")
                }
            }
        }
    }
}
