import Foundation

/// What can go wrong in the facade, each case saying what to do about it.
public enum JiansuoError: Error, Sendable, CustomStringConvertible {
    /// A Dictionaries folder was named (by `origin`, e.g. "--dictionaries") that is missing or lacks words.txt.
    case dictionariesNotFound(folder: String, origin: String?)
    /// A path named by the user does not exist.
    case noSuchPath(String)
    /// No article in the corpus has this id or path.
    case articleNotFound(String, corpus: String, known: [String])
    /// A resource file could not be read or parsed.
    case resource(path: String, reason: String)
    /// No index exists in the folder named.
    case noIndex(String)
    /// The index was committed but its source ledger could not be written (a full disk, say).
    case ledgerNotWritten(path: String, operation: String, reason: String, bytesNeeded: Int, bytesFree: Int?,
                          generation: Int)
    /// An entity filter of a query (`province:…`, `company:…`, `money>=…`) names nothing or is malformed.
    case badFilter(String, reason: String)
    /// The index holds no entities (built before they were stored): refresh it.
    case noEntitiesInIndex(String)

    /// A one-paragraph message for people.
    public var description: String {
        switch self {
        case .dictionariesNotFound(let folder, let origin):
            return "\(folder): not a Dictionaries folder (it must exist and hold words.txt, regions.tsv and companies.tsv)"
                + (origin.map { "; it was named by \($0)" } ?? "")
                + ". Name a folder that holds them, or name none to use the dictionaries built into Jiansuo."
        case .noSuchPath(let path):
            return "no such file or folder: \(path)"
        case .articleNotFound(let key, let corpus, let known):
            let sample = known.prefix(5).joined(separator: ", ")
            return "no article with id or path '\(key)' in \(corpus)"
                + (known.isEmpty ? " (the corpus holds no articles)" : "; ids there include: \(sample)")
        case .resource(let path, let reason):
            return "\(path): \(reason)"
        case .noIndex(let path):
            return "no index at \(path); build one with 'jiansuo index PATH... --index \(path)'"
        case .ledgerNotWritten(let path, let operation, let reason, let needed, let free, let generation):
            let space = free.map { "; \($0) bytes are free there" } ?? ""
            return "\(path): cannot \(operation) the source ledger (\(reason)); it needs \(needed) bytes\(space). "
                + "The index itself is committed and complete (generation \(generation)) and searches correctly; "
                + "without its ledger the next refresh re-reads every source. Free some space and run 'jiansuo index' again."
        case .badFilter(let filter, let reason):
            return "in the query's filter \(filter): \(reason)"
        case .noEntitiesInIndex(let path):
            return "the index at \(path) holds no entities (it was built before entities were stored); run 'jiansuo index' to refresh it"
        }
    }
}
