import Foundation
import Testing
@testable import EntityExtraction
import JiansuoTestSupport

/// Checks what must hold for any input: offsets in range and pointing at the entity's text,
/// region paths consistent with codes, no two regions or two companies overlapping.
func checkInvariants(_ entities: [Entity], title: String, text: String, gazetteer: Gazetteer) {
    let fields = ["title": Array(title.unicodeScalars), "text": Array(text.unicodeScalars)]
    for entity in entities {
        guard let scalars = fields[entity.field] else {
            Issue.record("unknown field \(entity.field)")
            continue
        }
        #expect(entity.start >= 0 && entity.start < entity.end && entity.end <= scalars.count, "\(entity)")
        if entity.start >= 0 && entity.start < entity.end && entity.end <= scalars.count {
            #expect(String(String.UnicodeScalarView(scalars[entity.start..<entity.end])) == entity.text)
        }
        if [.province, .city, .county].contains(entity.type) {
            let region = entity.code.flatMap { gazetteer.region(code: $0) }
            #expect(region?.name == entity.name && region?.path == entity.path && region?.level.entityType == entity.type,
                    "\(entity)")
            #expect(entity.path?.last == entity.name)
        }
    }
    for type in [EntityType.company] {
        for field in ["title", "text"] {
            let spans = entities.filter { $0.field == field && $0.type == type }.sorted { $0.start < $1.start }
            for (a, b) in zip(spans, spans.dropFirst()) { #expect(a.end <= b.start, "\(a) overlaps \(b)") }
        }
    }
    for field in ["title", "text"] {
        let spans = entities.filter { $0.field == field && [.province, .city, .county].contains($0.type) }
            .sorted { $0.start < $1.start }
        for (a, b) in zip(spans, spans.dropFirst()) { #expect(a.end <= b.start, "\(a) overlaps \(b)") }
    }
}

/// Property: random text built from names, fragments, punctuation, digits, emoji, combining marks and
/// full-width forms never crashes the extractor and always gives consistent entities.
@Test func randomTextKeepsInvariants() throws {
    let gazetteer = try Shared.gazetteer.get()
    let extractor = EntityExtractor(gazetteer: gazetteer)
    var generator = SplitMix64(seed: 4_2023)
    let pieces = ["江苏", "宿迁", "泗阳县", "平安", "青海", "吉林", "汪清", "京东", "京东方", "有限公司", "集团", "合作社",
                  "山西平顺", "康粱科技", "记者", " | ", "、", "，", "。", "在", "的", "１２３", "6.67亿元", "超400余万元",
                  "😀", "e\u{301}", "ＪＤ", "（", "）", "\n", "\u{3000}", "平平安安", "吕梁山", "日照", "鼓楼区", "朝阳",
                  "淘宝直播", "阿里巴巴集团", "二十国集团", "全国", "农民专业合作社", "\u{0}", "\u{FFFD}", "𠀀"]
    for _ in 0..<300 {
        let count = Int(generator.next() % 30)
        var text = ""
        for _ in 0..<count { text += pieces[Int(generator.next() % UInt64(pieces.count))] }
        let title = String(text.prefix(Int(generator.next() % 10)))
        checkInvariants(extractor.extract(title: title, text: text), title: title, text: text, gazetteer: gazetteer)
    }
}

/// The same invariants on real news (the first 400 records of the shared corpus), when it is present.
@Test(.enabled(if: FileManager.default.fileExists(atPath: TestPaths.newsJSONL.path)))
func realNewsKeepsInvariants() throws {
    let gazetteer = try Shared.gazetteer.get()
    let extractor = EntityExtractor(gazetteer: gazetteer)
    let handle = try FileHandle(forReadingFrom: TestPaths.newsJSONL)
    defer { try? handle.close() }
    let data = handle.readData(ofLength: 1_000_000)
    var checked = 0
    for line in data.split(separator: UInt8(ascii: "\n")).prefix(400) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
              let text = object["text"] as? String else { continue }
        let title = object["title"] as? String ?? ""
        checkInvariants(extractor.extract(title: title, text: text), title: title, text: text, gazetteer: gazetteer)
        checked += 1
    }
    #expect(checked > 100)
}

/// A long repetitive text (many overlapping names, legal forms and amounts) is handled whole.
@Test func longRepetitiveTextKeepsInvariants() throws {
    let gazetteer = try Shared.gazetteer.get()
    let extractor = EntityExtractor(gazetteer: gazetteer)
    let text = String(repeating: "北京京东集团有限公司在江苏宿迁泗阳投资超过6200亿元，青海平安高原农夫农业发展有限公司、", count: 800)
    let entities = extractor.extract(title: "", text: text)
    checkInvariants(entities, title: "", text: text, gazetteer: gazetteer)
    #expect(entities.filter { $0.type == .county }.count >= 800)
}
