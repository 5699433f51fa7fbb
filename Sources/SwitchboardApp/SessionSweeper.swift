import Logging
import ServiceLifecycle
import SwitchboardServices

/// Removes expired sessions every `interval`, so the table holds only live ones.
struct SessionSweeper: Service {
    let auth: AuthService
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let removed = try await auth.deleteExpiredSessions()
                if removed > 0 { logger.info("removed expired sessions", metadata: ["count": "\(removed)"]) }
            } catch {
                logger.warning("could not remove expired sessions", metadata: ["error": "\(error)"])
            }
            // Ends early on graceful shutdown: the sleep is cancelled.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
