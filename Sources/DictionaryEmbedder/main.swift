// DictionaryEmbedder OUTPUT FILE...: writes a Swift source holding each FILE's text as a raw string
// literal, for the JiansuoDictionaries target (run by the EmbedDictionaries build-tool plugin).
//
// Why raw literals: the text stays as it is in the binary and costs nothing to decode at run time.
// A literal cannot collide with its delimiter: the `#` count is one more than the longest run of `#`
// after any `"` or `\` in the file; carriage returns and other control characters are written as
// escapes so the literal's value is the file's bytes exactly. A file that is not UTF-8 stops the build
// with its name and line, since no loader could read it either.
import Foundation

/// A message for the build log, in the form compilers use so IDEs point at the file.
struct EmbedError: Error, CustomStringConvertible {
    var description: String
}

/// The number of `#` the raw literal of `bytes` needs: one more than any run after `"` or `\`.
func delimiterCount(_ bytes: [UInt8]) -> Int {
    var longest = 0
    var index = 0
    while index < bytes.count {
        if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "\\") {
            var run = 0
            while index + 1 + run < bytes.count, bytes[index + 1 + run] == UInt8(ascii: "#") { run += 1 }
            longest = max(longest, run)
        }
        index += 1
    }
    return longest + 1
}

/// The body of a multi-line raw string literal whose value is exactly `text`.
func literalBody(_ text: String, hashes: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count + 64)
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x0A, 0x09:
            out.unicodeScalars.append(scalar)
        case 0x0D:
            out += "\\\(hashes)r"
        case 0x00..<0x20, 0x7F..<0xA0, 0xFEFF, 0x2028, 0x2029:
            out += "\\\(hashes)u{\(String(scalar.value, radix: 16))}"
        default:
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// The Swift source embedding `files` (name and bytes), sorted by name.
func source(for files: [(name: String, bytes: [UInt8])]) throws -> String {
    var out = """
        // Generated at build time by DictionaryEmbedder from the package's Dictionaries/ folder.
        // Never edit or commit: the EmbedDictionaries plugin rewrites it when a dictionary changes.

        extension EmbeddedDictionaries {
            /// Every embedded file: its name in Dictionaries/ and its text, byte for byte.
            static let generatedFiles: [(name: String, text: String)] = [

        """
    for file in files.sorted(by: { $0.name < $1.name }) {
        guard let text = String(validating: file.bytes, as: UTF8.self) else {
            let line = invalidUTF8Line(file.bytes)
            throw EmbedError(description: "\(file.name):\(line): error: not valid UTF-8; dictionaries must be UTF-8 text")
        }
        let hashes = String(repeating: "#", count: delimiterCount(file.bytes))
        let name = file.name.unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
        out += "        (name: \"\(name)\", text: \(hashes)\"\"\"\n"
        out += literalBody(text, hashes: hashes)
        out += "\n\"\"\"\(hashes)),\n"
    }
    out += "    ]\n}\n"
    return out
}

/// The 1-based line holding the first byte that is not part of valid UTF-8.
func invalidUTF8Line(_ bytes: [UInt8]) -> Int {
    var line = 1
    var start = 0
    for (index, byte) in bytes.enumerated() where byte == 0x0A {
        if String(validating: bytes[start..<index], as: UTF8.self) == nil { return line }
        line += 1
        start = index + 1
    }
    return line
}

func embed() throws {
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard let outputPath = arguments.first else {
        throw EmbedError(description: "usage: DictionaryEmbedder OUTPUT.swift [FILE...]")
    }
    var files: [(name: String, bytes: [UInt8])] = []
    for path in arguments.dropFirst() {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw EmbedError(description: "\(path): error: cannot read the dictionary (\(error.localizedDescription))")
        }
        files.append((url.lastPathComponent, [UInt8](data)))
    }
    let text = try source(for: files)
    let output = URL(fileURLWithPath: outputPath)
    // Leave an unchanged file untouched, so its dependants are not recompiled.
    if let existing = try? Data(contentsOf: output), existing == Data(text.utf8) { return }
    try Data(text.utf8).write(to: output, options: .atomic)
}

do {
    try embed()
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
