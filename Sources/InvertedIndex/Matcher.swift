import Foundation

/// Which fields a substring is matched in.
enum FieldScope: Hashable, Sendable {
    case all, title, text

    /// A small stable number for keys.
    var code: UInt32 {
        switch self {
        case .all: return 0
        case .title: return 1
        case .text: return 2
        }
    }
}

/// The occurrences of one normalised substring in one segment's live documents.
struct Occurrences {
    var docs: [UInt32] = []
    var titleTF: [UInt32] = []
    var textTF: [UInt32] = []
    /// With starts wanted: startIndex[i]..<startIndex[i+1] indexes `starts` for docs[i].
    var startIndex: [Int] = []
    var starts: [UInt32] = []

    var count: Int { docs.count }

    /// The index of `doc` in `docs`, by binary search.
    func index(of doc: UInt32) -> Int? {
        var lo = 0, hi = docs.count
        while lo < hi {
            let m = (lo + hi) / 2
            if docs[m] < doc { lo = m + 1 } else { hi = m }
        }
        return lo < docs.count && docs[lo] == doc ? lo : nil
    }
}

/// What an evaluation needs: only the documents, or also frequencies, or also occurrence starts.
enum MatchDetail: Int, Comparable {
    case docs = 0, counts = 1, starts = 2
    static func < (a: MatchDetail, b: MatchDetail) -> Bool { a.rawValue < b.rawValue }
}

/// Finds every occurrence of a normalised string in a segment: unigram postings for one character,
/// otherwise a phrase of bigrams (a cover of the string, rarest first) verified by positions.
struct SubstringMatcher {
    let segment: SegmentReader

    /// Offsets of bigrams that together cover a string of `n` ≥ 2 scalars.
    static func cover(_ n: Int) -> [Int] {
        var offs = Array(stride(from: 0, through: n - 2, by: 2))
        if offs.last != n - 2 { offs.append(n - 2) }
        return offs
    }

    func match(_ s: [UInt32], scope: FieldScope, detail: MatchDetail, within: [UInt32]? = nil) throws(IndexError) -> Occurrences {
        var out = Occurrences()
        if s.isEmpty { return out }
        if s.count == 1 {
            guard let info = try segment.lookup(TermKey.unigram(s[0])) else { return out }
            let u = try segment.unigram(info)
            var w = 0
            if detail == .starts { out.startIndex.append(0) }
            for i in 0..<u.docs.count {
                let d = u.docs[i]
                if segment.isDead(Int(d)) { continue }
                if let within {
                    while w < within.count && within[w] < d { w += 1 }
                    if w >= within.count { break }
                    if within[w] != d { continue }
                }
                let t = scope == .text ? 0 : u.titleFreqs[i]
                let x = scope == .title ? 0 : u.textFreqs[i]
                if t == 0 && x == 0 { continue }
                out.docs.append(d)
                out.titleTF.append(t)
                out.textTF.append(x)
                // Single characters carry no positions: no starts, so no proximity bonus.
                if detail == .starts { out.startIndex.append(0) }
            }
            return out
        }
        // The bigrams of a cover, and the rarest bigram of the string when it is not one of them
        // (天发 of 今天发布 is far rarer than the cover's 今天 and 发布): every bigram of the string
        // stands at its offset in a match, so any such set finds exactly the matches.
        var offs = Self.cover(s.count)
        var infos: [TermInfo] = []
        for o in offs {
            guard let info = try segment.lookup(TermKey.bigram(s[o], s[o + 1])) else { return out }
            infos.append(info)
        }
        if s.count > 3 {
            var rarest: (off: Int, info: TermInfo)? = nil
            for o in 0...(s.count - 2) where !offs.contains(o) {
                guard let info = try segment.lookup(TermKey.bigram(s[o], s[o + 1])) else { return out }
                if info.docFreq < (rarest?.info.docFreq ?? Int.max) { rarest = (o, info) }
            }
            if let rarest, rarest.info.docFreq < infos.map(\.docFreq).min() ?? 0 {
                offs.append(rarest.off)
                infos.append(rarest.info)
            }
        }
        var lists: [(off: Int, c: PostingsCursor)] = []
        for (o, info) in zip(offs, infos) { lists.append((o, try segment.cursor(info))) }
        // The rarest bigram drives; the others are advanced to its documents (leapfrog), their blocks
        // skipped by their last document; positions are decoded only for documents all bigrams hold.
        lists.sort { $0.c.docFreq < $1.c.docFreq }
        let simple = s.count == 2 && scope == .all && detail == .docs
        var cand: [UInt32] = [], tmp: [UInt32] = [], posBuf: [UInt32] = []
        if detail == .starts { out.startIndex.append(0) }
        if simple { out.docs.reserveCapacity(lists[0].c.docFreq) }
        let o0 = lists[0].off
        // The driver and the others held apart: no array access per step of the driver.
        var driver = lists[0].c
        var others = lists.dropFirst().map(\.c)
        let offsets = lists.dropFirst().map { UInt32($0.off) }
        lists.removeAll()
        var target: UInt32 = 0
        var w = 0
        outer: while let d = try driver.advance(to: target) {
            if let within {
                while w < within.count && within[w] < d { w += 1 }
                if w >= within.count { break }
                if within[w] != d { target = within[w]; continue }
            }
            guard d < UInt32.max else { break }
            target = d + 1
            if segment.isDead(Int(d)) { continue }
            for k in others.indices {
                guard let e = try others[k].advance(to: d) else { break outer }
                if e != d { target = e; continue outer }
            }
            if simple {
                out.docs.append(d)
                continue
            }
            // Verify adjacency: candidate starts from the driver, filtered by every other bigram.
            cand.clear()
            posBuf.clear()
            try driver.positions(into: &posBuf)
            for p in posBuf where Int(p) >= o0 { cand.append(p - UInt32(o0)) }
            for k in others.indices where !cand.isEmpty {
                let off = offsets[k]
                posBuf.clear()
                try others[k].positions(into: &posBuf)
                tmp.clear()
                var a = 0, b = 0
                while a < cand.count && b < posBuf.count {
                    let want = cand[a] &+ off
                    if posBuf[b] < want { b += 1 } else if posBuf[b] > want { a += 1 } else { tmp.append(cand[a]); a += 1; b += 1 }
                }
                swap(&cand, &tmp)
            }
            if cand.isEmpty { continue }
            let titleLen = UInt32(segment.norm(Int(d)).title)
            var t: UInt32 = 0, x: UInt32 = 0
            for p in cand { if p < titleLen { t += 1 } else { x += 1 } }
            if scope == .title { x = 0 } else if scope == .text { t = 0 }
            if t == 0 && x == 0 { continue }
            out.docs.append(d)
            out.titleTF.append(t)
            out.textTF.append(x)
            if detail == .starts {
                for p in cand where scope == .all || (scope == .title) == (p < titleLen) { out.starts.append(p) }
                out.startIndex.append(out.starts.count)
            }
        }
        return out
    }
}

/// Sorted-array set operations on document numbers.
enum DocSets {
    static func intersect(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(min(a.count, b.count))
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] { i += 1 } else if a[i] > b[j] { j += 1 } else { out.append(a[i]); i += 1; j += 1 }
        }
        return out
    }
    static func union(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j >= b.count || (i < a.count && a[i] < b[j]) { out.append(a[i]); i += 1 }
            else if i >= a.count || b[j] < a[i] { out.append(b[j]); j += 1 }
            else { out.append(a[i]); i += 1; j += 1 }
        }
        return out
    }
    static func subtract(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(a.count)
        var j = 0
        for x in a {
            while j < b.count && b[j] < x { j += 1 }
            if j < b.count && b[j] == x { continue }
            out.append(x)
        }
        return out
    }
}
