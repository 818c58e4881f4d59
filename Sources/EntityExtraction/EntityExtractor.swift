import ChineseText
import Foundation
import NewsCorpus

/// Finds provinces, cities, counties, companies and amounts of money in an article (ENTITIES.md).
///
/// Why a value type: it holds only the immutable gazetteer, so one extractor serves any number of threads.
/// The hot path is one automaton pass per field plus local rules around each match; ICU's word break runs
/// only on a few characters around short names that sit between ideographs.
public struct EntityExtractor: Sendable {
    /// The version of the extraction rules: change it with any change to what the rules find, so an index
    /// that stores entities knows to extract them again.
    public static let rulesVersion = "rules-2026-12-01"

    /// The names the extractor knows.
    public let gazetteer: Gazetteer
    private let money: MoneyParser
    private let rules: RuleTables

    /// Creates an extractor over `gazetteer`.
    public init(gazetteer: Gazetteer) {
        self.gazetteer = gazetteer
        self.money = MoneyParser()
        self.rules = RuleTables(gazetteer: gazetteer)
        // Build the fold tables now rather than inside the first extraction.
        _ = foldScalar(0x570B)
    }

    /// Every entity of the requested types in the article's title and text, title first, in reading order.
    public func extract(_ article: Article, types: Set<EntityType> = EntityType.all) -> [Entity] {
        extract(title: article.title, text: article.text, types: types)
    }

    /// The JSON object ENTITIES.md prints for one article.
    public func extractedArticle(_ article: Article, types: Set<EntityType> = EntityType.all) -> ExtractedArticle {
        ExtractedArticle(id: article.id, title: article.title, entities: extract(article, types: types))
    }

    /// Every entity in a title and a text (for raw text, pass an empty title).
    public func extract(title: String, text: String, types: Set<EntityType> = EntityType.all) -> [Entity] {
        let fields = [FieldText(name: "title", string: title), FieldText(name: "text", string: text)]
        var entities: [Entity] = []
        let wantLevel = (province: types.contains(.province), city: types.contains(.city), county: types.contains(.county))
        let wantRegions = wantLevel.province || wantLevel.city || wantLevel.county
        if wantRegions || types.contains(.company) {
            var scan = ArticleScan(gazetteer: gazetteer, rules: rules, fields: fields)
            scan.collectCandidates()
            scan.resolveCompanies()
            if wantRegions {
                for mention in scan.resolveRegions() {
                    switch gazetteer.levels[mention.region] {
                    case .province: if !wantLevel.province { continue }
                    case .city: if !wantLevel.city { continue }
                    case .county: if !wantLevel.county { continue }
                    }
                    let region = gazetteer.regions[mention.region]
                    entities.append(Entity(type: region.level.entityType, field: fields[mention.field].name,
                                           text: fields[mention.field].substring(mention.start, mention.end),
                                           start: mention.start, end: mention.end,
                                           code: region.code, name: region.name, path: region.path))
                }
            }
            if types.contains(.company) {
                for mention in scan.companyMentions {
                    entities.append(Entity(type: .company, field: fields[mention.field].name,
                                           text: fields[mention.field].substring(mention.start, mention.end),
                                           start: mention.start, end: mention.end, name: mention.name))
                }
            }
        }
        if types.contains(.money) {
            for (index, field) in fields.enumerated() where !field.scalars.isEmpty {
                // The values came from `String.unicodeScalars`, so they are valid scalars of the same layout.
                let found = field.scalars.withUnsafeBufferPointer { values in
                    values.withMemoryRebound(to: Unicode.Scalar.self) { money.mentions(in: $0) }
                }
                for mention in found {
                    let amount = mention.amount
                    entities.append(Entity(type: .money, field: fields[index].name, text: mention.text,
                                           start: mention.range.lowerBound, end: mention.range.upperBound,
                                           value: amount.value, currency: amount.currency,
                                           qualifier: amount.qualifier.rawValue, min: amount.min, max: amount.max))
                }
            }
        }
        entities.sort { lhs, rhs in
            let lf = lhs.field == "title" ? 0 : 1
            let rf = rhs.field == "title" ? 0 : 1
            if lf != rf { return lf < rf }
            if lhs.start != rhs.start { return lhs.start < rhs.start }
            if lhs.end != rhs.end { return lhs.end > rhs.end }
            return typeOrder(lhs.type) < typeOrder(rhs.type)
        }
        return entities
    }
}

private func typeOrder(_ type: EntityType) -> Int {
    switch type {
    case .province: return 0
    case .city: return 1
    case .county: return 2
    case .company: return 3
    case .money: return 4
    }
}

/// One field of the article: its original scalar values (for offsets and texts) and their folded
/// form (full-width → ASCII, Latin lower case, Traditional → Simplified), one to one.
struct FieldText {
    let name: String
    let string: String
    /// The original scalar values.
    let scalars: [UInt32]
    /// The folded values the automaton and the rules read.
    let folded: [UInt32]

    init(name: String, string: String) {
        self.name = name
        self.string = string
        var values: [UInt32] = []
        var folded: [UInt32] = []
        matchFold.fold(string, original: &values, folded: &folded)
        self.scalars = values
        self.folded = folded
    }

    /// The original text of scalars `start..<end`.
    func substring(_ start: Int, _ end: Int) -> String {
        let scalars = self.scalars
        return makeString(start..<end) { scalars[$0] }
    }

    /// The folded scalar at `index`, or 0 outside the field.
    @inline(__always)
    func at(_ index: Int) -> UInt32 {
        index >= 0 && index < folded.count ? folded[index] : 0
    }

    /// True when `word` (folded scalars) starts at `index`.
    func has(_ word: [UInt32], at index: Int) -> Bool {
        guard index >= 0, index + word.count <= folded.count else { return false }
        for (offset, value) in word.enumerated() where folded[index + offset] != value { return false }
        return true
    }

    /// True when `word` ends right before `index`.
    func has(_ word: [UInt32], endingAt index: Int) -> Bool {
        has(word, at: index - word.count)
    }
}

/// The lexicon's lists as folded scalar arrays, built once per extractor.
///
/// A class so that each article's `ArticleScan` shares the tables with one retain instead of copying
/// some forty array references.
final class RuleTables: Sendable {
    let collision: Set<String>
    let ambiguousCompanies: Set<String>
    let wordLikeFullNames: Set<String>
    let never: Set<String>
    let locativeWords: [[UInt32]]
    let prominent: Set<String>
    let prominentCounties: Set<String>
    let byline: [[UInt32]]
    let featureSuffixes: [[UInt32]]
    let provinceFeatureSuffixes: [[UInt32]]
    let cityLevelSuffixes: [[UInt32]]
    let legalForms: [[UInt32]]
    let companyStops: [[UInt32]]
    let generic: [String]
    let companyContextAfter: [[UInt32]]
    let companyContextBefore: [[UInt32]]
    let groupBlockers: [[UInt32]]
    let group: [UInt32]
    // Company rules added for issue 11 (CompanyResolution.swift).
    let groupBlockersAfter: [[UInt32]]
    let cooperative: [UInt32]
    let company: [UInt32]
    let countries: [[UInt32]]
    let descriptionScalars: Set<UInt32>
    let institutionSuffixes: [[UInt32]]
    let industrySuffixes: [[UInt32]]
    let facilityEndings: [[UInt32]]
    let regionalIndustries: Set<[UInt32]>
    let mediaWords: [[UInt32]]
    let legalNameFillers: Set<String>
    let associationEndings: [[UInt32]]
    /// Per gazetteer pattern: which of the lists above hold its surface (`PatternFlag` bits), so the rules'
    /// inner loops test a bit instead of hashing a string.
    let patternFlags: [UInt8]
    /// `generic` as original (unfolded) scalar values, in the same order, for removing the words from a
    /// name candidate without building Strings.
    let genericScalars: [[UInt32]]
    /// The lexicon's scalar sets as bitmaps.
    let featureEndings: ScalarSet
    let locativePrefixes: ScalarSet
    let locativeClosers: ScalarSet
    let transliterationSyllables: ScalarSet
    let functionCharacters: ScalarSet
    let waterAndMountainScalars: ScalarSet
    let bylineSeparators: ScalarSet

    init(gazetteer: Gazetteer) {
        func fold(_ list: [String]) -> [[UInt32]] { list.map { foldedScalars($0) } }
        collision = Lexicon.collisionShortNames
        ambiguousCompanies = Lexicon.ambiguousCompanyNames
        wordLikeFullNames = Lexicon.wordLikeFullNames
        never = Lexicon.neverShortNames
        locativeWords = fold(Lexicon.locativeWords)
        prominent = Lexicon.prominentCityShortNames
        prominentCounties = Lexicon.prominentCountyShortNames
        byline = fold(Lexicon.bylineWords)
        featureSuffixes = fold(Lexicon.featureSuffixes)
        provinceFeatureSuffixes = fold(Lexicon.provinceFeatureSuffixes)
        cityLevelSuffixes = fold(Lexicon.cityLevelSuffixes)
        legalForms = fold(Lexicon.legalForms)
        companyStops = fold(Lexicon.companyStopWords).sorted { $0.count > $1.count }
        generic = Lexicon.genericCompanyWords.sorted { $0.count > $1.count }
        companyContextAfter = fold(Lexicon.companyContextAfter)
        companyContextBefore = fold(Lexicon.companyContextBefore)
        groupBlockers = fold(Lexicon.groupBlockers)
        group = foldedScalars("集团")
        groupBlockersAfter = fold(Lexicon.groupBlockersAfter)
        cooperative = foldedScalars("合作社")
        company = foldedScalars("公司")
        countries = fold(Lexicon.countryNames).sorted { $0.count > $1.count }
        descriptionScalars = Set(Lexicon.descriptionCharacters.unicodeScalars.map { foldScalar($0.value) })
        institutionSuffixes = fold(Lexicon.institutionSuffixes)
        industrySuffixes = fold(Lexicon.industrySuffixes)
        facilityEndings = fold(Lexicon.facilityEndings)
        regionalIndustries = Set(fold(Lexicon.regionalIndustries))
        mediaWords = fold(Lexicon.mediaWords)
        legalNameFillers = Set(Lexicon.legalNameFillers)
        associationEndings = fold(Lexicon.associationEndings)
        genericScalars = generic.map { $0.unicodeScalars.map(\.value) }
        // One dictionary of every listed word and its flags, so each pattern is hashed once.
        var flagsOf: [String: UInt8] = [:]
        for (list, flag) in [(collision, PatternFlag.collision), (never, PatternFlag.never),
                             (wordLikeFullNames, PatternFlag.wordLikeFullName), (prominent, PatternFlag.prominentCity),
                             (prominentCounties, PatternFlag.prominentCounty), (ambiguousCompanies, PatternFlag.ambiguousCompany)] {
            for word in list { flagsOf[word, default: 0] |= flag }
        }
        patternFlags = gazetteer.patterns.map { flagsOf[$0] ?? 0 }
        featureEndings = ScalarSet(Lexicon.featureEndings)
        locativePrefixes = ScalarSet(Lexicon.locativePrefixes)
        locativeClosers = ScalarSet(Lexicon.locativeClosers)
        transliterationSyllables = ScalarSet(Lexicon.transliterationSyllables)
        functionCharacters = ScalarSet(Lexicon.functionCharacters)
        waterAndMountainScalars = ScalarSet(Lexicon.waterAndMountainScalars)
        bylineSeparators = ScalarSet(Lexicon.bylineSeparators)
    }

    /// True when pattern `pattern`'s surface is in the list of `flag` (a `PatternFlag` bit).
    @inline(__always)
    func pattern(_ pattern: Int, has flag: UInt8) -> Bool {
        patternFlags[pattern] & flag != 0
    }
}

/// Bits of `RuleTables.patternFlags`: the lexicon lists a pattern's surface is in.
enum PatternFlag {
    /// `Lexicon.collisionShortNames`.
    static let collision: UInt8 = 1
    /// `Lexicon.neverShortNames`.
    static let never: UInt8 = 2
    /// `Lexicon.wordLikeFullNames`.
    static let wordLikeFullName: UInt8 = 4
    /// `Lexicon.prominentCityShortNames`.
    static let prominentCity: UInt8 = 8
    /// `Lexicon.prominentCountyShortNames`.
    static let prominentCounty: UInt8 = 16
    /// `Lexicon.ambiguousCompanyNames`.
    static let ambiguousCompany: UInt8 = 32
}

/// A set of scalar values as a bitmap: membership is one load and a mask, with no hashing.
struct ScalarSet: Sendable {
    private let words: [UInt64]

    /// The set of `values`.
    init(_ values: Set<UInt32>) {
        var words = [UInt64](repeating: 0, count: Int((values.max() ?? 0) >> 6) + 1)
        for value in values { words[Int(value >> 6)] |= 1 << UInt64(value & 63) }
        self.words = words
    }

    /// True when `value` is in the set.
    @inline(__always)
    func contains(_ value: UInt32) -> Bool {
        let word = Int(value >> 6)
        return word < words.count && words[word] & (1 << UInt64(value & 63)) != 0
    }
}

/// A found company mention.
struct CompanyMention {
    var field: Int
    var start: Int
    var end: Int
    var name: String
    /// True for a gazetteer company, false for one recognised by its legal form.
    var fromGazetteer: Bool
}

/// A chosen region mention.
struct RegionMention {
    var field: Int
    var start: Int
    var end: Int
    var region: Int
    var full: Bool
}

/// One automaton match.
struct Candidate {
    var field: Int
    var start: Int
    var end: Int
    var pattern: Int
    var length: Int { end - start }
}

/// The state of extracting one article: candidates, then companies, then regions.
struct ArticleScan {
    let gazetteer: Gazetteer
    let rules: RuleTables
    let fields: [FieldText]
    var regionCandidates: [Candidate] = []
    var companyCandidates: [Candidate] = []
    var companyMentions: [CompanyMention] = []
    /// ICU word boundaries for the article (opened on first use), shared by the rules that need them.
    let breaker = WindowWordBreaker()

    init(gazetteer: Gazetteer, rules: RuleTables, fields: [FieldText]) {
        self.gazetteer = gazetteer
        self.rules = rules
        self.fields = fields
    }

    // MARK: Candidates

    mutating func collectCandidates() {
        for (index, field) in fields.enumerated() where !field.scalars.isEmpty {
            var regions: [Candidate] = []
            var companies: [Candidate] = []
            // Only the kinds table goes into the closure (capturing the gazetteer would copy all its tables).
            let patternKinds = gazetteer.patternKinds
            gazetteer.automaton.forEachMatch(in: field.folded) { start, end, pattern in
                let kinds = patternKinds[pattern]
                let candidate = Candidate(field: index, start: start, end: end, pattern: pattern)
                if kinds & PatternKind.region != 0 { regions.append(candidate) }
                if kinds & PatternKind.company != 0 { companies.append(candidate) }
            }
            regionCandidates += regions
            companyCandidates += companies
        }
        regionCandidates.sort { ($0.field, $0.start, -$0.length) < ($1.field, $1.start, -$1.length) }
        companyCandidates.sort { ($0.field, $0.start, -$0.length) < ($1.field, $1.start, -$1.length) }
    }
}

/// Something with a field and a start offset, sorted by (field, start) in the arrays searched.
protocol FieldSpan {
    var field: Int { get }
    var start: Int { get }
}

extension Candidate: FieldSpan {}
extension CompanyMention: FieldSpan {}

/// The first index whose (field, start) is not less than (`field`, `start`), by binary search.
func firstIndex<T: FieldSpan>(_ array: [T], field: Int, start: Int) -> Int {
    var low = 0
    var high = array.count
    while low < high {
        let middle = (low + high) / 2
        let item = array[middle]
        if item.field < field || (item.field == field && item.start < start) {
            low = middle + 1
        } else {
            high = middle
        }
    }
    return low
}

/// CJK ideographs, Latin letters and digits, and the middle dot can be part of a company name.
@inline(__always)
func isNameScalar(_ value: UInt32) -> Bool {
    if value >= 0x4E00 && value <= 0x9FFF { return true }
    if value >= 0x3400 && value <= 0x4DBF { return true }
    if value >= 0x20000 && value <= 0x2FFFF { return true }
    if (value >= 0x30 && value <= 0x39) || (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) { return true }
    return value == 0xB7 || value == 0x26 /* & */
}

/// The string of the scalar values `value(i)` for `i` in `range`, encoded straight into the string's
/// UTF-8 storage; values that are not Unicode scalars (surrogates, beyond U+10FFFF) are left out.
///
/// Why: building a `String.UnicodeScalarView` one scalar at a time costs more than the extraction
/// around it for short mentions.
@inline(__always)
func makeString(_ range: Range<Int>, _ value: (Int) -> UInt32) -> String {
    String(unsafeUninitializedCapacity: range.count * 4) { bytes in
        var count = 0
        for index in range {
            let scalar = value(index)
            if scalar < 0x80 {
                bytes[count] = UInt8(scalar)
                count += 1
            } else if scalar < 0x800 {
                bytes[count] = UInt8(0xC0 | (scalar >> 6))
                bytes[count + 1] = UInt8(0x80 | (scalar & 0x3F))
                count += 2
            } else if scalar < 0x10000 {
                if scalar >= 0xD800 && scalar < 0xE000 { continue }
                bytes[count] = UInt8(0xE0 | (scalar >> 12))
                bytes[count + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                bytes[count + 2] = UInt8(0x80 | (scalar & 0x3F))
                count += 3
            } else if scalar < 0x110000 {
                bytes[count] = UInt8(0xF0 | (scalar >> 18))
                bytes[count + 1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
                bytes[count + 2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                bytes[count + 3] = UInt8(0x80 | (scalar & 0x3F))
                count += 4
            }
        }
        return count
    }
}
