import ArgumentParser
import Foundation
import Jiansuo

/// Options naming the index folder (and the corpus whose default index it is).
struct IndexLocationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The index folder.",
        discussion: "Default: $\(CorpusIndex.indexVariable), else .jiansuo inside the corpus folder (Corpus/.jiansuo).",
        valueName: "dir"))
    var index: String?

    /// The index folder for these sources (or for the default corpus when none are given).
    func directory(for sources: [URL]) -> URL {
        if let index { return URL(fileURLWithPath: index) }
        return CorpusIndex.defaultDirectory(for: sources.isEmpty ? [URL(fileURLWithPath: "Corpus")] : sources)
    }
}

/// `jiansuo index`: build or refresh an index.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build or refresh the index of files and folders.",
        discussion: """
            A refresh re-reads only sources whose bytes changed since the last one, compares a \
            content hash per article, and adds new, updates changed and removes vanished articles \
            in one atomic commit: a crash at any moment leaves the previous commit intact. With no \
            PATH, the sources of the last refresh are used (or Corpus/ for a new index). When the \
            analyser changed (ICU version, Dictionaries/), the index is rebuilt.

            Examples:
              jiansuo index                                # Corpus/ into Corpus/.jiansuo
              jiansuo index ~/news --index ~/news-index    # a folder of your own
              jiansuo index --rebuild                      # start over
            """
    )

    @Argument(help: "Files and folders of news (default: the last refresh's, or Corpus/).")
    var paths: [String] = []

    @Flag(name: .long, help: "Rebuild from scratch instead of refreshing.")
    var rebuild = false

    @Flag(name: .long, help: "Print the summary as JSON.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress bar and no warnings on standard error.")
    var quiet = false

    @OptionGroup var location: IndexLocationOptions
    @OptionGroup var dictionaryOptions: DictionaryOptions

    func run() throws {
        var sources = paths.map { URL(fileURLWithPath: $0) }
        let directory = location.directory(for: sources)
        let toolkit = try dictionaryOptions.toolkit()
        let corpusIndex = CorpusIndex(directory: directory, toolkit: toolkit)
        if sources.isEmpty {
            let recorded = corpusIndex.recordedSources
            sources = recorded.isEmpty ? [URL(fileURLWithPath: "Corpus")] : recorded
        }
        let bar = ProgressBar(label: "indexing", quiet: quiet)
        let summary = try corpusIndex.refresh(
            sources: sources, rebuild: rebuild,
            warning: { if !quiet { Output.warn($0.description) } },
            progress: { bar.update(bytesDone: $0.bytesDone, totalBytes: $0.totalBytes, articles: $0.articles) })
        bar.finish()
        if json {
            print(try Output.json(summary, pretty: true))
            return
        }
        var line = "\(summary.index): \(summary.added) added, \(summary.updated) updated, \(summary.removed) removed, "
            + "\(summary.unchanged) unchanged; \(summary.documents) articles"
            + String(format: " (%.2f s)", summary.seconds)
        if let reason = summary.rebuiltBecause { line = "rebuilt because \(reason)\n" + line }
        line += "\nfiles: \(summary.filesRead) read, \(summary.filesUnchanged) unchanged"
            + (summary.filesAppended > 0 ? ", \(summary.filesAppended) read only for their appended records" : "")
            + String(format: " (%.1f MB read)", Double(summary.bytesRead) / 1e6)
        if summary.qualifiedIDs > 0 {
            line += "\n\(summary.qualifiedIDs) articles got ids qualified by their path (their own id was taken)"
        }
        print(line)
    }
}

/// The index a search-like command reads (--corpus, --index, --dictionaries), built on first use.
struct IndexSelection: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The corpus whose default index to use.", valueName: "dir"))
    var corpus: String?

    @OptionGroup var location: IndexLocationOptions
    @OptionGroup var dictionaryOptions: DictionaryOptions

    /// The corpus index, built first when it is the default one and does not exist yet (or its
    /// analyser changed), so that a fresh clone can search at once.
    func open() throws -> CorpusIndex {
        let toolkit = try dictionaryOptions.toolkit()
        let sources = [URL(fileURLWithPath: corpus ?? "Corpus")]
        let directory = location.directory(for: sources)
        let corpusIndex = CorpusIndex(directory: directory, toolkit: toolkit)
        let isDefault = location.index == nil && ProcessInfo.processInfo.environment[CorpusIndex.indexVariable] == nil
        if !corpusIndex.exists {
            guard isDefault else {
                throw JiansuoError.noIndex(directory.path)
            }
            FileHandle.standardError.write(Data("building the index of \(sources[0].path) in \(directory.path) (first use)…\n".utf8))
            let bar = ProgressBar(label: "indexing")
            _ = try corpusIndex.refresh(sources: sources, warning: { Output.warn($0.description) },
                                        progress: { bar.update(bytesDone: $0.bytesDone, totalBytes: $0.totalBytes, articles: $0.articles) })
            bar.finish()
        } else if isDefault, try corpusIndex.needsRefresh() {
            FileHandle.standardError.write(Data("the analyser or the entity extractor changed: rebuilding \(directory.path)…\n".utf8))
            let bar = ProgressBar(label: "rebuilding")
            _ = try corpusIndex.refresh(sources: sources, warning: { Output.warn($0.description) },
                                        progress: { bar.update(bytesDone: $0.bytesDone, totalBytes: $0.totalBytes, articles: $0.articles) })
            bar.finish()
        }
        return corpusIndex
    }
}

/// `jiansuo search`: ranked hits with snippets.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index: matching articles, best first.",
        discussion: """
            A query finds every article whose title or text contains it, exactly, whatever the \
            segmenter made of the characters around it; Traditional/Simplified, full-/half-width \
            and Latin case fold together. Words separated by spaces must all occur.

              a b                 both (also a AND b)
              "a phrase"          spaces and punctuation kept as written (also “…”)
              a OR b              either
              -word               exclude articles containing word (also NOT word)
              (a OR b) c          parentheses group
              title:词            only in titles (also text:)
              date:2022-03        a month (also date:2022, date:2022-01-01..2022-06-30)

            Entity filters (what `jiansuo extract` finds, stored in the index):
              province:山西       the article names 山西省 (full name, short name or code)
              city:宿迁  county:泗阳县
              region:江苏         江苏省 or any city or county in it (also in:江苏)
              company:京东        by canonical name, short name or brand; company:* any company
              money>=1亿          an amount of at least 1亿 CNY (also > < <=, money:1亿..10亿,
                                  money>500万美元; no currency named means CNY)
              currency:USD        an amount in US dollars (also currency:美元)
            A name several places share resolves as the extractor resolves it (吉林 is the \
            province); when it cannot, the error lists the places with their codes.

            Facets: --facets province,city,county,company,money,date counts, over every \
            matching article (not only the page), the top values of each: regions with their \
            code and path, companies by canonical name, amounts by order of magnitude per \
            currency, and articles per month.

            Precedence: words next to each other (AND) bind tighter than OR, and exclusions \
            apply to the whole query, or to the parentheses they are in: 'a OR b -c' and \
            'a -c OR b' both mean '(a OR b) -c'. An exclusion needs something to exclude from: \
            '-京东 date:2023' is every 2023 article without 京东; '-京东' alone is an error. \
            AND, OR and NOT are operators only in upper case; quote them ("AND") to search for \
            the word. A query word may start with '-' without a '--' before it.

            Every article holding the text is found; ranking is by words: an article where the \
            query stands as a word (京东 in 京东发布) ranks above one where it only hides inside \
            another word (北京东城区), numbers match whole (6.67 before 16.67), titles count \
            above text, a long bulletin is scored by its best passage, and close matches rank \
            above scattered ones; ties go to the newest article. Without --index, the index of \
            Corpus/ is used (and built on first use).

            Matches are shown in bold red on a terminal; otherwise (a pipe, a file, NO_COLOR) \
            they are marked ⟦乡村振兴⟧, not with 【】, which news titles use for their column. \
            With --json, highlights are Unicode scalar offsets into the article's text, like \
            snippetStart and snippetEnd.

            Examples:
              jiansuo search 乡村振兴
              jiansuo search '京东 宿迁' --limit 3
              jiansuo search '"消费帮扶" -京东 date:2022' --json
              jiansuo search 乡村振兴 -电商
              jiansuo search 京东 OR 拼多多 -宿迁 --count
              jiansuo search 助农 --count
              jiansuo search '新能源 region:江苏 company:* money>=1亿' --facets company,province
              jiansuo search 'company:京东 date:2022' --facets date --json
              jiansuo search 乡村振兴 --limit 1000 --fields id,score --json   # ids only: no snippets
            """
    )

    @Argument(parsing: .allUnrecognized,
              help: "The query (several arguments are joined with spaces; words may start with '-').")
    var query: [String] = []

    /// Reads the query words; `longOptions` lists this command's options (a word like `-json` is one dash short).
    static let queryWords = SearchQueryWords(longOptions: [
        "limit", "offset", "json", "count", "corpus", "index", "dictionaries", "help", "facets", "facet-limit", "fields",
        "verify",
    ])

    /// The range of --limit: enough for any page a person reads or a program pages through.
    static let limitOption = NumericOption(name: "--limit", range: 0...1_000_000)
    /// The range of --offset: any count; past the last hit the page is empty.
    static let offsetOption = NumericOption(name: "--offset", range: 0...Int.max)

    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("The number of hits to show (0 to 1000000).", valueName: "n"),
            transform: SearchCommand.limitOption.parse)
    var limit = 10

    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("The number of hits to skip, for paging (past the last hit: an empty page).", valueName: "n"),
            transform: SearchCommand.offsetOption.parse)
    var offset = 0

    @Flag(name: .long, help: "Print the results as JSON.")
    var json = false

    @Flag(name: .long, help: "Print only the number of matching articles (with --json: {\"total\": N}).")
    var count = false

    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("Count these over every matching article: province,city,county,company,money,date.",
                               valueName: "list"),
            transform: { try FacetKind.parseList($0) })
    var facets: [FacetKind] = []

    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("The fields of each hit to print, comma-separated: id,score,title,date,snippet,entities,url,source,path "
                               + "(default: all). id,score alone skips reading the articles: fast for large pages.",
                               valueName: "list"),
            transform: { try HitField.parseList($0) })
    var fields: [HitField] = []

    /// The range of --facet-limit.
    static let facetLimitOption = NumericOption(name: "--facet-limit", range: 1...10_000)

    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("Values shown per facet (1 to 10000).", valueName: "n"),
            transform: SearchCommand.facetLimitOption.parse)
    var facetLimit = 10

    @Flag(name: .long, help: ArgumentHelp(
        "Verify every index file's checksum before searching (reads the whole index).",
        discussion: "Without it each file's header, footer and size are checked, and damage met while reading is reported; `jiansuo check` verifies everything."))
    var verify = false

    @OptionGroup var selection: IndexSelection

    func validate() throws {
        _ = try SearchCommand.queryWords.text(query)
    }

    func run() throws {
        let text = try SearchCommand.queryWords.text(query)
        let corpusIndex = try selection.open()
        let searcher = verify
            ? CorpusSearcher(reader: try corpusIndex.reader(verifyChecksums: true), toolkit: corpusIndex.toolkit,
                             path: corpusIndex.directory.path)
            : try CorpusSearcher(index: corpusIndex)
        if count {
            let total = try searcher.count(text)
            print(json ? try Output.json(CountOutput(total: total), pretty: true) : String(total))
            return
        }
        let idsOnly = !fields.isEmpty && fields.allSatisfy { $0 == .id || $0 == .score }
        let results = try searcher.search(SearchRequest(query: text, limit: limit, offset: offset,
                                                        facets: facets, facetLimit: facetLimit, snippets: !idsOnly))
        if json {
            let output = SearchOutput(query: text, offset: offset, results: results)
            print(fields.isEmpty ? try Output.json(output, pretty: true) : try output.json(fields: fields))
            return
        }
        if !fields.isEmpty {
            print(SearchRendering.render(results, fields: fields, offset: offset))
            return
        }
        print(SearchRendering(colour: Output.colourEnabled).render(results, offset: offset))
    }
}

/// `jiansuo stats`: figures about an index.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Figures about an index: articles, terms, bytes.",
        discussion: """
            Examples:
              jiansuo stats
              jiansuo stats --index ~/news-index --json
            """
    )

    @Flag(name: .long, help: "Print the figures as JSON.")
    var json = false

    @OptionGroup var selection: IndexSelection

    func run() throws {
        let corpusIndex = try selection.open()
        let stats = try corpusIndex.reader().stats()
        if json {
            print(try Output.json(stats, pretty: true))
            return
        }
        let megabytes = { (bytes: Int) in String(format: "%.2f MB", Double(bytes) / 1_000_000) }
        print("""
            index:        \(corpusIndex.directory.path)
            articles:     \(stats.documents) (\(stats.deletedDocuments) deleted, not yet merged away)
            terms:        \(stats.terms)
            segments:     \(stats.segments)
            postings:     \(megabytes(stats.postingsBytes)) (term dictionaries and postings)
            stored:       \(megabytes(stats.storedBytes)) (articles)
            other:        \(megabytes(stats.otherBytes))
            total:        \(megabytes(stats.totalBytes))
            generation:   \(stats.generation)
            committed at: \(Output.isoDate(stats.committedAt))
            analyser:     \(stats.analyzer)
            """)
    }
}

/// `jiansuo check`: verify every file of an index.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify every file of an index (checksums, formats).",
        discussion: """
            Prints each problem with the file it is in and exits non-zero when there is any. \
            A damaged index can be rebuilt with `jiansuo index --rebuild`.

            Examples:
              jiansuo check
              jiansuo check --index ~/news-index
            """
    )

    @Option(name: .long, help: ArgumentHelp("The corpus whose default index to check.", valueName: "dir"))
    var corpus: String?

    @OptionGroup var location: IndexLocationOptions

    func run() throws {
        let directory = location.directory(for: [URL(fileURLWithPath: corpus ?? "Corpus")])
        guard Index.exists(at: directory) else { throw JiansuoError.noIndex(directory.path) }
        let problems = Index.check(at: directory)
        if problems.isEmpty {
            print("\(directory.path): ok")
            return
        }
        for problem in problems { FileHandle.standardError.write(Data("damaged: \(problem)\n".utf8)) }
        throw ExitCode(1)
    }
}
