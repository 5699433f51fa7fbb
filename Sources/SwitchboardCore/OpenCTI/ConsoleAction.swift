/// Something the console runs for a softphone by name: an `apex` action answers `runApex` for
/// `ApexClass.methodName` (opencti-spec.md §1.6 #4), a `flow` is the page a FLOW screen pop opens
/// for a flow's developer name (§1.7.1). Admins register them; softphones name them unchanged.
public struct ConsoleAction: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case apex, flow
    }
    public var kind: Kind
    /// `ApexClass.methodName` for apex actions, the flow's developer name for flows.
    public var name: String
    /// Apex: `builtin:<name>` or an https webhook URL. Flow: a path on this host, e.g. `/lightning/o/Case/new`.
    public var target: String
    public var createdAt: Instant

    public init(kind: Kind, name: String, target: String, createdAt: Instant) {
        self.kind = kind
        self.name = name
        self.target = target
        self.createdAt = createdAt
    }

    /// The built-in apex actions: `echo` answers the parameters it was given, `currentUser` the
    /// caller's id, username and call center.
    public static let builtIns = ["echo", "currentUser"]

    /// What is wrong with a name for this kind, or nil.
    public static func nameProblem(_ name: String, kind: Kind) -> String? {
        let isWord: (Substring) -> Bool = { part in
            guard let first = part.first, first.isLetter else { return false }
            return part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        }
        switch kind {
        case .apex:
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 2 || parts.count == 3, parts.allSatisfy(isWord), name.count <= 255 { return nil }
            return "'\(name)' is not an apex action name; write it as ApexClass.methodName (a namespace prefix Namespace.ApexClass.methodName is allowed)"
        case .flow:
            if isWord(Substring(name)), name.count <= 80 { return nil }
            return "'\(name)' is not a flow developer name; use letters, digits and _ starting with a letter, as in Create_Case"
        }
    }

    /// What is wrong with a target for this kind, or nil.
    public static func targetProblem(_ target: String, kind: Kind) -> String? {
        switch kind {
        case .apex:
            if target.hasPrefix("builtin:") {
                let name = String(target.dropFirst("builtin:".count))
                return builtIns.contains(name) ? nil : "there is no built-in action '\(name)'; the built-ins are \(builtIns.map { "builtin:\($0)" }.joined(separator: ", "))"
            }
            guard let parts = URLParts(target), parts.scheme == "https" || parts.scheme == "http" else {
                return "'\(target)' is neither builtin:<name> nor an https URL"
            }
            if parts.scheme == "http" && !["localhost", "127.0.0.1", "[::1]"].contains(parts.host) {
                return "'\(target)' uses http; webhooks must be https (http only for localhost)"
            }
            return nil
        case .flow:
            guard target.hasPrefix("/"), !target.hasPrefix("//"), !target.contains("\\"), !target.contains(where: \.isWhitespace) else {
                return "'\(target)' is not a path on this host; a flow opens a page such as /lightning/o/Case/new"
            }
            return nil
        }
    }
}

/// Why a console action could not be registered, found or run.
public enum ConsoleActionError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalid([String])
    case notFound(kind: ConsoleAction.Kind, name: String)
    /// The webhook behind an apex action failed; what it answered or why it could not be reached.
    case webhookFailed(name: String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let problems): problems.joined(separator: "; ")
        case .notFound(.apex, let name): "Could not load Apex class: \(name)"
        case .notFound(.flow, let name): "no flow '\(name)' is registered; an admin registers flows under Console actions"
        case .webhookFailed(let name, let reason): "the action \(name) failed: \(reason)"
        }
    }
}

/// Where console actions live.
public protocol ConsoleActionRepository: Sendable {
    func all() async throws -> [ConsoleAction]
    /// Inserts or replaces the action with the same kind and name (names ignore case).
    func save(_ action: ConsoleAction) async throws
    func delete(kind: ConsoleAction.Kind, name: String) async throws -> Bool
}
