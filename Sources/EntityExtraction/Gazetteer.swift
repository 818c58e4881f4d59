import Foundation

/// The administrative level of a region (ENTITIES.md).
public enum RegionLevel: String, Sendable, Codable, Hashable, Comparable {
    case province, city, county

    /// Province 0, city 1, county 2: smaller is more prominent.
    var rank: Int {
        switch self {
        case .province: return 0
        case .city: return 1
        case .county: return 2
        }
    }

    /// Province before city before county.
    public static func < (lhs: RegionLevel, rhs: RegionLevel) -> Bool { lhs.rank < rhs.rank }

    /// The entity type a region of this level is reported as.
    var entityType: EntityType {
        switch self {
        case .province: return .province
        case .city: return .city
        case .county: return .county
        }
    }
}

/// One division from Dictionaries/regions.tsv.
public struct Region: Sendable, Hashable {
    /// Six-digit GB/T 2260 code.
    public var code: String
    /// Full official name.
    public var name: String
    /// Province, city (prefecture level) or county (county level).
    public var level: RegionLevel
    /// Index of the parent region in `Gazetteer.regions`, or nil for a province.
    public var parent: Int?
    /// Usual short names (山西, 宿迁, 泗阳).
    public var shortNames: [String]
    /// Former names that resolve to today's division (襄樊, 平安县).
    public var historicalNames: [String]
    /// Names from the province down to this region.
    public var path: [String]
}

/// One company from Dictionaries/companies.tsv.
public struct CompanyRecord: Sendable, Hashable {
    /// Canonical name (京东集团).
    public var name: String
    /// Short names, brands and legal names.
    public var aliases: [String]
    /// Stock code where known ("sz000725"), else "".
    public var stockCode: String
    /// Where the row came from (szse, sse, a-share, curated).
    public var source: String
}

/// Why a gazetteer could not be loaded; each case names the file and, where it applies, the line.
public enum GazetteerError: Error, CustomStringConvertible, Equatable {
    case missingFile(path: String)
    case unreadable(path: String, reason: String)
    case missingHeader(path: String, expected: [String])
    case badRow(path: String, line: Int, reason: String)
    case unknownParent(path: String, line: Int, code: String, parent: String)

    /// A message that says what is wrong and what to do.
    public var description: String {
        switch self {
        case .missingFile(let path):
            return "\(path): gazetteer file not found; build it with `jiansuo dictionaries build` or pass the folder that holds regions.tsv and companies.tsv"
        case .unreadable(let path, let reason):
            return "\(path): cannot read the gazetteer file (\(reason)); it must be UTF-8 text"
        case .missingHeader(let path, let expected):
            return "\(path): no header line with the columns \(expected.joined(separator: ", ")) (after the # comment lines)"
        case .badRow(let path, let line, let reason):
            return "\(path):\(line): \(reason)"
        case .unknownParent(let path, let line, let code, let parent):
            return "\(path):\(line): region \(code) names parent \(parent), which is not in the file"
        }
    }
}

/// The kind of a name in the automaton.
enum NameKind: UInt8, Sendable {
    case regionFull, regionShort, regionHistorical, companyName, companyAlias
}

/// Bits of `Gazetteer.patternKinds`.
enum PatternKind {
    /// The pattern names at least one region.
    static let region: UInt8 = 1
    /// The pattern names at least one company.
    static let company: UInt8 = 2
}

/// One meaning of a surface string: which record, and how it names it.
struct NameSense: Sendable, Hashable {
    var kind: NameKind
    /// Index into `regions` or `companies`.
    var index: Int32
}

/// Regions and companies with one automaton over all their names.
///
/// Why: the extractor needs every name of every division and company found in one linear pass; the
/// gazetteer owns the names and their meanings so the extractor's rules never touch the files.
public struct Gazetteer: Sendable {
    /// Every division, in file order.
    public let regions: [Region]
    /// Every company, in file order.
    public let companies: [CompanyRecord]
    /// Region index by code.
    let regionByCode: [String: Int]
    /// Parent index per region (-1 for provinces) and level per region, for the rules' hot paths.
    let parentIndex: [Int32]
    let levels: [RegionLevel]
    /// Company index by canonical name.
    let companyByName: [String: Int]
    /// Surface strings in the automaton, by pattern number.
    let patterns: [String]
    /// Meanings of each pattern: `senses[senseStart[p]..<senseStart[p+1]]`.
    let senses: [NameSense]
    let senseStart: [Int32]
    let automaton: Automaton
    /// Per pattern: bit 0 when it has a region sense, bit 1 when it has a company sense (`PatternKind`).
    let patternKinds: [UInt8]
    /// Per pattern: its last scalar value (0 for none), for the rules' suffix tests.
    let patternLastScalar: [UInt32]
    /// Per pattern: true when a historical name with it stands as a full name (it ends in a level
    /// suffix 省市县区州盟旗), and true when it ends in 区.
    let patternEndsInLevelSuffix: [Bool]
    let patternEndsInDistrict: [Bool]
    /// Per company: true when its row's source is "curated" (the company rules test this per candidate).
    let companyIsCurated: [Bool]
    /// Per region: a number shared by the regions whose province (first path name) is the same.
    let provinceNameID: [Int32]
    /// Per region: 2 for a province, 1 for a child of a province-level municipality, else 0.
    let prominenceRank: [Int8]
    /// The longest name, in scalars (bounds how far back a match can start).
    let longestName: Int
    /// Stable hash of both files' content, for the index manifest.
    public let fingerprint: String

    /// Every region and company name, for the segmenter's dictionary overlay.
    public var wordList: [String] { patterns.filter { $0.unicodeScalars.count >= 2 } }

    /// Loads regions.tsv and companies.tsv from `directory` (e.g. the repository's Dictionaries/).
    ///
    /// Throws `GazetteerError` naming the file and line of anything it cannot read.
    public static func load(from directory: URL) throws -> Gazetteer {
        let regionsURL = directory.appendingPathComponent("regions.tsv")
        let companiesURL = directory.appendingPathComponent("companies.tsv")
        let regionsText = try readText(regionsURL)
        let companiesText = try readText(companiesURL)
        return try Gazetteer(regionsTSV: regionsText, companiesTSV: companiesText,
                             regionsPath: regionsURL.path, companiesPath: companiesURL.path)
    }

    /// Every region and company name in the two files of `directory`, as written (at least two scalars).
    ///
    /// Why: the segmenter's overlay needs only the names; reading them without building regions,
    /// senses and the automaton keeps start-up of commands that never extract (search, index) short.
    /// The same names as `wordList`, before folding (the overlay normalises its words itself).
    public static func names(from directory: URL) throws -> [String] {
        let regionsURL = directory.appendingPathComponent("regions.tsv")
        let companiesURL = directory.appendingPathComponent("companies.tsv")
        return try names(regionsTSV: try readText(regionsURL), companiesTSV: try readText(companiesURL),
                         regionsPath: regionsURL.path, companiesPath: companiesURL.path)
    }

    /// The names of `names(from:)`, from the two files' text (e.g. compiled into the program).
    ///
    /// Errors name `regionsPath` or `companiesPath` and the line at fault.
    public static func names(regionsTSV: String, companiesTSV: String,
                             regionsPath: String = "regions.tsv", companiesPath: String = "companies.tsv") throws -> [String] {
        let regions = try parseTSV(regionsTSV, path: regionsPath, required: ["code", "name", "level", "parent"])
        let companies = try parseTSV(companiesTSV, path: companiesPath, required: ["name"])
        var names: [String] = []
        names.reserveCapacity((regions.rows.count + companies.rows.count) * 3)
        for row in regions.rows {
            names.append(row.value("name"))
            names += splitList(row.value("short"))
            names += splitList(row.value("historical"))
        }
        for row in companies.rows {
            names.append(row.value("name"))
            names += splitList(row.value("aliases"))
        }
        return names.filter { $0.unicodeScalars.count >= 2 }
    }

    /// Builds a gazetteer from the two files' text (tests use small hand-made tables).
    public init(regionsTSV: String, companiesTSV: String,
                regionsPath: String = "regions.tsv", companiesPath: String = "companies.tsv") throws {
        let regionRows = try parseTSV(regionsTSV, path: regionsPath,
                                      required: ["code", "name", "level", "parent"])
        var regions: [Region] = []
        var byCode: [String: Int] = [:]
        var parentCodes: [(String, Int)] = []
        for row in regionRows.rows {
            let code = row.value("code")
            let name = row.value("name")
            guard code.count == 6, code.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw GazetteerError.badRow(path: regionsPath, line: row.line, reason: "code '\(code)' is not six digits")
            }
            guard !name.isEmpty else {
                throw GazetteerError.badRow(path: regionsPath, line: row.line, reason: "region \(code) has an empty name")
            }
            guard let level = RegionLevel(rawValue: row.value("level")) else {
                throw GazetteerError.badRow(path: regionsPath, line: row.line,
                                            reason: "level '\(row.value("level"))' is not province, city or county")
            }
            if byCode[code] != nil {
                throw GazetteerError.badRow(path: regionsPath, line: row.line, reason: "code \(code) appears twice")
            }
            byCode[code] = regions.count
            parentCodes.append((row.value("parent"), row.line))
            regions.append(Region(code: code, name: name, level: level, parent: nil,
                                  shortNames: splitList(row.value("short")),
                                  historicalNames: splitList(row.value("historical")), path: []))
        }
        for index in regions.indices {
            let (parentCode, line) = parentCodes[index]
            if parentCode.isEmpty { continue }
            guard let parent = byCode[parentCode], parent != index else {
                throw GazetteerError.unknownParent(path: regionsPath, line: line, code: regions[index].code, parent: parentCode)
            }
            regions[index].parent = parent
        }
        for index in regions.indices {
            var path: [String] = []
            var cursor: Int? = index
            var steps = 0
            while let current = cursor, steps < 8 {
                path.append(regions[current].name)
                cursor = regions[current].parent
                steps += 1
            }
            if cursor != nil {
                throw GazetteerError.badRow(path: regionsPath, line: parentCodes[index].1,
                                            reason: "region \(regions[index].code): its parent chain loops")
            }
            regions[index].path = path.reversed()
        }

        let companyRows = try parseTSV(companiesTSV, path: companiesPath, required: ["name"])
        var companies: [CompanyRecord] = []
        var companyByName: [String: Int] = [:]
        for row in companyRows.rows {
            let name = row.value("name")
            guard !name.isEmpty else {
                throw GazetteerError.badRow(path: companiesPath, line: row.line, reason: "company with an empty name")
            }
            if let existing = companyByName[name] {
                // A repeated canonical name merges its aliases into the first row.
                let extra = splitList(row.value("aliases")).filter { !companies[existing].aliases.contains($0) }
                companies[existing].aliases += extra
                continue
            }
            companyByName[name] = companies.count
            companies.append(CompanyRecord(name: name, aliases: splitList(row.value("aliases")),
                                           stockCode: row.value("code"), source: row.value("source")))
        }

        // Patterns: every surface string once, with all its meanings.
        var patternIndex: [String: Int] = [:]
        var patternSenses: [[NameSense]] = []
        var patterns: [String] = []
        func add(_ surface: String, _ sense: NameSense) {
            let folded = String(String.UnicodeScalarView(foldedScalars(surface).compactMap(Unicode.Scalar.init)))
            guard folded.unicodeScalars.count >= 2 else { return }
            if let existing = patternIndex[folded] {
                if !patternSenses[existing].contains(sense) { patternSenses[existing].append(sense) }
            } else {
                patternIndex[folded] = patterns.count
                patterns.append(folded)
                patternSenses.append([sense])
            }
        }
        for (index, region) in regions.enumerated() {
            add(region.name, NameSense(kind: .regionFull, index: Int32(index)))
            for short in region.shortNames where short != region.name {
                add(short, NameSense(kind: .regionShort, index: Int32(index)))
            }
            for old in region.historicalNames where old != region.name {
                add(old, NameSense(kind: .regionHistorical, index: Int32(index)))
            }
        }
        for (index, company) in companies.enumerated() {
            add(company.name, NameSense(kind: .companyName, index: Int32(index)))
            for alias in company.aliases where alias != company.name {
                add(alias, NameSense(kind: .companyAlias, index: Int32(index)))
            }
        }
        var senses: [NameSense] = []
        var senseStart: [Int32] = [0]
        for list in patternSenses {
            senses += list
            senseStart.append(Int32(senses.count))
        }
        self.parentIndex = regions.map { Int32($0.parent ?? -1) }
        self.levels = regions.map(\.level)
        self.regions = regions
        self.companies = companies
        self.regionByCode = byCode
        self.companyByName = companyByName
        self.patterns = patterns
        self.senses = senses
        self.senseStart = senseStart
        self.longestName = patterns.map { $0.unicodeScalars.count }.max() ?? 0
        self.patternKinds = patternSenses.map { list in
            var kinds: UInt8 = 0
            for sense in list {
                switch sense.kind {
                case .regionFull, .regionShort, .regionHistorical: kinds |= PatternKind.region
                case .companyName, .companyAlias: kinds |= PatternKind.company
                }
            }
            return kinds
        }
        self.companyIsCurated = companies.map { $0.source == "curated" }
        self.patternLastScalar = patterns.map { $0.unicodeScalars.last?.value ?? 0 }
        self.patternEndsInLevelSuffix = patterns.map { surface in
            guard let last = surface.unicodeScalars.last else { return false }
            return "省市县区州盟旗".unicodeScalars.contains(last)
        }
        self.patternEndsInDistrict = patterns.map { $0.hasSuffix("区") }
        var provinceIDs: [String: Int32] = [:]
        self.provinceNameID = regions.map { region in
            let first = region.path.first ?? ""
            if let id = provinceIDs[first] { return id }
            let id = Int32(provinceIDs.count)
            provinceIDs[first] = id
            return id
        }
        self.prominenceRank = regions.map { region in
            guard let parent = region.parent else { return 2 }
            let parentRegion = regions[parent]
            if parentRegion.level == .province && parentRegion.name.hasSuffix("市") { return 1 }
            return 0
        }
        self.automaton = Automaton(patterns: patterns.map { $0.unicodeScalars.map(\.value) })
        self.fingerprint = fnv1a64Hex([regionsTSV, "\u{0}", companiesTSV])
    }

    /// The region with this six-digit code.
    public func region(code: String) -> Region? {
        regionByCode[code].map { regions[$0] }
    }

    /// The company with this canonical name.
    public func company(named name: String) -> CompanyRecord? {
        companyByName[name].map { companies[$0] }
    }

    /// The meanings of pattern `pattern`.
    @inline(__always)
    func senses(of pattern: Int) -> ArraySlice<NameSense> {
        senses[Int(senseStart[pattern])..<Int(senseStart[pattern + 1])]
    }

    /// True when region `ancestor` is `region` itself or above it.
    func isAncestor(_ ancestor: Int, of region: Int) -> Bool {
        var cursor = region
        while cursor >= 0 {
            if cursor == ancestor { return true }
            cursor = Int(parentIndex[cursor])
        }
        return false
    }
}

// MARK: - TSV reading

struct TSVRow {
    var line: Int
    var fields: [String: String]
    func value(_ column: String) -> String { fields[column] ?? "" }
}

struct TSVTable {
    var columns: [String]
    var rows: [TSVRow]
}

private func readText(_ url: URL) throws -> String {
    guard FileManager.default.fileExists(atPath: url.path) else {
        throw GazetteerError.missingFile(path: url.path)
    }
    let data: Data
    do {
        data = try Data(contentsOf: url)
    } catch {
        throw GazetteerError.unreadable(path: url.path, reason: "\(error.localizedDescription)")
    }
    guard let text = String(validating: data, as: UTF8.self) else {
        throw GazetteerError.unreadable(path: url.path, reason: "not valid UTF-8")
    }
    return text
}

/// Reads `#` comments, one header line, then TAB-separated rows; blank lines are skipped.
func parseTSV(_ text: String, path: String, required: [String]) throws -> TSVTable {
    var columns: [String]? = nil
    var rows: [TSVRow] = []
    var lineNumber = 0
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
        lineNumber += 1
        var line = Substring(rawLine)
        if line.hasSuffix("\r") { line = line.dropLast() }
        if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
        if line.isEmpty || line.hasPrefix("#") { continue }
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(trimmedSpaces)
        guard let header = columns else {
            guard required.allSatisfy(fields.contains) else {
                throw GazetteerError.missingHeader(path: path, expected: required)
            }
            columns = fields
            continue
        }
        if fields.count > header.count {
            throw GazetteerError.badRow(path: path, line: lineNumber,
                                        reason: "\(fields.count) columns where the header has \(header.count)")
        }
        var map: [String: String] = [:]
        for (index, field) in fields.enumerated() { map[header[index]] = field }
        rows.append(TSVRow(line: lineNumber, fields: map))
    }
    guard let header = columns else {
        throw GazetteerError.missingHeader(path: path, expected: required)
    }
    return TSVTable(columns: header, rows: rows)
}

private func splitList(_ field: String) -> [String] {
    field.split(separator: "|").map(trimmedSpaces).filter { !$0.isEmpty }
}

/// The text without leading and trailing spaces and tabs (cheaper than Foundation's trimming).
private func trimmedSpaces(_ text: Substring) -> String {
    var slice = text
    while let first = slice.unicodeScalars.first, first == " " || first == "\u{3000}" { slice = slice.dropFirst() }
    while let last = slice.unicodeScalars.last, last == " " || last == "\u{3000}" { slice = slice.dropLast() }
    return String(slice)
}

/// FNV-1a 64-bit over the UTF-8 of the parts, as 16 hex digits.
func fnv1a64Hex(_ parts: [String]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for part in parts {
        for byte in part.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}
