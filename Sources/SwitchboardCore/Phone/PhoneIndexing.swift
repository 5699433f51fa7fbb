/// How phone fields are indexed for screen pop: each number by its national significant number
/// (the key every lookup uses) and, when it normalizes, its E.164 form. A number stored without a
/// country code therefore matches a caller's E.164 number by national number, and an extension
/// never stops the main number from matching.
public struct PhoneIndexing: Sendable {
    public let normalizer: PhoneNormalizer

    public init(defaultCountry: String) throws(PhoneNumberError) {
        normalizer = try PhoneNormalizer(defaultCountry: defaultCountry)
    }

    /// The org's default when none is configured.
    public static let standard = try! PhoneIndexing(defaultCountry: "US")

    /// One indexed phone field of one record.
    public struct Entry: Sendable, Hashable {
        public var field: String
        /// `+14155550134`, or nil when the stored text does not normalize (then only `national` matches).
        public var e164: String?
        /// The national significant number; for text that does not normalize, its digits without leading zeros.
        public var national: String
        public init(field: String, e164: String?, national: String) {
            self.field = field
            self.e164 = e164
            self.national = national
        }
    }

    /// The entries of every non-empty phone field of a record.
    public func entries(for record: Record) -> [Entry] {
        record.object.phoneFields.compactMap { field in
            guard let text = record[field.name].textValue else { return nil }
            return entry(field: field.name, text: text)
        }
    }

    public func entry(field: String, text: String) -> Entry? {
        switch normalizer.normalize(text) {
        case .success(let number):
            return Entry(field: field, e164: number.e164, national: number.nationalNumber)
        case .failure:
            // Numbers from countries the default does not fit ("020 7946 0018" in a US org) still
            // match by their digits.
            let digits = Self.withoutExtension(text).filter(\.isNumber).drop { $0 == "0" }
            return digits.count >= 4 ? Entry(field: field, e164: nil, national: String(digits)) : nil
        }
    }

    /// The text before an extension marker (`x`, `ext`, `#`, `;`).
    private static func withoutExtension(_ text: String) -> Substring {
        let marker = text.dropFirst().firstIndex { $0.isLetter || $0 == "#" || $0 == ";" }
        return marker.map { text[..<$0] } ?? text[...]
    }
}

/// What a caller id or search text is, for screen pop.
public enum CallerQuery: Sendable, Hashable {
    /// A phone number, normalized.
    case number(PhoneNumber)
    /// Text to match against names and emails.
    case name(String)
    /// No usable caller id: empty, withheld ("anonymous", "restricted"…) or garbled.
    case none(reason: String)

    /// Words phone systems send instead of a withheld number.
    static let withheld: Set<String> = ["anonymous", "restricted", "private", "withheld", "unknown", "unavailable", "blocked", "no caller id", "out of area"]

    /// Reads a search text with the call center's dialing options.
    public static func read(_ text: String, normalizer: PhoneNormalizer) -> CallerQuery {
        let trimmed = text.trimmingSpaces
        if trimmed.isEmpty { return .none(reason: "there is no caller id") }
        if withheld.contains(trimmed.lowercased()) { return .none(reason: "the caller id is withheld ('\(trimmed)')") }
        switch normalizer.normalize(trimmed) {
        case .success(let number): return .number(number)
        case .failure(let error):
            let letters = trimmed.filter(\.isLetter).count
            let digits = trimmed.filter(\.isNumber).count
            if letters >= 2 && digits == 0 { return .name(trimmed) }
            if trimmed.contains("@") { return .name(trimmed) }
            return .none(reason: "the caller id is not a number: \(error)")
        }
    }
}

/// Why a record matched a screen-pop search.
public struct MatchReason: Sendable, Hashable {
    public enum Rule: String, Sendable {
        case exactE164 = "exact E.164"
        case nationalNumber = "national number"
        case name
        case email
    }
    /// The normalized query: `+14155550134`, or the text searched.
    public var query: String
    public var field: String
    public var rule: Rule
    /// 1 is the best match.
    public var rank: Int
    public init(query: String, field: String, rule: Rule, rank: Int) {
        self.query = query
        self.field = field
        self.rule = rule
        self.rank = rank
    }
}
