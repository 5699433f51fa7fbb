/// The rules of Salesforce's call center definitions (opencti-spec.md §4.1–§4.2), and the
/// real-world deviations (§4.6) that are tolerated with a warning instead of refused.
enum DefinitionRules {
    static let reservedNames: Set<String> = ["label", "sortorder", "internalnamelabel", "displaynamelabel"]
    static let knownSections: Set<String> = ["reqGeneralInfo", "reqDialingOptions"]
    static let knownItems: Set<String> = [
        "reqInternalName", "reqDisplayName", "reqAdapterUrl", "reqUseApi", "reqSoftphoneHeight", "reqSoftphoneWidth",
        "reqCanvasApiName", "reqCanvasNamespace", "reqSalesforceCompatibilityMode", "reqStandbyUrl", "reqTimeout",
        "reqOutsidePrefix", "reqLongDistPrefix", "reqInternationalPrefix",
    ]
    static let defaultLabels: [String: String] = [
        "reqGeneralInfo": "General Information", "reqDialingOptions": "Dialing Options",
        "reqInternalName": "InternalName", "reqDisplayName": "Display Name", "reqAdapterUrl": "CTI Adapter URL",
        "reqUseApi": "Use CTI API", "reqSoftphoneHeight": "Softphone Height", "reqSoftphoneWidth": "Softphone Width",
        "reqSalesforceCompatibilityMode": "Salesforce Compatibility Mode", "reqStandbyUrl": "Standby URL", "reqTimeout": "Timeout (ms)",
        "reqOutsidePrefix": "Outside Prefix", "reqLongDistPrefix": "Long Distance Prefix", "reqInternationalPrefix": "International Prefix",
    ]
    /// Defaults for sizes a file leaves empty (within Lightning's limits of §1.6).
    static let defaultWidth = "300", defaultHeight = "400"
    static let widthRange = 200...1920, heightRange = 240...2560

    /// Problems with a section or item name: letters and digits only, at most 40, not reserved.
    static func nameProblems(_ name: String) -> [String] {
        var problems: [String] = []
        if name.isEmpty { return ["the name is empty"] }
        if !name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }) {
            problems.append("'\(name)' may contain only letters and digits, no spaces or punctuation")
        }
        if name.count > 40 { problems.append("'\(name)' is \(name.count) characters long; names have at most 40") }
        if reservedNames.contains(name.lowercased()) { problems.append("'\(name)' is a reserved word (label, sortOrder, internalNameLabel, displayNameLabel)") }
        return problems
    }

    /// Problems with an internal name: a letter, then letters, digits, `-` or `_`, at most 40.
    /// Salesforce's import files use letters and digits; Metadata files take the name from the
    /// file, where `-` and `_` are common, and a call center must export and re-import in either
    /// format, so both formats accept them.
    static func internalNameProblems(_ name: String, allowFileNameCharacters: Bool) -> [String] {
        if name.isEmpty { return ["reqInternalName has no value; give the call center an internal name such as AcmeVoice"] }
        var problems: [String] = []
        if let first = name.unicodeScalars.first, !(first.isASCII && first.properties.isAlphabetic) {
            problems.append("the internal name '\(name)' must start with a letter")
        }
        let allowed: (Unicode.Scalar) -> Bool = { s in
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || (allowFileNameCharacters && (s == "-" || s == "_")))
        }
        if !name.unicodeScalars.allSatisfy(allowed) {
            problems.append("the internal name '\(name)' may contain only letters and digits\(allowFileNameCharacters ? ", - and _" : "")")
        }
        if name.count > 40 { problems.append("the internal name '\(name)' is \(name.count) characters long; at most 40") }
        return problems
    }

    /// Checks what both formats must satisfy, fills in tolerated gaps, and reports.
    /// - Parameter position: where a section (item nil) or item stands in the file, if known.
    static func check(
        _ definition: inout CallCenterDefinition, allowFileNameCharacters: Bool,
        position: (String, String?) -> (Int, Int)?, issues: inout [DefinitionIssue], warnings: inout [DefinitionIssue]
    ) {
        func at(_ section: String, _ item: String? = nil) -> (Int?, Int?) {
            let p = position(section, item) ?? position(section, nil)
            return (p?.0, p?.1)
        }
        func issue(_ section: String, _ item: String?, _ message: String) {
            let (l, c) = at(section, item)
            issues.append(DefinitionIssue(line: l, column: c, message))
        }
        func warn(_ section: String, _ item: String?, _ message: String) {
            let (l, c) = at(section, item)
            warnings.append(DefinitionIssue(line: l, column: c, message))
        }
        let general = "reqGeneralInfo"
        guard definition.sections.contains(where: { $0.name == general }) else {
            issues.append(DefinitionIssue("there is no reqGeneralInfo section; it holds reqInternalName, reqDisplayName and reqAdapterUrl and must come first"))
            return
        }
        // Names.
        if let internalName = definition.value(general, "reqInternalName") {
            for p in internalNameProblems(internalName.trimmingSpaces, allowFileNameCharacters: allowFileNameCharacters) { issue(general, "reqInternalName", p) }
        } else {
            issue(general, nil, "reqInternalName is missing; add <item sortOrder=\"0\" name=\"reqInternalName\" label=\"InternalName\">YourCallCenter</item> to reqGeneralInfo")
        }
        switch definition.value(general, "reqDisplayName")?.trimmingSpaces {
        case nil: issue(general, nil, "reqDisplayName is missing; add <item name=\"reqDisplayName\">Your call center's name</item> to reqGeneralInfo")
        case let name? where name.isEmpty: issue(general, "reqDisplayName", "reqDisplayName has no value; give the call center a display name")
        case let name? where name.count > 1000: issue(general, "reqDisplayName", "reqDisplayName is \(name.count) characters long; at most 1000")
        default: break
        }
        // The adapter.
        switch definition.value(general, "reqAdapterUrl")?.trimmingSpaces {
        case nil: issue(general, nil, "reqAdapterUrl is missing; it is the softphone's URL, e.g. https://softphone.example/ or /softphone/")
        case let url? where url.isEmpty: issue(general, "reqAdapterUrl", "reqAdapterUrl has no value; give the softphone's URL")
        case let url?:
            if !(url.hasPrefix("/") || url.lowercased().hasPrefix("https://") || url.lowercased().hasPrefix("http://")) {
                issue(general, "reqAdapterUrl", "reqAdapterUrl '\(url)' is neither an http(s) URL nor a path on this host starting with /")
            } else if url.lowercased().hasPrefix("http://") && !url.lowercased().hasPrefix("http://localhost") && !url.hasPrefix("http://127.0.0.1") {
                warn(general, "reqAdapterUrl", "reqAdapterUrl uses http://; browsers block microphones on insecure pages, so use https://")
            }
        }
        switch definition.value(general, "reqUseApi")?.trimmingSpaces.lowercased() {
        case nil:
            definition.setValue("true", section: general, item: "reqUseApi", label: defaultLabels["reqUseApi"])
            warn(general, nil, "reqUseApi is missing; set to true (Open CTI)")
        case "true", "false": break
        case let v?: issue(general, "reqUseApi", "reqUseApi is '\(v)'; use true or false")
        }
        // Size.
        for (item, fallback, range) in [("reqSoftphoneWidth", defaultWidth, widthRange), ("reqSoftphoneHeight", defaultHeight, heightRange)] {
            let raw = definition.value(general, item)?.trimmingSpaces
            if raw == nil || raw == "" {
                definition.setValue(fallback, section: general, item: item, label: defaultLabels[item])
                warn(general, raw == nil ? nil : item, "\(item) is \(raw == nil ? "missing" : "empty"); \(fallback) pixels is used")
            } else if let raw, let n = Int(raw) {
                if !range.contains(n) { warn(general, item, "\(item) is \(n); Lightning shows \(range.lowerBound) to \(range.upperBound) pixels, so it will be clamped") }
            } else if let raw {
                issue(general, item, "\(item) is '\(raw)'; give a whole number of pixels")
            }
        }
        // Compatibility mode, with the misspelling real files carry.
        let correct = definition.value(general, "reqSalesforceCompatibilityMode")
        let misspelled = definition.value(general, "reqSalesforceCompatabilityMode")
        if let mode = correct ?? misspelled {
            if CompatibilityMode(rawValue: mode.trimmingSpaces) == nil {
                issue(general, correct != nil ? "reqSalesforceCompatibilityMode" : "reqSalesforceCompatabilityMode",
                      "the compatibility mode '\(mode)' is not one of Classic, Lightning, Classic_and_Lightning")
            }
            if correct == nil {
                warn(general, "reqSalesforceCompatabilityMode", "reqSalesforceCompatabilityMode is a misspelling of reqSalesforceCompatibilityMode; read as the compatibility mode (\(mode))")
            }
        } else {
            warn(general, nil, "reqSalesforceCompatibilityMode is missing; Classic is assumed, as in Salesforce; add it with Lightning for a Lightning softphone")
        }
        // Standby URL and timeout come together.
        let standby = definition.value(general, "reqStandbyUrl")?.trimmingSpaces ?? ""
        let timeout = definition.value(general, "reqTimeout")?.trimmingSpaces ?? ""
        if !standby.isEmpty && timeout.isEmpty { issue(general, "reqStandbyUrl", "reqStandbyUrl needs reqTimeout: how many milliseconds to wait for the softphone before loading it") }
        if standby.isEmpty && !timeout.isEmpty { issue(general, "reqTimeout", "reqTimeout needs reqStandbyUrl: the page to load when the softphone does not start in time") }
        if !timeout.isEmpty, (Int(timeout) ?? 0) <= 0 { issue(general, "reqTimeout", "reqTimeout is '\(timeout)'; give a positive number of milliseconds") }
        // Dialing options.
        if !definition.sections.contains(where: { $0.name == "reqDialingOptions" }) {
            definition.sections.append(CallCenterSection(name: "reqDialingOptions", label: "Dialing Options", items: [
                CallCenterItem(name: "reqOutsidePrefix", label: "Outside Prefix", value: ""),
                CallCenterItem(name: "reqLongDistPrefix", label: "Long Distance Prefix", value: ""),
                CallCenterItem(name: "reqInternationalPrefix", label: "International Prefix", value: ""),
            ]))
            warnings.append(DefinitionIssue("there is no reqDialingOptions section; it was added with empty prefixes (numbers are dialled as given)"))
        }
        // Custom settings that use the req prefix, as vendors do.
        for section in definition.sections {
            if section.name.hasPrefix("req") && !knownSections.contains(section.name) {
                warn(section.name, nil, "section \(section.name) starts with req, which Salesforce reserves for its own sections; kept as a vendor setting")
            }
            for item in section.items where item.name.hasPrefix("req") && !knownItems.contains(item.name) && item.name != "reqSalesforceCompatabilityMode" {
                warn(section.name, item.name, "item \(item.name) starts with req, which Salesforce reserves; kept as a vendor setting")
            }
        }
    }
}

extension CallCenterDefinition {
    /// Checks the definition by the same rules as an import, filling in what is tolerated
    /// (defaults for sizes and dialing options); for edits made after import.
    public mutating func check() -> (issues: [DefinitionIssue], warnings: [DefinitionIssue]) {
        var issues: [DefinitionIssue] = []
        var warnings: [DefinitionIssue] = []
        DefinitionRules.check(&self, allowFileNameCharacters: true, position: { _, _ in nil }, issues: &issues, warnings: &warnings)
        return (issues, warnings)
    }

    /// What is wrong with a section or item name (letters and digits, at most 40, not reserved).
    public static func nameProblems(_ name: String) -> [String] { DefinitionRules.nameProblems(name) }

    /// What is wrong with an internal name.
    public static func internalNameProblems(_ name: String) -> [String] {
        DefinitionRules.internalNameProblems(name, allowFileNameCharacters: true)
    }
}
