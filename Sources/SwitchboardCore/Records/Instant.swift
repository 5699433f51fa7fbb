/// A point in time, in whole milliseconds since 1970-01-01T00:00:00Z. Stored as an integer on both
/// engines so SQLite and PostgreSQL hold and sort it identically.
public struct Instant: Hashable, Sendable, Comparable, Codable {
    public var millisecondsSince1970: Int64
    public init(millisecondsSince1970: Int64) { self.millisecondsSince1970 = millisecondsSince1970 }
    public static func < (a: Instant, b: Instant) -> Bool { a.millisecondsSince1970 < b.millisecondsSince1970 }
    public func adding(milliseconds: Int64) -> Instant { Instant(millisecondsSince1970: millisecondsSince1970 + milliseconds) }

    /// Salesforce's REST form: `2026-11-21T09:30:00.000+0000`.
    public var salesforceFormat: String {
        let ms = millisecondsSince1970
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let msOfDay = ms - days * 86_400_000
        let (y, m, d) = CivilDate.civil(fromDays: days)
        let h = msOfDay / 3_600_000, mi = msOfDay / 60_000 % 60, s = msOfDay / 1000 % 60, f = msOfDay % 1000
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(f, 3))+0000"
    }

    /// Parses ISO 8601 as people and softphones send it: `2026-11-21`, `2026-11-21T09:30`,
    /// `…:00`, `….123`, with `Z`, `+01:00`, `+0100` or no zone (taken as UTC).
    public init?(iso8601 text: String) {
        var p = DigitScanner(text)
        guard let y = p.number(4), p.take("-"), let mo = p.number(2), p.take("-"), let d = p.number(2),
            (1...12).contains(mo), (1...CivilDate.daysIn(month: mo, year: y)).contains(d)
        else { return nil }
        var ms: Int64 = 0
        if p.take("T") || p.take(" ") {
            guard let h = p.number(2), p.take(":"), let mi = p.number(2), h < 24, mi < 60 else { return nil }
            var sec: Int64 = 0, frac: Int64 = 0
            if p.take(":") {
                guard let s = p.number(2), s < 60 else { return nil }
                sec = s
                if p.take(".") || p.take(",") {
                    guard let (value, count) = p.digits(), count > 0 else { return nil }
                    // Keep milliseconds; finer digits are dropped.
                    var v = value, c = count
                    while c > 3 { v /= 10; c -= 1 }
                    while c < 3 { v *= 10; c += 1 }
                    frac = v
                }
            }
            ms = ((h * 60 + mi) * 60 + sec) * 1000 + frac
            if p.take("Z") || p.take("z") {
            } else if let sign = p.sign() {
                guard let oh = p.number(2) else { return nil }
                _ = p.take(":")
                let om = p.number(2) ?? 0
                ms -= sign * (oh * 60 + om) * 60_000
            }
        }
        guard p.atEnd else { return nil }
        self.millisecondsSince1970 = CivilDate.days(year: y, month: mo, day: d) * 86_400_000 + ms
    }
}

private func pad(_ n: Int64, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// Calendar arithmetic on the proleptic Gregorian calendar (H. Hinnant's algorithms).
public enum CivilDate {
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Validates and normalizes a `YYYY-MM-DD` date; a full ISO date-time keeps its date part.
    public static func normalize(_ text: String) -> String? {
        let head = String(text.prefix(10))
        guard Instant(iso8601: head) != nil, text.count == 10 || Instant(iso8601: text) != nil else { return nil }
        return head
    }
}

struct DigitScanner {
    let bytes: [UInt8]
    var index = 0
    init(_ text: String) { bytes = Array(text.utf8) }
    var atEnd: Bool { index == bytes.count }
    mutating func take(_ c: Character) -> Bool {
        guard index < bytes.count, bytes[index] == c.asciiValue! else { return false }
        index += 1
        return true
    }
    mutating func number(_ width: Int) -> Int64? {
        guard index + width <= bytes.count else { return nil }
        var v: Int64 = 0
        for i in index..<index + width {
            guard (48...57).contains(bytes[i]) else { return nil }
            v = v * 10 + Int64(bytes[i] - 48)
        }
        index += width
        return v
    }
    mutating func digits() -> (Int64, Int)? {
        var v: Int64 = 0, n = 0
        while index < bytes.count, (48...57).contains(bytes[index]), n < 18 {
            v = v * 10 + Int64(bytes[index] - 48); n += 1; index += 1
        }
        while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
        return (v, n)
    }
    mutating func sign() -> Int64? {
        if take("+") { return 1 }
        if take("-") { return -1 }
        return nil
    }
}
