import ArgumentParser
import Foundation
import Jiansuo

/// `jiansuo segment`: text in, tokens out.
struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Split text into tokens (ICU plus Dictionaries/).",
        discussion: """
            Text comes from the argument, from --file, or from standard input. Each token has its \
            original text, its normalised form (NFKC, Traditional→Simplified, lower case), its kind \
            (word, number, latin, punctuation) and its offsets in Unicode scalars. Spaces are dropped.

            Examples:
              jiansuo segment 京东科技与江苏省宿迁市泗阳县政府合作
              jiansuo segment --json "鄉村振興６．６７億元"
              jiansuo segment --file news.txt --count     # only the number of tokens
            """
    )

    @Argument(help: "The text to segment (default: --file, or standard input).")
    var text: String?

    @Option(name: .long, help: ArgumentHelp("Segment this UTF-8 file instead.", valueName: "path"))
    var file: String?

    @Flag(name: .long, help: "Print a JSON array of tokens.")
    var json = false

    @Flag(name: .long, help: "Print only the number of tokens (punctuation excluded).")
    var count = false

    @OptionGroup var dictionaryOptions: DictionaryOptions

    func validate() throws {
        if text != nil && file != nil { throw ValidationError("give either TEXT or --file, not both") }
        if json && count { throw ValidationError("--json and --count do not go together") }
    }

    func run() throws {
        let toolkit = try dictionaryOptions.toolkit()
        let segmenter = try toolkit.makeSegmenter()
        let input: String
        if let text {
            input = text
        } else if let file {
            input = String(decoding: try StreamInput.read(file), as: UTF8.self)
        } else {
            input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        if count {
            var total = 0
            for line in input.split(separator: "\n", omittingEmptySubsequences: true) {
                total += segmenter.tokenCount(String(line))
            }
            print(total)
            return
        }
        let tokens = segmenter.segment(input)
        if json {
            print(try Output.json(tokens, pretty: true))
            return
        }
        var lines: [String] = []
        lines.reserveCapacity(tokens.count)
        for token in tokens {
            let shown = token.text.replacingOccurrences(of: "\n", with: "\\n")
            let normalised = token.normalized == token.text ? "" : "\t→ \(token.normalized)"
            lines.append("\(shown)\t\(token.kind.rawValue)\t\(token.start)-\(token.end)\(normalised)")
        }
        if !lines.isEmpty { print(lines.joined(separator: "\n")) }
    }
}
