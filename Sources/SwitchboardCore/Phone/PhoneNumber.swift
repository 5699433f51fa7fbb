/// A phone number in E.164 form, with its parts and any extension.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    /// The country calling code (1, 44, 353 …).
    public let countryCode: Int
    /// The national significant number: what follows the country code in E.164.
    public let nationalNumber: String
    /// Digits after an extension mark (`x123`, `ext. 123`, `;ext=123`), kept apart from the number.
    public let `extension`: String?

    public init(countryCode: Int, nationalNumber: String, extension: String? = nil) {
        self.countryCode = countryCode
        self.nationalNumber = nationalNumber
        self.extension = `extension`
    }

    /// `+14155550134`.
    public var e164: String { "+\(countryCode)\(nationalNumber)" }
    public var description: String { e164 + (`extension`.map { ";ext=\($0)" } ?? "") }
}

/// The prefixes a call center's phone system uses (opencti-spec.md §4.2, `reqDialingOptions`).
public struct DialingOptions: Hashable, Sendable {
    /// Dialled first to reach an outside line (often `9`).
    public var outsidePrefix: String
    /// Dialled before a national long-distance number (`1` in NANP, `0` in most of Europe).
    public var longDistancePrefix: String
    /// Dialled before a country code (`011` in NANP, `00` in most of the world).
    public var internationalPrefix: String

    public init(outsidePrefix: String = "", longDistancePrefix: String = "", internationalPrefix: String = "") {
        self.outsidePrefix = outsidePrefix.filter(\.isNumber)
        self.longDistancePrefix = longDistancePrefix.filter(\.isNumber)
        self.internationalPrefix = internationalPrefix.filter(\.isNumber)
    }

    public static let none = DialingOptions()
}

/// Why a text is not a phone number, said so a person can fix it.
public enum PhoneNumberError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case notANumber(String)
    case tooShort(String)
    case tooLong(String)
    case unknownCountry(String)

    public var description: String {
        switch self {
        case .empty: "there is no number"
        case .notANumber(let t): "'\(t)' is not a phone number"
        case .tooShort(let t): "'\(t)' has too few digits for a phone number"
        case .tooLong(let t): "'\(t)' has too many digits for a phone number"
        case .unknownCountry(let c): "'\(c)' is not a country Switchboard knows; use a two-letter code such as US or GB"
        }
    }
}
