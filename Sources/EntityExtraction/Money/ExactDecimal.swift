/// An exact, non-negative decimal number: base-10 digits times a power of ten.
///
/// Money values must never pass through a binary float; this small type holds as many digits as the
/// text has and supports exactly what the numeral grammar needs: adding, shifting by powers of ten,
/// comparing, and printing as a plain decimal string without an exponent.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Little-endian base-10 digits with no zero at either end (empty for zero).
    private var digits: [UInt8]
    /// The power of ten the lowest digit stands for.
    private var exponent: Int

    /// Zero.
    public static let zero = ExactDecimal(digits: [], exponent: 0)

    /// A value from little-endian digits and an exponent; normalises away zeros at both ends.
    private init(digits: [UInt8], exponent: Int) {
        var digits = digits
        var exponent = exponent
        var low = 0
        while low < digits.count && digits[low] == 0 { low += 1 }
        if low == digits.count {
            self.digits = []
            self.exponent = 0
            return
        }
        if low > 0 {
            digits.removeFirst(low)
            exponent += low
        }
        while let last = digits.last, last == 0 { digits.removeLast() }
        self.digits = digits
        self.exponent = exponent
    }

    /// A whole number.
    public init(_ value: Int) {
        var digits: [UInt8] = []
        var rest = value.magnitude
        while rest > 0 {
            digits.append(UInt8(rest % 10))
            rest /= 10
        }
        self.init(digits: digits, exponent: 0)
    }

    /// Parses a plain decimal such as "1234.5" or "0.05" (ASCII digits and at most one point);
    /// nil for anything else (signs, exponents, separators, empty parts are not accepted).
    public init?(_ string: String) {
        var integerDigits: [UInt8] = []
        var fractionDigits: [UInt8] = []
        var seenPoint = false
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if seenPoint { fractionDigits.append(byte - UInt8(ascii: "0")) } else { integerDigits.append(byte - UInt8(ascii: "0")) }
            case UInt8(ascii: "."):
                if seenPoint { return nil }
                seenPoint = true
            default:
                return nil
            }
        }
        if integerDigits.isEmpty && fractionDigits.isEmpty { return nil }
        if seenPoint && (integerDigits.isEmpty || fractionDigits.isEmpty) { return nil }
        self.init(bigEndianDigits: integerDigits + fractionDigits, fractionCount: fractionDigits.count)
    }

    /// A value from big-endian digits (each 0...9) of which the last `fractionCount` are after the point.
    init(bigEndianDigits: [UInt8], fractionCount: Int) {
        self.init(digits: Array(bigEndianDigits.reversed()), exponent: -fractionCount)
    }

    /// True when the value is zero.
    public var isZero: Bool { digits.isEmpty }

    /// The value times 10^power (power may be negative).
    public func shifted(by power: Int) -> ExactDecimal {
        if digits.isEmpty { return self }
        return ExactDecimal(digits: digits, exponent: exponent + power)
    }

    /// The exact sum.
    public static func + (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        if lhs.digits.isEmpty { return rhs }
        if rhs.digits.isEmpty { return lhs }
        let low = Swift.min(lhs.exponent, rhs.exponent)
        let high = Swift.max(lhs.exponent + lhs.digits.count, rhs.exponent + rhs.digits.count)
        var out = [UInt8](repeating: 0, count: high - low + 1)
        var carry: UInt8 = 0
        for position in 0..<(high - low) {
            let power = low + position
            let sum = lhs.digit(atPower: power) + rhs.digit(atPower: power) + carry
            out[position] = sum % 10
            carry = sum / 10
        }
        out[high - low] = carry
        return ExactDecimal(digits: out, exponent: low)
    }

    /// The digit standing for 10^power (0 outside the stored digits).
    private func digit(atPower power: Int) -> UInt8 {
        let index = power - exponent
        return index >= 0 && index < digits.count ? digits[index] : 0
    }

    /// Orders by value.
    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        if lhs.digits.isEmpty { return !rhs.digits.isEmpty }
        if rhs.digits.isEmpty { return false }
        let lhsTop = lhs.exponent + lhs.digits.count
        let rhsTop = rhs.exponent + rhs.digits.count
        if lhsTop != rhsTop { return lhsTop < rhsTop }
        let low = Swift.min(lhs.exponent, rhs.exponent)
        var power = lhsTop - 1
        while power >= low {
            let a = lhs.digit(atPower: power)
            let b = rhs.digit(atPower: power)
            if a != b { return a < b }
            power -= 1
        }
        return false
    }

    /// Plain decimal notation: no exponent, no leading zeros, no trailing fractional zeros ("667000000", "0.5").
    public var description: String {
        if digits.isEmpty { return "0" }
        var out: [UInt8] = []
        let top = exponent + digits.count
        if top <= 0 {
            out.append(UInt8(ascii: "0"))
        } else {
            var power = top - 1
            while power >= 0 {
                out.append(UInt8(ascii: "0") + digit(atPower: power))
                power -= 1
            }
        }
        if exponent < 0 {
            out.append(UInt8(ascii: "."))
            var power = -1
            while power >= exponent {
                out.append(UInt8(ascii: "0") + digit(atPower: power))
                power -= 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
