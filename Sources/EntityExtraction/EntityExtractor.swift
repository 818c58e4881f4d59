import ChineseText
import Foundation
import NewsCorpus

/// Finds provinces, cities, counties, companies and amounts of money in an article (ENTITIES.md).
///
/// Why a value type: it holds only the immutable gazetteer, so one extractor serves any number of threads.
/// The hot path is one automaton pass per field plus local rules around each match; ICU's word break runs
/// only on a few characters around short names that sit between ideographs.
public struct EntityExtractor: Sendable {
    /// The names the extractor knows.
    public let gazetteer: Gazetteer
    private let money: MoneyParser
    private let rules: RuleTables

    /// Creates an extractor over `gazetteer`.
    public init(gazetteer: Gazetteer) {
        self.gazetteer = gazetteer
        self.money = MoneyParser()
        self.rules = RuleTables()
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
        let wantRegions = types.contains(.province) || types.contains(.city) || types.contains(.county)
        if wantRegions || types.contains(.company) {
            var scan = ArticleScan(gazetteer: gazetteer, rules: rules, fields: fields)
            scan.collectCandidates()
            scan.resolveCompanies()
            if wantRegions {
                for mention in scan.resolveRegions() where types.contains(gazetteer.regions[mention.region].level.entityType) {
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
        var view = String.UnicodeScalarView()
        for value in scalars[start..<end] {
            if let scalar = Unicode.Scalar(value) { view.append(scalar) }
        }
        return String(view)
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
struct RuleTables: Sendable {
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

    init() {
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
            let gazetteer = self.gazetteer
            gazetteer.automaton.forEachMatch(in: field.folded) { start, end, pattern in
                var hasRegion = false
                var hasCompany = false
                for sense in gazetteer.senses(of: pattern) {
                    switch sense.kind {
                    case .regionFull, .regionShort, .regionHistorical: hasRegion = true
                    case .companyName, .companyAlias: hasCompany = true
                    }
                }
                let candidate = Candidate(field: index, start: start, end: end, pattern: pattern)
                if hasRegion { regions.append(candidate) }
                if hasCompany { companies.append(candidate) }
            }
            regionCandidates += regions
            companyCandidates += companies
        }
        regionCandidates.sort { ($0.field, $0.start, -$0.length) < ($1.field, $1.start, -$1.length) }
        companyCandidates.sort { ($0.field, $0.start, -$0.length) < ($1.field, $1.start, -$1.length) }
    }

    // MARK: Companies

    /// True when a region name that is certainly a place (a full name, a province's short name)
    /// starts before `candidate` and runs into it (北京东路 is not 京东).
    private func startsInsidePlace(_ candidate: Candidate) -> Bool {
        var index = firstIndex(regionCandidates, field: candidate.field, start: candidate.start - gazetteer.longestName)
        while index < regionCandidates.count {
            let region = regionCandidates[index]
            index += 1
            if region.field != candidate.field || region.start >= candidate.start { break }
            guard region.end > candidate.start && region.end <= candidate.end else { continue }
            for sense in gazetteer.senses(of: region.pattern) {
                if sense.kind == .regionFull && region.length >= 3 { return true }
                if sense.kind == .regionShort && gazetteer.regions[Int(sense.index)].level == .province { return true }
            }
        }
        return false
    }

    /// Latin names need non-alphanumeric neighbours (JD not inside JDK).
    private func latinBoundaryOK(_ candidate: Candidate) -> Bool {
        let field = fields[candidate.field]
        func isAlnum(_ value: UInt32) -> Bool {
            (value >= 0x30 && value <= 0x39) || (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A)
        }
        if isAlnum(field.at(candidate.start)) && isAlnum(field.at(candidate.start - 1)) { return false }
        if isAlnum(field.at(candidate.end - 1)) && isAlnum(field.at(candidate.end)) { return false }
        return true
    }

    /// The company a pattern names: a canonical name before an alias, a curated row before a listing.
    private func company(of pattern: Int) -> Int? {
        var best: (index: Int, score: Int)? = nil
        for sense in gazetteer.senses(of: pattern) where sense.kind == .companyName || sense.kind == .companyAlias {
            let index = Int(sense.index)
            let score = (sense.kind == .companyName ? 2 : 0) + (gazetteer.companies[index].source == "curated" ? 1 : 0)
            if let current = best, current.score >= score { continue }
            best = (index, score)
        }
        return best?.index
    }

    /// Words around a listed company's short name that show it names the company (国新能源 in 全国新能源汽车 does not).
    private func hasCompanyContext(_ candidate: Candidate) -> Bool {
        let field = fields[candidate.field]
        let after = candidate.end
        for word in rules.companyContextAfter {
            for offset in 0...2 where field.has(word, at: after + offset) { return true }
        }
        for word in rules.companyContextBefore {
            for offset in 0...2 where field.has(word, endingAt: candidate.start - offset) { return true }
        }
        // A stock code in brackets right after the name: 京东方（000725） (the fold makes （ an ASCII parenthesis).
        if field.at(after) == 0x28 {
            var digits = 0
            while digits < 6 {
                let value = field.at(after + 1 + digits)
                guard value >= 0x30 && value <= 0x39 else { break }
                digits += 1
            }
            if digits == 6 { return true }
        }
        return false
    }

    /// A short name next to an ideograph must start and end on ICU word boundaries
    /// (好未来 in 美好未来 and 国航 in 中国航天 do not; 京东 in 京东农特产购物节 does).
    private func standsAsWord(_ candidate: Candidate, breaker: WindowWordBreaker) -> Bool {
        guard candidate.length <= 3 else { return true }
        let field = fields[candidate.field]
        let before = field.at(candidate.start - 1)
        let after = field.at(candidate.end)
        let ideographBefore = before >= 0x4E00 && before <= 0x9FFF
        let ideographAfter = after >= 0x4E00 && after <= 0x9FFF
        guard ideographBefore || ideographAfter else { return true }
        // After a one-character preposition or conjunction ICU may glue the two (在京 in 在京东助力下):
        // then only the end must be a boundary.
        let requireStart = !Lexicon.functionCharacters.contains(before)
        return breaker.hasBoundaries(field.folded, start: candidate.start, end: candidate.end,
                                     requireStart: requireStart) ?? true
    }

    mutating func resolveCompanies() {
        var spans: [CompanyMention] = []
        // A name that is also an ordinary word (联通, 阿里, 伊利, 高通) or a listed company's short name
        // counts only with company context, or when a longer name of the same company is in the article.
        var confirmedBy: [Int: Set<Int>] = [:]   // company → patterns that named it unmistakably
        var pending: [(Candidate, Int, Bool)] = []
        let breaker = WindowWordBreaker()
        for candidate in companyCandidates where latinBoundaryOK(candidate) && !startsInsidePlace(candidate) {
            guard let index = company(of: candidate.pattern) else { continue }
            guard standsAsWord(candidate, breaker: breaker) else { continue }
            let record = gazetteer.companies[index]
            let surface = gazetteer.patterns[candidate.pattern]
            let ambiguous = record.source != "curated" || rules.ambiguousCompanies.contains(surface)
            let certain = !ambiguous || candidate.length >= 6 || hasCompanyContext(candidate)
            if certain { confirmedBy[index, default: []].insert(candidate.pattern) }
            pending.append((candidate, index, certain))
        }
        for (candidate, index, certain) in pending {
            let confirmed = certain || (confirmedBy[index]?.contains { $0 != candidate.pattern } ?? false)
            guard confirmed else { continue }
            spans.append(CompanyMention(field: candidate.field, start: candidate.start, end: candidate.end,
                                        name: gazetteer.companies[index].name, fromGazetteer: true))
        }
        for (index, field) in fields.enumerated() {
            spans += legalFormCompanies(field: index, text: field, gazetteerSpans: spans)
        }
        spans.sort { ($0.field, $0.start, -($0.end - $0.start)) < ($1.field, $1.start, -($1.end - $1.start)) }
        var chosen: [CompanyMention] = []
        for span in spans {
            if let last = chosen.last, last.field == span.field, span.start < last.end { continue }
            chosen.append(span)
        }
        companyMentions = chosen
    }

    /// Companies the gazetteer lacks, found by their legal form and a name boundary searched backwards.
    private func legalFormCompanies(field: Int, text: FieldText, gazetteerSpans: [CompanyMention]) -> [CompanyMention] {
        var found: [CompanyMention] = []
        let scalars = text.folded
        var position = 0
        while position < scalars.count {
            defer { position += 1 }
            // Every legal form ends in 司, 团 or 社: test those three before anything else.
            let value = scalars[position]
            guard value == 0x53F8 || value == 0x56E2 || value == 0x793E else { continue }
            let end = position + 1
            guard let form = rules.legalForms.first(where: { text.has($0, endingAt: end) }) else { continue }
            // 集团 followed by 有限公司 / 股份有限公司: the later, longer form ends the name.
            if rules.legalForms.contains(where: { text.has($0, at: end) }) { continue }
            let group = rules.group
            var suffixStart = end - form.count
            // 集团有限公司, 集团股份有限公司: the group word belongs to the legal form.
            if form != group, text.has(group, endingAt: suffixStart) { suffixStart -= group.count }
            // 二十国集团, 犯罪集团, 利益集团: groups that are not enterprises.
            if form == group && rules.groupBlockers.contains(where: { text.has($0, endingAt: suffixStart) }) { continue }
            guard let start = companyNameStart(field: field, text: text, suffixStart: suffixStart) else { continue }
            let inGazetteer = gazetteerSpans.contains {
                $0.field == field && $0.start <= start && $0.end >= end
            }
            if inGazetteer { continue }
            // A gazetteer name plus a legal form (腾讯集团) is that company.
            if let known = gazetteerSpans.first(where: { $0.field == field && $0.start == start && $0.end == suffixStart }) {
                found.append(CompanyMention(field: field, start: start, end: end, name: known.name, fromGazetteer: true))
                continue
            }
            let name = text.substring(start, end)
            found.append(CompanyMention(field: field, start: start, end: end, name: name, fromGazetteer: false))
        }
        return found
    }

    /// Where a company name before a legal form begins, or nil when the words before it make no name.
    private func companyNameStart(field: Int, text: FieldText, suffixStart: Int) -> Int? {
        // The window: back to punctuation or at most 24 scalars.
        var windowStart = suffixStart
        var openParen = false
        while windowStart > 0 && suffixStart - windowStart < 24 {
            let value = text.at(windowStart - 1)
            if value == 0xFF09 || value == 0x29 { openParen = true; windowStart -= 1; continue }
            if value == 0xFF08 || value == 0x28 {
                if openParen { openParen = false; windowStart -= 1; continue }
                break
            }
            if !isNameScalar(value) { break }
            windowStart -= 1
        }
        if openParen { return nil }
        // The last stop word in the window ends the text before the name.
        var afterStop = windowStart
        var cursor = suffixStart
        while cursor > windowStart {
            if rules.companyStops.contains(where: { cursor - $0.count >= windowStart && text.has($0, endingAt: cursor) }) {
                afterStop = cursor
                break
            }
            cursor -= 1
        }
        // Prefer an anchor (the first place name) in the stretch after the last stop word:
        // names often start with a region (山西平顺康粱科技有限公司).
        var start = afterStop
        var index = firstIndex(regionCandidates, field: field, start: afterStop)
        while index < regionCandidates.count {
            let anchor = regionCandidates[index]
            index += 1
            if anchor.field != field || anchor.start >= suffixStart { break }
            if anchor.end <= suffixStart {
                start = anchor.start
                break
            }
        }
        guard suffixStart - start >= 2 else { return nil }
        var core = text.substring(start, suffixStart)
        for word in rules.generic { core = core.replacingOccurrences(of: word, with: "") }
        guard core.unicodeScalars.count >= 2 else { return nil }
        // Digits make a count, not a name (英国48家集团).
        if text.folded[start..<suffixStart].contains(where: { $0 >= 0x30 && $0 <= 0x39 }) { return nil }
        return start
    }

    // MARK: Regions

    /// Resolves region candidates into mentions: blocks, context support, shared names, overlaps.
    func resolveRegions() -> [RegionMention] {
        let count = regionCandidates.count
        if count == 0 { return [] }
        // Adjacency: candidates by (field, start) and (field, end).
        var startingAt: [Int: [Int]] = [:]
        var endingAt: [Int: [Int]] = [:]
        for (index, candidate) in regionCandidates.enumerated() {
            startingAt[candidate.field << 40 | candidate.start, default: []].append(index)
            endingAt[candidate.field << 40 | candidate.end, default: []].append(index)
        }
        let blocked = regionCandidates.map { isBlocked($0) }
        var established: Set<Int> = []
        var establishedFull: Set<Int> = []   // full names and strong support (>= 3)
        var choice = [Int?](repeating: nil, count: count)
        var boundaryOK = [Bool?](repeating: nil, count: count)
        let breaker = WindowWordBreaker()
        var isFull = [Bool](repeating: false, count: count)
        for _ in 0..<4 {
            var nextEstablished: Set<Int> = []
            var nextFull: Set<Int> = []
            for (index, candidate) in regionCandidates.enumerated() {
                choice[index] = nil
                let senses = gazetteer.senses(of: candidate.pattern).filter {
                    $0.kind == .regionFull || $0.kind == .regionShort || $0.kind == .regionHistorical
                }
                var best: (region: Int, support: Int, full: Bool)? = nil
                var tied = false
                var evaluated: [(region: Int, support: Int, full: Bool)] = []
                for sense in senses {
                    let region = Int(sense.index)
                    let full = isFullName(sense, surface: gazetteer.patterns[candidate.pattern])
                    if blocked[index].contains(where: { $0 == sense }) { continue }
                    let support = self.support(region: region, full: full, single: senses.count == 1,
                                               candidate: candidate, startingAt: startingAt, endingAt: endingAt,
                                               established: established, establishedFull: establishedFull)
                    guard accepted(region: region, full: full, support: support, candidate: candidate) else { continue }
                    // A weakly supported short name right after an ideograph must stand as a word
                    // (达州 in 佛罗里达州, 喀什 in 马拉喀什 do not).
                    // So must a province's short name that starts with 河, 湖, 江, 山 or 海 after an ideograph
                    // (海南 in 地中海南部, 河南 in 黄河南岸, 山东 in 太行山东麓).
                    // So must a three-character full name (海城市 in 沿海城市, 红海城市).
                    let level = gazetteer.levels[region]
                    let provinceCheck = !full && level == .province
                        && Lexicon.waterAndMountainScalars.contains(fields[candidate.field].at(candidate.start))
                    if provinceCheck || ((!full || candidate.length <= 3) && support < 3 && level != .province) {
                        if boundaryOK[index] == nil {
                            let before = fields[candidate.field].at(candidate.start - 1)
                            // After a preposition or conjunction (在原阳县) ICU may glue the two: then
                            // only a full name's end must be a boundary.
                            let requireStart = !(full && Lexicon.functionCharacters.contains(before))
                            boundaryOK[index] = !(before >= 0x4E00 && before <= 0x9FFF)
                                || (breaker.hasBoundaries(fields[candidate.field].folded, start: candidate.start,
                                                          end: candidate.end, requireStart: requireStart) ?? true)
                        }
                        if boundaryOK[index] == false { continue }
                    }
                    evaluated.append((region, support, full))
                }
                for option in evaluated {
                    guard let current = best else { best = option; tied = false; continue }
                    if option.support > current.support {
                        best = option; tied = false
                    } else if option.support == current.support {
                        let lhs = gazetteer.regions[option.region]
                        let rhs = gazetteer.regions[current.region]
                        if lhs.level.rank < rhs.level.rank {
                            best = option; tied = false
                        } else if lhs.level.rank == rhs.level.rank {
                            let lp = prominence(option.region), rp = prominence(current.region)
                            if lp > rp { best = option; tied = false } else if lp == rp { tied = true }
                        }
                    }
                }
                if let best, !tied {
                    choice[index] = best.region
                    isFull[index] = best.full
                    nextEstablished.insert(best.region)
                    if best.full || best.support >= 3 { nextFull.insert(best.region) }
                }
            }
            if nextEstablished == established && nextFull == establishedFull { break }
            established = nextEstablished
            establishedFull = nextFull
        }
        // Overlaps: leftmost, then longest, among accepted candidates.
        var mentions: [RegionMention] = []
        for (index, candidate) in regionCandidates.enumerated() {
            guard let region = choice[index] else { continue }
            if let last = mentions.last, last.field == candidate.field, candidate.start < last.end { continue }
            mentions.append(RegionMention(field: candidate.field, start: candidate.start, end: candidate.end,
                                          region: region, full: isFull[index]))
        }
        return mentions
    }

    /// Full names and historical names with a level suffix (平安县) stand on their own.
    private func isFullName(_ sense: NameSense, surface: String) -> Bool {
        switch sense.kind {
        case .regionFull: return true
        case .regionHistorical:
            guard let last = surface.unicodeScalars.last else { return false }
            return "省市县区州盟旗".unicodeScalars.contains(last)
        default: return false
        }
    }

    /// Higher for districts of province-level municipalities (朝阳区 of 北京 before 朝阳区 of 长春).
    private func prominence(_ region: Int) -> Int {
        guard let parent = gazetteer.regions[region].parent else { return 2 }
        let parentRegion = gazetteer.regions[parent]
        if parentRegion.level == .province && parentRegion.name.hasSuffix("市") { return 1 }
        return 0
    }

    /// The senses of a candidate that its surroundings rule out, whatever the article says.
    private func isBlocked(_ candidate: Candidate) -> [NameSense] {
        let field = fields[candidate.field]
        var result: [NameSense] = []
        let surface = gazetteer.patterns[candidate.pattern]
        // Company spans are sorted and never overlap: only the few starting before the candidate's end matter.
        var companySpan: CompanyMention? = nil
        var legalSpan: CompanyMention? = nil
        var index = firstIndex(companyMentions, field: candidate.field, start: candidate.end) - 1
        while index >= 0 {
            let span = companyMentions[index]
            index -= 1
            if span.field != candidate.field || span.end <= candidate.start { break }
            if span.fromGazetteer {
                if !(span.start == candidate.start && span.end == candidate.end && span.name == surface) { companySpan = span }
            } else if span.start <= candidate.start && candidate.end <= span.end {
                legalSpan = span
            }
        }
        let reduplicated = field.at(candidate.start - 1) == field.at(candidate.start)
            && field.at(candidate.end) == field.at(candidate.end - 1)
        let byline = followsByline(candidate)
        for sense in gazetteer.senses(of: candidate.pattern) {
            guard sense.kind == .regionFull || sense.kind == .regionShort || sense.kind == .regionHistorical else { continue }
            let region = gazetteer.regions[Int(sense.index)]
            let full = isFullName(sense, surface: surface)
            var block = false
            if let span = companySpan, legalSpan == nil {
                // Inside a gazetteer company's name a place counts only at its start and only when it
                // is unmistakable (山西汾酒 gives 山西; 平安银行 gives no 平安).
                let atStart = span.start == candidate.start
                let strong = full || region.level == .province
                    || (region.level == .city && !rules.collision.contains(surface))
                if !(atStart && strong) { block = true }
                // The company itself is a region name too (阿里 the alias): the company wins.
                if span.start == candidate.start && span.end == candidate.end && !full { block = true }
            }
            if full {
                let last = surface.unicodeScalars.last?.value ?? 0
                let next = field.at(candidate.end)
                if last == 0x5E02 /* 市 */ && next == 0x573A /* 场 */ { block = true }
                if last == 0x533A /* 区 */ && "域块间别分".unicodeScalars.contains(where: { $0.value == next }) { block = true }
            } else if region.level == .province {
                if rules.provinceFeatureSuffixes.contains(where: { field.has($0, at: candidate.end) }) { block = true }
            } else {
                if rules.never.contains(surface) { block = true }
                if rules.featureSuffixes.contains(where: { field.has($0, at: candidate.end) }) { block = true }
                if reduplicated || byline { block = true }
            }
            if block { result.append(sense) }
        }
        return result
    }

    /// True when the name follows a byline word (本报记者 | 安宁): it is a person.
    private func followsByline(_ candidate: Candidate) -> Bool {
        let field = fields[candidate.field]
        var cursor = candidate.start
        var skipped = 0
        while skipped < 3, Lexicon.bylineSeparators.contains(field.at(cursor - 1)) {
            cursor -= 1
            skipped += 1
        }
        for word in rules.byline where field.has(word, endingAt: cursor) {
            if word.count >= 2 || skipped > 0 { return true }
        }
        return false
    }

    /// How strongly the article supports reading this candidate as `region` (0 none … 5 certain).
    private func support(region: Int, full: Bool, single: Bool, candidate: Candidate,
                         startingAt: [Int: [Int]], endingAt: [Int: [Int]],
                         established: Set<Int>, establishedFull: Set<Int>) -> Int {
        let info = gazetteer.regions[region]
        let field = fields[candidate.field]
        let surface = gazetteer.patterns[candidate.pattern]
        var support = 0
        if full && single {
            // Two-character districts that are words (城区, 郊区, 矿区) need their parent named right before;
            // two-character counties (沙县, 歙县) stand, if they stand as words (see resolveRegions).
            // Three characters (海城市) stand only as a word, checked in resolveRegions; four or more stand.
            if rules.wordLikeFullNames.contains(surface) {
                support = 0
            } else if candidate.length > 3 {
                support = 3
            } else if candidate.length == 3 {
                support = 2
            } else if !surface.hasSuffix("区") {
                support = 2
            }
        } else if !full && info.level == .province {
            support = 2
        }
        // A parent right before (贵州修文, 吉林汪清) or a child right after (宿迁泗阳). The parent right
        // before outranks the article-wide reading (吉林省朝阳区 is Changchun's even where 北京市朝阳区
        // is named too).
        for other in endingAt[candidate.field << 40 | candidate.start] ?? [] {
            for sense in gazetteer.senses(of: regionCandidates[other].pattern)
            where sense.kind != .companyName && sense.kind != .companyAlias {
                let ancestor = Int(sense.index)
                if ancestor != region && gazetteer.isAncestor(ancestor, of: region) { support = max(support, 4) }
            }
        }
        for other in startingAt[candidate.field << 40 | candidate.end] ?? [] {
            for sense in gazetteer.senses(of: regionCandidates[other].pattern)
            where sense.kind != .companyName && sense.kind != .companyAlias {
                let child = Int(sense.index)
                if child != region && gazetteer.isAncestor(region, of: child) {
                    support = max(support, 3 + info.level.rank)
                }
            }
        }
        if establishedFull.contains(region) { support = max(support, 3) }
        // A weak reading elsewhere spreads only to names that are not also ordinary words.
        if established.contains(region) && !rules.collision.contains(surface) { support = max(support, 2) }
        // A place under this one named in the article (吉林 with 丰满区 is 吉林市).
        for other in established where other != region && gazetteer.isAncestor(region, of: other) {
            support = max(support, 2 + info.level.rank)
            break
        }
        if !full {
            if info.level == .city && rules.cityLevelSuffixes.contains(where: { field.has($0, at: candidate.end) }) {
                support = max(support, 2)
            }
            // A locative frame (在日照，来自大同的): only for cities; county names are too often words.
            if info.level == .city && Lexicon.locativeClosers.contains(field.at(candidate.end))
                && (Lexicon.locativePrefixes.contains(field.at(candidate.start - 1))
                    || rules.locativeWords.contains(where: { field.has($0, endingAt: candidate.start) })) {
                support = max(support, 2)
            }
            if info.level == .city && rules.prominent.contains(surface) { support = max(support, 2) }
            // A county-level place that names one place nationwide (义乌, 昆山, 晋江), standing as a word.
            if info.level == .county && rules.prominentCounties.contains(surface) { support = max(support, 2) }
            // A prefecture city's short name that is no ordinary word stands on its own (宁德大黄鱼).
            // Not after a syllable of a transliterated foreign name (苏梅州, 马拉喀什).
            if info.level == .city && !rules.collision.contains(surface)
                && !Lexicon.transliterationSyllables.contains(field.at(candidate.start - 1)) {
                support = max(support, 1)
            }
            let lastScalar = surface.unicodeScalars.last?.value ?? 0
            if candidate.length >= 3 && !Lexicon.featureEndings.contains(lastScalar) && !rules.collision.contains(surface) {
                support = max(support, 2)
            }
            if listNeighbourSupports(region: region, candidate: candidate, startingAt: startingAt,
                                     endingAt: endingAt, established: established) {
                support = max(support, 2)
            }
        }
        // The parent named anywhere in the article: the province for a city, the city for a county.
        if let parent = info.parent, established.contains(parent) {
            let parentLevel = gazetteer.regions[parent].level
            if info.level == .city || parentLevel == .city || !full {
                support = max(support, full ? 2 : 1)
            }
        }
        return support
    }

    /// A list of places (汪清、灵寿): a neighbour across 、 already established at the same level in the same province.
    private func listNeighbourSupports(region: Int, candidate: Candidate, startingAt: [Int: [Int]],
                                       endingAt: [Int: [Int]], established: Set<Int>) -> Bool {
        let field = fields[candidate.field]
        let info = gazetteer.regions[region]
        let comma: UInt32 = 0x3001
        var neighbours: [Int] = []
        if field.at(candidate.start - 1) == comma { neighbours += endingAt[candidate.field << 40 | (candidate.start - 1)] ?? [] }
        if field.at(candidate.end) == comma { neighbours += startingAt[candidate.field << 40 | (candidate.end + 1)] ?? [] }
        for other in neighbours {
            for sense in gazetteer.senses(of: regionCandidates[other].pattern) where established.contains(Int(sense.index)) {
                let neighbour = gazetteer.regions[Int(sense.index)]
                if (sense.kind == .regionFull || sense.kind == .regionShort) && neighbour.level == info.level
                    && neighbour.path.first == info.path.first {
                    return true
                }
            }
        }
        return false
    }

    /// Whether a sense with this support counts.
    private func accepted(region: Int, full: Bool, support: Int, candidate: Candidate) -> Bool {
        let surface = gazetteer.patterns[candidate.pattern]
        if full && rules.wordLikeFullNames.contains(surface) { return support >= 2 }
        if full { return support >= 1 || candidate.length > 2 }
        if support >= 2 { return true }
        return support == 1 && !rules.collision.contains(surface)
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
