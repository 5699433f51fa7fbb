/// A call center definition as Salesforce's files describe it: sections of named items, in order.
/// The first section, `reqGeneralInfo`, carries the internal and display names, the adapter URL
/// and the softphone's size; vendors add sections of their own, which are kept as they are.
public struct CallCenterDefinition: Sendable, Hashable {
    public var sections: [CallCenterSection]
    /// Labels of the two name items, which the settings map reports on their own.
    public var internalNameLabel: String
    public var displayNameLabel: String
    /// The Metadata API `version`, when a file gave one.
    public var version: String?

    public init(sections: [CallCenterSection], internalNameLabel: String = "Internal Name", displayNameLabel: String = "Display Name", version: String? = nil) {
        self.sections = sections
        self.internalNameLabel = internalNameLabel
        self.displayNameLabel = displayNameLabel
        self.version = version
    }

    /// The value of an item, or nil when there is no such item.
    public func value(_ section: String, _ item: String) -> String? {
        sections.first { $0.name == section }?.items.first { $0.name == item }?.value
    }

    /// Sets an item's value, adding the item (at the end of its section) when it is missing.
    public mutating func setValue(_ value: String, section: String, item: String, label: String? = nil) {
        guard let s = sections.firstIndex(where: { $0.name == section }) else {
            sections.append(CallCenterSection(name: section, label: section, items: [CallCenterItem(name: item, label: label ?? item, value: value)]))
            return
        }
        if let i = sections[s].items.firstIndex(where: { $0.name == item }) {
            sections[s].items[i].value = value
        } else {
            sections[s].items.append(CallCenterItem(name: item, label: label ?? item, value: value))
        }
    }

    static let general = "reqGeneralInfo"
    public var internalName: String { value(Self.general, "reqInternalName") ?? "" }
    public var displayName: String { value(Self.general, "reqDisplayName") ?? "" }
    public var adapterURL: String { value(Self.general, "reqAdapterUrl") ?? "" }
    public var standbyURL: String? { value(Self.general, "reqStandbyUrl").flatMap { $0.isEmpty ? nil : $0 } }
    /// Milliseconds to wait for the softphone before loading the standby URL.
    public var timeoutMilliseconds: Int? { value(Self.general, "reqTimeout").flatMap { Int($0.trimmingSpaces) } }
    public var softphoneWidth: Int? { value(Self.general, "reqSoftphoneWidth").flatMap { Int($0.trimmingSpaces) } }
    public var softphoneHeight: Int? { value(Self.general, "reqSoftphoneHeight").flatMap { Int($0.trimmingSpaces) } }
    public var usesAPI: Bool { value(Self.general, "reqUseApi")?.trimmingSpaces.lowercased() == "true" }

    /// `Classic`, `Lightning` or `Classic_and_Lightning`; the misspelling real files carry
    /// (`reqSalesforceCompatabilityMode`) is read too; absent means Classic, as in Salesforce.
    public var compatibilityMode: CompatibilityMode {
        let raw = value(Self.general, "reqSalesforceCompatibilityMode") ?? value(Self.general, "reqSalesforceCompatabilityMode") ?? ""
        return CompatibilityMode(rawValue: raw.trimmingSpaces) ?? .classic
    }

    /// The dialing prefixes softphones read (`reqDialingOptions`).
    public var outsidePrefix: String { value("reqDialingOptions", "reqOutsidePrefix") ?? "" }
    public var longDistancePrefix: String { value("reqDialingOptions", "reqLongDistPrefix") ?? "" }
    public var internationalPrefix: String { value("reqDialingOptions", "reqInternationalPrefix") ?? "" }
}

public struct CallCenterSection: Sendable, Hashable {
    public var name: String
    public var label: String
    public var items: [CallCenterItem]
    public init(name: String, label: String, items: [CallCenterItem]) {
        self.name = name
        self.label = label
        self.items = items
    }
}

public struct CallCenterItem: Sendable, Hashable {
    public var name: String
    public var label: String
    public var value: String
    public init(name: String, label: String, value: String) {
        self.name = name
        self.label = label
        self.value = value
    }
}

/// Which Salesforce UI a call center's softphone was written for.
public enum CompatibilityMode: String, Sendable, CaseIterable {
    case classic = "Classic"
    case lightning = "Lightning"
    case classicAndLightning = "Classic_and_Lightning"

    public var supportsLightning: Bool { self != .classic }
}

/// A problem in a definition file, at a line and column when it came from one.
public struct DefinitionIssue: Sendable, Hashable, CustomStringConvertible {
    public let line: Int?
    public let column: Int?
    public let message: String
    public init(line: Int? = nil, column: Int? = nil, _ message: String) {
        self.line = line
        self.column = column
        self.message = message
    }
    public var description: String {
        if let line, let column { return "line \(line), column \(column): \(message)" }
        return message
    }
}

/// A definition that cannot be imported; every problem is listed.
public struct CallCenterDefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    public let issues: [DefinitionIssue]
    public init(_ issues: [DefinitionIssue]) { self.issues = issues }
    public var description: String {
        "the call center definition is not valid: " + issues.map(\.description).joined(separator: "; ")
    }
}

/// A definition read from a file, with the warnings about what was tolerated or filled in.
public struct ReadDefinition: Sendable, Hashable {
    public var definition: CallCenterDefinition
    public var warnings: [DefinitionIssue]
    public var format: DefinitionFormat
}

/// The two file formats Salesforce uses.
public enum DefinitionFormat: String, Sendable, CaseIterable {
    /// Setup → Call Centers → Import: `<callCenter><section sortOrder name label><item …>`.
    case importFormat = "import"
    /// Metadata API `.callCenter` files: `<CallCenter xmlns=…><sections><items>`.
    case metadata
}
