/// A softphone layout (opencti-spec.md §4.8): for each call type, what the softphone shows and
/// searches, and where the console goes when a call's number matches no record, one, or several.
/// Assigned to users and roles; the default layout serves everyone else.
public struct SoftphoneLayout: Sendable, Hashable {
    public var id: RecordID
    public var name: String
    public var isDefault: Bool
    public var roles: [Role]
    public var userIDs: [RecordID]
    public var inbound: CallTypeLayout
    public var outbound: CallTypeLayout
    public var `internal`: CallTypeLayout

    public init(id: RecordID, name: String, isDefault: Bool = false, roles: [Role] = [], userIDs: [RecordID] = [],
                inbound: CallTypeLayout, outbound: CallTypeLayout, internal: CallTypeLayout) {
        self.id = id
        self.name = name
        self.isDefault = isDefault
        self.roles = roles
        self.userIDs = userIDs
        self.inbound = inbound
        self.outbound = outbound
        self.internal = `internal`
    }

    public static let keyPrefix = "04B"

    /// The layout for a call type.
    public subscript(type: CallTypeName) -> CallTypeLayout {
        get {
            switch type {
            case .inbound: inbound
            case .outbound: outbound
            case .internal: `internal`
            }
        }
        set {
            switch type {
            case .inbound: inbound = newValue
            case .outbound: outbound = newValue
            case .internal: `internal` = newValue
            }
        }
    }

    /// What Salesforce's default layout does: show the caller's and dialled numbers, search
    /// Accounts, Contacts and Leads; no match opens a new Contact, one match opens it, several the
    /// search page. Internal calls look up Users.
    public static func standard(id: RecordID) -> SoftphoneLayout {
        let people = [
            LayoutObject(object: "Account", fields: [.init("Name", "Account Name"), .init("Phone", "Phone")]),
            LayoutObject(object: "Contact", fields: [.init("Name", "Name"), .init("Phone", "Phone"), .init("Email", "Email")]),
            LayoutObject(object: "Lead", fields: [.init("Name", "Name"), .init("Company", "Company"), .init("Phone", "Phone")]),
        ]
        return SoftphoneLayout(
            id: id, name: "Default", isDefault: true,
            inbound: CallTypeLayout(callRelatedFields: [.ani, .dnis], objects: people,
                                    noMatch: ScreenPopAction(type: .entity, data: "Contact"), singleMatch: ScreenPopAction(type: .entity, data: nil),
                                    multipleMatches: ScreenPopAction(type: .search, data: nil)),
            outbound: CallTypeLayout(callRelatedFields: [.dnis], objects: people),
            internal: CallTypeLayout(callRelatedFields: [.ani], objects: [LayoutObject(object: "User", fields: [.init("Name", "Name"), .init("Phone", "Phone")])]))
    }
}

/// `Inbound`, `Outbound`, `Internal`.
public enum CallTypeName: String, Sendable, CaseIterable {
    case inbound = "Inbound", outbound = "Outbound", `internal` = "Internal"
}

/// One call type's part of a layout.
public struct CallTypeLayout: Sendable, Hashable {
    public var callRelatedFields: [CallRelatedField]
    public var objects: [LayoutObject]
    /// Lightning always pops in the existing window; kept for the answer's shape.
    public var screenPopsOpenWithin: String
    public var noMatch: ScreenPopAction?
    public var singleMatch: ScreenPopAction?
    public var multipleMatches: ScreenPopAction?

    public init(callRelatedFields: [CallRelatedField] = [], objects: [LayoutObject] = [], screenPopsOpenWithin: String = "ExistingWindow",
                noMatch: ScreenPopAction? = nil, singleMatch: ScreenPopAction? = nil, multipleMatches: ScreenPopAction? = nil) {
        self.callRelatedFields = callRelatedFields
        self.objects = objects
        self.screenPopsOpenWithin = screenPopsOpenWithin
        self.noMatch = noMatch
        self.singleMatch = singleMatch
        self.multipleMatches = multipleMatches
    }
}

/// Fields about the call itself that the softphone may show.
public enum CallRelatedField: String, Sendable, CaseIterable {
    case ani = "ANI", dnis = "DNIS", segment = "SEGMENT", queue = "QUEUE"
}

/// An object to search, with the fields to show for its matches.
public struct LayoutObject: Sendable, Hashable {
    public var object: String
    public var fields: [LayoutField]
    public init(object: String, fields: [LayoutField]) {
        self.object = object
        self.fields = fields
    }
}

public struct LayoutField: Sendable, Hashable {
    public var apiName: String
    public var displayName: String
    public init(_ apiName: String, _ displayName: String) {
        self.apiName = apiName
        self.displayName = displayName
    }
}

/// Where to pop. In Salesforce's JSON: `PopToEntity` with an object name opens a new record of
/// it; `PopToEntity` with no data (single match only) opens the matched record — our reading of
/// the admin UI's "pop detail page", whose JSON Salesforce does not document; `PopToSearch` the
/// search page; `PopToVisualforce` a page — here a URL or a path on this host; `PopToFlow` a flow
/// an admin registered.
public struct ScreenPopAction: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case entity = "PopToEntity", visualforce = "PopToVisualforce", search = "PopToSearch", flow = "PopToFlow"
    }
    public var type: Kind
    public var data: String?
    public init(type: Kind, data: String?) {
        self.type = type
        self.data = data
    }
}

/// Where softphone layouts live.
public protocol SoftphoneLayoutRepository: Sendable {
    func all() async throws -> [SoftphoneLayout]
    /// Inserts or replaces these layouts in one transaction (a new default changes the old one too).
    func save(_ layouts: [SoftphoneLayout]) async throws
    func delete(id: RecordID) async throws -> Bool
}

/// Why a layout change was refused.
public enum SoftphoneLayoutError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalid([String])
    case notFound(String)
    case conflict(String)

    public var description: String {
        switch self {
        case .invalid(let problems): "the layout is not valid: " + problems.joined(separator: "; ")
        case .notFound(let key): "no softphone layout '\(key)'"
        case .conflict(let message): message
        }
    }
}
