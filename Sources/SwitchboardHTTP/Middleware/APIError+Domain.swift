import HTTPTypes
import Hummingbird
import SwitchboardCore
import SwitchboardServices

/// The one place domain errors become HTTP statuses.
extension APIError {
    /// Maps any error; nil for errors the caller should treat as internal.
    static func from(_ error: any Error) -> APIError? {
        switch error {
        case let e as APIError: return e
        case let e as RecordValidationError:
            return APIError(.badRequest, "\(e.object) was not saved: \(e.issues.count == 1 ? "a field is" : "\(e.issues.count) fields are") wrong", issues: e.issues)
        case let e as RecordError:
            switch e {
            case .unknownObject, .notFound: return APIError(.notFound, e.description)
            case .duplicate: return APIError(.conflict, e.description)
            case .wrongObject: return APIError(.badRequest, e.description)
            case .missingReferences(let issues): return APIError(.badRequest, "a lookup field names a record that does not exist", issues: issues)
            }
        case let e as CallTransitionError:
            return APIError(.conflict, e.message)
        case let e as PresenceError:
            return APIError(.conflict, e.message)
        case let e as ProviderError:
            return APIError(.badGateway, e.message)
        case let e as AuthError:
            switch e {
            case .invalidCredentials, .invalidToken:
                return APIError(.unauthorized, e.description)
            case .notSignedIn:
                var error = APIError(.unauthorized, e.description)
                error.headers[.wwwAuthenticate] = "Bearer"
                return error
            case .throttled(let seconds):
                var error = APIError(.tooManyRequests, e.description)
                error.headers[.retryAfter] = String(seconds)
                return error
            case .forbidden, .csrfMismatch: return APIError(.forbidden, e.description)
            case .unknownToken: return APIError(.notFound, e.description)
            }
        case let e as CallCenterDefinitionError:
            // Each problem's "field" is where it is in the file, so the generic error shape reads well.
            func place(_ issue: DefinitionIssue) -> String {
                guard let line = issue.line else { return "definition" }
                return issue.column.map { "line \(line), column \($0)" } ?? "line \(line)"
            }
            var error = APIError(.badRequest, "the call center definition is not valid; nothing was stored",
                                 issues: e.issues.map { FieldIssue(field: place($0), message: $0.message) })
            error.details = [("problems", .array(e.issues.map { .object([("line", $0.line.map { .int(Int64($0)) } ?? .null), ("column", $0.column.map { .int(Int64($0)) } ?? .null), ("message", .string($0.message))]) }))]
            return error
        case let e as CallCenterError:
            switch e {
            case .notFound: return APIError(.notFound, e.description)
            case .duplicateInternalName, .hasUsers: return APIError(.conflict, e.description)
            }
        case let e as SoftphoneLayoutError:
            switch e {
            case .invalid(let problems):
                return APIError(.badRequest, "the softphone layout is not valid; nothing was saved", issues: problems.map { p in
                    let parts = p.split(separator: ":", maxSplits: 1)
                    return FieldIssue(field: String(parts[0]), message: parts.count > 1 ? String(parts[1]).trimmingSpaces : p)
                })
            case .notFound: return APIError(.notFound, e.description)
            case .conflict: return APIError(.conflict, e.description)
            }
        case let e as ConsoleActionError:
            switch e {
            case .invalid(let problems):
                return APIError(.badRequest, "the console action is not valid; nothing was saved", issues: problems.map { FieldIssue(field: "action", message: $0) })
            case .notFound: return APIError(.notFound, e.description)
            case .webhookFailed: return APIError(.badGateway, e.description)
            }
        case let e as CSVError:
            return APIError(.badRequest, "the CSV is not valid at \(e)")
        case let e as CSVImportError:
            switch e {
            case .header(let issues): return APIError(.badRequest, "the CSV header is wrong; nothing was imported", issues: issues)
            case .malformed(let csv, let report):
                var error = APIError(.badRequest, "the file is not valid CSV at line \(csv.line): \(csv.message)")
                error.details = [("report", ImportReportJSON.json(report))]
                return error
            }
        case let e as any HTTPResponseError:
            let message: String
            switch e.status {
            case .contentTooLarge: message = "the body is larger than the 1 MiB allowed; send less, or use the CSV import for bulk data"
            case .notFound: message = "no such endpoint; see /api/v1/openapi.json"
            case .methodNotAllowed: message = "this endpoint does not take that method; see /api/v1/openapi.json"
            default: message = String(describing: e)
            }
            return APIError(e.status, message)
        default: return nil
        }
    }
}
