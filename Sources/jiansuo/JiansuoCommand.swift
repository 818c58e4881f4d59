import ArgumentParser
import CICU
import Foundation
import Jiansuo

/// The `jiansuo` command: search and entity extraction over Chinese news.
@main
struct JiansuoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jiansuo",
        abstract: "检索 Jiansuo: full-text search and entity extraction over Chinese news.",
        discussion: """
            Point it at a folder of news (plain text, HTML, Markdown with front matter, JSON Lines, \
            Sogou XML; UTF-8, GB18030, Big5 or UTF-16): index and search it, extract regions, \
            companies and money, and read, segment and inspect the articles. Without a folder, \
            ./Corpus is used.

            Examples:
              jiansuo search 乡村振兴                # best hits, matches marked
              jiansuo index ~/news --index ~/idx     # index files of your own
              jiansuo extract 002_e1ff8f2086505bbe   # regions, companies, money

            Each command's own help ('jiansuo help <subcommand>') has more examples.
            """,
        subcommands: [
            SearchCommand.self, IndexCommand.self, EntitiesCommand.self, StatsCommand.self, CheckCommand.self,
            ExtractCommand.self, ShowCommand.self, IngestCommand.self, SegmentCommand.self,
            DictionariesCommand.self,
        ]
    )

    @Flag(name: .long, help: "Print the version, the ICU version and the dictionaries in use (with their SHA-256).")
    var version = false

    /// Runs the command line, with glibc's mmap threshold fixed at its default (128 KB) first.
    ///
    /// Why: glibc raises the threshold after the first large free (up to 32 MB); the index writer's
    /// big, short-lived buffers (a file's bytes, analysed batches) then come from the heap, which is
    /// seldom given back, and a full build of the news corpus peaks about 50 MB higher. A process-wide
    /// setting, so the program sets it, not the library.
    static func main() {
        _ = cicu_fix_mmap_threshold(128 << 10)
        main(nil)
    }

    func run() throws {
        guard version else { throw CleanExit.helpRequest(self) }
        print(try VersionReport.text(), terminator: "")
    }
}

/// Options shared by commands that segment text.
struct DictionaryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The Dictionaries folder (holding words.txt).",
        discussion: "Default: $\(ResourceLocator.dictionariesVariable), else the dictionaries built into jiansuo.",
        valueName: "dir"))
    var dictionaries: String?

    /// The toolkit over the chosen Dictionaries folder.
    func toolkit() throws -> Toolkit {
        try Toolkit(locator: ResourceLocator(explicitDictionaries: dictionaries.map { URL(fileURLWithPath: $0) }))
    }
}

/// Options naming the corpus folder.
struct CorpusOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The corpus folder.", valueName: "dir"))
    var corpus: String = "Corpus"

    /// The corpus folder as a URL.
    var url: URL { URL(fileURLWithPath: corpus) }
}
