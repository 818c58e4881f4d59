// swift-tools-version:6.0
import PackageDescription

// Jiansuo (检索): full-text search and entity extraction over Chinese news.
// Module rooms follow ../shared/DESIGN.md: each target owns one concern.
let package = Package(
    name: "Jiansuo",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Jiansuo", targets: ["Jiansuo"]),
        .executable(name: "jiansuo", targets: ["jiansuo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Thin C shim over the system's libicu; its public header speaks only C integer types.
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n")]
        ),
        // Normalizer (NFKC, Traditional→Simplified, case) with offset maps; ICU segmenter + overlay.
        .target(name: "ChineseText", dependencies: ["CICU"]),
        // Files in, clean Articles out: formats, encodings, markup and boilerplate.
        .target(name: "NewsCorpus", dependencies: ["CICU", "ChineseText"]),
        // Segments, postings, commits, writer, reader, query parser, BM25, snippets.
        .target(name: "InvertedIndex", dependencies: ["ChineseText"]),
        // Gazetteers, matcher, region resolver, company rules, money parser.
        .target(name: "EntityExtraction", dependencies: ["ChineseText", "NewsCorpus"]),
        // Dictionaries/ compiled in (words.txt and every .tsv), so no install step or folder is needed.
        .target(name: "JiansuoDictionaries", plugins: ["EmbedDictionaries"]),
        // Reads Dictionaries/ at build time and writes them as Swift raw string literals (never committed).
        .plugin(name: "EmbedDictionaries", capability: .buildTool(), dependencies: ["DictionaryEmbedder"]),
        // The generator the plugin runs on the build machine.
        .executableTarget(name: "DictionaryEmbedder"),
        // The library facade: open a corpus, refresh its index, search, extract.
        .target(
            name: "Jiansuo",
            dependencies: ["ChineseText", "NewsCorpus", "InvertedIndex", "EntityExtraction", "JiansuoDictionaries"]
        ),
        // The command line.
        .executableTarget(
            name: "jiansuo",
            dependencies: ["Jiansuo", "ChineseText", "CICU", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Benchmarks: a program that prints figures (never a timed test). See README.md.
        .executableTarget(
            name: "jiansuo-bench",
            dependencies: ["Jiansuo", "ChineseText", "NewsCorpus", "InvertedIndex", "EntityExtraction", "CICU"],
            exclude: ["Scripts"]
        ),
        // Helpers shared by the test targets (a seeded generator); not part of any product.
        .target(name: "JiansuoTestSupport", path: "Tests/JiansuoTestSupport"),
        .testTarget(name: "ChineseTextTests", dependencies: ["JiansuoTestSupport", "ChineseText"]),
        .testTarget(name: "NewsCorpusTests", dependencies: ["JiansuoTestSupport", "NewsCorpus"], exclude: ["Fixtures"]),
        .testTarget(name: "InvertedIndexTests", dependencies: ["JiansuoTestSupport", "InvertedIndex"]),
        .testTarget(name: "EntityExtractionTests", dependencies: ["JiansuoTestSupport", "EntityExtraction"], exclude: ["Fixtures"]),
        // README.md's library example, byte for byte (JiansuoTests checks that, and runs it from elsewhere).
        .executableTarget(name: "ReadmeExample", dependencies: ["Jiansuo"], path: "Tests/ReadmeExample"),
        .testTarget(name: "JiansuoTests",
                    dependencies: ["JiansuoTestSupport", "Jiansuo", "jiansuo", "ReadmeExample", "DictionaryEmbedder"]),
    ],
    swiftLanguageModes: [.v6]
)
