import Testing
@testable import SwitchboardCore

@Suite("Phone numbers to E.164")
struct PhoneNormalizerTests {
    func e164(_ text: String, _ country: String = "US", _ dialing: DialingOptions = .none) -> String? {
        guard case .success(let n) = try! PhoneNormalizer(defaultCountry: country, dialing: dialing).normalize(text) else { return nil }
        return n.description
    }

    @Test("what people type", arguments: [
        ("(415) 555-0134", "US", "+14155550134"), ("1-415-555-0134", "US", "+14155550134"), ("415.555.0134", "US", "+14155550134"),
        ("+1 (415) 555-0134 x12", "US", "+14155550134;ext=12"), ("415-555-0134 ext. 7", "US", "+14155550134;ext=7"),
        ("415 555 0134 #88", "US", "+14155550134;ext=88"), ("1-800-FLOWERS", "US", "+18003569377"),
        ("020 7946 0958", "GB", "+442079460958"), ("+44 (0)20 7946 0958", "GB", "+442079460958"), ("00 44 20 7946 0958", "DE", "+442079460958"),
        ("011 44 20 7946 0958", "US", "+442079460958"), ("06 6982 1234", "IT", "+390669821234"), ("(02) 5550 1234", "AU", "+61255501234"),
        ("03-1234-5678", "JP", "+81312345678"), ("010 1 415 555 0134", "JP", "+14155550134"),
    ])
    func typed(text: String, country: String, expected: String) {
        #expect(e164(text, country) == expected)
    }

    @Test("what phone systems send", arguments: [
        ("tel:+1-415-555-0134;ext=12", "+14155550134;ext=12"), ("sip:+14155550134@pbx.example;user=phone", "+14155550134"),
        ("sips:4155550134@10.0.0.1", "+14155550134"), ("+14155550134", "+14155550134"),
    ])
    func systems(text: String, expected: String) {
        #expect(e164(text) == expected)
    }

    @Test("a call center's dialing options: an outside line, its own international prefix")
    func dialingOptions() {
        let pbx = DialingOptions(outsidePrefix: "9", longDistancePrefix: "1", internationalPrefix: "011")
        #expect(e164("9 1 415 555 0134", "US", pbx) == "+14155550134")
        #expect(e164("9 011 44 20 7946 0958", "US", pbx) == "+442079460958")
        #expect(e164("415 555 0134", "US", pbx) == "+14155550134")
    }

    @Test("what cannot be a number says so", arguments: [
        ("", PhoneNumberError.empty), ("anonymous", .notANumber("anonymous")), ("12", .tooShort("12")),
        ("+1 415 555 0134 5678", .tooLong("+1 415 555 0134 5678")), ("415*555*0134", .notANumber("415*555*0134")),
    ])
    func refused(text: String, error: PhoneNumberError) {
        #expect(throws: error) { try PhoneNormalizer(defaultCountry: "US").normalize(text).get() }
    }

    @Test("an unknown default country is refused")
    func unknownCountry() {
        #expect(throws: PhoneNumberError.unknownCountry("XX")) { try PhoneNormalizer(defaultCountry: "XX") }
    }
}
