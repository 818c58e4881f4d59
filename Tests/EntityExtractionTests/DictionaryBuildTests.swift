import Foundation
import Testing
@testable import EntityExtraction

/// Paths shared by the dictionary tests.
enum DictionaryPaths {
    /// The repository root, found from this file.
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Dictionaries/ in the repository.
    static let dictionaries = repoRoot.appendingPathComponent("Dictionaries")
    /// ../shared/data beside the repository (absent on machines without the shared data).
    static let sharedData = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    /// ../shared/gold/seeds.json.
    static let seeds = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/gold/seeds.json")
    /// True when the raw data are present.
    static var haveSharedData: Bool {
        FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("regions/modood-2023/areas.csv").path)
    }
    /// The builder over the shared data and the committed curated list.
    static var builder: DictionaryBuilder {
        DictionaryBuilder(dataDirectory: sharedData, curatedCompanies: dictionaries.appendingPathComponent("companies-curated.tsv"))
    }
    /// The committed text of a dictionary file.
    static func committed(_ name: String) throws -> String {
        try String(contentsOf: dictionaries.appendingPathComponent(name), encoding: .utf8)
    }
}

/// Rebuilding from ../shared/data reproduces the committed files byte for byte.
@Suite("Dictionary rebuild", .serialized)
struct DictionaryBuildRebuildTests {
    /// Set JIANSUO_WRITE_DICTIONARIES=1 to regenerate the committed files instead of comparing.
    static let rewrite = ProcessInfo.processInfo.environment["JIANSUO_WRITE_DICTIONARIES"] == "1"

    @Test("regions.tsv is what the builder makes", .enabled(if: DictionaryPaths.haveSharedData))
    func regionsMatchCommitted() throws {
        let built = try DictionaryPaths.builder.regionsTSV()
        if Self.rewrite {
            try Data(built.utf8).write(to: DictionaryPaths.dictionaries.appendingPathComponent("regions.tsv"))
        }
        let committed = try DictionaryPaths.committed("regions.tsv")
        #expect(built == committed, "Dictionaries/regions.tsv drifted from its sources: rebuild it (see Dictionaries/README.md)")
    }

    @Test("companies.tsv is what the builder makes", .enabled(if: DictionaryPaths.haveSharedData))
    func companiesMatchCommitted() throws {
        let built = try DictionaryPaths.builder.companiesTSV()
        if Self.rewrite {
            try Data(built.utf8).write(to: DictionaryPaths.dictionaries.appendingPathComponent("companies.tsv"))
        }
        let committed = try DictionaryPaths.committed("companies.tsv")
        #expect(built == committed, "Dictionaries/companies.tsv drifted from its sources: rebuild it (see Dictionaries/README.md)")
    }
}
