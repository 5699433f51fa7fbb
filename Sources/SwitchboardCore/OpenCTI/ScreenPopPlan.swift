/// Where the console goes after a `searchAndScreenPop` (opencti-spec.md §1.7.2): the softphone
/// layout's NoMatch / SingleMatch / MultipleMatches action for the call type, applied to what the
/// search found. Pure, so the rules are tested without a console.
public enum ScreenPopTarget: Sendable, Hashable {
    /// Open this record.
    case record(RecordID)
    /// Open the new-record modal of an object, pre-filled.
    case newRecord(object: String, defaultFieldValues: [String: String])
    /// Open the search page for this text.
    case search(String)
    /// Open a page: a path on this host or an absolute URL (`PopToVisualforce`).
    case page(String)
    /// Open a registered flow.
    case flow(String)

    /// The action for `matches` under `layout`, or nil when the layout says not to pop.
    /// - Parameters:
    ///   - searchText: what the softphone searched for; the search page shows it.
    ///   - defaultFieldValues: the softphone's pre-fill for a new record; when it gives none and
    ///     the search looks like a phone number, the new record's `Phone` gets it.
    public static func plan(
        layout: CallTypeLayout, matches: [RecordID], searchText: String, defaultFieldValues: [String: String]?
    ) -> ScreenPopTarget? {
        switch matches.count {
        case 0:
            guard let action = layout.noMatch else { return nil }
            switch action.type {
            case .entity:
                guard let object = action.data, !object.isEmpty else { return nil }
                var defaults = defaultFieldValues ?? [:]
                if defaultFieldValues == nil, looksLikePhoneNumber(searchText),
                   StandardObjects.named(object)?.field(named: "Phone") != nil {
                    defaults["Phone"] = searchText
                }
                return .newRecord(object: StandardObjects.named(object)?.name ?? object, defaultFieldValues: defaults)
            default: return other(action, searchText)
            }
        case 1:
            guard let action = layout.singleMatch else { return nil }
            if action.type == .entity { return .record(matches[0]) }
            return other(action, searchText)
        default:
            guard let action = layout.multipleMatches else { return nil }
            if action.type == .entity { return nil }
            return other(action, searchText)
        }
    }

    private static func other(_ action: ScreenPopAction, _ searchText: String) -> ScreenPopTarget? {
        switch action.type {
        case .search: return .search(searchText)
        case .visualforce: return action.data.flatMap { $0.isEmpty ? nil : .page($0) }
        case .flow: return action.data.flatMap { $0.isEmpty ? nil : .flow($0) }
        case .entity: return nil
        }
    }

    /// Digits with the usual phone punctuation, at least three digits.
    public static func looksLikePhoneNumber(_ text: String) -> Bool {
        let allowed = Set("0123456789+ -().")
        return text.allSatisfy(allowed.contains) && text.filter(\.isNumber).count >= 3
    }

    /// Classic's `screenPopUrl` for this target (opencti-spec.md §2.2), with `queryParams` appended.
    public func classicURL(queryParams: String?) -> String {
        let base: String
        switch self {
        case .record(let id): base = "/\(id.eighteen)"
        case .newRecord(let object, let defaults):
            base = "/lightning/o/\(object)/new" + (defaults.isEmpty ? "" : "?defaultFieldValues=" + Self.encodeDefaults(defaults))
        case .search(let text): base = "/search/SearchResults?searchType=2&str=" + Self.percentEncode(text)
        case .page(let url): base = url
        case .flow(let name): base = "/flow/\(name)"
        }
        guard let queryParams, !queryParams.isEmpty else { return base }
        return base + (base.contains("?") ? "&" : "?") + queryParams
    }

    /// `Field=value,Field=value` with each value percent-encoded, as Lightning's
    /// `defaultFieldValues` URL parameter (sorted, so URLs are stable).
    public static func encodeDefaults(_ values: [String: String]) -> String {
        values.sorted { $0.key < $1.key }.map { "\($0.key)=\(percentEncode($0.value))" }.joined(separator: ",")
    }

    /// Percent-encodes everything but unreserved characters (RFC 3986).
    public static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 0xF)])"
            }
        }
        return out
    }
}
