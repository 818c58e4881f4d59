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
              jiansuo segment --lines < sentences.txt      # each input line as space-separated tokens
            """
    )

    @Argument(help: "The text to segment (default: --file, or standard input).")
    var text: String?

    @Option(name: .long, help: ArgumentHelp("Segment this file instead (UTF-8, GB18030, Big5 or UTF-16, detected as ingest does).", valueName: "path"))
    var file: String?

    @Flag(name: .long, help: "Print a JSON array of tokens.")
    var json = false

    @Flag(name: .long, help: "Print only the number of tokens (punctuation excluded).")
    var count = false

    @Flag(name: .long, help: "Print each input line as its tokens' original text, separated by spaces (punctuation kept).")
    var lines = false

    @OptionGroup var dictionaryOptions: DictionaryOptions

    func validate() throws {
        if text != nil && file != nil { throw ValidationError("give either TEXT or --file, not both") }
        if [json, count, lines].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --json, --count and --lines")
        }
    }

    func run() throws {
        let toolkit = try dictionaryOptions.toolkit()
        let segmenter = try toolkit.makeSegmenter()
        let input: String
        if let text {
            input = text
        } else {
            // Files and standard input are decoded as ingest decodes files (GB18030, Big5, UTF-16 too).
            let name = file ?? "standard input"
            let bytes = file != nil ? try StreamInput.read(name) : FileHandle.standardInput.readDataToEndOfFile()
            switch CorpusReader.decodeText(bytes) {
            case .success(let decoded):
                if decoded.damagedBytes > 0 {
                    Output.warn("\(name): \(decoded.damagedBytes) byte sequences not valid \(decoded.encoding) became U+FFFD"
                        + (decoded.firstDamagedOffset.map { " (the first at byte \($0))" } ?? ""))
                }
                input = decoded.text
            case .failure(let error):
                throw ValidationError("\(name): cannot be segmented: \(error.description)")
            }
        }
        if count {
            var total = 0
            for line in input.split(separator: "\n", omittingEmptySubsequences: true) {
                total += segmenter.tokenCount(String(line))
            }
            print(total)
            return
        }
        if lines {
            printLines(input, segmenter: segmenter)
            return
        }
        let tokens = segmenter.segment(input)
        if json {
            print(try Output.json(tokens, pretty: true))
            return
        }
        var rows: [String] = []
        rows.reserveCapacity(tokens.count)
        for token in tokens {
            let shown = token.text.replacingOccurrences(of: "\n", with: "\\n")
            let normalised = token.normalized == token.text ? "" : "\t→ \(token.normalized)"
            rows.append("\(shown)\t\(token.kind.rawValue)\t\(token.start)-\(token.end)\(normalised)")
        }
        if !rows.isEmpty { print(rows.joined(separator: "\n")) }
    }

    /// One output line per input line: the tokens' original text, space-separated, so word
    /// segmentation scorers (SIGHAN's span measure) can read it. Tokens cut from one original
    /// scalar (½ → 1⁄2) share its span and are printed once.
    private func printLines(_ input: String, segmenter: Segmenter) {
        var output = ""
        output.reserveCapacity(input.utf8.count * 2)
        for line in input.split(separator: "\n", omittingEmptySubsequences: false) {
            var end = 0
            var first = true
            for token in segmenter.segment(String(line)) where token.start >= end && token.end > token.start {
                if !first { output += " " }
                output += token.text
                first = false
                end = token.end
            }
            output += "\n"
        }
        if output.hasSuffix("\n\n") || (output == "\n" && input.isEmpty) { output.removeLast() }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
