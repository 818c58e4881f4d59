import CICU
import Foundation

/// Facts about the linked ICU library.
///
/// Why: the index records the analyser's fingerprint, and ICU's version is part of it.
public enum ICUInfo {
    /// ICU's version string, e.g. "72.1".
    public static var version: String {
        var buffer = [CChar](repeating: 0, count: 32)
        cicu_version(&buffer, Int32(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
