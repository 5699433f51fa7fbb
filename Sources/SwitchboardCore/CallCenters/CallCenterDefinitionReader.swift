import Foundation

/// Reads a call center definition file in either of Salesforce's formats, safely (`XMLReader`),
/// checks it against the rules and lists every problem at once, with its line and column.
public enum CallCenterDefinitionReader {
    /// Files larger than this are refused before parsing.
    public static let maximumBytes = 4 << 20

    /// - Parameters:
    ///   - bytes: the file.
    ///   - fileName: the file's name; a Metadata file's internal name comes from it.
    /// - Throws: `CallCenterDefinitionError` with every problem found.
    public static func read(_ bytes: [UInt8], fileName: String? = nil) throws(CallCenterDefinitionError) -> ReadDefinition {
        let root: XMLElement
        do { root = try XMLReader(maximumBytes: maximumBytes, maximumDepth: 16).read(bytes) } catch {
            throw CallCenterDefinitionError([DefinitionIssue(line: error.line, column: error.column, error.message)])
        }
        guard root.name == "callCenter" || root.name == "CallCenter" else {
            throw CallCenterDefinitionError([DefinitionIssue(line: root.line, column: root.column,
                "the root element is <\(root.name)>; a definition starts with <callCenter> (import format) or <CallCenter xmlns=\"http://soap.sforce.com/2006/04/metadata\"> (Metadata API)")])
        }
        let isMetadata = !root.elements(named: "sections").isEmpty || root.attribute("xmlns")?.value.contains("soap.sforce.com") == true
            || (root.elements(named: "section").isEmpty && !root.elements(named: "adapterUrl").isEmpty)
        var reader = Reading()
        if isMetadata { reader.readMetadata(root, fileName: fileName) } else { reader.readImportFormat(root) }
        DefinitionRules.check(&reader.definition, allowFileNameCharacters: true, position: reader.position,
                              issues: &reader.issues, warnings: &reader.warnings)
        if !reader.issues.isEmpty { throw CallCenterDefinitionError(reader.issues.sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }) }
        return ReadDefinition(definition: reader.definition, warnings: reader.warnings, format: isMetadata ? .metadata : .importFormat)
    }

    public static func read(_ text: String, fileName: String? = nil) throws(CallCenterDefinitionError) -> ReadDefinition {
        try read(Array(text.utf8), fileName: fileName)
    }
}

/// The state of one read: the definition so far, problems, and where things stood in the file.
private struct Reading {
    var definition = CallCenterDefinition(sections: [])
    var issues: [DefinitionIssue] = []
    var warnings: [DefinitionIssue] = []
    var positions: [String: (Int, Int)] = [:]

    func position(_ section: String, _ item: String?) -> (Int, Int)? { positions[item.map { "\(section)/\($0)" } ?? section] }

    mutating func issue(_ e: XMLElement, _ message: String) { issues.append(DefinitionIssue(line: e.line, column: e.column, message)) }
    mutating func issue(_ a: XMLAttribute, _ message: String) { issues.append(DefinitionIssue(line: a.line, column: a.column, message)) }
    mutating func warn(_ e: XMLElement, _ message: String) { warnings.append(DefinitionIssue(line: e.line, column: e.column, message)) }

    /// A label, trimmed of stray spaces (with a warning) and at most 1000 characters.
    mutating func label(_ raw: String?, of element: XMLElement, name: String) -> String {
        guard let raw else { return DefinitionRules.defaultLabels[name] ?? name }
        let trimmed = raw.trimmingSpaces
        if trimmed != raw { warn(element, "the label '\(raw)' of \(name) has stray spaces; trimmed to '\(trimmed)'") }
        if trimmed.count > 1000 { issue(element, "the label of \(name) is \(trimmed.count) characters long; at most 1000") }
        return trimmed
    }

    // MARK: Import format

    mutating func readImportFormat(_ root: XMLElement) {
        var sections: [(order: Int, section: CallCenterSection)] = []
        var sectionOrders: [Int: XMLElement] = [:]
        for child in root.children {
            switch child {
            case .text(let t) where !t.allSatisfy(\.isWhitespace):
                issue(root, "text directly inside <callCenter>; values belong in <item> elements")
            case .element(let e) where e.name != "section":
                issue(e, "<\(e.name)> is not part of a definition; <callCenter> holds <section> elements")
            case .element(let e):
                guard let (order, name) = orderAndName(e, kind: "section", seen: &sectionOrders) else { continue }
                if sections.contains(where: { $0.section.name == name }) { issue(e, "a second section named \(name); section names are unique") }
                positions[name] = (e.line, e.column)
                var items: [(Int, CallCenterItem)] = []
                var itemOrders: [Int: XMLElement] = [:]
                for itemChild in e.children {
                    switch itemChild {
                    case .text(let t) where !t.allSatisfy(\.isWhitespace):
                        issue(e, "text directly inside section \(name); values belong in <item> elements")
                    case .element(let i) where i.name != "item":
                        issue(i, "<\(i.name)> is not allowed in a section; use <item sortOrder=\"…\" name=\"…\">value</item>")
                    case .element(let i):
                        guard let (itemOrder, itemName) = orderAndName(i, kind: "item", seen: &itemOrders) else { continue }
                        if items.contains(where: { $0.1.name == itemName }) { issue(i, "a second item named \(itemName) in section \(name)") }
                        if let nested = i.elements.first { issue(nested, "<\(nested.name)> inside an item; an item holds only its value") }
                        positions["\(name)/\(itemName)"] = (i.line, i.column)
                        let value = i.text
                        let trimmed = value.trimmingSpaces
                        if trimmed != value && !value.isEmpty { warn(i, "the value of \(itemName) has leading or trailing spaces; trimmed") }
                        items.append((itemOrder, CallCenterItem(name: itemName, label: label(i.attribute("label")?.value, of: i, name: itemName), value: trimmed)))
                    default: break
                    }
                }
                checkSequence(itemOrders, kind: "item", in: "section \(name)", at: e)
                sections.append((order, CallCenterSection(name: name, label: label(e.attribute("label")?.value, of: e, name: name),
                                                          items: items.sorted { $0.0 < $1.0 }.map(\.1))))
            default: break
            }
        }
        checkSequence(sectionOrders, kind: "section", in: "the call center", at: root)
        if sections.isEmpty { issue(root, "<callCenter> has no <section>; it needs at least reqGeneralInfo") }
        definition.sections = sections.sorted { $0.order < $1.order }.map(\.section)
        if let general = definition.sections.first(where: { $0.name == "reqGeneralInfo" }) {
            if let item = general.items.first(where: { $0.name == "reqInternalName" }) { definition.internalNameLabel = item.label }
            if let item = general.items.first(where: { $0.name == "reqDisplayName" }) { definition.displayNameLabel = item.label }
        }
    }

    /// The sortOrder and name attributes of a section or item, checked; nil when unusable.
    mutating func orderAndName(_ e: XMLElement, kind: String, seen: inout [Int: XMLElement]) -> (Int, String)? {
        for attribute in e.attributes where !["sortOrder", "name", "label"].contains(attribute.name) {
            warnings.append(DefinitionIssue(line: attribute.line, column: attribute.column, "the attribute \(attribute.name) on <\(kind)> is not used; ignored"))
        }
        var usable = true
        var name = ""
        if let n = e.attribute("name") {
            name = n.value
            for problem in DefinitionRules.nameProblems(name) { issue(n, "\(kind) name: \(problem)") }
        } else {
            issue(e, "a <\(kind)> has no name attribute")
            usable = false
        }
        var order = -1
        if let o = e.attribute("sortOrder") {
            if let n = Int(o.value.trimmingSpaces), n >= 0 {
                order = n
                if let other = seen[n] {
                    issue(o, "sortOrder \(n) of \(kind) \(name) is already used by the \(kind) on line \(other.line); each \(kind) needs its own")
                } else {
                    seen[n] = e
                }
            } else {
                issue(o, "sortOrder '\(o.value)' of \(kind) \(name) is not a whole number of 0 or more")
            }
        } else {
            issue(e, "the \(kind) \(name) has no sortOrder attribute; number them 0, 1, 2…")
        }
        return usable ? (order, name) : nil
    }

    /// sortOrders must run 0, 1, 2… without gaps.
    mutating func checkSequence(_ orders: [Int: XMLElement], kind: String, in place: String, at element: XMLElement) {
        guard let highest = orders.keys.max() else { return }
        let missing = (0...highest).filter { orders[$0] == nil }
        if !missing.isEmpty {
            issue(element, "the \(kind) sortOrders in \(place) skip \(missing.map(String.init).joined(separator: ", ")); number them 0, 1, 2… without gaps")
        }
    }

    // MARK: Metadata format

    mutating func readMetadata(_ root: XMLElement, fileName: String?) {
        var fullName: String? = nil
        var displayName = "", adapterURL: String? = nil, customSettings: (String, XMLElement)? = nil
        var sections: [CallCenterSection] = []
        for e in root.elements {
            switch e.name {
            case "fullName": fullName = e.text.trimmingSpaces
            case "displayName": displayName = e.text.trimmingSpaces
            case "displayNameLabel": definition.displayNameLabel = label(e.text, of: e, name: "displayNameLabel")
            case "internalNameLabel": definition.internalNameLabel = label(e.text, of: e, name: "internalNameLabel")
            case "adapterUrl": adapterURL = e.text.trimmingSpaces
            case "version": definition.version = e.text.trimmingSpaces
            case "customSettings": customSettings = (e.text, e)
            case "contactCenterChannels": break  // Service Cloud Voice channels; not used by Open CTI
            case "sections":
                guard let nameElement = e.elements(named: "name").first else {
                    issue(e, "a <sections> element has no <name>")
                    continue
                }
                let name = nameElement.text.trimmingSpaces
                for problem in DefinitionRules.nameProblems(name) { issue(nameElement, "section name: \(problem)") }
                if sections.contains(where: { $0.name == name }) { issue(e, "a second section named \(name); section names are unique") }
                positions[name] = (e.line, e.column)
                var items: [CallCenterItem] = []
                for i in e.elements(named: "items") {
                    guard let itemNameElement = i.elements(named: "name").first else {
                        issue(i, "an <items> element in section \(name) has no <name>")
                        continue
                    }
                    let itemName = itemNameElement.text.trimmingSpaces
                    for problem in DefinitionRules.nameProblems(itemName) { issue(itemNameElement, "item name: \(problem)") }
                    if items.contains(where: { $0.name == itemName }) { issue(i, "a second item named \(itemName) in section \(name)") }
                    positions["\(name)/\(itemName)"] = (i.line, i.column)
                    let itemLabel = i.elements(named: "label").first.map { label($0.text, of: $0, name: itemName) } ?? DefinitionRules.defaultLabels[itemName] ?? itemName
                    items.append(CallCenterItem(name: itemName, label: itemLabel, value: (i.elements(named: "value").first?.text ?? "").trimmingSpaces))
                }
                let sectionLabel = e.elements(named: "label").first.map { label($0.text, of: $0, name: name) } ?? DefinitionRules.defaultLabels[name] ?? name
                sections.append(CallCenterSection(name: name, label: sectionLabel, items: items))
            default:
                warn(e, "<\(e.name)> is not part of a call center definition; ignored")
            }
        }
        positions["reqGeneralInfo"] = positions["reqGeneralInfo"] ?? (root.line, root.column)
        definition.sections = sections
        // The names are not items in this format: the internal name is the file's name.
        let internalName = fullName ?? fileName.map(Self.stem) ?? ""
        if fullName == nil && fileName == nil {
            issues.append(DefinitionIssue(line: root.line, column: root.column, "a Metadata API file takes its internal name from its file name; give the file name or add <fullName>"))
        }
        if !definition.sections.contains(where: { $0.name == "reqGeneralInfo" }) {
            definition.sections.insert(CallCenterSection(name: "reqGeneralInfo", label: "General Information", items: []), at: 0)
        }
        let g = definition.sections.firstIndex { $0.name == "reqGeneralInfo" }!
        definition.sections[g].items.removeAll { $0.name == "reqInternalName" || $0.name == "reqDisplayName" }
        definition.sections[g].items.insert(contentsOf: [
            CallCenterItem(name: "reqInternalName", label: definition.internalNameLabel, value: internalName),
            CallCenterItem(name: "reqDisplayName", label: definition.displayNameLabel, value: displayName),
        ], at: 0)
        if let adapterURL, !adapterURL.isEmpty {
            if let item = definition.value("reqGeneralInfo", "reqAdapterUrl"), item != adapterURL {
                warn(root, "<adapterUrl> (\(adapterURL)) differs from the reqAdapterUrl item (\(item)); the item is used")
            } else if definition.value("reqGeneralInfo", "reqAdapterUrl") == nil {
                definition.setValue(adapterURL, section: "reqGeneralInfo", item: "reqAdapterUrl", label: DefinitionRules.defaultLabels["reqAdapterUrl"])
            }
        }
        if let (json, element) = customSettings { applyCustomSettings(json, element) }
    }

    /// `customSettings` holds the general settings as JSON; its values are honoured.
    mutating func applyCustomSettings(_ json: String, _ element: XMLElement) {
        guard !json.trimmingSpaces.isEmpty else { return }
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            warn(element, "customSettings is not a JSON object; ignored")
            return
        }
        for key in object.keys.sorted() {
            let value: String
            switch object[key] {
            case let s as String: value = s
            case let n as NSNumber: value = n.stringValue
            default: warn(element, "customSettings \(key) is not a text or number; ignored"); continue
            }
            let section = definition.sections.first { s in s.items.contains { $0.name == key } }?.name ?? "reqGeneralInfo"
            if let existing = definition.value(section, key), existing != value {
                warn(element, "customSettings sets \(key) to '\(value)' but its item says '\(existing)'; customSettings is used")
            }
            definition.setValue(value, section: section, item: key, label: DefinitionRules.defaultLabels[key])
        }
    }

    static func stem(_ fileName: String) -> String {
        var name = (fileName as NSString).lastPathComponent
        for suffix in [".callCenter", ".callcenter", ".xml"] where name.hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
        return name
    }
}
