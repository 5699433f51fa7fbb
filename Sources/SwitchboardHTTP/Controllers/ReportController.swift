import Foundation
import Hummingbird
import NIOCore
import SwitchboardCore
import SwitchboardServices

/// `/api/v1/reports/calls`: the supervisor's call report as JSON, each breakdown as CSV, and
/// the calls behind it as CSV. Filters: `from`, `to`, `timeZone`, `agent`, `queue`, `callType`,
/// `callCenter` (`CallReportService.parseFilter`).
struct ReportController {
    let reports: CallReportService

    func register(on api: RouterGroup<AppRequestContext>) {
        api.get("reports/calls", use: report)
        api.get("reports/calls/export", use: exportBreakdown)
        api.get("reports/calls/records", use: exportCalls)
    }

    /// The breakdowns `export?breakdown=` takes.
    static let breakdowns = ["summary", "hour", "day", "agent", "queue", "callType"]

    @Sendable func report(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let (filter, zone) = try filter(request)
        let report = try await reports.report(filter, timeZone: zone, by: principal)
        func rows(_ rows: [CallReport.Row]) -> JSON {
            .array(rows.map { .object([("key", .string($0.key)), ("label", .string($0.label))] + Self.tally($0.tally)) })
        }
        return Responses.json(.object([
            ("from", .string(filter.from.salesforceFormat)), ("to", .string(filter.to.salesforceFormat)),
            ("timeZone", .string(zone.identifier)),
            ("filters", .object([
                ("agent", filter.userID.map { .string($0.eighteen) } ?? .null), ("queue", filter.queue.map(JSON.string) ?? .null),
                ("callType", filter.callType.map(JSON.string) ?? .null), ("callCenter", filter.callCenterID.map { .string($0.eighteen) } ?? .null),
            ])),
            ("summary", .object(Self.tally(report.summary))),
            ("byHour", rows(report.byHour)), ("byDay", rows(report.byDay)), ("byAgent", rows(report.byAgent)),
            ("byQueue", rows(report.byQueue)), ("byCallType", rows(report.byCallType)),
        ]))
    }

    /// One breakdown as CSV: `?breakdown=hour` (summary, hour, day, agent, queue, callType).
    @Sendable func exportBreakdown(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let breakdown = request.uri.queryParameters.get("breakdown") ?? "summary"
        guard Self.breakdowns.contains(breakdown) else {
            throw APIError(.badRequest, "unknown breakdown '\(breakdown)'; use one of \(Self.breakdowns.joined(separator: ", "))",
                           issues: [FieldIssue(field: "breakdown", message: "must be one of \(Self.breakdowns.joined(separator: ", "))")])
        }
        let (filter, zone) = try filter(request)
        let report = try await reports.report(filter, timeZone: zone, by: principal)
        let rows: [CallReport.Row] = switch breakdown {
        case "hour": report.byHour
        case "day": report.byDay
        case "agent": report.byAgent
        case "queue": report.byQueue
        case "callType": report.byCallType
        default: [CallReport.Row(key: "all", label: "All calls", tally: report.summary)]
        }
        var csv = CSVWriter.row(["key", "label"] + Self.columns)
        for row in rows { csv += CSVWriter.row([row.key, row.label] + Self.cells(row.tally)) }
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"calls-by-\(breakdown).csv\""],
                        body: .init(byteBuffer: ByteBuffer(string: csv)))
    }

    /// Every VoiceCall the report counts, all fields, streamed page by page.
    @Sendable func exportCalls(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let (filter, _) = try filter(request)
        let reports = self.reports
        let fields = StandardObjects.voiceCall.fields
        // Checks the principal before the 200 goes out.
        let first = try await reports.calls(filter, after: nil, limit: 1000, by: principal)
        return Response(
            status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"calls.csv\""],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: CSVWriter.row(fields.map(\.name))))
                var page = first
                while let last = page.last {
                    var chunk = ""
                    for call in page { chunk += CSVWriter.row(fields.map { call[$0.name].exportText }) }
                    try await writer.write(ByteBuffer(string: chunk))
                    if page.count < 1000 { break }
                    page = try await reports.calls(filter, after: last.id, limit: 1000, by: principal)
                }
                try await writer.finish(nil)
            })
    }

    func filter(_ request: Request) throws -> (CallReportFilter, TimeZone) {
        let parameters = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        switch reports.filter(parameters) {
        case .success(let value): return value
        case .failure(let error): throw APIError(.badRequest, "the report's filters are not right", issues: error.issues)
        }
    }

    static let columns = ["calls", "answered", "missed", "abandoned", "ongoing", "answer_rate", "abandon_rate",
                          "average_handle_seconds", "average_wait_seconds", "longest_wait_seconds"]

    static func cells(_ t: CallTally) -> [String] {
        func number(_ d: Double?, digits: Int) -> String { d.map { String(format: "%.\(digits)f", $0) } ?? "" }
        return [String(t.calls), String(t.answered), String(t.missed), String(t.abandoned), String(t.ongoing),
                number(t.answerRate, digits: 4), number(t.abandonRate, digits: 4), number(t.averageHandleSeconds, digits: 1),
                number(t.averageWaitSeconds, digits: 1), String(t.longestWaitSeconds)]
    }

    static func tally(_ t: CallTally) -> [(String, JSON)] {
        func number(_ d: Double?) -> JSON { d.map { .double(($0 * 10_000).rounded() / 10_000) } ?? .null }
        return [
            ("calls", .int(t.calls)), ("answered", .int(t.answered)), ("missed", .int(t.missed)), ("abandoned", .int(t.abandoned)),
            ("ongoing", .int(t.ongoing)), ("inboundEnded", .int(t.inboundEnded)),
            ("answerRate", number(t.answerRate)), ("abandonRate", number(t.abandonRate)),
            ("averageHandleSeconds", number(t.averageHandleSeconds)), ("averageWaitSeconds", number(t.averageWaitSeconds)),
            ("longestWaitSeconds", .int(t.longestWaitSeconds)),
        ]
    }
}
