import ChineseText
import Foundation

/// One region reading of one region candidate, with everything about it that does not depend on
/// which regions the article establishes (worked out once, not once per resolution round).
private struct RegionReading {
    var region: Int32
    /// The region's parent, or -1.
    var parent: Int32
    var level: RegionLevel
    var full: Bool
    /// The candidate's surroundings rule this reading out.
    var blocked: Bool
    /// The surface is a collision short name (`Lexicon.collisionShortNames`).
    var collision: Bool
    /// The support from the text around the candidate alone.
    var baseSupport: Int8
    /// The support the parent named anywhere in the article gives (0: none).
    var parentSupport: Int8
    /// The list neighbours that support it once established: `neighbourRegions[neighbourStart..<neighbourEnd]`.
    var neighbourStart: Int32
    var neighbourEnd: Int32
}

/// A small set of region indices as a sorted array (an article establishes a few dozen at most).
private struct RegionSet: Equatable {
    var members: [Int32] = []

    /// Sorts and removes duplicates after appends.
    mutating func normalize() {
        guard members.count > 1 else { return }
        members.sort()
        var write = 1
        for read in 1..<members.count where members[read] != members[write - 1] {
            members[write] = members[read]
            write += 1
        }
        members.removeLast(members.count - write)
    }

    /// True when `region` is a member (binary search).
    func contains(_ region: Int32) -> Bool {
        var low = 0
        var high = members.count
        while low < high {
            let middle = (low + high) / 2
            let value = members[middle]
            if value == region { return true }
            if value < region { low = middle + 1 } else { high = middle }
        }
        return false
    }
}

/// Region mentions: blocks, context support, shared names and overlaps.
extension ArticleScan {
    // MARK: Regions

    /// Resolves region candidates into mentions: blocks, context support, shared names, overlaps.
    func resolveRegions() -> [RegionMention] {
        let count = regionCandidates.count
        if count == 0 { return [] }
        // Candidates by (field, end), for "which candidates end here"; by (field, start) is the array's own order.
        let candidates = regionCandidates
        let endOrder = (0..<count).sorted {
            let lhs = candidates[$0], rhs = candidates[$1]
            return lhs.field != rhs.field ? lhs.field < rhs.field : lhs.end < rhs.end
        }
        // The readings of each candidate, and what the text around it says about each.
        var readings: [RegionReading] = []
        readings.reserveCapacity(count * 2)
        var readingStart: [Int32] = []
        readingStart.reserveCapacity(count + 1)
        var neighbourRegions: [Int32] = []
        for candidate in regionCandidates {
            readingStart.append(Int32(readings.count))
            let first = readings.count
            for sense in gazetteer.senses(of: candidate.pattern) {
                guard sense.kind == .regionFull || sense.kind == .regionShort || sense.kind == .regionHistorical else { continue }
                readings.append(RegionReading(region: sense.index, parent: gazetteer.parentIndex[Int(sense.index)],
                                              level: gazetteer.levels[Int(sense.index)], full: isFullName(sense, pattern: candidate.pattern),
                                              blocked: false, collision: rules.pattern(candidate.pattern, has: PatternFlag.collision),
                                              baseSupport: 0, parentSupport: 0, neighbourStart: 0, neighbourEnd: 0))
            }
            markBlocked(candidate, &readings[first...])
            let single = readings.count - first == 1
            for position in first..<readings.count {
                var reading = readings[position]
                if reading.blocked { continue }
                reading.baseSupport = Int8(baseSupport(reading, single: single, candidate: candidate, endOrder: endOrder))
                if reading.parent >= 0 {
                    let parentLevel = gazetteer.levels[Int(reading.parent)]
                    if reading.level == .city || parentLevel == .city || !reading.full {
                        reading.parentSupport = reading.full ? 2 : 1
                    }
                }
                if !reading.full {
                    reading.neighbourStart = Int32(neighbourRegions.count)
                    listNeighbours(of: reading, candidate: candidate, endOrder: endOrder, into: &neighbourRegions)
                    reading.neighbourEnd = Int32(neighbourRegions.count)
                }
                readings[position] = reading
            }
        }
        readingStart.append(Int32(readings.count))

        var established = RegionSet()
        var establishedFull = RegionSet()   // full names and strong support (>= 3)
        var establishedAncestors = RegionSet()   // regions with an established region under them
        var choice = [Int32](repeating: -1, count: count)
        var boundaryOK = [Bool?](repeating: nil, count: count)
        var isFull = [Bool](repeating: false, count: count)
        for _ in 0..<4 {
            var nextEstablished = RegionSet()
            var nextFull = RegionSet()
            for (index, candidate) in regionCandidates.enumerated() {
                choice[index] = -1
                var best: (region: Int32, support: Int, full: Bool)? = nil
                var tied = false
                for position in Int(readingStart[index])..<Int(readingStart[index + 1]) {
                    let reading = readings[position]
                    if reading.blocked { continue }
                    let region = reading.region
                    let full = reading.full
                    // The support the article's other readings give, on top of the text around the candidate.
                    var support = Int(reading.baseSupport)
                    if establishedFull.contains(region) { support = max(support, 3) }
                    // A weak reading elsewhere spreads only to names that are not also ordinary words.
                    if !reading.collision && established.contains(region) { support = max(support, 2) }
                    // A place under this one named in the article (吉林 with 丰满区 is 吉林市).
                    if establishedAncestors.contains(region) { support = max(support, 2 + reading.level.rank) }
                    // A list of places (汪清、灵寿): a neighbour across 、 established at the same level in the same province.
                    if support < 2 {
                        for neighbour in neighbourRegions[Int(reading.neighbourStart)..<Int(reading.neighbourEnd)]
                        where established.contains(neighbour) {
                            support = 2
                            break
                        }
                    }
                    // The parent named anywhere in the article: the province for a city, the city for a county.
                    if reading.parentSupport > 0 && established.contains(reading.parent) {
                        support = max(support, Int(reading.parentSupport))
                    }
                    guard accepted(full: full, support: support, candidate: candidate, collision: reading.collision) else { continue }
                    // A weakly supported short name right after an ideograph must stand as a word
                    // (达州 in 佛罗里达州, 喀什 in 马拉喀什 do not).
                    // So must a province's short name that starts with 河, 湖, 江, 山 or 海 after an ideograph
                    // (海南 in 地中海南部, 河南 in 黄河南岸, 山东 in 太行山东麓).
                    // So must a three-character full name (海城市 in 沿海城市, 红海城市).
                    let level = reading.level
                    let provinceCheck = !full && level == .province
                        && rules.waterAndMountainScalars.contains(fields[candidate.field].at(candidate.start))
                    if provinceCheck || ((!full || candidate.length <= 3) && support < 3 && level != .province) {
                        if boundaryOK[index] == nil {
                            let field = fields[candidate.field]
                            let before = field.at(candidate.start - 1)
                            // After a preposition or conjunction (在原阳县) ICU may glue the two: then
                            // only a full name's end must be a boundary.
                            let requireStart = !(full && rules.functionCharacters.contains(before))
                            boundaryOK[index] = !(before >= 0x4E00 && before <= 0x9FFF)
                                || (breaker.hasBoundaries(field.folded, start: candidate.start,
                                                          end: candidate.end, requireStart: requireStart) ?? true)
                        }
                        if boundaryOK[index] == false { continue }
                    }
                    let option = (region: region, support: support, full: full)
                    guard let current = best else { best = option; tied = false; continue }
                    if option.support > current.support {
                        best = option; tied = false
                    } else if option.support == current.support {
                        let lhs = gazetteer.levels[Int(option.region)].rank
                        let rhs = gazetteer.levels[Int(current.region)].rank
                        if lhs < rhs {
                            best = option; tied = false
                        } else if lhs == rhs {
                            let lp = gazetteer.prominenceRank[Int(option.region)]
                            let rp = gazetteer.prominenceRank[Int(current.region)]
                            if lp > rp { best = option; tied = false } else if lp == rp { tied = true }
                        }
                    }
                }
                if let best, !tied {
                    choice[index] = best.region
                    isFull[index] = best.full
                    nextEstablished.members.append(best.region)
                    if best.full || best.support >= 3 { nextFull.members.append(best.region) }
                }
            }
            nextEstablished.normalize()
            nextFull.normalize()
            if nextEstablished == established && nextFull == establishedFull { break }
            established = nextEstablished
            establishedFull = nextFull
            establishedAncestors = RegionSet()
            for region in established.members {
                var cursor = gazetteer.parentIndex[Int(region)]
                while cursor >= 0 {
                    establishedAncestors.members.append(cursor)
                    cursor = gazetteer.parentIndex[Int(cursor)]
                }
            }
            establishedAncestors.normalize()
        }
        // Overlaps: leftmost, then longest, among accepted candidates.
        var mentions: [RegionMention] = []
        for (index, candidate) in regionCandidates.enumerated() {
            let region = choice[index]
            guard region >= 0 else { continue }
            if let last = mentions.last, last.field == candidate.field, candidate.start < last.end { continue }
            mentions.append(RegionMention(field: candidate.field, start: candidate.start, end: candidate.end,
                                          region: Int(region), full: isFull[index]))
        }
        return mentions
    }

    /// Full names and historical names with a level suffix (平安县) stand on their own.
    fileprivate func isFullName(_ sense: NameSense, pattern: Int) -> Bool {
        switch sense.kind {
        case .regionFull: return true
        case .regionHistorical: return gazetteer.patternEndsInLevelSuffix[pattern]
        default: return false
        }
    }

    /// Calls `body` with each region candidate (index) that starts at `position` in `field`.
    @inline(__always)
    fileprivate func forEachCandidate(field: Int, startingAt position: Int, _ body: (Int) -> Void) {
        var index = firstIndex(regionCandidates, field: field, start: position)
        while index < regionCandidates.count {
            let other = regionCandidates[index]
            guard other.field == field && other.start == position else { break }
            body(index)
            index += 1
        }
    }

    /// Calls `body` with each region candidate (index) that ends at `position` in `field`.
    @inline(__always)
    fileprivate func forEachCandidate(field: Int, endingAt position: Int, endOrder: [Int], _ body: (Int) -> Void) {
        var low = 0
        var high = endOrder.count
        while low < high {
            let middle = (low + high) / 2
            let item = regionCandidates[endOrder[middle]]
            if item.field < field || (item.field == field && item.end < position) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        while low < endOrder.count {
            let other = regionCandidates[endOrder[low]]
            guard other.field == field && other.end == position else { break }
            body(endOrder[low])
            low += 1
        }
    }

    /// True when a region's full name of three or more characters starts at `position` (江夏区 after 武汉).
    fileprivate func fullNameStarts(field: Int, at position: Int) -> Bool {
        var index = firstIndex(regionCandidates, field: field, start: position)
        while index < regionCandidates.count {
            let other = regionCandidates[index]
            index += 1
            if other.field != field || other.start != position { break }
            if other.length >= 3 && gazetteer.senses(of: other.pattern).contains(where: { $0.kind == .regionFull }) { return true }
        }
        return false
    }

    /// Marks the readings of a candidate that its surroundings rule out, whatever the article says.
    fileprivate func markBlocked(_ candidate: Candidate, _ readings: inout ArraySlice<RegionReading>) {
        if readings.isEmpty { return }
        let field = fields[candidate.field]
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
        let collision = rules.pattern(candidate.pattern, has: PatternFlag.collision)
        let never = rules.pattern(candidate.pattern, has: PatternFlag.never)
        let last = gazetteer.patternLastScalar[candidate.pattern]
        let next = field.at(candidate.end)
        var byline: Bool? = nil
        for position in readings.indices {
            let level = readings[position].level
            let full = readings[position].full
            var block = false
            if let span = companySpan, legalSpan == nil {
                // Inside a gazetteer company's name a place counts only at its start and only when it
                // is unmistakable (山西汾酒 gives 山西; 平安银行 gives no 平安).
                let atStart = span.start == candidate.start
                let strong = full || level == .province || (level == .city && !collision)
                if !(atStart && strong) { block = true }
                // The company itself is a region name too (阿里 the alias): the company wins.
                if span.start == candidate.start && span.end == candidate.end && !full { block = true }
            }
            if full {
                if last == 0x5E02 /* 市 */ && next == 0x573A /* 场 */ { block = true }
                // 区域, 区块, 区间, 区别, 区分
                if last == 0x533A /* 区 */
                    && (next == 0x57DF || next == 0x5757 || next == 0x95F4 || next == 0x522B || next == 0x5206) { block = true }
            } else if level == .province {
                if rules.provinceFeatureSuffixes.contains(where: { field.has($0, at: candidate.end) }) { block = true }
            } else {
                if never { block = true }
                // 吕梁山, 山西路: but not when the suffix starts a place's full name (武汉江夏区).
                if rules.featureSuffixes.contains(where: { field.has($0, at: candidate.end) })
                    && !fullNameStarts(field: candidate.field, at: candidate.end) { block = true }
                if reduplicated { block = true }
                if !block {
                    if byline == nil { byline = followsByline(candidate) }
                    if byline == true { block = true }
                }
            }
            readings[position].blocked = block
        }
    }

    /// True when the name follows a byline word (本报记者 | 安宁): it is a person.
    fileprivate func followsByline(_ candidate: Candidate) -> Bool {
        let field = fields[candidate.field]
        var cursor = candidate.start
        var skipped = 0
        while skipped < 3, rules.bylineSeparators.contains(field.at(cursor - 1)) {
            cursor -= 1
            skipped += 1
        }
        for word in rules.byline where field.has(word, endingAt: cursor) {
            if word.count >= 2 || skipped > 0 { return true }
        }
        return false
    }

    /// How strongly the text around the candidate supports reading it as the reading's region
    /// (0 none … 5 certain), before the rest of the article is considered.
    fileprivate func baseSupport(_ reading: RegionReading, single: Bool, candidate: Candidate, endOrder: [Int]) -> Int {
        let region = Int(reading.region)
        let full = reading.full
        let level = reading.level
        let pattern = candidate.pattern
        let field = fields[candidate.field]
        var support = 0
        if full && single {
            // Two-character districts that are words (城区, 郊区, 矿区) need their parent named right before;
            // two-character counties (沙县, 歙县) stand, if they stand as words (see resolveRegions).
            // Three characters (海城市) stand only as a word, checked in resolveRegions; four or more stand.
            if rules.pattern(pattern, has: PatternFlag.wordLikeFullName) {
                support = 0
            } else if candidate.length > 3 {
                support = 3
            } else if candidate.length == 3 {
                support = 2
            } else if !gazetteer.patternEndsInDistrict[pattern] {
                support = 2
            }
        } else if !full && level == .province {
            support = 2
        }
        // A parent right before (贵州修文, 吉林汪清) or a child right after (宿迁泗阳). The parent right
        // before outranks the article-wide reading (吉林省朝阳区 is Changchun's even where 北京市朝阳区
        // is named too).
        forEachCandidate(field: candidate.field, endingAt: candidate.start, endOrder: endOrder) { other in
            for sense in gazetteer.senses(of: regionCandidates[other].pattern)
            where sense.kind != .companyName && sense.kind != .companyAlias {
                let ancestor = Int(sense.index)
                if ancestor != region && gazetteer.isAncestor(ancestor, of: region) { support = max(support, 4) }
            }
        }
        forEachCandidate(field: candidate.field, startingAt: candidate.end) { other in
            for sense in gazetteer.senses(of: regionCandidates[other].pattern)
            where sense.kind != .companyName && sense.kind != .companyAlias {
                let child = Int(sense.index)
                if child != region && gazetteer.isAncestor(region, of: child) {
                    support = max(support, 3 + level.rank)
                }
            }
        }
        if !full {
            let collision = reading.collision
            if level == .city && rules.cityLevelSuffixes.contains(where: { field.has($0, at: candidate.end) }) {
                support = max(support, 2)
            }
            // A locative frame (在日照，来自大同的): only for cities; county names are too often words.
            if level == .city && rules.locativeClosers.contains(field.at(candidate.end))
                && (rules.locativePrefixes.contains(field.at(candidate.start - 1))
                    || rules.locativeWords.contains(where: { field.has($0, endingAt: candidate.start) })) {
                support = max(support, 2)
            }
            if level == .city && rules.pattern(pattern, has: PatternFlag.prominentCity) { support = max(support, 2) }
            // A county-level place that names one place nationwide (义乌, 昆山, 晋江), standing as a word.
            if level == .county && rules.pattern(pattern, has: PatternFlag.prominentCounty) { support = max(support, 2) }
            // A prefecture city's short name that is no ordinary word stands on its own (宁德大黄鱼).
            // Not after a syllable of a transliterated foreign name (苏梅州, 马拉喀什).
            if level == .city && !collision
                && !rules.transliterationSyllables.contains(field.at(candidate.start - 1)) {
                support = max(support, 1)
            }
            let lastScalar = gazetteer.patternLastScalar[pattern]
            if candidate.length >= 3 && !rules.featureEndings.contains(lastScalar) && !collision {
                support = max(support, 2)
            }
        }
        return support
    }

    /// A list of places (汪清、灵寿): appends the regions of the readings across 、 that support this
    /// reading once established (the same level in the same province).
    fileprivate func listNeighbours(of reading: RegionReading, candidate: Candidate, endOrder: [Int],
                                    into neighbours: inout [Int32]) {
        let field = fields[candidate.field]
        let comma: UInt32 = 0x3001
        let level = reading.level
        let province = gazetteer.provinceNameID[Int(reading.region)]
        func add(_ other: Int) {
            for sense in gazetteer.senses(of: regionCandidates[other].pattern)
            where sense.kind == .regionFull || sense.kind == .regionShort {
                let neighbour = Int(sense.index)
                if gazetteer.levels[neighbour] == level && gazetteer.provinceNameID[neighbour] == province {
                    neighbours.append(sense.index)
                }
            }
        }
        if field.at(candidate.start - 1) == comma {
            forEachCandidate(field: candidate.field, endingAt: candidate.start - 1, endOrder: endOrder, add)
        }
        if field.at(candidate.end) == comma {
            forEachCandidate(field: candidate.field, startingAt: candidate.end + 1, add)
        }
    }

    /// Whether a reading with this support counts.
    fileprivate func accepted(full: Bool, support: Int, candidate: Candidate, collision: Bool) -> Bool {
        if full && rules.pattern(candidate.pattern, has: PatternFlag.wordLikeFullName) { return support >= 2 }
        if full { return support >= 1 || candidate.length > 2 }
        if support >= 2 { return true }
        return support == 1 && !collision
    }
}
