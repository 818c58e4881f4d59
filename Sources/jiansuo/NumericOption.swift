import ArgumentParser
import Foundation

/// A whole-number command-line option with its allowed range: parsing and checking in one place.
///
/// Why: argument-parser reads `-1` after an option as a flag and reports a bare "invalid value" for
/// numbers out of `Int`'s range; every numeric option should instead accept what a user types and
/// name the option and its range when the value is wrong.
struct NumericOption: Sendable {
    /// The option as a user types it, e.g. "--limit".
    let name: String
    /// The values allowed.
    let range: ClosedRange<Int>

    /// The message for a value outside the range or not a whole number.
    var rangeMessage: String {
        "\(name) must be between \(range.lowerBound) and \(range.upperBound)"
    }

    /// The value `text` stands for; throws a `ValidationError` naming the option and its range.
    func parse(_ text: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var digits = Substring(trimmed)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.unicodeScalars.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }) else {
            throw ValidationError("\(rangeMessage) ('\(text)' is not a number)")
        }
        // A number too long for Int is out of range, on whichever side its sign puts it.
        guard let value = Int(trimmed), range.contains(value) else {
            throw ValidationError(rangeMessage)
        }
        return value
    }
}
