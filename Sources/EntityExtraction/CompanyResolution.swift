import ChineseText
import Foundation

/// Company mentions: gazetteer names checked against their surroundings, and names found by their legal form.
extension ArticleScan {
    // MARK: Companies

    /// True when a region name that is certainly a place (a full name, a province's short name)
    /// starts before `candidate` and runs into it (北京东路 is not 京东).
    fileprivate func startsInsidePlace(_ candidate: Candidate) -> Bool {
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
    fileprivate func latinBoundaryOK(_ candidate: Candidate) -> Bool {
        let field = fields[candidate.field]
        func isAlnum(_ value: UInt32) -> Bool {
            (value >= 0x30 && value <= 0x39) || (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A)
        }
        if isAlnum(field.at(candidate.start)) && isAlnum(field.at(candidate.start - 1)) { return false }
        if isAlnum(field.at(candidate.end - 1)) && isAlnum(field.at(candidate.end)) { return false }
        return true
    }

    /// The company a pattern names: a canonical name before an alias, a curated row before a listing.
    fileprivate func company(of pattern: Int) -> Int? {
        var best: (index: Int, score: Int)? = nil
        for sense in gazetteer.senses(of: pattern) where sense.kind == .companyName || sense.kind == .companyAlias {
            let index = Int(sense.index)
            let score = (sense.kind == .companyName ? 2 : 0) + (gazetteer.companyIsCurated[index] ? 1 : 0)
            if let current = best, current.score >= score { continue }
            best = (index, score)
        }
        return best?.index
    }

    /// Words around a listed company's short name that show it names the company (国新能源 in 全国新能源汽车 does not).
    fileprivate func hasCompanyContext(_ candidate: Candidate) -> Bool {
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
    fileprivate func standsAsWord(_ candidate: Candidate, breaker: WindowWordBreaker) -> Bool {
        let field = fields[candidate.field]
        // Longer names stand on their own, except phrase-like ones (中国电子 in 中国电子商务).
        let phraseLike = field.at(candidate.start) == 0x4E2D /* 中 */ && field.at(candidate.start + 1) == 0x56FD /* 国 */
        guard candidate.length <= 3 || phraseLike else { return true }
        if phraseLike && hasCompanyContext(candidate) { return true }
        return onWordBoundaries(candidate, breaker: breaker)
    }

    /// True when `candidate` has no ideograph beside it, or starts and ends on ICU word boundaries. After a
    /// one-character preposition or conjunction ICU may glue the two (在京 in 在京东助力下): then only the end
    /// must be a boundary.
    fileprivate func onWordBoundaries(_ candidate: Candidate, breaker: WindowWordBreaker) -> Bool {
        let field = fields[candidate.field]
        let before = field.at(candidate.start - 1)
        let after = field.at(candidate.end)
        let ideographBefore = before >= 0x4E00 && before <= 0x9FFF
        let ideographAfter = after >= 0x4E00 && after <= 0x9FFF
        guard ideographBefore || ideographAfter else { return true }
        let requireStart = !Lexicon.functionCharacters.contains(before)
        return breaker.hasBoundaries(field.folded, start: candidate.start, end: candidate.end,
                                     requireStart: requireStart) ?? true
    }

    /// True when the words right after a gazetteer name give it another sense: an institution named after it
    /// (中国石油大学, 中国银行保险监督管理委员会) or, after a name that is also a phrase (中国医药, 中国银行), the
    /// industry it names (中国医药工业百强, 中国银行业).
    fileprivate func hasOtherSense(_ candidate: Candidate, surface: String) -> Bool {
        let field = fields[candidate.field]
        if rules.institutionSuffixes.contains(where: { field.has($0, at: candidate.end) }) { return true }
        if surface.hasPrefix("中国") || surface.hasPrefix("国家") {
            // A body whose name starts with a phrase-like company name: 中国建筑 in 中国建筑材料联合会.
            var offset = candidate.end
            while offset < candidate.end + 4, isNameScalar(field.at(offset)) {
                offset += 1
                if rules.associationEndings.contains(where: { field.has($0, at: offset) }) { return true }
            }
            if rules.industrySuffixes.contains(where: { field.has($0, at: candidate.end) }) { return true }
            // 银行业, 医药业: but 业务 and 业绩 are the company's own.
            if field.at(candidate.end) == 0x4E1A /* 业 */ {
                let next = field.at(candidate.end + 1)
                if next != 0x52A1 /* 务 */ && next != 0x7EE9 /* 绩 */ { return true }
            }
        }
        return false
    }

    /// True when a name names a facility or a place as often as its operator (大连港, 白云机场, 大秦铁路,
    /// 深圳机场, 上海临港, 苏州高新): it needs company context like an ordinary word.
    fileprivate func namesAFacility(_ surface: [UInt32]) -> Bool {
        if rules.facilityEndings.contains(where: { $0.count < surface.count && surface.ends(with: $0) }) { return true }
        return false
    }

    /// True when a listed company's exchange short name is distinctive enough to count without a context
    /// word (宁德时代, 长安汽车, 中国一重): four characters or more, not a facility, not a place followed by an
    /// industry (深圳能源, 西藏旅游), standing as a word where it is (not 国新能源 in 全国新能源).
    fileprivate func isDistinctiveListedName(_ candidate: Candidate, breaker: WindowWordBreaker) -> Bool {
        guard candidate.length >= 4 else { return false }
        let field = fields[candidate.field]
        let surface = Array(field.folded[candidate.start..<candidate.end])
        if namesAFacility(surface) { return false }
        // Industry words only make a phrase (航天科技 in 航天科技成果, 航天信息技术).
        guard isName(text: field, start: candidate.start, suffixStart: candidate.end) else { return false }
        // A natural feature (兰州黄河 in 兰州黄河大桥) or a title in 《》 (a programme called 日出东方).
        if let last = surface.last, Lexicon.featureEndings.contains(last) { return false }
        if field.at(candidate.start - 1) == 0x300A && field.at(candidate.end) == 0x300B { return false }
        // A region name at the start and an industry word after it (深圳能源, 杭州高新).
        var index = firstIndex(regionCandidates, field: candidate.field, start: candidate.start)
        while index < regionCandidates.count {
            let region = regionCandidates[index]
            index += 1
            if region.field != candidate.field || region.start != candidate.start { break }
            let rest = Array(field.folded[region.end..<candidate.end])
            if rules.regionalIndustries.contains(rest) { return false }
        }
        return onWordBoundaries(candidate, breaker: breaker)
    }

    mutating func resolveCompanies() {
        var spans: [CompanyMention] = []
        // A name that is also an ordinary word (联通, 阿里, 伊利, 高通), a facility (大连港) or a listed company's
        // short name that is not distinctive counts only with company context, or when a longer name of the same
        // company is in the article.
        var confirmedBy: [Int: Set<Int>] = [:]   // company → patterns that named it unmistakably
        var pending: [(Candidate, Int, Bool)] = []
        let breaker = self.breaker
        for candidate in companyCandidates where latinBoundaryOK(candidate) && !startsInsidePlace(candidate) {
            guard let index = company(of: candidate.pattern) else { continue }
            guard standsAsWord(candidate, breaker: breaker) else { continue }
            let surface = gazetteer.patterns[candidate.pattern]
            if hasOtherSense(candidate, surface: surface) { continue }
            let ambiguous: Bool
            let curated = gazetteer.companyIsCurated[index]
            if curated {
                ambiguous = rules.pattern(candidate.pattern, has: PatternFlag.ambiguousCompany)
                    || namesAFacility(Array(fields[candidate.field].folded[candidate.start..<candidate.end]))
            } else {
                ambiguous = !isDistinctiveListedName(candidate, breaker: breaker)
            }
            let certain = !ambiguous || (candidate.length >= 6 && curated) || hasCompanyContext(candidate)
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
            spans += legalFormCompanies(field: index, text: field, gazetteerSpans: spans, breaker: breaker)
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
    fileprivate func legalFormCompanies(field: Int, text: FieldText, gazetteerSpans: [CompanyMention],
                                        breaker: WindowWordBreaker) -> [CompanyMention] {
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
            if form == group {
                // 二十国集团, 犯罪集团, 部队集团: groups that are not enterprises; 集团军 is an army, 专业集团党 a party.
                if rules.groupBlockers.contains(where: { text.has($0, endingAt: suffixStart) }) { continue }
                if rules.groupBlockersAfter.contains(where: { text.has($0, at: end) }) { continue }
            }
            guard var start = companyNameStart(field: field, text: text, suffixStart: suffixStart, breaker: breaker)
            else { continue }
            // A co-operative is named by its place (沧县鑫翰合作社); without one it is a common noun (村里合作社).
            if form == rules.cooperative && !startsWithRegion(field: field, at: start) { continue }
            let inGazetteer = gazetteerSpans.contains {
                $0.field == field && $0.start <= start && $0.end >= end
            }
            if inGazetteer { continue }
            // A gazetteer name plus a legal form (腾讯集团) is that company. Words before the gazetteer name
            // (a country, a verb, a description: 德国宝马集团, 视频连线国家能源集团) are not part of it.
            // So is a gazetteer name followed by one filler word of registered names (中国诚通投资集团有限公司,
            // 华为技术有限公司); a business after it makes a subsidiary of its own (联通数据智能有限公司).
            if let known = gazetteerSpans.last(where: {
                $0.field == field && $0.start >= start && $0.start < suffixStart
                    && ($0.end == suffixStart || $0.end == end
                        || ($0.start == start && $0.end < suffixStart
                            && rules.legalNameFillers.contains(text.substring($0.end, suffixStart))))
            }) {
                if known.end == end { continue }
                found.append(CompanyMention(field: field, start: known.start, end: end, name: known.name, fromGazetteer: true))
                continue
            }
            // A foreign country before the name (美国彭博集团, 泰国正大集团) is not part of it. A country and
            // industry words only make a description (美国资产管理集团), not a name.
            if let country = rules.countries.first(where: { text.has($0, at: start) }) {
                guard isName(text: text, start: start + country.count, suffixStart: suffixStart) else { continue }
                start += country.count
            }
            // Media groups are not companies (ENTITIES.md): 巴西盒子媒体集团, 中央新影集团. A registered
            // 有限公司 is an enterprise whatever its trade (澳门有线电视股份有限公司).
            if form == rules.group, rules.mediaWords.contains(where: { word in
                (start..<suffixStart).contains { text.has(word, at: $0) && $0 + word.count <= suffixStart }
            }) { continue }
            let name = text.substring(start, end)
            found.append(CompanyMention(field: field, start: start, end: end, name: name, fromGazetteer: false))
        }
        return found
    }

    /// True when a region name (a full name, or a province's or city's short name) starts at `index`.
    fileprivate func startsWithRegion(field: Int, at index: Int) -> Bool {
        regionAt(field: field, start: index, limit: Int.max) != nil
    }

    /// The end of the longest region name starting at `start` and ending by `limit`: a full name of any level,
    /// or the short name of a province or a city that is no ordinary word (any city's, `inChain`: followed by
    /// another place, 长治 in 山西长治山西通洲 is the city).
    fileprivate func regionAt(field: Int, start: Int, limit: Int, inChain: Bool = false) -> Int? {
        var index = firstIndex(regionCandidates, field: field, start: start)
        var best: Int? = nil
        while index < regionCandidates.count {
            let region = regionCandidates[index]
            index += 1
            if region.field != field || region.start != start { break }
            guard region.end <= limit else { continue }
            let surface = gazetteer.patterns[region.pattern]
            for sense in gazetteer.senses(of: region.pattern) {
                let level = sense.kind == .regionFull || sense.kind == .regionShort
                    ? gazetteer.regions[Int(sense.index)].level : nil
                let strong = sense.kind == .regionFull && !rules.wordLikeFullNames.contains(surface)
                    || (sense.kind == .regionShort && level == .province)
                    || (sense.kind == .regionShort && level == .city && (inChain || !rules.collision.contains(surface)))
                if strong { best = max(best ?? 0, region.end) }
            }
        }
        return best
    }

    /// True when the scalars `start..<suffixStart` make a company name: two or more characters that are not
    /// generic words, no digits, no ordinal or superlative description (第二大, 最大).
    fileprivate func isName(text: FieldText, start: Int, suffixStart: Int) -> Bool {
        guard suffixStart - start >= 2 else { return false }
        guard strippedOfGenericWords(text.scalars[start..<suffixStart]).count >= 2 else { return false }
        // Digits make a count, not a name (英国48家集团).
        if text.folded[start..<suffixStart].contains(where: { $0 >= 0x30 && $0 <= 0x39 }) { return false }
        if text.folded[start..<suffixStart].contains(where: { rules.descriptionScalars.contains($0) }) { return false }
        let words = text.substring(start, suffixStart)
        if Lexicon.descriptionWords.contains(where: { words.contains($0) }) { return false }
        // A count of groups (国内六大汽车集团, 三大集团) is a description too.
        for index in start..<(suffixStart - 1) where text.folded[index + 1] == 0x5927 /* 大 */
            && Lexicon.chineseNumeralScalars.contains(text.folded[index]) {
            return false
        }
        return true
    }

    /// True when a gazetteer company name (confirmed or not) runs across `from..<to` and beyond it.
    fileprivate func insideCompanyName(field: Int, from: Int, to: Int) -> Bool {
        var index = firstIndex(companyCandidates, field: field, start: to - gazetteer.longestName)
        while index < companyCandidates.count {
            let candidate = companyCandidates[index]
            index += 1
            if candidate.field != field || candidate.start >= to { break }
            if candidate.start <= from && candidate.end >= to && candidate.length > to - from { return true }
        }
        return false
    }

    /// `text` without its generic words of two or more characters (科技, 投资); one-character ones (新, 大, 中)
    /// are removed only when nothing else is left, so 中农集团 keeps its name and 新集团 has none.
    fileprivate func strippedOfGenericWords(_ text: ArraySlice<UInt32>) -> [UInt32] {
        var rest = Array(text)
        var kept: [UInt32] = []
        // Longest words first, each removed wherever it occurs, left to right (as String's replacing would).
        for word in rules.genericScalars where word.count >= 2 && word.count <= rest.count {
            kept.removeAll(keepingCapacity: true)
            var i = 0
            while i < rest.count {
                if i + word.count <= rest.count && rest[i..<(i + word.count)].elementsEqual(word) {
                    i += word.count
                } else {
                    kept.append(rest[i])
                    i += 1
                }
            }
            if kept.count != rest.count { swap(&rest, &kept) }
        }
        if rest.allSatisfy({ value in rules.genericScalars.contains { $0.count == 1 && $0[0] == value } }) { return [] }
        return rest
    }

    /// Where a company name before a legal form begins, or nil when the words before it make no name.
    fileprivate func companyNameStart(field: Int, text: FieldText, suffixStart: Int, breaker: WindowWordBreaker) -> Int? {
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
            // A dash between two parts of a name (中国—东盟信息港股份有限公司).
            let isDash = value == 0x2014 || value == 0x2013 || value == 0x2D
            if isDash && !(isNameScalar(text.at(windowStart - 2)) && isNameScalar(text.at(windowStart))) { break }
            if !isDash && !isNameScalar(value) { break }
            windowStart -= 1
        }
        if openParen { return nil }
        // The last stop word in the window ends the text before the name. It must stand as a word there:
        // 有 in 澳门有线电视 and 安 in 广汽埃安 are inside words.
        var start = windowStart
        var cursor = suffixStart
        search: while cursor > windowStart {
            for stop in rules.companyStops where cursor - stop.count >= windowStart && text.has(stop, endingAt: cursor) {
                // An industry word right before the legal form is part of the name (中国诚通投资集团, 吉利控股集团);
                // a verb there leaves no name (绥化市依托合作社).
                if cursor == suffixStart && rules.generic.contains(text.substring(cursor - stop.count, cursor)) { continue }
                // Not inside a known name (的 in 广东美的厨房电器制造有限公司).
                if insideCompanyName(field: field, from: cursor - stop.count, to: cursor) { continue }
                // It must stand as a word: 有 in 澳门有线电视 and 原 in 青海平安高原 are inside words. A longer
                // stop word need only end one (ICU may join its first character to the word before).
                let endsAWord = breaker.hasBoundaries(text.folded, start: cursor - stop.count, end: cursor,
                                                      requireStart: stop.count == 1) ?? true
                // ICU may glue a preposition to the place after it (在内蒙古 read as 在内/蒙古).
                let beforePlace = stop.count == 1 && Lexicon.functionCharacters.contains(stop[0])
                    && regionAt(field: field, start: cursor, limit: suffixStart) != nil
                if endsAWord || beforePlace || stop.count >= 3 {
                    start = cursor
                    break search
                }
            }
            cursor -= 1
        }
        // An address before a registered name (湖南长沙浏阳市华盛烟花…有限公司): the name starts at the last
        // place of a chain of two or more places.
        var chainStart = start
        var links = 0
        while let next = regionAt(field: field, start: chainStart, limit: suffixStart, inChain: true), next < suffixStart,
              regionAt(field: field, start: next, limit: suffixStart, inChain: true) != nil {
            chainStart = next
            links += 1
        }
        if links > 0 { start = chainStart }
        // A name does not start with a legal form: 集团诺曼底工厂 is the group's factory.
        if rules.legalForms.contains(where: { text.has($0, at: start) }) || text.has(rules.company, at: start) { return nil }
        guard isName(text: text, start: start, suffixStart: suffixStart) else { return nil }
        return start
    }
}

extension Array where Element == UInt32 {
    /// True when the array ends with `suffix`.
    func ends(with suffix: [UInt32]) -> Bool {
        guard suffix.count <= count else { return false }
        return self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
