import Foundation

/// One record of a delimited text file, with the 1-based line it starts on (for error messages).
struct DelimitedRecord: Sendable, Equatable {
    /// The 1-based line number where the record starts.
    var line: Int
    /// The fields, unquoted.
    var fields: [String]
}

/// Minimal RFC 4180 reader for the raw data files (CSV with quotes, or TSV without).
///
/// The raw files are small (< 1 MB), so this favours clarity over speed.
enum DelimitedText {
    /// Splits `text` into records. Quotes are honoured only when `quoting` is true (CSV);
    /// a leading byte-order mark, `\r\n` line ends and blank lines are tolerated.
    static func records(_ text: String, separator: Unicode.Scalar, quoting: Bool, file: String) throws(DictionaryBuildError) -> [DelimitedRecord] {
        var result: [DelimitedRecord] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var fieldWasQuoted = false
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var i = 0
        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                result.append(DelimitedRecord(line: recordLine, fields: fields))
            }
            fields = []
        }
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count && scalars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
            } else if quoting && c == "\"" && field.isEmpty && !fieldWasQuoted {
                inQuotes = true
                fieldWasQuoted = true
            } else if c == separator {
                endField()
            } else if c == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" {
                // CRLF: the \n ends the record on the next step.
            } else if c == "\n" {
                endRecord()
                line += 1
                recordLine = line
            } else {
                field.append(c)
            }
            i += 1
        }
        if inQuotes {
            throw .malformed(file: file, line: recordLine, reason: "a quoted field is never closed")
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return result
    }

    /// The lines of `text`, split on LF with a trailing CR removed (so CRLF files read the same).
    ///
    /// Splitting a `String` on the Character "\n" would miss CRLF, which Swift treats as one Character.
    static func lines(_ text: String) -> [String] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { bytes in
            var line = Substring(bytes)
            if line.utf8.last == UInt8(ascii: "\r") { line = line.dropLast() }
            return String(line)
        }
    }

    /// Reads a CSV file whose first record is a header, and returns the header and the data records.
    static func csv(at url: URL) throws(DictionaryBuildError) -> (header: [String], rows: [DelimitedRecord]) {
        let text = try readText(url)
        let all = try records(text, separator: ",", quoting: true, file: url.path)
        guard let first = all.first else {
            throw .malformed(file: url.path, line: 1, reason: "the file is empty; expected a header line")
        }
        return (first.fields, Array(all.dropFirst()))
    }

    /// Reads a whole file as UTF-8, with an error that names the file.
    static func readText(_ url: URL) throws(DictionaryBuildError) -> String {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .missingFile(path: url.path)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: String(describing: error))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .malformed(file: url.path, line: 1, reason: "the file is not valid UTF-8")
        }
        return text
    }
}

/// Column lookup by header name, so the readers do not depend on column order.
struct ColumnIndex: Sendable {
    private let positions: [String: Int]
    private let file: String

    /// Indexes `header`; `file` names the source in errors.
    init(_ header: [String], file: String) {
        var positions: [String: Int] = [:]
        for (i, name) in header.enumerated() where positions[name] == nil {
            positions[name.trimmingCharacters(in: .whitespaces)] = i
        }
        self.positions = positions
        self.file = file
    }

    /// The position of `column`, or an error naming the missing column.
    func position(_ column: String) throws(DictionaryBuildError) -> Int {
        guard let p = positions[column] else {
            throw .malformed(file: file, line: 1, reason: "the header has no column \"\(column)\"")
        }
        return p
    }

    /// The value of `column` in `record` ("" when the record is short).
    func value(_ column: Int, in record: DelimitedRecord) -> String {
        column < record.fields.count ? record.fields[column] : ""
    }
}
