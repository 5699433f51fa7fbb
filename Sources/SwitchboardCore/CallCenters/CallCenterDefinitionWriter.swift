import Foundation

/// Writes a definition in either format; what it writes reads back to the same definition.
public enum CallCenterDefinitionWriter {
    public static func write(_ definition: CallCenterDefinition, as format: DefinitionFormat) -> String {
        format == .importFormat ? importFormat(definition) : metadata(definition)
    }

    /// Setup's import format, with sortOrders from the order of sections and items.
    public static func importFormat(_ d: CallCenterDefinition) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<callCenter>\n"
        for (i, section) in d.sections.enumerated() {
            out += "  <section sortOrder=\"\(i)\" name=\"\(escape(section.name))\" label=\"\(escape(section.label))\">\n"
            for (j, item) in section.items.enumerated() {
                out += "    <item sortOrder=\"\(j)\" name=\"\(escape(item.name))\" label=\"\(escape(item.label))\">\(escape(item.value))</item>\n"
            }
            out += "  </section>\n"
        }
        return out + "</callCenter>\n"
    }

    /// The Metadata API format; the internal name is the file name (`<InternalName>.callCenter`).
    public static func metadata(_ d: CallCenterDefinition) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CallCenter xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
        out += "    <adapterUrl>\(escape(d.adapterURL))</adapterUrl>\n"
        let settingKeys = ["reqTimeout", "reqStandbyUrl", "reqSoftphoneHeight", "reqSoftphoneWidth", "reqUseApi", "reqSalesforceCompatibilityMode"]
        let settings = settingKeys.compactMap { key in d.value("reqGeneralInfo", key).map { (key, $0) } }
        if !settings.isEmpty {
            let json = "{" + settings.map { "\(jsonString($0.0)):\(jsonString($0.1))" }.joined(separator: ",") + "}"
            out += "    <customSettings>\(escape(json))</customSettings>\n"
        }
        out += "    <displayName>\(escape(d.displayName))</displayName>\n"
        out += "    <displayNameLabel>\(escape(d.displayNameLabel))</displayNameLabel>\n"
        out += "    <internalNameLabel>\(escape(d.internalNameLabel))</internalNameLabel>\n"
        for section in d.sections {
            out += "    <sections>\n"
            for item in section.items where !(section.name == "reqGeneralInfo" && (item.name == "reqInternalName" || item.name == "reqDisplayName")) {
                out += "        <items>\n            <label>\(escape(item.label))</label>\n            <name>\(escape(item.name))</name>\n            <value>\(escape(item.value))</value>\n        </items>\n"
            }
            out += "        <label>\(escape(section.label))</label>\n        <name>\(escape(section.name))</name>\n    </sections>\n"
        }
        if let version = d.version { out += "    <version>\(escape(version))</version>\n" }
        return out + "</CallCenter>\n"
    }

    static func escape(_ s: String) -> String { MarkupText.escaped(s) }

    static func jsonString(_ s: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}

extension CallCenterDefinition {
    /// The map `getCallCenterSettings` answers (opencti-spec.md §1.7.4): slash paths to strings.
    public var settings: [String: String] {
        var map: [String: String] = [
            "/label": displayName, "/displayNameLabel": displayNameLabel, "/internalNameLabel": internalNameLabel,
        ]
        for (i, section) in sections.enumerated() {
            map["/\(section.name)/label"] = section.label
            map["/\(section.name)/sortOrder"] = "\(i).0"
            for (j, item) in section.items.enumerated() {
                map["/\(section.name)/\(item.name)"] = item.value
                // The names appear only as values, as in Salesforce's answer.
                if section.name == "reqGeneralInfo" && (item.name == "reqInternalName" || item.name == "reqDisplayName") { continue }
                map["/\(section.name)/\(item.name)/label"] = item.label
                map["/\(section.name)/\(item.name)/sortOrder"] = "\(j).0"
            }
        }
        return map
    }
}
