/// A Salesforce-shaped record id: 15 case-sensitive base-62 characters whose first three are the
/// object's key prefix (`003` Contact …). Softphones read the prefix and send ids back in either the
/// 15- or the 18-character form, so both parse; the 18-character form adds a case checksum.
public struct RecordID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The canonical 15-character, case-sensitive form; what the store keeps.
    public let rawValue: String

    /// Wraps an id already known to be a well-formed 15-character id.
    public init(unchecked rawValue: String) { self.rawValue = rawValue }

    /// Parses a 15- or 18-character id. An 18-character id restores its letters' case from its
    /// checksum, as Salesforce does, so a case-folded 18-character id still names the same record.
    public init(parsing text: String) throws(RecordIDError) {
        let chars = Array(text.utf8)
        guard chars.count == 15 || chars.count == 18 else { throw .wrongLength(text, chars.count) }
        for c in chars where !Base62.isDigit(c) { throw .invalidCharacter(text) }
        if chars.count == 15 {
            self.rawValue = text
            return
        }
        var base = Array(chars[0..<15])
        let suffix = Array(chars[15..<18])
        // Each suffix character encodes, for five characters of the base, which are upper-case letters.
        for chunk in 0..<3 {
            guard let bits = RecordID.checksumAlphabet.firstIndex(of: Base62.upper(suffix[chunk])) else {
                throw .badChecksum(text)
            }
            for i in 0..<5 {
                let index = chunk * 5 + i
                let c = base[index]
                let isLetter = Base62.isLetter(c)
                let wantsUpper = bits & (1 << i) != 0
                if wantsUpper && !isLetter { throw .badChecksum(text) }
                if isLetter { base[index] = wantsUpper ? Base62.upper(c) : Base62.lower(c) }
            }
        }
        self.rawValue = String(decoding: base, as: UTF8.self)
    }

    /// The three-character key prefix that names the object (`001`, `003`, …).
    public var keyPrefix: String { String(rawValue.prefix(3)) }

    /// The 18-character form: the 15 characters plus three checksum characters.
    public var eighteen: String {
        let chars = Array(rawValue.utf8)
        var suffix: [UInt8] = []
        for chunk in 0..<3 {
            var bits = 0
            for i in 0..<5 where Base62.isUpper(chars[chunk * 5 + i]) { bits |= 1 << i }
            suffix.append(RecordID.checksumAlphabet[bits])
        }
        return rawValue + String(decoding: suffix, as: UTF8.self)
    }

    public var description: String { eighteen }
    public static func < (lhs: RecordID, rhs: RecordID) -> Bool { lhs.rawValue < rhs.rawValue }

    static let checksumAlphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345".utf8)
}

/// Why a text is not a record id.
public enum RecordIDError: Error, Equatable, Sendable, CustomStringConvertible {
    case wrongLength(String, Int)
    case invalidCharacter(String)
    case badChecksum(String)

    public var description: String {
        switch self {
        case .wrongLength(let text, let count):
            "'\(text)' is not a record id: ids have 15 or 18 characters, this has \(count)"
        case .invalidCharacter(let text):
            "'\(text)' is not a record id: ids use only the letters A-Z, a-z and digits"
        case .badChecksum(let text):
            "'\(text)' is not a record id: its last three characters are not the checksum of the first fifteen"
        }
    }
}

/// Base-62 digits in Salesforce's order: 0-9, A-Z, a-z.
enum Base62 {
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    static func isDigit(_ c: UInt8) -> Bool { (48...57).contains(c) || isLetter(c) }
    static func isLetter(_ c: UInt8) -> Bool { isUpper(c) || (97...122).contains(c) }
    static func isUpper(_ c: UInt8) -> Bool { (65...90).contains(c) }
    static func upper(_ c: UInt8) -> UInt8 { (97...122).contains(c) ? c - 32 : c }
    static func lower(_ c: UInt8) -> UInt8 { isUpper(c) ? c + 32 : c }
}
