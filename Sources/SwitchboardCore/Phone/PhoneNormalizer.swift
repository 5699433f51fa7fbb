import Foundation

/// Turns what people type and what phone systems send into E.164: punctuation, `+`, `00`/`011`
/// international prefixes, national trunk prefixes (and countries that keep their leading 0),
/// NANP's 10 and 11 digits, extensions (`x123`, `ext. 123`, `#123`, `;ext=123`), `tel:` and `sip:`
/// URIs, and keypad letters (`1-800-FLOWERS`). Pure; no I/O.
public struct PhoneNormalizer: Sendable {
    public let country: CountryNumbering
    public let dialing: DialingOptions

    /// - Parameters:
    ///   - defaultCountry: where numbers without a country code are from (two letters, e.g. `US`).
    ///   - dialing: the call center's prefixes, for numbers as its phone system dials them.
    public init(defaultCountry: String, dialing: DialingOptions = .none) throws(PhoneNumberError) {
        guard let country = CountryNumbering.named(defaultCountry) else { throw .unknownCountry(defaultCountry) }
        self.country = country
        self.dialing = dialing
    }

    public func normalize(_ input: String) -> Result<PhoneNumber, PhoneNumberError> {
        var text = input.trimmingSpaces
        guard !text.isEmpty else { return .failure(.empty) }
        // Withheld caller ids arrive as words ("anonymous", "restricted"): a number has a digit.
        guard text.contains(where: \.isNumber) else { return .failure(.notANumber(input)) }
        var ext: String? = nil
        // URIs from phone systems: tel:+1-415-555-0134;ext=12, sip:+14155550134@pbx;user=phone.
        let lower = text.lowercased()
        if lower.hasPrefix("tel:") || lower.hasPrefix("sip:") || lower.hasPrefix("sips:") {
            text = String(text.drop { $0 != ":" }.dropFirst())
            if lower.hasPrefix("sip"), let at = text.firstIndex(of: "@") { text = String(text[..<at]) }
            let params = text.split(separator: ";", omittingEmptySubsequences: true)
            text = params.first.map(String.init) ?? ""
            for p in params.dropFirst() where p.lowercased().hasPrefix("ext=") { ext = String(p.dropFirst(4)).filter(\.isNumber) }
        }
        if ext == nil, let (main, found) = Self.splitExtension(text) { text = main; ext = found }
        // Keypad letters, as libphonenumber reads them: three letters or more make a vanity number.
        let letters = text.filter(\.isLetter)
        if letters.count >= 3 {
            text = String(text.map { Self.keypad[Character($0.uppercased())] ?? $0 })
        } else if !letters.isEmpty {
            return .failure(.notANumber(input))
        }
        guard text.allSatisfy({ Self.allowed.contains($0) }) else { return .failure(.notANumber(input)) }
        let plus = text.trimmingSpaces.hasPrefix("+") || text.hasPrefix("(+")
        if text.dropFirst().contains("+") && !text.hasPrefix("(+") { return .failure(.notANumber(input)) }
        var digits = text.filter(\.isNumber)
        guard digits.count >= 3 else { return .failure(.tooShort(input)) }
        guard digits.count <= 17 else { return .failure(.tooLong(input)) }

        if plus { return international(digits, ext: ext, input: input) }
        // An outside-line prefix from the phone system (9 on many PBXs), when what follows is a number.
        if !dialing.outsidePrefix.isEmpty, digits.hasPrefix(dialing.outsidePrefix), digits.count > country.lengths.upperBound {
            digits.removeFirst(dialing.outsidePrefix.count)
        }
        var idds = country.internationalPrefixes
        if !dialing.internationalPrefix.isEmpty { idds.insert(dialing.internationalPrefix, at: 0) }
        for idd in idds where digits.hasPrefix(idd) && digits.count > idd.count + 4 {
            if case .success(let n) = international(String(digits.dropFirst(idd.count)), ext: ext, input: input) { return .success(n) }
        }
        return national(digits, ext: ext, input: input)
    }

    private func international(_ digits: String, ext: String?, input: String) -> Result<PhoneNumber, PhoneNumberError> {
        guard let (code, rest) = CountryNumbering.splitCallingCode(digits) else { return .failure(.notANumber(input)) }
        var national = rest
        // "+44 (0)20 …": the national trunk 0 written after the country code is dropped.
        let countries = CountryNumbering.withCallingCode(code)
        if let c = countries.first, let trunk = c.trunkPrefix, trunk == "0", !c.keepsLeadingZero, national.hasPrefix("0"),
            c.lengths.contains(national.count - 1) {
            national.removeFirst()
        }
        if let c = countries.first {
            if national.count < c.lengths.lowerBound { return .failure(.tooShort(input)) }
            if national.count > c.lengths.upperBound { return .failure(.tooLong(input)) }
        } else if national.count < 4 || digits.count > 15 {
            return .failure(national.count < 4 ? .tooShort(input) : .tooLong(input))
        }
        return .success(PhoneNumber(countryCode: code, nationalNumber: national, extension: ext))
    }

    private func national(_ digits: String, ext: String?, input: String) -> Result<PhoneNumber, PhoneNumberError> {
        var national = digits
        var trunks = [country.trunkPrefix, dialing.longDistancePrefix.isEmpty ? nil : dialing.longDistancePrefix].compactMap { $0 }
        if country.keepsLeadingZero { trunks.removeAll { $0 == "0" } }
        for trunk in trunks where national.hasPrefix(trunk) && country.lengths.contains(national.count - trunk.count) && !country.lengths.contains(national.count) {
            national.removeFirst(trunk.count)
            break
        }
        // In countries with a 0 trunk prefix, a national number written with it is the usual form.
        if let trunk = country.trunkPrefix, trunk == "0", !country.keepsLeadingZero, national.hasPrefix("0"), country.lengths.contains(national.count - 1) {
            national.removeFirst()
        }
        if national.count < country.lengths.lowerBound { return .failure(.tooShort(input)) }
        if national.count > country.lengths.upperBound {
            // Perhaps it carries a country code without the +.
            if case .success(let n) = international(digits, ext: ext, input: input), n.countryCode == country.callingCode { return .success(n) }
            return .failure(.tooLong(input))
        }
        return .success(PhoneNumber(countryCode: country.callingCode, nationalNumber: national, extension: ext))
    }

    /// Splits `x123`, `ext. 123`, `extension 123`, `#123` and `, ext 123` off the end.
    static func splitExtension(_ text: String) -> (String, String)? {
        // Every marker has a letter, '#' or ';': text without them (most numbers) has no extension.
        guard text.utf8.contains(where: { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 35 || $0 == 59 || $0 >= 0x80 }) else { return nil }
        let lower = text.lowercased()
        for mark in [";ext=", "extension", "ext.", "ext", "#", "x"] {
            guard let range = lower.range(of: mark, options: .backwards) else { continue }
            let after = lower[range.upperBound...].drop { $0 == " " || $0 == ":" || $0 == "." }
            let before = lower[..<range.lowerBound]
            guard !after.isEmpty, after.allSatisfy(\.isNumber), after.count <= 10 else { continue }
            // "x" must follow a digit or a space, so letters of vanity numbers are not taken for it.
            if mark == "x", let last = before.last, !(last.isNumber || last == " " || last == ",") { continue }
            guard before.contains(where: \.isNumber) else { continue }
            let main = String(text[..<text.index(text.startIndex, offsetBy: before.count)]).trimmingSpaces
            return (main.hasSuffix(",") ? String(main.dropLast()).trimmingSpaces : main, String(after))
        }
        return nil
    }

    /// What may remain in a number once extensions and keypad letters are read.
    static let allowed = Set("0123456789+ -.()/\u{00A0}")

    static let keypad: [Character: Character] = {
        var map: [Character: Character] = [:]
        for (digit, letters) in [("2", "ABC"), ("3", "DEF"), ("4", "GHI"), ("5", "JKL"), ("6", "MNO"), ("7", "PQRS"), ("8", "TUV"), ("9", "WXYZ")] {
            for l in letters { map[l] = Character(digit) }
        }
        return map
    }()
}
