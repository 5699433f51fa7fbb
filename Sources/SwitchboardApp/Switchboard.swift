import Foundation
public import Hummingbird
import HummingbirdWebSocket
public import Logging
import ServiceLifecycle
import UnixSignals
public import SwitchboardCore
public import SwitchboardHTTP
public import SwitchboardServices
public import SwitchboardStore

/// The composition root: opens the database, brings it up to date, and wires the services, the
/// HTTP application and the service group that runs them.
public struct Switchboard: Sendable {
    public let configuration: AppConfiguration
    public let database: Database
    public let records: RecordService
    public let auth: AuthService
    public let callCenters: CallCenterService
    public let layouts: SoftphoneLayoutService
    public let openCTI: OpenCTIService
    public let consoleActions: ConsoleActionService
    public let calls: CallLogService
    public let reports: CallReportService
    public let telephony: TelephonyEventService
    public let presence: PresenceService
    public let callControl: CallControlService
    public let connections: TelephonyConnectionService
    public let sipTrunks: SIPTrunkService
    /// The account the CLI and server-side work act as.
    public let system: Principal
    public let logger: Logger

    public static let version = "0.1.0"

    /// Opens and migrates the database and builds the services.
    /// - Parameter progress: told of each migration step, for the CLI.
    public static func open(
        _ configuration: AppConfiguration, logger: Logger, clock: any WallClock = SystemWallClock(),
        progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> Switchboard {
        _ = Telemetry.registry
        let database = try Database(url: configuration.databaseURL, maxConnectionsPerEventLoop: configuration.poolSize, logger: logger)
        do {
            do {
                try await Migrator(database: database).run { step in progress("[\(step.step)/\(step.total)] \(step.name)") }
            } catch {
                throw ConfigurationError("could not open the database \(Database.redact(configuration.databaseURL)): \(Database.explain(error))")
            }
            let ids = TimeOrderedIDGenerator(nowMillis: { clock.now().millisecondsSince1970 })
            let phoneIndexing = try PhoneIndexing(defaultCountry: configuration.phoneDefaultCountry)
            let recordRepository = SQLRecordRepository(database: database, phoneIndexing: phoneIndexing)
            try await recordRepository.ensurePhoneIndex(country: configuration.phoneDefaultCountry, progress: progress)
            let records = RecordService(repository: recordRepository, ids: ids, clock: clock)
            let callCenters = CallCenterService(repository: SQLCallCenterRepository(database: database), records: records, ids: ids, clock: clock)
            // Layouts and call centers are read by every screen pop; a change on another node shows within 5 s.
            let layouts = SoftphoneLayoutService(repository: SQLSoftphoneLayoutRepository(database: database), records: records, ids: ids,
                                                 clock: clock, cacheMilliseconds: 5_000)
            try await layouts.ensureStandard()
            let auth = AuthService(
                accounts: SQLAccountRepository(database: database), records: records,
                hasher: PasswordHasher(cost: UInt8(configuration.bcryptCost)), throttle: SignInThrottle(clock: clock),
                clock: clock, sessionLifetimeSeconds: Int64(configuration.sessionHours) * 3600,
                tokenCacheMilliseconds: Int64(configuration.tokenCacheSeconds) * 1000)
            let system = try await auth.systemPrincipal()
            let calls = CallLogService(records: records, callCenters: callCenters, dispositions: SQLDispositionRepository(database: database),
                                        lookup: SQLCallLogLookup(database: database), clock: clock,
                                        cacheMilliseconds: 5_000)
            let presence = PresenceService(repository: SQLPresenceRepository(database: database), records: records,
                                           wrapUp: SQLDispositionRepository(database: database), clock: clock)
            // A DNIS number changed on another node (or by the CLI) routes within 5 s, like layouts.
            let telephony = TelephonyEventService(records: records, calls: calls, store: SQLTelephonyCallRepository(database: database), presence: presence, clock: clock,
                                                  cacheMilliseconds: 5_000, ringTimeoutSeconds: Int64(configuration.ringTimeoutSeconds))
            let connectionStore = SQLTelephonyConnectionRepository(database: database)
            let providers = ProviderCommands(connections: connectionStore, webhooks: HTTPWebhookClient(), simulator: SimulatedFarEnd(),
                                             dialConnection: configuration.dialConnection, clock: clock)
            let callControl = CallControlService(telephony: telephony, calls: calls, providers: providers, clock: clock)
            let connections = TelephonyConnectionService(repository: connectionStore, auth: auth)
            // Trunks defined by an admin here take effect at once; by another process, within 5 s.
            let sipTrunks = SIPTrunkService(repository: SQLSIPTrunkRepository(database: database), realm: configuration.sipRealm, clock: clock)
            let reports = CallReportService(records: records, store: SQLCallReportRepository(database: database), clock: clock)
            let openCTI = OpenCTIService(records: records, callCenters: callCenters, layouts: layouts, calls: calls, phoneIndexing: phoneIndexing,
                                         clock: clock, cacheMilliseconds: 5_000)
            let consoleActions = ConsoleActionService(
                repository: SQLConsoleActionRepository(database: database), records: records, webhooks: HTTPWebhookClient(), clock: clock)
            return Switchboard(
                configuration: configuration, database: database, records: records, auth: auth, callCenters: callCenters, layouts: layouts,
                openCTI: openCTI, consoleActions: consoleActions, calls: calls, reports: reports, telephony: telephony, presence: presence,
                callControl: callControl, connections: connections, sipTrunks: sipTrunks, system: system, logger: logger)
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    /// The HTTP routes.
    public func router() -> Router<AppRequestContext> { buildRouter(httpDependencies(), logger: logger) }

    /// What the HTTP layer is given.
    func httpDependencies() -> HTTPDependencies {
        let database = self.database
        return HTTPDependencies(
            records: records, auth: auth, callCenters: callCenters, layouts: layouts, openCTI: openCTI, consoleActions: consoleActions,
            calls: calls, reports: reports, telephony: telephony, presence: presence, callControl: callControl, connections: connections, sipTrunks: sipTrunks, readiness: {
                do {
                    try await database.ping()
                    return nil
                } catch { return "the database does not answer: \(error)" }
            },
            metrics: { Telemetry.exposition() },
            secureCookies: configuration.secureCookies, publicDirectory: configuration.publicDirectory, version: Self.version)
    }

    /// The HTTP application with the database as a service: on SIGTERM the server stops taking
    /// connections and finishes in-flight requests, then the database closes.
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            server: .http1WebSocketUpgrade(webSocketRouter: buildWebSocketRouter(httpDependencies(), logger: logger)),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Switchboard"),
            services: [DatabaseService(database: database), sessionSweeper(), routingTicker()] + sipGateway(),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// The SIP gateway when `sip.enabled`; it prints where it listens, as the HTTP server does.
    func sipGateway() -> [any Service] {
        guard configuration.sipEnabled else { return [] }
        let host = configuration.sipHost
        let records = self.records
        let calling = SIPGateway.Calling(telephony: telephony, principal: system, username: { id in
            (try? await records.repository.find(StandardObjects.user, id: id))?["Username"].textValue
        }, trunks: Set(configuration.sipTrunks.map { String($0.prefix { $0 != ":" }) }), definedTrunks: { [sipTrunks] in try await sipTrunks.current() },
           outboundTrunk: configuration.sipOutboundTrunk, outboundCredentials: configuration.sipOutboundCredentials,
           pingTargets: Array(Set(configuration.sipTrunks.filter { $0.contains(":") } + [configuration.sipOutboundTrunk].compactMap { $0 })).sorted(),
           pingSeconds: configuration.sipTrunkPingSeconds) { [callControl] callKey, agent, to in
            // The phone's REFER is the agent's own Transfer: the same command, the same rules.
            guard let username = (try? await records.repository.find(StandardObjects.user, id: agent))?["Username"].textValue else { return }
            let principal = Principal(userID: agent, username: username, role: .agent, kind: .system)
            _ = try await callControl.perform(CallControlCommand(op: .transfer, callKey: callKey, to: to), by: principal)
        }
        return [SIPGateway(host: host, port: configuration.sipPort, realm: configuration.sipRealm, secret: (0..<32).map { _ in UInt8.random(in: 0...255) },
                           digestAlgorithms: configuration.sipDigestAlgorithms,
                           credentials: SQLSIPCredentialRepository(database: database), clock: SystemWallClock(), logger: logger, calling: calling) { port in
            Terminal.say("SIP is listening on udp:\(host):\(port)")
        }]
    }

    /// Removes expired sessions every hour, so the table holds only live ones.
    func sessionSweeper() -> Periodic {
        let (auth, logger) = (auth, logger)
        return Periodic(name: "removing expired sessions", interval: .seconds(3600), logger: logger) {
            let removed = try await auth.deleteExpiredSessions()
            if removed > 0 { logger.info("removed expired sessions", metadata: ["count": "\(removed)"]) }
        }
    }

    /// Routing's clock: every second, calls that rang too long go to the next agent and queued
    /// calls go to agents who became available (`TelephonyEventService.tick`); the simulated far
    /// end answers the calls agents dialled.
    func routingTicker() -> Periodic {
        let (telephony, simulator, system) = (telephony, callControl.providers.simulator, system)
        return Periodic(name: "routing", interval: .seconds(1), logger: logger) {
            _ = try await telephony.tick(by: system)
            await simulator.tick(telephony, by: system)
        }
    }

    /// Runs until SIGTERM or SIGINT.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onServerRunning: onServerRunning).runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    /// Closes the database; for commands that do not run the server.
    public func close() async throws {
        try await database.shutdown()
    }
}
