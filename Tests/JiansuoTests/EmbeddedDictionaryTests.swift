import ChineseText
import Foundation
@testable import Jiansuo
import Testing

/// The dictionaries compiled into Jiansuo: an installed binary and a library user need no checkout,
/// folder overrides still win, and the embedded copy is the checkout's bytes exactly.
@Suite struct EmbeddedDictionaryTests {
    static let repoDictionaries = CLIRunner.repoRoot.appendingPathComponent("Dictionaries")
    static let files = ["companies-curated.tsv", "companies.tsv", "regions.tsv", "words.txt"]
    static let sample = "宿迁市泗阳县获得超过6200亿元投资"

    /// The folder of the executables `swift test` built (jiansuo, ReadmeExample, DictionaryEmbedder).
    static func product(_ name: String) throws -> URL {
        let folder = try #require(CLIRunner.binary, "the jiansuo binary was not built").deletingLastPathComponent()
        let url = folder.appendingPathComponent(name)
        try #require(FileManager.default.isExecutableFile(atPath: url.path), "\(name) is not in \(folder.path)")
        return url
    }

    /// A new empty temporary folder.
    static func temporaryFolder(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jiansuo-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// This process's environment without any JIANSUO_* variable, plus `extra`.
    static func cleanEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("JIANSUO_") }
        environment["NO_COLOR"] = "1"
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Runs `executable arguments…` in `directory` with exactly `environment`.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL,
                    environment: [String: String], stdin: String? = nil) throws -> CLIRunner.Result {
        try CLIRunner.execute(executable, arguments, in: directory, environment: environment,
                              stdin: stdin.map { Data($0.utf8) })
    }

    /// A Dictionaries folder with the checkout's words.txt but a one-province, one-company gazetteer.
    static func tinyDictionaries() throws -> URL {
        let folder = try temporaryFolder("tiny-dict")
        try FileManager.default.copyItem(at: repoDictionaries.appendingPathComponent("words.txt"),
                                         to: folder.appendingPathComponent("words.txt"))
        try "code\tname\tlevel\tparent\tshort\thistorical\n110000\t北京市\tprovince\t\t北京\t\n"
            .write(to: folder.appendingPathComponent("regions.tsv"), atomically: true, encoding: .utf8)
        try "name\taliases\tcode\tsource\n京东集团\t京东\t\tcurated\n"
            .write(to: folder.appendingPathComponent("companies.tsv"), atomically: true, encoding: .utf8)
        return folder
    }

    /// The entity types `jiansuo extract -` printed for one article.
    static func entityTypes(_ output: String) throws -> [String] {
        let line = try #require(output.split(separator: "\n").first.map(String.init), "no output")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let entities = try #require(object["entities"] as? [[String: Any]])
        return entities.compactMap { $0["type"] as? String }
    }

    // MARK: Installed binary

    @Test("the binary copied alone into PREFIX/bin runs through PATH from another folder, with no JIANSUO_* variable")
    func installedBinaryRunsAnywhere() throws {
        let prefix = try Self.temporaryFolder("prefix")
        let elsewhere = try Self.temporaryFolder("cwd")
        defer {
            try? FileManager.default.removeItem(at: prefix)
            try? FileManager.default.removeItem(at: elsewhere)
        }
        let bin = prefix.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let installed = bin.appendingPathComponent("jiansuo")
        try FileManager.default.copyItem(at: try Self.product("jiansuo"), to: installed)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: installed.path)
        // A decoy Dictionaries/ in the working directory must not be used: its gazetteer knows no 宿迁.
        try FileManager.default.copyItem(at: try Self.tinyDictionaries(), to: elsewhere.appendingPathComponent("Dictionaries"))

        // Called by its bare name through PATH, as after `install`: argv[0] is just "jiansuo".
        let environment = Self.cleanEnvironment(["PATH": bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")])
        let shell = URL(fileURLWithPath: "/usr/bin/env")
        let extract = try Self.run(shell, ["jiansuo", "extract", "-"], in: elsewhere, environment: environment, stdin: Self.sample)
        #expect(extract.status == 0, "stderr: \(extract.stderr)")
        #expect(try Self.entityTypes(extract.stdout) == ["city", "county", "money"], "\(extract.stdout)")

        let segment = try Self.run(shell, ["jiansuo", "segment", "京东与宿迁市合作"], in: elsewhere, environment: environment)
        #expect(segment.status == 0, "stderr: \(segment.stderr)")
        #expect(segment.stdout.split(separator: "\n").map { $0.split(separator: "\t").first.map(String.init) ?? "" }
            == ["京东", "与", "宿迁市", "合作"])

        let version = try Self.run(shell, ["jiansuo", "--version"], in: elsewhere, environment: environment)
        #expect(version.status == 0, "stderr: \(version.stderr)")
        #expect(version.stdout.contains("dictionaries: embedded"), "\(version.stdout)")
    }

    @Test("Toolkit() in a library user's program finds the embedded dictionaries from any working directory")
    func readmeExampleRunsFromAnotherFolder() throws {
        let work = try Self.temporaryFolder("readme")
        defer { try? FileManager.default.removeItem(at: work) }
        let corpus = work.appendingPathComponent("Corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        let samples = CLIRunner.repoRoot.appendingPathComponent("Corpus")
        for name in try FileManager.default.contentsOfDirectory(atPath: samples.path) where !name.hasPrefix(".") {
            try FileManager.default.copyItem(at: samples.appendingPathComponent(name), to: corpus.appendingPathComponent(name))
        }
        let result = try Self.run(try Self.product("ReadmeExample"), [], in: work, environment: Self.cleanEnvironment())
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "added 5, updated 0, removed 0")
        #expect(lines.contains("京东科技 与 宿迁市 泗阳县 政府 合作"))
        #expect(lines.contains("3 京东集团"), "\(lines)")
        #expect(lines.contains("company 京东") && lines.contains("city 宿迁"), "\(lines)")
        #expect(lines.last == "620000000000 CNY over")
        #expect(lines.filter { $0.contains("乡村振兴") }.count >= 3)
    }

    @Test("README's library example is the ReadmeExample program, byte for byte")
    func readmeSnippetIsCompiled() throws {
        let readme = try String(contentsOf: CLIRunner.repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let library = try #require(readme.range(of: "\n## Library\n"), "README has no Library section")
        let rest = readme[library.upperBound...]
        let open = try #require(rest.range(of: "```swift\n"))
        let close = try #require(rest[open.upperBound...].range(of: "\n```\n"))
        let snippet = String(rest[open.upperBound..<close.lowerBound]) + "\n"
        let program = try String(contentsOf: CLIRunner.repoRoot.appendingPathComponent("Tests/ReadmeExample/main.swift"),
                                 encoding: .utf8)
        #expect(snippet == program, "README.md's Library block and Tests/ReadmeExample/main.swift differ: copy one to the other")
        #expect(snippet.hasPrefix("import Foundation\nimport Jiansuo\n"))
    }

    // MARK: Overrides

    @Test("--dictionaries and $JIANSUO_DICTIONARIES replace the embedded copy; --dictionaries wins")
    func foldersOverride() throws {
        let tiny = try Self.tinyDictionaries()
        defer { try? FileManager.default.removeItem(at: tiny) }
        let jiansuo = try Self.product("jiansuo")
        let tmp = URL(fileURLWithPath: "/tmp")

        let embedded = try Self.run(jiansuo, ["extract", "-"], in: tmp, environment: Self.cleanEnvironment(), stdin: Self.sample)
        #expect(try Self.entityTypes(embedded.stdout) == ["city", "county", "money"], "stderr: \(embedded.stderr)")

        let variable = Self.cleanEnvironment([ResourceLocator.dictionariesVariable: tiny.path])
        let fromEnvironment = try Self.run(jiansuo, ["extract", "-"], in: tmp, environment: variable, stdin: Self.sample)
        #expect(fromEnvironment.status == 0, "stderr: \(fromEnvironment.stderr)")
        #expect(try Self.entityTypes(fromEnvironment.stdout) == ["money"])
        let version = try Self.run(jiansuo, ["--version"], in: tmp, environment: variable)
        #expect(version.stdout.contains("dictionaries: folder \(tiny.standardizedFileURL.path)"), "\(version.stdout)")

        // --dictionaries beats a broken $JIANSUO_DICTIONARIES; a broken one alone is an error naming it.
        let broken = Self.cleanEnvironment([ResourceLocator.dictionariesVariable: "/nonexistent-dictionaries"])
        let both = try Self.run(jiansuo, ["extract", "-", "--dictionaries", tiny.path], in: tmp, environment: broken, stdin: Self.sample)
        #expect(both.status == 0, "stderr: \(both.stderr)")
        #expect(try Self.entityTypes(both.stdout) == ["money"])
        let alone = try Self.run(jiansuo, ["extract", "-"], in: tmp, environment: broken, stdin: Self.sample)
        #expect(alone.status != 0)
        #expect(alone.stderr.contains("/nonexistent-dictionaries") && alone.stderr.contains("$JIANSUO_DICTIONARIES"), "\(alone.stderr)")
    }

    @Test("the locator's order: explicit folder, then the variable, then embedded; the working directory never counts")
    func locatorOrder() throws {
        let tiny = try Self.tinyDictionaries()
        defer { try? FileManager.default.removeItem(at: tiny) }
        let variable = [ResourceLocator.dictionariesVariable: tiny.path]
        #expect(try ResourceLocator(environment: [:]).dictionarySource() == .embedded)
        #expect(try ResourceLocator(environment: [ResourceLocator.dictionariesVariable: ""]).dictionarySource() == .embedded)
        #expect(try ResourceLocator(environment: variable).dictionarySource().folderPath == tiny.standardizedFileURL.path)
        #expect(try ResourceLocator(explicitDictionaries: Self.repoDictionaries, environment: variable).dictionarySource().folderPath
            == Self.repoDictionaries.standardizedFileURL.path)
        #expect(throws: JiansuoError.self) { try ResourceLocator(explicitDictionaries: tiny.appendingPathComponent("no")).dictionarySource() }
    }

    // MARK: Same data, same results

    @Test("the embedded files are the checkout's bytes, with the same SHA-256 as --version prints")
    func embeddedBytesMatchTheCheckout() throws {
        #expect(try Set(Self.files).isSubset(of: Set(DictionarySource.embedded.digests().map(\.name))))
        for name in Self.files {
            let onDisk = try Data(contentsOf: Self.repoDictionaries.appendingPathComponent(name))
            #expect(try DictionarySource.embedded.contents(of: name) == onDisk, "\(name) differs: rebuild")
        }
        #expect(try DictionarySource.embedded.digests() == DictionarySource.folder(Self.repoDictionaries).digests())

        let version = try Self.run(try Self.product("jiansuo"), ["--version"], in: URL(fileURLWithPath: "/tmp"),
                                   environment: Self.cleanEnvironment())
        #expect(version.status == 0, "stderr: \(version.stderr)")
        let lines = version.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "jiansuo \(JiansuoVersion.current)")
        #expect(lines.contains("ICU \(ICUInfo.version)"))
        #expect(lines.contains("dictionaries: embedded (compiled into this binary)"))
        for digest in try DictionarySource.embedded.digests() {
            #expect(lines.contains { $0.contains(digest.name) && $0.contains("sha256 \(digest.sha256)") && $0.hasSuffix(" \(digest.byteCount) bytes") },
                    "no line for \(digest.name) in \(lines)")
        }
    }

    @Test("SHA-256 matches the FIPS 180-4 examples")
    func sha256KnownAnswers() {
        #expect(SHA256Digest.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("a folder copy and the embedded copy give the same analyser fingerprint, overlay and gazetteer")
    func sameFingerprint() throws {
        let embedded = try Toolkit()
        let folder = try Toolkit(dictionaries: Self.repoDictionaries)
        #expect(embedded.source == .embedded && embedded.dictionaries == nil)
        #expect(folder.dictionaries == Self.repoDictionaries)
        #expect(embedded.words.fingerprint == folder.words.fingerprint)
        #expect(embedded.words.count == folder.words.count)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("never-created")
        #expect(CorpusIndex(directory: directory, toolkit: embedded).analyzer.fingerprint
            == CorpusIndex(directory: directory, toolkit: folder).analyzer.fingerprint)
        #expect(try embedded.loadGazetteer().fingerprint == folder.loadGazetteer().fingerprint)
        // And a different word list changes it.
        let tiny = try Self.tinyDictionaries()
        defer { try? FileManager.default.removeItem(at: tiny) }
        #expect(try Toolkit(dictionaries: tiny).words.fingerprint != embedded.words.fingerprint)
    }

    // MARK: Loading from text, and errors

    @Test("word lists and gazetteer names load from text exactly as from files")
    func textLoadersMatchFileLoaders() throws {
        let words = Self.repoDictionaries.appendingPathComponent("words.txt")
        let fromFile = try WordDictionary.load(contentsOf: words)
        let text = try String(contentsOf: words, encoding: .utf8)
        #expect(try WordDictionary.load(text: text, path: "w").fingerprint == fromFile.fingerprint)
        #expect(try WordDictionary.load(data: Data(text.utf8), path: "w").words == fromFile.words)
        let regions = try String(contentsOf: Self.repoDictionaries.appendingPathComponent("regions.tsv"), encoding: .utf8)
        let companies = try String(contentsOf: Self.repoDictionaries.appendingPathComponent("companies.tsv"), encoding: .utf8)
        #expect(try Gazetteer.names(regionsTSV: regions, companiesTSV: companies) == Gazetteer.names(from: Self.repoDictionaries))
    }

    @Test("a bad folder's error names the file and the line")
    func badFolderErrorsNameFileAndLine() throws {
        let folder = try Self.tinyDictionaries()
        defer { try? FileManager.default.removeItem(at: folder) }
        let words = folder.appendingPathComponent("words.txt")
        try "# list\n京东\tmany\n".write(to: words, atomically: true, encoding: .utf8)
        let weightError = #expect(throws: TextError.self) { try Toolkit(dictionaries: folder) }
        #expect(weightError.map { "\($0)" }?.contains("\(words.path):2") == true, "\(String(describing: weightError))")

        try "京东\n".write(to: words, atomically: true, encoding: .utf8)
        let regions = folder.appendingPathComponent("regions.tsv")
        try "code\tname\tlevel\tparent\n110000\t北京市\tprovince\t\n12\t天津市\tprovince\t\n".write(to: regions, atomically: true, encoding: .utf8)
        let toolkit = try Toolkit(dictionaries: folder)  // names only: codes are checked when the gazetteer is built
        let regionError = #expect(throws: (any Error).self) { try toolkit.loadGazetteer() }
        #expect(regionError.map { "\($0)" }?.contains("\(regions.path):3") == true, "\(String(describing: regionError))")

        let missing = folder.appendingPathComponent("absent")
        let notFound = #expect(throws: JiansuoError.self) { try Toolkit(dictionaries: missing) }
        #expect(notFound.map { "\($0)" }?.contains(missing.path) == true)
    }

    // MARK: The generator

    @Test("the generator's literals hold any UTF-8 text exactly: quotes and hashes, CR LF, controls, BOM")
    func generatorRoundTripsAwkwardText() throws {
        let work = try Self.temporaryFolder("embed")
        defer { try? FileManager.default.removeItem(at: work) }
        let awkward: [String: String] = [
            "a.tsv": "\u{FEFF}name\tx\r\n\"\"\"# and \"## and \\#(boom) and \\##n\r\nlast line, no newline",
            "b.tsv": "controls \u{01}\u{7F}\u{85} separators \u{2028}\u{2029} \\ \"\n\n",
            "words.txt": "",
        ]
        var inputs: [String] = []
        for (name, text) in awkward.sorted(by: { $0.key < $1.key }) {
            let url = work.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            inputs.append(url.path)
        }
        let generated = work.appendingPathComponent("Generated.swift")
        let embedder = try Self.product("DictionaryEmbedder")
        let made = try Self.run(embedder, [generated.path] + inputs, in: work, environment: Self.cleanEnvironment())
        #expect(made.status == 0, "stderr: \(made.stderr)")

        // Compile the generated file with a main that prints each text's UTF-8 as hex.
        try """
            enum EmbeddedDictionaries {}
            for file in EmbeddedDictionaries.generatedFiles {
                print(file.name, file.text.utf8.map { String($0, radix: 16) }.joined(separator: ","))
            }
            """.write(to: work.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)
        let swiftc = try #require(Self.findSwiftc(), "swiftc is not on PATH nor beside the test's toolchain")
        let program = work.appendingPathComponent("roundtrip")
        let compiled = try Self.run(swiftc, ["-o", program.path, work.appendingPathComponent("main.swift").path, generated.path],
                                    in: work, environment: Self.cleanEnvironment())
        #expect(compiled.status == 0, "swiftc: \(compiled.stderr)")
        let printed = try Self.run(program, [], in: work, environment: Self.cleanEnvironment())
        let expected = awkward.sorted(by: { $0.key < $1.key }).map { name, text in
            name + " " + text.utf8.map { String($0, radix: 16) }.joined(separator: ",")
        }
        #expect(printed.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) == expected)

        // A file that is not UTF-8 stops the build with its name and line.
        let bad = work.appendingPathComponent("bad.tsv")
        try Data("ok\nfine\n".utf8 + [0xE4, 0xB8, 0x0A]).write(to: bad)
        let refused = try Self.run(embedder, [generated.path, bad.path], in: work, environment: Self.cleanEnvironment())
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("bad.tsv:3"), "\(refused.stderr)")
    }

    /// swiftc from PATH, else beside the running toolchain's swift.
    static func findSwiftc() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/opt/swift/usr/bin", "/usr/bin"]
        return folders.map { URL(fileURLWithPath: $0).appendingPathComponent("swiftc") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}

extension DictionarySource {
    /// The folder's path; nil for the embedded copy.
    var folderPath: String? {
        if case .folder(let url) = self { return url.path }
        return nil
    }
}
