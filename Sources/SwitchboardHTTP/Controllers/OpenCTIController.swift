import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardServices

/// `/api/v1/opencti/…`: what the console calls to answer a softphone's Open CTI methods — the
/// softphone's call center, saveLog, searchAndScreenPop, runApex and FLOW pops — and the
/// console's search. The console turns these answers into the wire protocol's envelopes.
struct OpenCTIController {
    let openCTI: OpenCTIService
    let actions: ConsoleActionService

    func register(on api: RouterGroup<AppRequestContext>) {
        api.get("opencti/softphone", use: softphone)
        api.post("opencti/savelog", use: saveLog)
        api.post("opencti/searchandscreenpop", use: searchAndScreenPop)
        api.post("opencti/runapex", use: runApex)
        api.get("opencti/flows/:name", use: flow)
        api.get("search", use: search)
        api.get("screenpop/test", use: testScreenPop)
    }

    /// The signed-in user's call center as the console frames it, or why there is none.
    @Sendable func softphone(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let softphone = try await openCTI.softphone(for: principal)
        guard let callCenter = softphone.callCenter else {
            return Responses.json(.object([("callCenter", .null), ("reason", .string(softphone.reason ?? ""))]))
        }
        let d = callCenter.definition
        func number(_ n: Int?) -> JSON { n.map { .int(Int64($0)) } ?? .null }
        let settings = d.settings.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) }
        return Responses.json(.object([
            ("callCenter", .object([
                ("id", .string(callCenter.id.eighteen)), ("internalName", .string(d.internalName)), ("displayName", .string(d.displayName)),
                ("compatibilityMode", .string(d.compatibilityMode.rawValue)),
                ("adapterUrl", .string(d.adapterURL)), ("standbyUrl", d.standbyURL.map(JSON.string) ?? .null),
                ("timeoutMs", number(d.timeoutMilliseconds)), ("width", number(d.softphoneWidth)), ("height", number(d.softphoneHeight)),
                ("framedOrigins", .array(callCenter.framedOrigins.map(JSON.string))),
            ])),
            ("reason", .null),
            ("settings", .object(settings)),
        ]))
    }

    struct SaveLogBody: Decodable { let value: JSONFieldsBody? }

    /// saveLog: `{"value": {"entityApiName": "Task", "Subject": …}}` or `{"value": {"Id": …, …}}`.
    @Sendable func saveLog(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await Self.decode(SaveLogBody.self, request, context, example: #"{"value": {"entityApiName": "Task", "Subject": "Call"}}"#)
        guard let value = body.value else { throw APIError(.badRequest, "send {\"value\": {…}} with the fields to save", issues: [FieldIssue(field: "value", message: "is required")]) }
        let saved = try await openCTI.saveLog(try Responses.fields(value), by: principal)
        return Responses.json(.object([
            ("recordId", .string(saved.record.id.eighteen)), ("object", .string(saved.record.object.name)), ("created", .bool(saved.created)),
            ("ignoredFields", .array(saved.ignored.map { .object([("field", .string($0.field)), ("message", .string($0.message))]) })),
        ]), status: saved.created ? .created : .ok)
    }

    struct SearchBody: Decodable {
        let searchParams: String?
        let callType: String?
        let defaultFieldValues: [String: String]?
        let queryParams: String?
    }

    /// searchAndScreenPop: the matches in the Lightning and the Classic shape, where to pop
    /// (`pop`, shaped as Lightning's SCREEN_POP_DATA) and Classic's `screenPopUrl`.
    @Sendable func searchAndScreenPop(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await Self.decode(SearchBody.self, request, context, example: #"{"searchParams": "+14155550134", "callType": "inbound"}"#)
        let result = try await openCTI.searchAndScreenPop(body.searchParams ?? "", callType: body.callType, defaultFieldValues: body.defaultFieldValues, by: principal)
        var lightning: [(String, JSON)] = []
        var classic: [(String, JSON)] = []
        let single = result.matches.count == 1
        for match in result.matches {
            let record = match.record
            var l: [(String, JSON)] = [("Id", .string(record.id.eighteen)), ("RecordType", .string(record.object.name))]
            var c: [(String, JSON)] = []
            l.append(("Name", RecordJSON.value(record[record.object.nameField])))
            l.append(("LastModifiedDate", RecordJSON.value(record["LastModifiedDate"])))
            let fields = match.layoutObject?.fields ?? []
            for field in fields where record.object.field(named: field.apiName) != nil {
                let name = record.object.field(named: field.apiName)!.name
                if !l.contains(where: { $0.0 == name }) { l.append((name, RecordJSON.value(record[name]))) }
            }
            // Classic lists the name and, with one match, every layout field (§2.2).
            c.append(("Name", RecordJSON.value(record[record.object.nameField])))
            if single {
                for field in fields where field.apiName != "Name" {
                    if let name = record.object.field(named: field.apiName)?.name { c.append((name, RecordJSON.value(record[name]))) }
                }
            }
            c += [("object", .string(record.object.name)), ("displayName", .string(record.object.name + "s"))]
            lightning.append((record.id.eighteen, .object(l)))
            classic.append((record.id.eighteen, .object(c)))
        }
        return Responses.json(.object([
            ("callType", .string(result.callType.rawValue.lowercased())),
            ("returnValue", .object(lightning)),
            ("classic", .object(classic)),
            ("pop", result.target.map(Self.popJSON) ?? .null),
            ("screenPopUrl", result.target.map { .string($0.classicURL(queryParams: body.queryParams)) } ?? .null),
            ("query", Self.queryJSON(result.query)),
            ("matchReasons", .object(result.matches.map { ($0.record.id.eighteen, Self.reasonJSON($0.reason)) })),
        ]))
    }

    /// How the search text was read.
    static func queryJSON(_ query: CallerQuery) -> JSON {
        switch query {
        case .number(let n):
            .object([("kind", .string("number")), ("e164", .string(n.e164)), ("nationalNumber", .string(n.nationalNumber)),
                     ("extension", n.extension.map(JSON.string) ?? .null)])
        case .name(let text): .object([("kind", .string("name")), ("text", .string(text))])
        case .none(let reason): .object([("kind", .string("none")), ("reason", .string(reason))])
        }
    }

    static func reasonJSON(_ reason: MatchReason) -> JSON {
        .object([("query", .string(reason.query)), ("field", .string(reason.field)), ("rule", .string(reason.rule.rawValue)), ("rank", .int(Int64(reason.rank)))])
    }

    /// "Test a number" (supervisors and admins): `?number=&user=&callType=` → the query as read,
    /// the layout, every match with its reason, and the pop.
    @Sendable func testScreenPop(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let q = request.uri.queryParameters
        guard let user = q["user"].map(String.init), !user.isEmpty else {
            throw APIError(.badRequest, "name the user whose softphone layout applies: ?user=<username>", issues: [FieldIssue(field: "user", message: "is required")])
        }
        let result = try await openCTI.testScreenPop(q["number"].map(String.init) ?? "", user: user, callType: q["callType"].map(String.init), by: principal)
        return Responses.json(.object([
            ("query", Self.queryJSON(result.query)),
            ("layout", .string(result.layoutName)),
            ("callType", .string(result.callType.rawValue)),
            ("matches", .array(result.matches.map { match in
                .object([("Id", .string(match.record.id.eighteen)), ("RecordType", .string(match.record.object.name)),
                         ("Name", RecordJSON.value(match.record[match.record.object.nameField])),
                         ("value", RecordJSON.value(match.record[match.reason.field])), ("reason", Self.reasonJSON(match.reason))])
            })),
            ("pop", result.target.map(Self.popJSON) ?? .null),
            ("popDescription", .string(Self.describe(result.target, matches: result.matches.count))),
        ]))
    }

    static func describe(_ target: ScreenPopTarget?, matches: Int) -> String {
        let outcome = matches == 0 ? "No match" : matches == 1 ? "One match" : "\(matches) matches"
        guard let target else { return "\(outcome): the layout pops nothing" }
        switch target {
        case .record(let id): return "\(outcome): opens the record \(id.eighteen)"
        case .newRecord(let object, let defaults):
            return "\(outcome): opens a new \(object)" + (defaults.isEmpty ? "" : " with " + defaults.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", "))
        case .search(let text): return "\(outcome): opens the search page for \(text)"
        case .page(let url): return "\(outcome): opens the page \(url)"
        case .flow(let name): return "\(outcome): runs the flow \(name)"
        }
    }

    /// A pop as Lightning's `screenPop` arguments `{type, params}`, so SCREEN_POP_DATA can be
    /// passed back to `screenPop` unchanged (§1.7.2).
    static func popJSON(_ target: ScreenPopTarget) -> JSON {
        switch target {
        case .record(let id): .object([("type", .string("sobject")), ("params", .object([("recordId", .string(id.eighteen))]))])
        case .newRecord(let object, let defaults):
            .object([("type", .string("newRecord")), ("params", .object([
                ("entityName", .string(object)),
                ("defaultFieldValues", .object(defaults.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ]))])
        case .search(let text): .object([("type", .string("search")), ("params", .object([("searchString", .string(text))]))])
        case .page(let url): .object([("type", .string("url")), ("params", .object([("url", .string(url))]))])
        case .flow(let name): .object([("type", .string("flow")), ("params", .object([("flowDevName", .string(name)), ("flowArgs", .array([]))]))])
        }
    }

    struct ApexBody: Decodable {
        let apexClass: String?
        let methodName: String?
        let methodParams: String?
    }

    /// runApex: `{"runApex": result}`; an unknown action is a 404 "Could not load Apex class: …".
    @Sendable func runApex(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await Self.decode(ApexBody.self, request, context, example: #"{"apexClass": "MyClass", "methodName": "myMethod", "methodParams": "a=1"}"#)
        var issues: [FieldIssue] = []
        if (body.apexClass ?? "").isEmpty { issues.append(FieldIssue(field: "apexClass", message: "is required")) }
        if (body.methodName ?? "").isEmpty { issues.append(FieldIssue(field: "methodName", message: "is required")) }
        if !issues.isEmpty { throw APIError(.badRequest, "runApex needs an apex class and a method name", issues: issues) }
        let result = try await actions.runApex(apexClass: body.apexClass!, methodName: body.methodName!, methodParams: body.methodParams ?? "", by: principal)
        let value: String
        switch result {
        case .string(let s): value = JSON.string(s).serialized()
        case .json(let text):
            guard let data = text.data(using: .utf8), let parsed = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
                value = JSON.string(text).serialized()
                break
            }
            if let object = parsed as? [String: Any], object.count == 1, let inner = object["result"],
               let innerData = try? JSONSerialization.data(withJSONObject: inner, options: [.fragmentsAllowed]) {
                value = String(decoding: innerData, as: UTF8.self)
            } else {
                value = text
            }
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "{\"runApex\":\(value)}")))
    }

    /// The page a FLOW pop opens: `{"url": …}` with the flow's arguments (`?Name=value`) added.
    @Sendable func flow(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let arguments = request.uri.queryParameters.map { (String($0.key), String($0.value)) }.sorted { $0.0 < $1.0 }
        let url = try await actions.flowURL(try context.parameters.require("name"), arguments: arguments)
        return Responses.json(.object([("url", .string(url))]))
    }

    /// The console's search: `?q=` text, email or phone number, grouped by object.
    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let text = request.uri.queryParameters["q"].map(String.init) ?? ""
        let results = try await openCTI.search(text, by: principal)
        let query = try await openCTI.read(text, for: principal)
        return Responses.json(.object([
            ("searchString", .string(text)),
            ("query", Self.queryJSON(query)),
            ("results", .array(results.map { object, matches in
                .object([("object", .string(object.name)), ("label", .string(object.name + "s")),
                         ("records", .array(matches.map(\.record).map(RecordJSON.json))),
                         ("reasons", .object(matches.map { ($0.record.id.eighteen, Self.reasonJSON($0.reason)) }))])
            })),
        ]))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppRequestContext, example: String) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        do { return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView)) } catch {
            throw APIError(.badRequest, "the body is not the JSON expected (\(Responses.describe(error))); send e.g. \(example)")
        }
    }
}
