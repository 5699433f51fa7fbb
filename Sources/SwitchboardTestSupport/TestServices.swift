public import SwitchboardCore
public import SwitchboardServices
public import SwitchboardStore

/// The real services over a real test database, with a manual clock and a cheap bcrypt cost.
public struct TestServices: Sendable {
    public let database: Database
    public let clock: ManualClock
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
    public let system: Principal

    /// - Parameter webhooks: how apex webhooks are called; the app's HTTP client in tests that run them.
    ///   - cacheMilliseconds: the lifetime of the layout and call center caches (off by default).
    public static func make(_ backend: Database.Backend = .sqlite, webhooks: any WebhookClient = UnreachableWebhooks(), cacheMilliseconds: Int64 = 0) async throws -> TestServices {
        let database = try await TestDatabase.make(backend)
        let clock = ManualClock()
        let ids = TimeOrderedIDGenerator(nowMillis: { clock.now().millisecondsSince1970 })
        let records = RecordService(repository: SQLRecordRepository(database: database), ids: ids, clock: clock)
        let callCenters = CallCenterService(repository: SQLCallCenterRepository(database: database), records: records, ids: ids, clock: clock)
        let layouts = SoftphoneLayoutService(repository: SQLSoftphoneLayoutRepository(database: database), records: records, ids: ids,
                                             clock: clock, cacheMilliseconds: cacheMilliseconds)
        let auth = AuthService(
            accounts: SQLAccountRepository(database: database), records: records, hasher: PasswordHasher(cost: 4),
            throttle: SignInThrottle(clock: clock), clock: clock)
        let system = try await auth.systemPrincipal()
        let calls = CallLogService(records: records, callCenters: callCenters, dispositions: SQLDispositionRepository(database: database),
                                        lookup: SQLCallLogLookup(database: database), clock: clock)
        let presence = PresenceService(repository: SQLPresenceRepository(database: database), records: records,
                                       wrapUp: SQLDispositionRepository(database: database), clock: clock)
        let telephony = TelephonyEventService(records: records, calls: calls, store: SQLTelephonyCallRepository(database: database), presence: presence, clock: clock)
        let connectionStore = SQLTelephonyConnectionRepository(database: database)
        let providers = ProviderCommands(connections: connectionStore, webhooks: webhooks, simulator: SimulatedFarEnd(), dialConnection: nil, clock: clock)
        let callControl = CallControlService(telephony: telephony, calls: calls, providers: providers, clock: clock)
        let connections = TelephonyConnectionService(repository: connectionStore, auth: auth)
        let sipTrunks = SIPTrunkService(repository: SQLSIPTrunkRepository(database: database), realm: "switchboard", clock: clock, cacheMilliseconds: cacheMilliseconds)
        let reports = CallReportService(records: records, store: SQLCallReportRepository(database: database), clock: clock)
        let openCTI = OpenCTIService(records: records, callCenters: callCenters, layouts: layouts, calls: calls, clock: clock, cacheMilliseconds: cacheMilliseconds)
        let consoleActions = ConsoleActionService(
            repository: SQLConsoleActionRepository(database: database), records: records, webhooks: webhooks, clock: clock)
        return TestServices(
            database: database, clock: clock, records: records, auth: auth, callCenters: callCenters, layouts: layouts,
            openCTI: openCTI, consoleActions: consoleActions, calls: calls, reports: reports, telephony: telephony, presence: presence,
            callControl: callControl, connections: connections, sipTrunks: sipTrunks, system: system)
    }

    /// A principal of `role` backed by a real user, for permission tests.
    public func user(_ username: String, role: Role, password: String = "correct horse") async throws -> Principal {
        let user = try await auth.createUser(username: username, email: "\(username)@example.com", firstName: nil, lastName: username, role: role, password: password, by: system)
        return Principal(userID: user.id, username: username, role: role, kind: .system)
    }

    public func close() async throws { try await database.shutdown() }
}

/// For tests that never call a webhook: every call fails the way an unreachable host does.
public struct UnreachableWebhooks: WebhookClient {
    public init() {}
    public func postJSON(url: String, body: String, headers: [(String, String)], timeoutSeconds: Int) async throws -> (status: Int, contentType: String?, body: String) {
        throw UnreachableError(url: url)
    }
    struct UnreachableError: Error, CustomStringConvertible {
        let url: String
        var description: String { "\(url) is not reachable from this test" }
    }
}
