import Foundation
import Testing
@testable import EntityExtraction

// Issue 11's region cases: full names across word boundaries, a parent right before a shared
// name, and county-level places that name one place nationally.

@Test func aFullNameInsideAnotherWordIsNoPlace() throws {
    let extractor = try Shared.extractor()
    // 沿海城市 is 沿海 + 城市, not 海城市 (the county-level city in Liaoning).
    let coast = extractor.entities("沿海城市和红海城市都在发展，滨海城市也在发展。")
    #expect(coast.regionCodes.isEmpty)
    // With its parent right before, or standing as a word, 海城市 is the place.
    let haicheng = extractor.entities("辽宁海城市今年新建三所学校。")
    #expect(haicheng.regions(named: "海城市").map(\.code) == ["210381"])
    // After a preposition a three-character full name still counts.
    #expect(extractor.entities("在原阳县，占地5000亩的产业园开工。").regions(named: "原阳县").map(\.code) == ["410725"])
    // 古城区 the old town is no district; 丽江市古城区 is.
    #expect(extractor.entities("古城区内的街巷游人如织。").regionCodes.isEmpty)
    #expect(extractor.entities("丽江市古城区今年接待游客。").regions(named: "古城区").map(\.code) == ["530702"])
}

@Test func aParentRightBeforeASharedNameWinsOverTheArticle() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("你家在吉林省朝阳区，而我家在北京市朝阳区。")
    #expect(found.regions(named: "朝阳区").map(\.code) == ["220104", "110105"])
}

@Test func countyLevelPlacesKnownNationwideStandAlone() throws {
    let extractor = try Shared.extractor()
    #expect(extractor.entities("义乌小商品市场很繁荣。").regions(named: "义乌").map(\.code) == ["330782"])
    #expect(extractor.entities("昆山的电子产业持续增长。").regions(named: "昆山").map(\.code) == ["320583"])
    #expect(extractor.entities("晋江鞋业闻名全国。").regions(named: "晋江").map(\.code) == ["350582"])
    // Before a feature word they are part of another name (the 义乌江 river).
    #expect(extractor.entities("他们住在义乌江边的村子。").regions(named: "义乌").isEmpty)
}

@Test func nationwideCountyNamesNameOnePlace() throws {
    // Each is one county-level place (name + 市 or 县) and nothing else of that name at any level.
    let gazetteer = try Shared.extractor().gazetteer
    for name in Lexicon.prominentCountyShortNames {
        let places = gazetteer.regions.filter { ["市", "县", "区", "州", "盟", "地区"].map { name + $0 }.contains($0.name) }
        #expect(places.count == 1 && places.first?.level == .county, "\(name): \(places.map(\.name))")
        #expect(!Lexicon.collisionShortNames.contains(name), "\(name) is also an ordinary word")
    }
}

/// A feature suffix (江 of a river) that starts a place's full name does not block the name before it.
@Test func aCityBeforeADistrictWhoseNameStartsWithAFeatureCharacter() throws {
    let extractor = try Shared.extractor()
    let found = extractor.entities("在湖北武汉江夏区，大片绣球花正盛开。")
    #expect(found.regions(named: "武汉").first?.code == "420100")
    #expect(found.regions(named: "江夏区").first?.code == "420115")
    // A real feature is still blocked: 吕梁山 is a mountain.
    #expect(extractor.entities("吕梁山上的雪").regions(named: "吕梁").isEmpty)
}
