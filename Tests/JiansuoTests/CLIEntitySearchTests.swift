import Foundation
import Testing

/// End-to-end, issue 12: entity filters, facets, entities on hits, `show`/`extract --index` and `entities`
/// on a copy of Corpus/.
@Suite struct CLIEntitySearchTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func companyFilterFindsTheArticlesNamingItWithTheirEntities() throws {
        let folder = try CLISearchTests.corpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIRunner.run(["search", "company:京东", "--json"], in: folder)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try Self.json(result.stdout)
        let hits = try #require(object["hits"] as? [[String: Any]])
        #expect(!hits.isEmpty)
        #expect(object["total"] as? Int == hits.count)
        for hit in hits {
            let entities = try #require(hit["entities"] as? [[String: Any]])
            #expect(entities.contains { $0["type"] as? String == "company" && $0["name"] as? String == "京东集团" })
        }
        // The same as the short name's filter, the brand's and the canonical name's.
        for query in ["company:京东集团", "company:京东商城"] {
            let other = try Self.json(try CLIRunner.run(["search", query, "--json"], in: folder).stdout)
            #expect(other["total"] as? Int == object["total"] as? Int, "\(query)")
        }
        // The text output shows the entities in one line under the snippet.
        let text = try CLIRunner.run(["search", "company:京东"], in: folder)
        #expect(text.stdout.contains("京东集团"))
    }

    @Test func unknownFieldsAndNamesAreErrorsNotZero() throws {
        let folder = try CLISearchTests.corpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let unknown = try CLIRunner.run(["search", "compny:京东"], in: folder)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown field"))
        #expect(unknown.stderr.contains("company"))
        let nowhere = try CLIRunner.run(["search", "province:火星"], in: folder)
        #expect(nowhere.status != 0)
        #expect(nowhere.stderr.contains("火星"))
        let badAmount = try CLIRunner.run(["search", "money>=很多"], in: folder)
        #expect(badAmount.status != 0)
        #expect(badAmount.stderr.contains("not an amount"))
    }

    @Test func facetsCountEveryMatchingArticle() throws {
        let folder = try CLISearchTests.corpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIRunner.run(["search", "乡村振兴", "--limit", "1", "--facets", "province,company,money,date", "--json"], in: folder)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try Self.json(result.stdout)
        #expect(object["total"] as? Int == 5)
        let facets = try #require(object["facets"] as? [String: Any])
        let provinces = try #require(facets["province"] as? [[String: Any]])
        #expect(provinces.contains { $0["name"] as? String == "山西省" && $0["code"] as? String == "140000" })
        let companies = try #require(facets["company"] as? [[String: Any]])
        #expect(companies.contains { $0["name"] as? String == "京东集团" })
        let dates = try #require(facets["date"] as? [[String: Any]])
        #expect(dates.reduce(0) { $0 + (($1["count"] as? Int) ?? 0) } <= 5)
        #expect(facets["money"] as? [[String: Any]] != nil)
        let unknown = try CLIRunner.run(["search", "乡村振兴", "--facets", "planet"], in: folder)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("planet"))
    }

    @Test func showAndExtractReadTheIndexAndMatchTheCorpus() throws {
        let folder = try CLISearchTests.corpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = folder.appendingPathComponent("idx").path
        let built = try CLIRunner.run(["index", "Corpus", "--index", index], in: folder)
        #expect(built.status == 0, "stderr: \(built.stderr)")
        for id in ["002_e1ff8f2086505bbe", "000_cd655d245791935a"] {
            let fromCorpus = try CLIRunner.run(["extract", id], in: folder)
            let fromIndex = try CLIRunner.run(["extract", id, "--index", index], in: folder)
            #expect(fromIndex.status == 0, "stderr: \(fromIndex.stderr)")
            #expect(fromIndex.stdout == fromCorpus.stdout)
            let showCorpus = try CLIRunner.run(["show", id, "--json"], in: folder)
            let showIndex = try CLIRunner.run(["show", id, "--json", "--index", index], in: folder)
            #expect(showIndex.stdout == showCorpus.stdout)
        }
        let missing = try CLIRunner.run(["extract", "no-such-id", "--index", index], in: folder)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no-such-id"))
    }

    @Test func fieldsIdAndScoreGiveOnlyThose() throws {
        let folder = try CLISearchTests.corpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let full = try Self.json(try CLIRunner.run(["search", "乡村振兴", "--json"], in: folder).stdout)
        let result = try CLIRunner.run(["search", "乡村振兴", "--fields", "id,score", "--json"], in: folder)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try Self.json(result.stdout)
        let hits = try #require(object["hits"] as? [[String: Any]])
        #expect(hits.count == 5 && object["total"] as? Int == 5)
        for hit in hits { #expect(Set(hit.keys) == ["id", "score"]) }
        // The same ids in the same order as the full hits.
        let fullIDs = (full["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(hits.compactMap { $0["id"] as? String } == fullIDs)
        let text = try CLIRunner.run(["search", "乡村振兴", "--fields", "id,date"], in: folder)
        #expect(text.stdout.split(separator: "\n").count == 5)
        let bad = try CLIRunner.run(["search", "乡村振兴", "--fields", "id,colour"], in: folder)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("colour"))
    }

    @Test func entitiesGivesTheCorpusOverview() throws {
        let folder = try CLISearchTests.corpusCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIRunner.run(["entities", "--type", "company,province", "--limit", "3", "--json"], in: folder)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try Self.json(result.stdout)
        let companies = try #require(object["company"] as? [[String: Any]])
        #expect(companies.count <= 3 && !companies.isEmpty)
        #expect(object["city"] == nil)
        let text = try CLIRunner.run(["entities"], in: folder)
        #expect(text.stdout.contains("company:"))
        #expect(text.stdout.contains("province:"))
    }
}
