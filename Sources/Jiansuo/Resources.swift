import Foundation

/// Chooses the dictionaries a process uses: `--dictionaries DIR`, else `$JIANSUO_DICTIONARIES`, else the
/// copy embedded in Jiansuo.
///
/// Why: an installed binary or a library user has no checkout; the embedded copy always exists, so only
/// an explicit choice can point elsewhere, and the working directory never changes which data is used.
public struct ResourceLocator: Sendable {
    /// The environment variable that names the Dictionaries folder explicitly.
    public static let dictionariesVariable = "JIANSUO_DICTIONARIES"

    /// An explicit folder (a `--dictionaries` option), if any.
    public var explicitDictionaries: URL?
    /// The process environment.
    public var environment: [String: String]

    /// A locator for this process, with an optional explicit folder.
    public init(
        explicitDictionaries: URL? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.explicitDictionaries = explicitDictionaries
        self.environment = environment
    }

    /// The dictionaries to use: the explicit folder, $JIANSUO_DICTIONARIES, or the embedded copy.
    ///
    /// A named folder must exist and hold words.txt; otherwise the error says which option named it.
    public func dictionarySource() throws(JiansuoError) -> DictionarySource {
        let chosen: (folder: URL, origin: String)
        if let explicitDictionaries {
            chosen = (explicitDictionaries, "--dictionaries")
        } else if let fromEnvironment = environment[Self.dictionariesVariable], !fromEnvironment.isEmpty {
            chosen = (URL(fileURLWithPath: fromEnvironment), "$\(Self.dictionariesVariable)")
        } else {
            return .embedded
        }
        let folder = chosen.folder.standardizedFileURL
        try DictionarySource.checkFolder(folder, origin: chosen.origin)
        return .folder(folder)
    }
}

extension DictionarySource {
    /// Throws unless `folder` is a folder holding words.txt; `origin` says who named it.
    static func checkFolder(_ folder: URL, origin: String?) throws(JiansuoError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue,
              FileManager.default.fileExists(atPath: folder.appendingPathComponent(wordListFile).path)
        else {
            throw .dictionariesNotFound(folder: folder.path, origin: origin)
        }
    }
}
