import Foundation
import SwitchboardCore

/// The REST API described as OpenAPI 3.1, served at `/api/v1/openapi.json`. Record schemas come
/// from the same object schema the server validates with; a test checks that the operations
/// listed here are exactly the routes the router has.
enum OpenAPIDocument {
    struct Operation {
        let method: String
        /// Path in the router's form (`/api/v1/records/:object`).
        let path: String
        let summary: String
        let tag: String
        var body: Body = .none
        var success: (code: String, description: String, schema: JSON?) = ("200", "OK", nil)
        var query: [(String, String)] = []
        var errors: [String] = ["400", "401", "403", "404"]
        var isPublic = false

        enum Body { case none, record, json(JSON), csv, form, xml }
    }

    static let recordRef = JSON.object([("$ref", .string("#/components/schemas/Record"))])
    static let errorRef = JSON.object([("$ref", .string("#/components/schemas/Error"))])

    static let reportQuery: [(String, String)] = [
        ("from", "first day (YYYY-MM-DD, local) or instant; default 7 days before to"), ("to", "last day, included, or an instant (excluded); default now"),
        ("timeZone", "IANA time zone for hours and days; default UTC"), ("agent", "a user id"), ("queue", "a queue name"),
        ("callType", "Inbound, Outbound, Internal…"), ("callCenter", "a call center id"),
    ]

    static let operations: [Operation] = [
        Operation(method: "get", path: "/healthz", summary: "The process answers", tag: "Operations", errors: [], isPublic: true),
        Operation(method: "get", path: "/readyz", summary: "The database answers (503 when not)", tag: "Operations", errors: ["503"], isPublic: true),
        Operation(method: "get", path: "/metrics", summary: "Prometheus metrics", tag: "Operations", success: ("200", "Prometheus text format", nil), errors: [], isPublic: true),
        Operation(method: "get", path: "/", summary: "Redirects to the sign-in or home page", tag: "Pages", success: ("303", "Redirect", nil), errors: [], isPublic: true),
        Operation(method: "get", path: "/signin", summary: "The sign-in page", tag: "Pages", success: ("200", "HTML page", nil), errors: [], isPublic: true),
        Operation(method: "post", path: "/signin", summary: "Signs in with a form (username, password, next); sets the session cookie", tag: "Pages",
                  body: .form, success: ("303", "Signed in; redirect to next", nil), errors: ["401", "403", "429"], isPublic: true),
        Operation(method: "post", path: "/signout", summary: "Signs out (form field csrf)", tag: "Pages", body: .form, success: ("303", "Redirect to sign-in", nil), errors: ["403"], isPublic: true),
        Operation(method: "get", path: "/home", summary: "The signed-in home page", tag: "Pages", success: ("200", "HTML page", nil), errors: [], isPublic: true),
        Operation(method: "get", path: "/admin/callcenters", summary: "The call center admin page (admins)", tag: "Pages", success: ("200", "HTML page", nil), errors: ["403"], isPublic: true),
        Operation(method: "get", path: "/api/v1/openapi.json", summary: "This document", tag: "Operations", errors: [], isPublic: true),
        Operation(method: "get", path: "/api/v1/session", summary: "Who is signed in, and the CSRF token for cookie-authenticated writes", tag: "Accounts", errors: ["401"]),
        Operation(method: "post", path: "/api/v1/users/:id/password", summary: "Sets a user's password (admins: anyone's; others: their own)", tag: "Accounts",
                  body: .json(.object([("type", .string("object")), ("required", .array([.string("password")])),
                                       ("properties", .object([("password", .object([("type", .string("string")), ("minLength", .int(8))]))]))])),
                  success: ("204", "Password set", nil)),
        Operation(method: "get", path: "/api/v1/tokens", summary: "Lists API tokens (admin)", tag: "Accounts"),
        Operation(method: "post", path: "/api/v1/tokens", summary: "Creates an API token (admin); the token is in this answer only", tag: "Accounts",
                  body: .json(.object([("type", .string("object")), ("required", .array([.string("name")])), ("properties", .object([
                      ("name", .object([("type", .string("string"))])),
                      ("role", .object([("type", .string("string")), ("enum", .array(Role.allCases.map { .string($0.rawValue) }))])),
                  ]))])), success: ("201", "Created", nil)),
        Operation(method: "delete", path: "/api/v1/tokens/:id", summary: "Revokes an API token (admin)", tag: "Accounts", success: ("204", "Revoked", nil)),
        Operation(method: "get", path: "/api/v1/objects", summary: "Lists the objects", tag: "Objects"),
        Operation(method: "get", path: "/api/v1/objects/:object", summary: "Describes an object's fields", tag: "Objects"),
        Operation(method: "get", path: "/api/v1/records/:object", summary: "Lists records with paging, sorting and field filters", tag: "Records",
                  success: ("200", "A page of records", .object([("$ref", .string("#/components/schemas/RecordPage"))])),
                  query: [("limit", "Page size, 1–2000 (default 50)"), ("offset", "Records to skip"),
                          ("sort", "Comma-separated fields, '-' for descending: sort=LastName,-CreatedDate"),
                          ("{Field}", "Filter: Field=value (equals) or Field.op=value with op eq, ne, lt, lte, gt, gte, startswith, null")]),
        Operation(method: "post", path: "/api/v1/records/:object", summary: "Creates a record", tag: "Records", body: .record,
                  success: ("201", "Created", recordRef), errors: ["400", "401", "403", "404", "409", "413"]),
        Operation(method: "get", path: "/api/v1/records/:object/:id", summary: "Reads a record (15- or 18-character id)", tag: "Records", success: ("200", "The record", recordRef)),
        Operation(method: "patch", path: "/api/v1/records/:object/:id", summary: "Changes the given fields of a record", tag: "Records", body: .record,
                  success: ("200", "The updated record", recordRef), errors: ["400", "401", "403", "404", "409", "413"]),
        Operation(method: "delete", path: "/api/v1/records/:object/:id", summary: "Deletes a record; lookups to it are cleared", tag: "Records", success: ("204", "Deleted", nil)),
        Operation(method: "post", path: "/api/v1/records/:object/import", summary: "Imports CSV (header of field names); valid rows are committed, bad rows reported", tag: "Records",
                  body: .csv, success: ("200", "The import report", .object([("$ref", .string("#/components/schemas/ImportReport"))]))),
        Operation(method: "get", path: "/api/v1/records/:object/export", summary: "Exports every record of the object as CSV", tag: "Records", success: ("200", "CSV", nil)),
        Operation(method: "get", path: "/api/v1/callcenters", summary: "Lists call centers (supervisor)", tag: "Call centers"),
        Operation(method: "post", path: "/api/v1/callcenters", summary: "Imports a definition file (import or Metadata format) as the body; ?preview=true checks it and stores nothing; ?fileName= gives a Metadata file's name", tag: "Call centers",
                  body: .xml, success: ("201", "Imported, with warnings", nil), errors: ["400", "401", "403", "409", "413"]),
        Operation(method: "get", path: "/api/v1/callcenters/:key", summary: "Reads a call center by id or internal name", tag: "Call centers"),
        Operation(method: "patch", path: "/api/v1/callcenters/:key", summary: "Changes values and labels, or adds items and sections: {\"changes\": [{section, item, value, label}]}", tag: "Call centers",
                  body: .json(.object([("type", .string("object"))])), errors: ["400", "401", "403", "404"]),
        Operation(method: "delete", path: "/api/v1/callcenters/:key", summary: "Deletes a call center that has no users", tag: "Call centers", success: ("204", "Deleted", nil), errors: ["401", "403", "404", "409"]),
        Operation(method: "post", path: "/api/v1/callcenters/:key/clone", summary: "Copies a call center under a new internal name: {internalName, displayName}", tag: "Call centers",
                  body: .json(.object([("type", .string("object"))])), success: ("201", "Cloned", nil), errors: ["400", "401", "403", "404", "409"]),
        Operation(method: "get", path: "/api/v1/callcenters/:key/export", summary: "The definition file; ?format=import (default) or metadata", tag: "Call centers", success: ("200", "XML", nil)),
        Operation(method: "get", path: "/api/v1/callcenters/:key/settings", summary: "The getCallCenterSettings map (agents: their own call center)", tag: "Call centers"),
        Operation(method: "get", path: "/api/v1/callcenters/:key/users", summary: "The users in the call center", tag: "Call centers"),
        Operation(method: "post", path: "/api/v1/callcenters/:key/users", summary: "Adds users: JSON {users: [username or email], move} or a CSV with a username or email column (?move=true); answers row by row", tag: "Call centers",
                  body: .json(.object([("type", .string("object"))]))),
        Operation(method: "get", path: "/api/v1/softphonelayouts", summary: "Lists softphone layouts (supervisor); there is always a default", tag: "Softphone layouts"),
        Operation(method: "post", path: "/api/v1/softphonelayouts", summary: "Creates a layout (admin): {name, isDefault, roles, users, callTypes: {Inbound: {callRelatedFields, objects: [{object, fields: [{apiName, displayName}]}], NoMatch, SingleMatch, MultipleMatches}, …}}", tag: "Softphone layouts",
                  body: .json(.object([("type", .string("object"))])), success: ("201", "Created", nil), errors: ["400", "401", "403", "409"]),
        Operation(method: "get", path: "/api/v1/softphonelayouts/effective", summary: "The getSoftphoneLayout answer (opencti-spec.md §4.8) for the caller, or ?user= (supervisor)", tag: "Softphone layouts"),
        Operation(method: "get", path: "/api/v1/softphonelayouts/:key", summary: "Reads a layout by id or name", tag: "Softphone layouts"),
        Operation(method: "put", path: "/api/v1/softphonelayouts/:key", summary: "Replaces a layout (admin)", tag: "Softphone layouts",
                  body: .json(.object([("type", .string("object"))])), errors: ["400", "401", "403", "404", "409"]),
        Operation(method: "delete", path: "/api/v1/softphonelayouts/:key", summary: "Deletes a layout that is not the default (admin)", tag: "Softphone layouts", success: ("204", "Deleted", nil), errors: ["401", "403", "404", "409"]),
        Operation(method: "get", path: "/admin/softphonelayouts", summary: "The softphone layout editor (admins)", tag: "Pages", success: ("200", "HTML page", nil), errors: ["403"], isPublic: true),
        Operation(method: "delete", path: "/api/v1/callcenters/:key/users/:user", summary: "Takes a user out of their call center", tag: "Call centers", success: ("204", "Removed", nil)),
        Operation(method: "get", path: "/support/api/:version/lightning/opencti_min.js", summary: "The Lightning Open CTI library (sforce.opencti), any version n.0; public, no cookies", tag: "Open CTI",
                  success: ("200", "JavaScript", nil), errors: ["404"], isPublic: true),
        Operation(method: "get", path: "/support/api/:version/lightning/opencti.js", summary: "The same library, under the un-minified name", tag: "Open CTI",
                  success: ("200", "JavaScript", nil), errors: ["404"], isPublic: true),
        Operation(method: "get", path: "/support/api/:version/interaction.js", summary: "The Classic Open CTI library (sforce.interaction), any version n.0; public", tag: "Open CTI",
                  success: ("200", "JavaScript", nil), errors: ["404"], isPublic: true),
        Operation(method: "get", path: "/console", summary: "The agent console (signed-in users)", tag: "Pages", success: ("200", "HTML page", nil), errors: [], isPublic: true),
        Operation(method: "get", path: "/console/page", summary: "The agent console framing a page of this host (?url=)", tag: "Pages", success: ("200", "HTML page", nil), errors: [], isPublic: true),
        Operation(method: "get", path: "/console/worklist", summary: "The agent console's call list (Sales Engagement work)", tag: "Pages", success: ("200", "HTML page", nil), errors: [], isPublic: true),
        Operation(method: "get", path: "/lightning/**", summary: "The agent console at a Lightning-shaped route (/lightning/r/{Object}/{Id}/view …)", tag: "Pages",
                  success: ("200", "HTML page", nil), errors: [], isPublic: true),
        Operation(method: "get", path: "/softphone", summary: "The demo softphone (the demo call center's adapter URL, /softphone/)", tag: "Open CTI",
                  success: ("200", "HTML page", nil), errors: [], isPublic: true),
        Operation(method: "get", path: "/api/v1/opencti/softphone", summary: "The signed-in user's call center as the console frames it (adapter URL, sizes, origins, settings map), or why there is none", tag: "Open CTI", errors: ["401"]),
        Operation(method: "post", path: "/api/v1/opencti/savelog", summary: "saveLog: {value: {entityApiName|Id, fields…}} creates or updates; unknown and read-only fields are ignored and listed", tag: "Open CTI",
                  body: .json(.object([("type", .string("object")), ("required", .array([.string("value")])), ("properties", .object([("value", .object([("type", .string("object"))]))]))])),
                  success: ("200", "{recordId, object, created, ignoredFields} (201 when created)", nil)),
        Operation(method: "post", path: "/api/v1/opencti/searchandscreenpop", summary: "searchAndScreenPop with the user's softphone layout: matches (Lightning and Classic shapes), the pop, Classic's screenPopUrl", tag: "Open CTI",
                  body: .json(.object([("type", .string("object")), ("properties", .object([("searchParams", .object([("type", .string("string"))])), ("callType", .object([("type", .string("string"))])), ("queryParams", .object([("type", .string("string"))])), ("defaultFieldValues", .object([("type", .string("object"))]))]))]))),
        Operation(method: "post", path: "/api/v1/opencti/runapex", summary: "runApex: runs the action registered as apexClass.methodName; {runApex: result}", tag: "Open CTI",
                  body: .json(.object([("type", .string("object")), ("required", .array([.string("apexClass"), .string("methodName")]))])), errors: ["400", "401", "404", "502"]),
        Operation(method: "get", path: "/api/v1/opencti/flows/:name", summary: "The page a FLOW screen pop opens, with the flow's arguments as query parameters", tag: "Open CTI", errors: ["401", "404"]),
        Operation(method: "get", path: "/api/v1/search", summary: "Searches Accounts, Contacts, Leads and Cases by name, email or phone number", tag: "Open CTI",
                  query: [("q", "the text, email or phone number")], errors: ["401"]),
        Operation(method: "get", path: "/api/v1/screenpop/test", summary: "Test a number: what a call from it would pop for a user, every match with its reason (supervisors, admins)", tag: "Open CTI",
                  query: [("number", "the caller id as the phone system sends it"), ("user", "username, email or id"), ("callType", "inbound (default), outbound or internal")]),
        Operation(method: "get", path: "/admin/screenpop", summary: "The 'test a number' page (admins)", tag: "Pages", success: ("200", "HTML page", nil), errors: ["403"], isPublic: true),
        Operation(method: "get", path: "/api/v1/consoleactions", summary: "Lists the apex actions and flows the console runs", tag: "Open CTI", errors: ["401"]),
        Operation(method: "put", path: "/api/v1/consoleactions/:kind/:name", summary: "Registers an apex action (kind apex, name Class.method, target builtin:echo or an https webhook) or a flow (kind flow, target a path) (admin)", tag: "Open CTI",
                  body: .json(.object([("type", .string("object")), ("required", .array([.string("target")]))]))),
        Operation(method: "delete", path: "/api/v1/consoleactions/:kind/:name", summary: "Removes a console action (admin)", tag: "Open CTI", success: ("204", "Removed", nil)),
        Operation(method: "post", path: "/api/v1/calls", summary: "Records a call a phone system or softphone reports (VoiceCall fields); a known VendorCallKey updates that call (200), else 201", tag: "Calls",
                  body: .record, success: ("201", "The VoiceCall", recordRef)),
        Operation(method: "post", path: "/api/v1/calls/:id/wrapup", summary: "Wraps a call up: disposition (one of the call center's), notes, afterCallWorkSeconds; writes and links its call Task", tag: "Calls",
                  body: .json(.object([("type", .string("object")), ("properties", .object([
                      ("disposition", .object([("type", .string("string"))])), ("notes", .object([("type", .string("string"))])),
                      ("afterCallWorkSeconds", .object([("type", .string("integer"))])),
                  ]))]))),
        Operation(method: "post", path: "/api/v1/telephony/events", summary: "A phone system's call event (API tokens): offered, queued, ringing, answered, held, resumed, transferred, ended, recording; a repeat (same id) changes nothing; an event that cannot apply is refused (409) with the reason", tag: "Telephony",
                  body: .json(.object([("type", .string("object")), ("required", .array([.string("callKey"), .string("type")])), ("properties", .object(
                      ["id", "callKey", "type", "at", "direction", "from", "to", "queue", "agent", "recordingUrl", "reason"].map { ($0, .object([("type", .string("string"))])) }))])),
                  errors: ["400", "401", "403", "409"]),
        Operation(method: "get", path: "/api/v1/telephony/calls/:callKey", summary: "One call as its events built it: phase, agent, times (API tokens, supervisors)", tag: "Telephony", errors: ["401", "403", "404"]),
        Operation(method: "get", path: "/api/v1/telephony/connections", summary: "Phone systems' webhooks for agents' commands (admins)", tag: "Telephony", errors: ["401", "403"]),
        Operation(method: "put", path: "/api/v1/telephony/connections/:id", summary: "Sets the webhook (and signing secret) agents' commands go to, for calls posted with API token :id (admins)", tag: "Telephony",
                  body: .json(.object([("type", .string("object")), ("required", .array([.string("webhookUrl"), .string("secret")]))])), errors: ["400", "401", "403"]),
        Operation(method: "delete", path: "/api/v1/telephony/connections/:id", summary: "Removes a connection's webhook (admins)", tag: "Telephony", success: ("204", "Removed", nil), errors: ["401", "403", "404"]),
        Operation(method: "get", path: "/api/v1/sip/trunks", summary: "The trunks and PBXs the SIP gateway takes calls from: addresses, digest username, whether a password is set (admins)", tag: "Telephony", errors: ["401", "403"]),
        Operation(method: "put", path: "/api/v1/sip/trunks/:name", summary: "Defines or replaces trunk :name: its IPv4 addresses (optional ports are pinged), and/or a digest username and password (12+ characters) it answers INVITE challenges with (admins)", tag: "Telephony",
                  body: .json(.object([("type", .string("object")), ("properties", .object([
                      ("addresses", .object([("type", .string("array")), ("items", .object([("type", .string("string"))]))])),
                      ("username", .object([("type", .string("string"))])), ("password", .object([("type", .string("string"))])),
                  ]))])), errors: ["400", "401", "403"]),
        Operation(method: "delete", path: "/api/v1/sip/trunks/:name", summary: "Removes a trunk: its INVITEs are refused from then on (admins)", tag: "Telephony", success: ("204", "Removed", nil), errors: ["401", "403", "404"]),
        Operation(method: "get", path: "/api/v1/callcontrol", summary: "The call control API: a WebSocket (docs/call-control.md); a plain GET answers 426", tag: "Telephony",
                  success: ("101", "Switching to the WebSocket protocol", nil), errors: ["401", "403", "426"]),
        Operation(method: "post", path: "/api/v1/telephony/simulate", summary: "A simulated caller rings a DNIS number: waits a minute for an agent, talks 30 s (supervisors; demos)", tag: "Telephony",
                  body: .json(.object([("type", .string("object")), ("required", .array([.string("from"), .string("to")]))])),
                  success: ("201", "The call as routed", nil), errors: ["400", "401", "403"]),
        Operation(method: "get", path: "/api/v1/telephony/waiting", summary: "Calls ringing or queued, with their queue position and wait (supervisors)", tag: "Telephony", errors: ["401", "403"]),
        Operation(method: "get", path: "/api/v1/presence", summary: "The signed-in agent's presence", tag: "Telephony", errors: ["401"]),
        Operation(method: "put", path: "/api/v1/presence", summary: "Chooses Available, Away (with a reason) or Offline; Busy and AfterCallWork come from calls (409 otherwise)", tag: "Telephony",
                  body: .json(.object([("type", .string("object")), ("required", .array([.string("status")]))])), errors: ["400", "401", "409"]),
        Operation(method: "get", path: "/api/v1/presence/reasons", summary: "The reasons agents may give for Away (empty: any text)", tag: "Telephony", errors: ["401"]),
        Operation(method: "put", path: "/api/v1/presence/reasons", summary: "Replaces the away reasons (admins)", tag: "Telephony",
                  body: .json(.object([("type", .string("object")), ("required", .array([.string("reasons")]))]))),
        Operation(method: "get", path: "/api/v1/presence/agents", summary: "Every agent's presence (supervisors)", tag: "Telephony", errors: ["401", "403"]),
        Operation(method: "get", path: "/api/v1/timeline/:id", summary: "A record's calls and tasks, newest first", tag: "Calls"),
        Operation(method: "get", path: "/api/v1/callcenters/:key/dispositions", summary: "The call center's dispositions, in order", tag: "Calls"),
        Operation(method: "put", path: "/api/v1/callcenters/:key/dispositions", summary: "Replaces the call center's dispositions (admins)", tag: "Calls",
                  body: .json(.object([("type", .string("object")), ("required", .array([.string("dispositions")])), ("properties", .object([
                      ("dispositions", .object([("type", .string("array")), ("items", .object([("type", .string("string"))]))])),
                  ]))]))),
        Operation(method: "get", path: "/api/v1/reports/calls", summary: "The call report: totals and by hour, day, agent, queue and call type (supervisors)", tag: "Reports", query: reportQuery),
        Operation(method: "get", path: "/api/v1/reports/calls/export", summary: "One breakdown of the call report as CSV (supervisors)", tag: "Reports",
                  success: ("200", "CSV", nil), query: reportQuery + [("breakdown", "summary, hour, day, agent, queue or callType")]),
        Operation(method: "get", path: "/api/v1/reports/calls/records", summary: "The calls behind the report as CSV, every VoiceCall field (supervisors)", tag: "Reports",
                  success: ("200", "CSV", nil), query: reportQuery),
        Operation(method: "get", path: "/admin/reports", summary: "The call reports page (supervisors, admins)", tag: "Pages", success: ("200", "HTML page", nil), errors: ["403"], isPublic: true),
        Operation(method: "get", path: "/admin/agents", summary: "The agents' presence board (supervisors, admins)", tag: "Pages", success: ("200", "HTML page", nil), errors: ["403"], isPublic: true),
        Operation(method: "get", path: "/admin/dispositions", summary: "The dispositions page (admins)", tag: "Pages", success: ("200", "HTML page", nil), errors: ["403"], isPublic: true),
        Operation(method: "get", path: "/admin/siptrunks", summary: "The SIP trunks page (admins)", tag: "Pages", success: ("200", "HTML page", nil), errors: ["403"], isPublic: true),
    ]

    static func document(version: String) -> JSON {
        var paths: [(String, [(String, JSON)])] = []
        for op in operations {
            let path = openAPIPath(op.path)
            let entry = (op.method, operation(op))
            if let i = paths.firstIndex(where: { $0.0 == path }) { paths[i].1.append(entry) } else { paths.append((path, [entry])) }
        }
        return .object([
            ("openapi", .string("3.1.0")),
            ("info", .object([("title", .string("Switchboard REST API")), ("version", .string(version)),
                              ("description", .string("Records with Salesforce field API names and ids. Authenticate with a session cookie (writes also send X-CSRF-Token) or 'Authorization: Bearer <API token>'. Errors are {\"error\": {\"status\", \"message\", \"issues\": [{\"field\", \"message\"}]}}."))])),
            ("paths", .object(paths.map { ($0.0, .object($0.1)) })),
            ("components", components()),
            ("security", .array([.object([("bearer", .array([]))]), .object([("session", .array([]))])])),
        ])
    }

    /// `/api/v1/records/:object` → `/api/v1/records/{object}`. A trailing `**` (any rest of the
    /// path, for the console's pages) stays as it is, as the router prints it.
    static func openAPIPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }

    private static func operation(_ op: Operation) -> JSON {
        var parameters: [JSON] = []
        for segment in op.path.split(separator: "/") where segment.hasPrefix(":") {
            let name = String(segment.dropFirst())
            var schema: [(String, JSON)] = [("type", .string("string"))]
            if name == "object" { schema.append(("enum", .array(StandardObjects.all.map { .string($0.name) }))) }
            parameters.append(.object([("name", .string(name)), ("in", .string("path")), ("required", .bool(true)), ("schema", .object(schema))]))
        }
        for (name, description) in op.query where name != "{Field}" {
            parameters.append(.object([("name", .string(name)), ("in", .string("query")), ("description", .string(description)), ("schema", .object([("type", .string("string"))]))]))
        }
        var members: [(String, JSON)] = [("summary", .string(op.summary)), ("tags", .array([.string(op.tag)])),
                                         ("operationId", .string(op.method + op.path.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "**", with: "path")))]
        if let filters = op.query.first(where: { $0.0 == "{Field}" }) { members.append(("description", .string(filters.1))) }
        if !parameters.isEmpty { members.append(("parameters", .array(parameters))) }
        switch op.body {
        case .none: break
        case .record: members.append(("requestBody", content("application/json", .object([("type", .string("object")), ("description", .string("Field API names (any case) and values"))]))))
        case .json(let schema): members.append(("requestBody", content("application/json", schema)))
        case .csv: members.append(("requestBody", content("text/csv", .object([("type", .string("string"))]))))
        case .form: members.append(("requestBody", content("application/x-www-form-urlencoded", .object([("type", .string("object"))]))))
        case .xml: members.append(("requestBody", content("application/xml", .object([("type", .string("string"))]))))
        }
        var responses: [(String, JSON)] = [(op.success.code, response(op.success.description, op.success.schema))]
        for code in op.errors { responses.append((code, response("Error", errorRef))) }
        members.append(("responses", .object(responses)))
        if op.isPublic { members.append(("security", .array([]))) }
        return .object(members)
    }

    private static func content(_ type: String, _ schema: JSON) -> JSON {
        .object([("required", .bool(true)), ("content", .object([(type, .object([("schema", schema)]))]))])
    }

    private static func response(_ description: String, _ schema: JSON?) -> JSON {
        guard let schema else { return .object([("description", .string(description))]) }
        return .object([("description", .string(description)), ("content", .object([("application/json", .object([("schema", schema)]))]))])
    }

    private static func components() -> JSON {
        var schemas: [(String, JSON)] = [
            ("Error", .object([("type", .string("object")), ("properties", .object([("error", .object([("type", .string("object")), ("properties", .object([
                ("status", .object([("type", .string("integer"))])), ("message", .object([("type", .string("string"))])),
                ("issues", .object([("type", .string("array")), ("items", .object([("type", .string("object")), ("properties", .object([
                    ("field", .object([("type", .string("string"))])), ("message", .object([("type", .string("string"))]))]))]))])),
            ]))]))]))])),
            ("Record", .object([("oneOf", .array(StandardObjects.all.map { .object([("$ref", .string("#/components/schemas/\($0.name)"))]) }))])),
            ("RecordPage", .object([("type", .string("object")), ("properties", .object([
                ("totalSize", .object([("type", .string("integer"))])), ("done", .object([("type", .string("boolean"))])),
                ("nextRecordsUrl", .object([("type", .string("string"))])), ("records", .object([("type", .string("array")), ("items", recordRef)])),
            ]))])),
            ("ImportReport", .object([("type", .string("object")), ("properties", .object([
                ("object", .object([("type", .string("string"))])), ("rowsRead", .object([("type", .string("integer"))])),
                ("created", .object([("type", .string("integer"))])), ("failed", .object([("type", .string("integer"))])),
                ("issues", .object([("type", .string("array")), ("items", .object([("type", .string("object"))]))])),
            ]))])),
        ]
        for object in StandardObjects.all {
            var properties: [(String, JSON)] = [("attributes", .object([("type", .string("object"))]))]
            for field in object.fields { properties.append((field.name, fieldSchema(field))) }
            let required = object.fields.filter(\.required).map { JSON.string($0.name) }
            var members: [(String, JSON)] = [("type", .string("object")), ("properties", .object(properties))]
            if !required.isEmpty { members.append(("required", .array(required))) }
            schemas.append((object.name, .object(members)))
        }
        return .object([
            ("schemas", .object(schemas)),
            ("securitySchemes", .object([
                ("bearer", .object([("type", .string("http")), ("scheme", .string("bearer"))])),
                ("session", .object([("type", .string("apiKey")), ("in", .string("cookie")), ("name", .string("sb_session"))])),
            ])),
        ])
    }

    static func fieldSchema(_ field: FieldSchema) -> JSON {
        var members: [(String, JSON)]
        switch field.type {
        case .boolean: members = [("type", .array([.string("boolean"), .string("null")]))]
        case .integer: members = [("type", .array([.string("integer"), .string("null")]))]
        case .double: members = [("type", .array([.string("number"), .string("null")]))]
        case .dateTime: members = [("type", .array([.string("string"), .string("null")])), ("format", .string("date-time"))]
        case .date: members = [("type", .array([.string("string"), .string("null")])), ("format", .string("date"))]
        case .picklist(let values, true):
            members = [("type", .array([.string("string"), .string("null")])), ("enum", .array(values.map { .string($0) } + [.null]))]
        default: members = [("type", .array([.string("string"), .string("null")]))]
        }
        if let max = field.type.maxLength { members.append(("maxLength", .int(Int64(max)))) }
        if field.readOnly { members.append(("readOnly", .bool(true))) }
        members.append(("x-switchboard-type", .string(field.type.name)))
        return .object(members)
    }
}
