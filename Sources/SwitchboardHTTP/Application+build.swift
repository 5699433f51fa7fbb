public import Hummingbird
public import Logging
public import SwitchboardServices
import Foundation

/// What the HTTP layer needs from the rest of the app.
public struct HTTPDependencies: Sendable {
    public var records: RecordService
    public var auth: AuthService
    public var callCenters: CallCenterService
    public var layouts: SoftphoneLayoutService
    public var openCTI: OpenCTIService
    public var consoleActions: ConsoleActionService
    public var calls: CallLogService
    public var reports: CallReportService
    public var telephony: TelephonyEventService
    public var presence: PresenceService
    public var callControl: CallControlService
    public var connections: TelephonyConnectionService
    public var sipTrunks: SIPTrunkService
    /// Nil when ready, else why not (the database does not answer, say).
    public var readiness: @Sendable () async -> String?
    /// The Prometheus exposition text.
    public var metrics: @Sendable () -> String
    /// Mark cookies `Secure`; set when Switchboard is served over HTTPS.
    public var secureCookies: Bool
    /// The folder of static assets; nil for the ones built into the binary.
    public var publicDirectory: String?
    public var version: String

    public init(
        records: RecordService, auth: AuthService, callCenters: CallCenterService, layouts: SoftphoneLayoutService,
        openCTI: OpenCTIService, consoleActions: ConsoleActionService, calls: CallLogService, reports: CallReportService, telephony: TelephonyEventService, presence: PresenceService,
        callControl: CallControlService, connections: TelephonyConnectionService, sipTrunks: SIPTrunkService, readiness: @escaping @Sendable () async -> String?, metrics: @escaping @Sendable () -> String,
        secureCookies: Bool = false, publicDirectory: String? = nil, version: String
    ) {
        self.records = records
        self.auth = auth
        self.callCenters = callCenters
        self.layouts = layouts
        self.openCTI = openCTI
        self.consoleActions = consoleActions
        self.calls = calls
        self.reports = reports
        self.telephony = telephony
        self.presence = presence
        self.callControl = callControl
        self.connections = connections
        self.sipTrunks = sipTrunks
        self.readiness = readiness
        self.metrics = metrics
        self.secureCookies = secureCookies
        self.publicDirectory = publicDirectory
        self.version = version
    }
}

/// The router consulted for WebSocket upgrades (`HTTPServerBuilder.http1WebSocketUpgrade`):
/// only the call control API, behind the same sign-in as every route.
public func buildWebSocketRouter(_ deps: HTTPDependencies, logger: Logger) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: AuthMiddleware(auth: deps.auth))
    CallControlController(callControl: deps.callControl).register(webSocketsOn: router)
    return router
}

/// Builds the router with every route and middleware. Tests call it directly.
public func buildRouter(_ deps: HTTPDependencies, logger: Logger) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware())
    let publicDirectory = deps.publicDirectory ?? Bundle.module.resourceURL!.appendingPathComponent("Public").path
    router.add(middleware: FileMiddleware(
        publicDirectory,
        cacheControl: .init([(MediaType(type: .any), [.maxAge(300)])]), searchForIndexHtml: false, logger: logger))
    router.add(middleware: AuthMiddleware(auth: deps.auth))

    HealthController(readiness: deps.readiness, metrics: deps.metrics).register(on: router)
    let document = OpenAPIDocument.document(version: deps.version).serialized()
    router.get("/api/v1/openapi.json") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: document)))
    }
    let api = router.group("/api/v1")
    AuthController(auth: deps.auth, records: deps.records, secureCookies: deps.secureCookies).register(on: router, api: api)
    TokenController(auth: deps.auth).register(on: api)
    ObjectController().register(on: api)
    RecordController(records: deps.records).register(on: api)
    CallCenterController(callCenters: deps.callCenters).register(on: api)
    SoftphoneLayoutController(layouts: deps.layouts).register(on: api)
    OpenCTIController(openCTI: deps.openCTI, actions: deps.consoleActions).register(on: api)
    ConsoleActionController(actions: deps.consoleActions).register(on: api)
    CallController(calls: deps.calls, records: deps.records).register(on: api)
    ReportController(reports: deps.reports).register(on: api)
    TelephonyController(telephony: deps.telephony, connections: deps.connections).register(on: api)
    SIPTrunkController(trunks: deps.sipTrunks).register(on: api)
    CallControlController(callControl: deps.callControl).register(on: api)
    PresenceController(presence: deps.presence).register(on: api)
    AdminController(publicDirectory: publicDirectory).register(on: router)
    OpenCTILibraryController(publicDirectory: publicDirectory).register(on: router)
    ConsoleController(publicDirectory: publicDirectory, openCTI: deps.openCTI).register(on: router)
    return router
}
