import Foundation

/// Finds Jiansuo's data folders (Dictionaries/) for a process.
///
/// Why: the CLI may run from the repository, from an installed copy, or from tests; the
/// dictionaries must be found the same way everywhere, and a miss must say where it looked.
public struct ResourceLocator: Sendable {
    /// The environment variable that names the Dictionaries folder explicitly.
    public static let dictionariesVariable = "JIANSUO_DICTIONARIES"

    /// An explicit folder (a `--dictionaries` option), if any.
    public var explicitDictionaries: URL?
    /// The process environment.
    public var environment: [String: String]
    /// The current working directory.
    public var currentDirectory: URL
    /// The running executable, whose ancestors are searched last.
    public var executable: URL

    /// A locator for this process, with an optional explicit folder.
    public init(
        explicitDictionaries: URL? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        executable: URL = URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
    ) {
        self.explicitDictionaries = explicitDictionaries
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.executable = executable
    }

    /// The folders tried, in order: the explicit one, $JIANSUO_DICTIONARIES, ./Dictionaries, and
    /// Dictionaries/ beside each ancestor of the executable (a build in .build/release finds the checkout's).
    public var dictionaryCandidates: [URL] {
        var result: [URL] = []
        if let explicitDictionaries { return [explicitDictionaries] }
        if let fromEnvironment = environment[Self.dictionariesVariable], !fromEnvironment.isEmpty {
            return [URL(fileURLWithPath: fromEnvironment)]
        }
        result.append(currentDirectory.appendingPathComponent("Dictionaries"))
        var folder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            result.append(folder.appendingPathComponent("Dictionaries"))
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        return result
    }

    /// The Dictionaries folder: the first candidate that holds words.txt.
    public func dictionariesDirectory() throws(JiansuoError) -> URL {
        let candidates = dictionaryCandidates
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("words.txt").path) {
            return candidate.standardizedFileURL
        }
        throw .dictionariesNotFound(searched: candidates.map(\.path))
    }
}
