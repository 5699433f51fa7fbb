import Logging
import ServiceLifecycle

/// Background work that runs every `interval` until graceful shutdown; a failed round is logged
/// and the next one runs. The app's periodic jobs are built on it (`sessionSweeper`, `routingTicker`).
struct Periodic: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Void

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do { try await work() } catch {
                logger.warning("\(name) failed", metadata: ["error": "\(error)"])
            }
            // Ends early on graceful shutdown: the sleep is cancelled.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
