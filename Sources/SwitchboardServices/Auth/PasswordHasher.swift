import Dispatch
import HummingbirdBcrypt

/// Hashes and checks passwords with bcrypt (the ecosystem's implementation, not ours). The work
/// runs on a Dispatch queue so a slow hash never holds one of Swift's few cooperative threads.
public struct PasswordHasher: Sendable {
    /// bcrypt's cost: 12 in production (about a quarter second here); tests use 4.
    public let cost: UInt8

    public init(cost: UInt8 = 12) { self.cost = cost }

    public func hash(_ password: String) async -> String {
        let cost = self.cost
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Bcrypt.hash(password, cost: cost)) }
        }
    }

    /// Hashes on the calling thread; for start-up only.
    func hashNow(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    public func verify(_ password: String, hash: String) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Bcrypt.verify(password, hash: hash)) }
        }
    }
}
