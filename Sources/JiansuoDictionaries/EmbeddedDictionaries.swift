/// The package's Dictionaries/ files (words.txt and every .tsv) as they were when this module was built.
///
/// Why: an installed binary or a package depending on Jiansuo has no checkout to read them from; the
/// EmbedDictionaries build-tool plugin compiles them in, so they are always there and always match.
public enum EmbeddedDictionaries {
    /// The names of the embedded files (e.g. "words.txt", "regions.tsv"), sorted.
    public static var fileNames: [String] { generatedFiles.map(\.name) }

    /// The text of the embedded file `name`, byte for byte as it was in Dictionaries/; nil when absent.
    public static func text(named name: String) -> String? {
        generatedFiles.first { $0.name == name }?.text
    }
}
