import ChineseText
import Foundation

/// Region mentions: blocks, context support, shared names and overlaps.
extension ArticleScan {
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
    fileprivate func isFullName(_ sense: NameSense, surface: String) -> Bool {
        switch sense.kind {
        case .regionFull: return true
        case .regionHistorical:
            guard let last = surface.unicodeScalars.last else { return false }
            return "省市县区州盟旗".unicodeScalars.contains(last)
        default: return false
        }
    }

    /// Higher for districts of province-level municipalities (朝阳区 of 北京 before 朝阳区 of 长春).
    fileprivate func prominence(_ region: Int) -> Int {
        guard let parent = gazetteer.regions[region].parent else { return 2 }
        let parentRegion = gazetteer.regions[parent]
        if parentRegion.level == .province && parentRegion.name.hasSuffix("市") { return 1 }
        return 0
    }

    /// The senses of a candidate that its surroundings rule out, whatever the article says.
    fileprivate func isBlocked(_ candidate: Candidate) -> [NameSense] {
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
    fileprivate func followsByline(_ candidate: Candidate) -> Bool {
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
    fileprivate func support(region: Int, full: Bool, single: Bool, candidate: Candidate,
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
    fileprivate func listNeighbourSupports(region: Int, candidate: Candidate, startingAt: [Int: [Int]],
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
    fileprivate func accepted(region: Int, full: Bool, support: Int, candidate: Candidate) -> Bool {
        let surface = gazetteer.patterns[candidate.pattern]
        if full && rules.wordLikeFullNames.contains(surface) { return support >= 2 }
        if full { return support >= 1 || candidate.length > 2 }
        if support >= 2 { return true }
        return support == 1 && !rules.collision.contains(surface)
    }
}
