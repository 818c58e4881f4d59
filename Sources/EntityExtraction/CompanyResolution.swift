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
            let score = (sense.kind == .companyName ? 2 : 0) + (gazetteer.companies[index].source == "curated" ? 1 : 0)
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
    fileprivate func legalFormCompanies(field: Int, text: FieldText, gazetteerSpans: [CompanyMention]) -> [CompanyMention] {
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
    fileprivate func companyNameStart(field: Int, text: FieldText, suffixStart: Int) -> Int? {
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
}
