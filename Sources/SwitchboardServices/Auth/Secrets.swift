import Crypto

/// Random tokens and their stored hashes.
enum Secrets {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// `count` random base-62 characters from the system's secure generator (≈5.95 bits each).
    static func random(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// SHA-256 in hex: what is stored for session and API tokens, so a copy of the database
    /// does not let anyone in.
    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { b in
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }
}
