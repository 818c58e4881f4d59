import Foundation
import Jiansuo

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to the terminal: stdout for results, stderr for warnings, JSON for programs.
enum Output {
    /// True when standard output is a terminal and NO_COLOR (no-color.org) is not set.
    static var colourEnabled: Bool {
        let environment = ProcessInfo.processInfo.environment
        return isatty(1) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    /// Writes `text` and a newline to standard error.
    static func warn(_ text: String) {
        FileHandle.standardError.write(Data(("warning: " + text + "\n").utf8))
    }

    /// Prints every ingest warning on standard error.
    static func warn(_ warnings: [IngestWarning]) {
        for warning in warnings { warn(warning.description) }
    }

    /// A date as every output prints it: ISO 8601 in UTC with seconds ("2024-05-01T08:30:00Z").
    ///
    /// Why: text and JSON must agree, and programs reading JSON should not have to know
    /// Foundation's reference date (the default `Date` encoding is seconds since 2001).
    static func isoDate(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// A JSON encoder with stable key order, readable slashes and CJK, and ISO 8601 dates: the one
    /// configuration every JSON output uses.
    static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(isoDate(date))
        }
        encoder.outputFormatting = pretty
            ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Encodes `value` as one line of JSON (JSON Lines) or pretty JSON.
    static func json<T: Encodable>(_ value: T, pretty: Bool = false) throws -> String {
        String(decoding: try encoder(pretty: pretty).encode(value), as: UTF8.self)
    }
}
