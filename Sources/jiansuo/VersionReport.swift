import ChineseText
import Foundation
import Jiansuo

/// The text of `jiansuo --version`: versions, and each dictionary in use with its origin and digest.
///
/// Why: a bug report or an index rebuild should be traceable to the exact program and data; the
/// digests match `sha256sum` of the Dictionaries/ files the binary was built from.
enum VersionReport {
    /// The report for the dictionaries this process would use ($JIANSUO_DICTIONARIES, else embedded).
    static func text(locator: ResourceLocator = ResourceLocator()) throws -> String {
        let source = try locator.dictionarySource()
        var out = "jiansuo \(JiansuoVersion.current)\nICU \(ICUInfo.version)\n"
        switch source {
        case .embedded: out += "dictionaries: embedded (compiled into this binary)\n"
        case .folder(let url): out += "dictionaries: folder \(url.path)\n"
        }
        let digests = try source.digests()
        let width = digests.map(\.name.count).max() ?? 0
        for digest in digests {
            let name = digest.name.padding(toLength: width, withPad: " ", startingAt: 0)
            out += "  \(name)  sha256 \(digest.sha256)  \(digest.byteCount) bytes\n"
        }
        return out
    }
}
