import Foundation

/// Builds Dictionaries/regions.tsv and Dictionaries/companies.tsv from the raw data in `shared/data`.
///
/// The output is deterministic (sorted, no timestamps), so a test can rebuild both files and
/// compare them byte for byte with the committed ones; see Dictionaries/README.md.
public struct DictionaryBuilder: Sendable {
    /// The raw data folder: it holds `regions/` and `companies/` (e.g. ../shared/data).
    public let dataDirectory: URL
    /// The hand-curated company list (Dictionaries/companies-curated.tsv).
    public let curatedCompanies: URL

    /// Creates a builder over the raw data folder and the curated company list.
    public init(dataDirectory: URL, curatedCompanies: URL) {
        self.dataDirectory = dataDirectory
        self.curatedCompanies = curatedCompanies
    }

    /// The text of regions.tsv: every province, prefecture-level and county-level division.
    public func regionsTSV() throws(DictionaryBuildError) -> String {
        try RegionTableBuilder(regionsDirectory: dataDirectory.appendingPathComponent("regions")).build().tsv()
    }

    /// The text of companies.tsv: A-share listings merged with the curated list.
    public func companiesTSV() throws(DictionaryBuildError) -> String {
        let regions = try RegionTableBuilder(regionsDirectory: dataDirectory.appendingPathComponent("regions")).build()
        return try CompanyTableBuilder(
            companiesDirectory: dataDirectory.appendingPathComponent("companies"),
            curated: curatedCompanies,
            regionNames: regions.allNames()
        ).build().tsv()
    }

    /// Writes regions.tsv and companies.tsv into `directory` (which must exist) and returns their URLs.
    ///
    /// Both texts are built before either file is written, so a failure leaves the old files alone.
    @discardableResult
    public func write(to directory: URL) throws(DictionaryBuildError) -> [URL] {
        let outputs = [("regions.tsv", try regionsTSV()), ("companies.tsv", try companiesTSV())]
        var written: [URL] = []
        for (name, text) in outputs {
            let url = directory.appendingPathComponent(name)
            do {
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                throw .unwritable(path: url.path, reason: String(describing: error))
            }
            written.append(url)
        }
        return written
    }
}

/// What went wrong while building the dictionaries, with the file (and line) to look at.
public enum DictionaryBuildError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A raw data file is absent: point `--data` at the folder that holds regions/ and companies/.
    case missingFile(path: String)
    /// A file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// A file does not have the expected shape at `line` (1-based).
    case malformed(file: String, line: Int, reason: String)
    /// The curated company list contradicts itself or the listings.
    case curatedConflict(file: String, line: Int, reason: String)
    /// The raw data are inconsistent (e.g. a region code is missing).
    case inconsistentData(reason: String)
    /// An output file could not be written.
    case unwritable(path: String, reason: String)

    /// A message that says what is wrong and what to do.
    public var description: String {
        switch self {
        case .missingFile(let path):
            if path.hasSuffix("companies-curated.tsv") {
                return "missing curated company list \(path): pass --curated FILE (Dictionaries/companies-curated.tsv)"
            }
            return "missing data file \(path): pass the folder that holds regions/ and companies/ (e.g. ../shared/data)"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .malformed(let file, let line, let reason):
            return "\(file):\(line): \(reason)"
        case .curatedConflict(let file, let line, let reason):
            return "\(file):\(line): \(reason); fix the curated list"
        case .inconsistentData(let reason):
            return "inconsistent raw data: \(reason)"
        case .unwritable(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}

/// Ordering by Unicode scalar values (code points), the same on every platform and locale.
enum ScalarOrder {
    /// True when `a` sorts before `b` by code points.
    static func less(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
    }
}
