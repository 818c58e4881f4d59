/// An exact, non-negative decimal number: base-10 digits times a power of ten.
///
/// Money values must never pass through a binary float; this small type holds as many digits as the
/// text has and supports exactly what the numeral grammar needs: adding, shifting by powers of ten,
/// comparing, and printing as a plain decimal string without an exponent.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The value as `mantissa` × 10^`exponent` when it has at most 18 significant digits (then `digits` is
    /// empty and `mantissa` ends in no zero); 0 for zero and for values held in `digits`.
    ///
    /// Why two forms: nearly every amount fits in one machine word, and the grammar adds and shifts many
    /// candidate numbers; the word form needs no allocation. Each value has exactly one form, so the
    /// synthesized equality and hashing compare values.
    private var mantissa: UInt64
    /// Little-endian base-10 digits with no zero at either end, for values of more than 18 significant
    /// digits (empty otherwise).
    private var digits: [UInt8]
    /// The power of ten the lowest digit stands for.
    private var exponent: Int

    /// 10^18: mantissas stay below it.
    private static let mantissaLimit: UInt64 = 1_000_000_000_000_000_000

    /// Zero.
    public static let zero = ExactDecimal(mantissa: 0, exponent: 0)

    /// A value from a mantissa below 10^18 and an exponent; removes the mantissa's trailing zeros.
    private init(mantissa: UInt64, exponent: Int) {
        if mantissa == 0 {
            self.mantissa = 0
            self.digits = []
            self.exponent = 0
            return
        }
        var mantissa = mantissa
        var exponent = exponent
        while mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
        self.mantissa = mantissa
        self.digits = []
        self.exponent = exponent
    }

    /// A value from little-endian digits and an exponent; normalises away zeros at both ends.
    private init(digits: [UInt8], exponent: Int) {
        var low = 0
        while low < digits.count && digits[low] == 0 { low += 1 }
        if low == digits.count {
            self.init(mantissa: 0, exponent: 0)
            return
        }
        var high = digits.count
        while high > low && digits[high - 1] == 0 { high -= 1 }
        if high - low <= 18 {
            var mantissa: UInt64 = 0
            var index = high
            while index > low {
                index -= 1
                mantissa = mantissa * 10 + UInt64(digits[index])
            }
            self.init(stored: mantissa, digits: [], exponent: exponent + low)
            return
        }
        self.init(stored: 0, digits: Array(digits[low..<high]), exponent: exponent + low)
    }

    /// The fields as given (already in their one form).
    private init(stored mantissa: UInt64, digits: [UInt8], exponent: Int) {
        self.mantissa = mantissa
        self.digits = digits
        self.exponent = exponent
    }

    /// A whole number.
    public init(_ value: Int) {
        let magnitude = UInt64(value.magnitude)
        if magnitude < ExactDecimal.mantissaLimit {
            self.init(mantissa: magnitude, exponent: 0)
            return
        }
        var digits: [UInt8] = []
        var rest = magnitude
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
        if bigEndianDigits.count <= 18 {
            var mantissa: UInt64 = 0
            for digit in bigEndianDigits { mantissa = mantissa * 10 + UInt64(digit) }
            self.init(mantissa: mantissa, exponent: -fractionCount)
            return
        }
        self.init(digits: Array(bigEndianDigits.reversed()), exponent: -fractionCount)
    }

    /// True when the value is zero.
    public var isZero: Bool { mantissa == 0 && digits.isEmpty }

    /// The value times 10^power (power may be negative).
    public func shifted(by power: Int) -> ExactDecimal {
        if isZero { return self }
        var result = self
        result.exponent += power
        return result
    }

    /// The little-endian digits of either form.
    private var allDigits: [UInt8] {
        if mantissa == 0 { return digits }
        var out: [UInt8] = []
        var rest = mantissa
        while rest > 0 {
            out.append(UInt8(rest % 10))
            rest /= 10
        }
        return out
    }

    /// The number of significant digits.
    private var digitCount: Int {
        if mantissa == 0 { return digits.count }
        var count = 1
        var bound: UInt64 = 10
        while count < 19 && mantissa >= bound {
            count += 1
            bound = bound &* 10
        }
        return count
    }

    /// `value` × 10^`power` when it stays below 10^18, else nil.
    @inline(__always)
    private static func scaled(_ value: UInt64, by power: Int) -> UInt64? {
        var result = value
        var left = power
        while left > 0 {
            let (product, overflow) = result.multipliedReportingOverflow(by: 10)
            if overflow || product >= mantissaLimit { return nil }
            result = product
            left -= 1
        }
        return result
    }

    /// The exact sum.
    public static func + (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        if lhs.isZero { return rhs }
        if rhs.isZero { return lhs }
        if lhs.digits.isEmpty && rhs.digits.isEmpty {
            let low = Swift.min(lhs.exponent, rhs.exponent)
            if let a = scaled(lhs.mantissa, by: lhs.exponent - low), let b = scaled(rhs.mantissa, by: rhs.exponent - low) {
                let sum = a + b   // both below 10^18: no overflow
                if sum < mantissaLimit { return ExactDecimal(mantissa: sum, exponent: low) }
            }
        }
        let lhsDigits = lhs.allDigits, rhsDigits = rhs.allDigits
        let low = Swift.min(lhs.exponent, rhs.exponent)
        let high = Swift.max(lhs.exponent + lhsDigits.count, rhs.exponent + rhsDigits.count)
        var out = [UInt8](repeating: 0, count: high - low + 1)
        var carry: UInt8 = 0
        for position in 0..<(high - low) {
            let power = low + position
            let sum = digit(lhsDigits, lhs.exponent, atPower: power) + digit(rhsDigits, rhs.exponent, atPower: power) + carry
            out[position] = sum % 10
            carry = sum / 10
        }
        out[high - low] = carry
        return ExactDecimal(digits: out, exponent: low)
    }

    /// The digit standing for 10^power in little-endian `digits` whose lowest digit stands for 10^exponent
    /// (0 outside them).
    private static func digit(_ digits: [UInt8], _ exponent: Int, atPower power: Int) -> UInt8 {
        let index = power - exponent
        return index >= 0 && index < digits.count ? digits[index] : 0
    }

    /// Orders by value.
    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        if lhs.isZero { return !rhs.isZero }
        if rhs.isZero { return false }
        let lhsTop = lhs.exponent + lhs.digitCount
        let rhsTop = rhs.exponent + rhs.digitCount
        if lhsTop != rhsTop { return lhsTop < rhsTop }
        if lhs.digits.isEmpty && rhs.digits.isEmpty {
            // Aligned to the lower exponent each has at most max(digit counts) <= 18 digits: no overflow.
            let low = Swift.min(lhs.exponent, rhs.exponent)
            if let a = scaled(lhs.mantissa, by: lhs.exponent - low), let b = scaled(rhs.mantissa, by: rhs.exponent - low) {
                return a < b
            }
        }
        let lhsDigits = lhs.allDigits, rhsDigits = rhs.allDigits
        let low = Swift.min(lhs.exponent, rhs.exponent)
        var power = lhsTop - 1
        while power >= low {
            let a = digit(lhsDigits, lhs.exponent, atPower: power)
            let b = digit(rhsDigits, rhs.exponent, atPower: power)
            if a != b { return a < b }
            power -= 1
        }
        return false
    }

    /// Plain decimal notation: no exponent, no leading zeros, no trailing fractional zeros ("667000000", "0.5").
    public var description: String {
        if isZero { return "0" }
        let digits = allDigits
        var out: [UInt8] = []
        let top = exponent + digits.count
        if top <= 0 {
            out.append(UInt8(ascii: "0"))
        } else {
            var power = top - 1
            while power >= 0 {
                out.append(UInt8(ascii: "0") + ExactDecimal.digit(digits, exponent, atPower: power))
                power -= 1
            }
        }
        if exponent < 0 {
            out.append(UInt8(ascii: "."))
            var power = -1
            while power >= exponent {
                out.append(UInt8(ascii: "0") + ExactDecimal.digit(digits, exponent, atPower: power))
                power -= 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
