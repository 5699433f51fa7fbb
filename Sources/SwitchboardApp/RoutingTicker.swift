import Logging
import ServiceLifecycle
import SwitchboardCore
import SwitchboardServices

/// Routing's clock: every second, calls that rang too long go to the next agent and queued
/// calls go to agents who became available (`TelephonyEventService.tick`).
struct RoutingTicker: Service {
    let telephony: TelephonyEventService
    let principal: Principal
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let moved = try await telephony.tick(by: principal)
                if moved > 0 { logger.debug("routing moved calls", metadata: ["count": "\(moved)"]) }
            } catch {
                logger.warning("routing tick failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
