import Foundation
public import SwitchboardCore

/// Posts JSON to a webhook and returns its answer. The app implements it over HTTP; the service
/// only knows the port, so it stays free of I/O.
public protocol WebhookClient: Sendable {
    /// - Throws: when the URL cannot be reached or does not answer in time.
    /// - Parameter headers: extra request headers (a signature, say).
    func postJSON(url: String, body: String, headers: [(String, String)], timeoutSeconds: Int) async throws -> (status: Int, contentType: String?, body: String)
}

/// What an apex action answered: JSON text, or a plain string (what a `String` Apex method returns).
public enum ApexResult: Sendable, Hashable {
    case json(String)
    case string(String)
}

/// Registers, lists and runs console actions: `runApex` targets and FLOW screen-pop pages.
public struct ConsoleActionService: Sendable {
    let repository: any ConsoleActionRepository
    let records: RecordService
    let webhooks: any WebhookClient
    let clock: any WallClock

    public init(repository: any ConsoleActionRepository, records: RecordService, webhooks: any WebhookClient, clock: any WallClock) {
        self.repository = repository
        self.records = records
        self.webhooks = webhooks
        self.clock = clock
    }

    /// Every action; any signed-in user may read them (the console needs the flows).
    public func all(by principal: Principal) async throws -> [ConsoleAction] {
        try await repository.all()
    }

    /// Adds or replaces an action. Admins only.
    /// - Throws: `ConsoleActionError.invalid` naming every problem, `AuthError.forbidden`.
    public func register(kind: ConsoleAction.Kind, name: String, target: String, by principal: Principal) async throws -> ConsoleAction {
        guard principal.role >= .admin else { throw AuthError.forbidden(action: "registering console actions", needs: .admin, has: principal.role) }
        let name = name.trimmingSpaces, target = target.trimmingSpaces
        let problems = [ConsoleAction.nameProblem(name, kind: kind), ConsoleAction.targetProblem(target, kind: kind)].compactMap { $0 }
        guard problems.isEmpty else { throw ConsoleActionError.invalid(problems) }
        let action = ConsoleAction(kind: kind, name: name, target: target, createdAt: clock.now())
        try await repository.save(action)
        return action
    }

    /// Removes an action. Admins only.
    public func delete(kind: ConsoleAction.Kind, name: String, by principal: Principal) async throws {
        guard principal.role >= .admin else { throw AuthError.forbidden(action: "removing console actions", needs: .admin, has: principal.role) }
        guard try await repository.delete(kind: kind, name: name) else { throw ConsoleActionError.notFound(kind: kind, name: name) }
    }

    /// The page a FLOW screen pop opens, with `flowArgs` as query parameters.
    /// - Throws: `ConsoleActionError.notFound` when no flow has this name.
    public func flowURL(_ name: String, arguments: [(String, String)]) async throws -> String {
        guard let flow = try await find(.flow, name) else { throw ConsoleActionError.notFound(kind: .flow, name: name) }
        guard !arguments.isEmpty else { return flow.target }
        let query = arguments.map { "\(ScreenPopTarget.percentEncode($0.0))=\(ScreenPopTarget.percentEncode($0.1))" }.joined(separator: "&")
        return flow.target + (flow.target.contains("?") ? "&" : "?") + query
    }

    /// Runs `apexClass.methodName` with `methodParams` (a query string, as softphones send it).
    /// Webhooks get `{"action", "apexClass", "methodName", "methodParams", "params", "user"}` as
    /// JSON; a JSON answer `{"result": x}` gives `x`, any other JSON is the result as it is, and
    /// a text answer is a string result.
    /// - Throws: `ConsoleActionError.notFound` ("Could not load Apex class: …"), `.webhookFailed`.
    public func runApex(apexClass: String, methodName: String, methodParams: String, by principal: Principal) async throws -> ApexResult {
        let name = "\(apexClass).\(methodName)"
        guard let action = try await find(.apex, name) else { throw ConsoleActionError.notFound(kind: .apex, name: apexClass) }
        let params = Self.parseQuery(methodParams)
        if action.target.hasPrefix("builtin:") {
            return try await builtIn(String(action.target.dropFirst("builtin:".count)), params: params, methodParams: methodParams, principal: principal)
        }
        let body = try Self.jsonText([
            "action": name, "apexClass": apexClass, "methodName": methodName, "methodParams": methodParams,
            "params": Dictionary(params, uniquingKeysWith: { first, _ in first }),
            "user": ["id": principal.userID.eighteen, "username": principal.username],
        ])
        let answer: (status: Int, contentType: String?, body: String)
        do {
            answer = try await webhooks.postJSON(url: action.target, body: body, headers: [], timeoutSeconds: 10)
        } catch {
            throw ConsoleActionError.webhookFailed(name: name, reason: "\(action.target) could not be reached (\(error))")
        }
        guard (200..<300).contains(answer.status) else {
            throw ConsoleActionError.webhookFailed(name: name, reason: "\(action.target) answered HTTP \(answer.status)")
        }
        if answer.contentType?.lowercased().contains("json") == true { return .json(answer.body) }
        return .string(answer.body)
    }

    private func builtIn(_ name: String, params: [(String, String)], methodParams: String, principal: Principal) async throws -> ApexResult {
        switch name {
        case "echo":
            return .string(methodParams)
        case "currentUser":
            let user = try await records.repository.find(StandardObjects.user, id: principal.userID)
            return .json(try Self.jsonText([
                "Id": principal.userID.eighteen, "Username": principal.username, "Name": user?["Name"].textValue ?? principal.username,
                "CallCenterId": user?["CallCenterId"].textValue ?? NSNull(),
            ]))
        default:
            throw ConsoleActionError.webhookFailed(name: name, reason: "there is no built-in action '\(name)'")
        }
    }

    private func find(_ kind: ConsoleAction.Kind, _ name: String) async throws -> ConsoleAction? {
        try await repository.all().first { $0.kind == kind && $0.name.lowercased() == name.lowercased() }
    }

    /// A JSON object's text, keys sorted so answers are stable.
    static func jsonText(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// `a=1&b=x%20y` as pairs, `+` read as a space.
    public static func parseQuery(_ query: String) -> [(String, String)] {
        query.split(separator: "&").compactMap { part in
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = pair.first.map({ percentDecode(String($0)) }), !key.isEmpty else { return nil }
            return (key, pair.count > 1 ? percentDecode(String(pair[1])) : "")
        }
    }

    static func percentDecode(_ text: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.replacing("+", with: " ").utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
