/// How one country writes its numbers: what E.164 needs to turn national forms into international
/// ones. Lengths are those of national significant numbers.
public struct CountryNumbering: Sendable, Hashable {
    public let region: String
    public let callingCode: Int
    /// Dialled before national numbers at home (`0`, `1` in NANP); stripped for E.164.
    public let trunkPrefix: String?
    /// Italy and a few others keep their leading 0 in E.164.
    public let keepsLeadingZero: Bool
    /// What is dialled there before a country code. Lengths below follow libphonenumber's metadata.
    public let internationalPrefixes: [String]
    public let lengths: ClosedRange<Int>

    public static func named(_ region: String) -> CountryNumbering? { table[region.uppercased()] }
    public static func withCallingCode(_ code: Int) -> [CountryNumbering] { table.values.filter { $0.callingCode == code } }

    static let table: [String: CountryNumbering] = {
        var t: [String: CountryNumbering] = [:]
        func add(_ region: String, _ code: Int, trunk: String?, keeps: Bool = false, idd: [String] = ["00"], _ lengths: ClosedRange<Int>) {
            t[region] = CountryNumbering(region: region, callingCode: code, trunkPrefix: trunk, keepsLeadingZero: keeps, internationalPrefixes: idd, lengths: lengths)
        }
        add("US", 1, trunk: "1", idd: ["011"], 10...10)
        add("CA", 1, trunk: "1", idd: ["011"], 10...10)
        add("GB", 44, trunk: "0", 7...10)
        add("IE", 353, trunk: "0", 7...10)
        add("DE", 49, trunk: "0", 4...15)
        add("AT", 43, trunk: "0", 4...13)
        add("CH", 41, trunk: "0", 9...12)
        add("FR", 33, trunk: "0", 9...9)
        add("BE", 32, trunk: "0", 8...9)
        add("NL", 31, trunk: "0", 5...11)
        add("IT", 39, trunk: nil, keeps: true, 6...12)
        add("ES", 34, trunk: nil, 9...9)
        add("PT", 351, trunk: nil, 9...9)
        add("SE", 46, trunk: "0", 6...12)
        add("NO", 47, trunk: nil, 5...8)
        add("DK", 45, trunk: nil, 8...8)
        add("FI", 358, trunk: "0", 5...12)
        add("PL", 48, trunk: nil, 6...10)
        add("AU", 61, trunk: "0", idd: ["0011"], 5...12)
        add("NZ", 64, trunk: "0", 5...10)
        add("JP", 81, trunk: "0", idd: ["010"], 8...17)
        add("IN", 91, trunk: "0", 8...13)
        // Brazil dials abroad as 00 + a carrier code.
        add("BR", 55, trunk: "0", idd: ["0012", "0014", "0015", "0021", "0023", "0025", "0031", "0041", "0043", "0055", "0065", "0099"], 8...11)
        add("MX", 52, trunk: nil, 10...11)
        add("ZA", 27, trunk: "0", 5...10)
        add("SG", 65, trunk: nil, idd: ["000", "001", "002", "003"], 8...11)
        add("HK", 852, trunk: nil, idd: ["001", "00"], 5...11)
        return t
    }()

    /// ITU-T E.164 calling codes: 1 and 7 have one digit, these have two, all others three.
    static let twoDigitCodes: Set<Int> = [
        20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58,
        60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
    ]

    /// Splits international digits into calling code and the rest; nil when no code fits.
    static func splitCallingCode(_ digits: String) -> (Int, String)? {
        guard let first = digits.first, first != "0" else { return nil }
        if first == "1" || first == "7" { return (Int(String(first))!, String(digits.dropFirst())) }
        guard digits.count >= 2, let two = Int(digits.prefix(2)) else { return nil }
        if twoDigitCodes.contains(two) { return (two, String(digits.dropFirst(2))) }
        guard digits.count >= 3, let three = Int(digits.prefix(3)) else { return nil }
        return (three, String(digits.dropFirst(3)))
    }
}
