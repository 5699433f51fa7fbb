import Foundation
import SwitchboardTestSupport
import Testing
@testable import SwitchboardCore

/// The samples, read and checked the way an import reads them.
enum Samples {
    static let valid = CallCenterSamples.valid
    static func read(_ name: String) throws -> ReadDefinition {
        try CallCenterDefinitionReader.read(try CallCenterSamples.bytes(name), fileName: name)
    }
}

@Suite("Call center definition files")
struct CallCenterDefinitionTests {
    @Test("lightning-basic: imports as Lightning with a host-relative adapter URL")
    func lightningBasic() throws {
        let read = try Samples.read("lightning-basic.xml")
        let d = read.definition
        #expect(read.format == .importFormat && read.warnings.isEmpty)
        #expect(d.internalName == "SwitchboardDemo" && d.displayName == "Switchboard Demo Call Center")
        #expect(d.adapterURL == "/softphone/" && d.compatibilityMode == .lightning)
        #expect(d.softphoneWidth == 320 && d.softphoneHeight == 420 && d.internationalPrefix == "011")
    }

    @Test("standby-and-vendor-settings: standby URL and timeout, vendor sections kept, non-ASCII name kept")
    func standbyAndVendor() throws {
        let read = try Samples.read("standby-and-vendor-settings.xml")
        let d = read.definition
        #expect(d.displayName == "Acme Voice — Équipe Europe")
        #expect(d.standbyURL == "https://standby.acme-voice.example/agent/" && d.timeoutMilliseconds == 5000)
        #expect(d.compatibilityMode == .classicAndLightning)
        let settings = d.settings
        #expect(settings["/reqAcmeRouting/reqRegion"] == "eu-west")
        #expect(settings["/acmeScreenPop/label"] == "Acme Screen Pop")  // stray space trimmed
        #expect(settings["/acmeScreenPop/searchField"] == "")
        #expect(read.warnings.contains { $0.message.contains("reqAcmeRouting starts with req") })
    }

    @Test("metadata-format: internal name from the file name; customSettings honoured")
    func metadataFormat() throws {
        let read = try Samples.read("metadata-format.callCenter")
        let d = read.definition
        #expect(read.format == .metadata)
        #expect(d.internalName == "metadata-format" && d.displayName == "Example Metadata Call Center")
        #expect(d.standbyURL == "https://softphone.example.net/standby/" && d.timeoutMilliseconds == 4000)  // only in customSettings
        #expect(d.compatibilityMode == .lightning && d.softphoneWidth == 340 && d.version == "4")
    }

    @Test("lenient-real-world: imports with a warning for each quirk")
    func lenient() throws {
        let read = try Samples.read("lenient-real-world.xml")
        let d = read.definition
        #expect(d.compatibilityMode == .classicAndLightning)
        #expect(d.softphoneWidth == 300)  // empty → default
        #expect(d.sections.contains { $0.name == "reqDialingOptions" })
        #expect(d.sections[0].label == "General Info")
        let messages = read.warnings.map(\.message).joined(separator: "\n")
        #expect(messages.contains("misspelling of reqSalesforceCompatibilityMode"))
        #expect(messages.contains("reqSoftphoneWidth is empty"))
        #expect(messages.contains("no reqDialingOptions section"))
        #expect(messages.contains("stray spaces"))
    }

    @Test("missing internal name: refused, naming reqInternalName")
    func missingInternalName() throws {
        #expect { try Samples.read("invalid-missing-internal-name.xml") } throws: { error in
            (error as? CallCenterDefinitionError)?.issues.contains { $0.message.hasPrefix("reqInternalName is missing") } == true
        }
    }

    @Test("bad names: every bad name is listed with its line")
    func badNames() throws {
        #expect { try Samples.read("invalid-bad-names.xml") } throws: { error in
            guard let issues = (error as? CallCenterDefinitionError)?.issues else { return false }
            let text = issues.map(\.description)
            func has(_ line: Int, _ fragment: String) -> Bool { text.contains { $0.hasPrefix("line \(line),") && $0.contains(fragment) } }
            return has(3, "must start with a letter") && has(5, "only letters and digits") && has(6, "at most 40")
                && has(7, "reserved word") && has(7, "sortOrder 3") && issues.allSatisfy { $0.line != nil }
        }
    }

    @Test("an external entity is refused before anything is resolved")
    func externalEntity() throws {
        #expect { try Samples.read("invalid-external-entity.xml") } throws: { error in
            guard let issue = (error as? CallCenterDefinitionError)?.issues.first else { return false }
            return issue.line == 2 && issue.message.contains("<!DOCTYPE") && !issue.message.contains("root:")
        }
    }

    @Test("entity expansion is refused at once, without expanding")
    func entityExpansion() throws {
        let clock = ContinuousClock()
        let start = clock.now
        #expect { try Samples.read("invalid-entity-expansion.xml") } throws: { ($0 as? CallCenterDefinitionError)?.issues.first?.line == 2 }
        _ = start  // (the time is reported by the benchmark, not asserted here)
    }

    @Test("a truncated file names the line and column where it breaks")
    func truncated() throws {
        #expect { try Samples.read("invalid-truncated.xml") } throws: { error in
            guard let issue = (error as? CallCenterDefinitionError)?.issues.first else { return false }
            return issue.line != nil && issue.column != nil && issue.message.contains("never closed")
        }
    }

    @Test("every valid sample exports in both formats and reads back to the same definition", arguments: Samples.valid)
    func roundTrip(sample: String) throws {
        let original = try Samples.read(sample).definition
        for format in DefinitionFormat.allCases {
            let text = CallCenterDefinitionWriter.write(original, as: format)
            let again = try CallCenterDefinitionReader.read(text, fileName: original.internalName + ".callCenter").definition
            var expected = original
            if format == .importFormat { expected.version = nil }  // the import format has no version element
            #expect(again == expected, "\(format) round trip of \(sample)")
        }
    }

    @Test("the settings map of every sample: each section and item, with labels and n.0 sortOrders", arguments: Samples.valid)
    func settingsPerSample(sample: String) throws {
        let d = try Samples.read(sample).definition
        let settings = d.settings
        #expect(settings["/label"] == d.displayName)
        for (i, section) in d.sections.enumerated() {
            #expect(settings["/\(section.name)/label"] == section.label && settings["/\(section.name)/sortOrder"] == "\(i).0")
            for (j, item) in section.items.enumerated() {
                #expect(settings["/\(section.name)/\(item.name)"] == item.value)
                let isName = section.name == "reqGeneralInfo" && ["reqInternalName", "reqDisplayName"].contains(item.name)
                #expect(settings["/\(section.name)/\(item.name)/sortOrder"] == (isName ? nil : "\(j).0"))
            }
        }
        let expectedCount = 3 + d.sections.reduce(0) { $0 + 2 + $1.items.count * 3 } - 4  // the two names have no label or sortOrder
        #expect(settings.count == expectedCount)
    }

    @Test("getCallCenterSettings: slash paths, string values, sortOrder as n.0, names only as values")
    func settingsMap() throws {
        let settings = try Samples.read("lightning-basic.xml").definition.settings
        #expect(settings["/label"] == "Switchboard Demo Call Center")
        #expect(settings["/reqGeneralInfo/label"] == "General Information" && settings["/reqGeneralInfo/sortOrder"] == "0.0")
        #expect(settings["/reqGeneralInfo/reqAdapterUrl"] == "/softphone/")
        #expect(settings["/reqGeneralInfo/reqAdapterUrl/sortOrder"] == "2.0" && settings["/reqGeneralInfo/reqAdapterUrl/label"] == "CTI Adapter URL")
        #expect(settings["/reqGeneralInfo/reqInternalName"] == "SwitchboardDemo" && settings["/reqGeneralInfo/reqInternalName/label"] == nil)
        #expect(settings["/reqDialingOptions/sortOrder"] == "1.0" && settings["/reqDialingOptions/reqOutsidePrefix"] == "9")
        #expect(settings["/displayNameLabel"] == "Display Name" && settings["/internalNameLabel"] == "InternalName")
    }
}

@Suite("Reading XML safely")
struct XMLReaderTests {
    @Test("elements, attributes, entities, CDATA and comments, with positions")
    func basics() throws {
        let root = try XMLReader().read("<?xml version=\"1.0\"?>\n<!-- c -->\n<a x='1 &amp; 2'>\n  <b>&lt;hi&gt; &#233;&#x41;<![CDATA[<raw>]]></b><c/>\n</a>")
        #expect(root.name == "a" && root.attribute("x")?.value == "1 & 2" && root.line == 3)
        #expect(root.elements(named: "b").first?.text == "<hi> éA<raw>" && root.elements(named: "b").first?.line == 4)
        #expect(root.elements.map(\.name) == ["b", "c"])
    }

    @Test("refuses what could hurt or confuse", arguments: [
        ("<a>&xxe;</a>", "not defined"), ("<a><b></a>", "closes <b>"), ("<a x='1' x='2'/>", "given twice"),
        ("<a/><b/>", "after the root"), (String(repeating: "<a>", count: 40), "nested more than"), ("<a x=1/>", "in quotes"),
    ])
    func refusals(text: String, reason: String) {
        #expect { try XMLReader().read(text) } throws: { "\($0)".contains(reason) }
    }

    @Test("a file over the size limit is refused before parsing")
    func size() {
        #expect { try XMLReader(maximumBytes: 10).read("<a>0123456789</a>") } throws: { "\($0)".contains("the most accepted") }
    }
}

@Suite("Call center numbers and origins")
struct CallCenterOriginTests {
    @Test("framed origins: the adapter's and standby's origins, then trusted ones, no duplicates")
    func framed() throws {
        let d = try Samples.read("standby-and-vendor-settings.xml").definition
        let c = CallCenter(id: RecordID(unchecked: "04v000000000001"), definition: d, createdAt: .init(millisecondsSince1970: 0), lastModifiedAt: .init(millisecondsSince1970: 0),
                           trustedOrigins: ["https://crm.example.com", "https://phone.acme-voice.example"])
        #expect(c.framedOrigins == ["https://phone.acme-voice.example", "https://standby.acme-voice.example", "https://crm.example.com"])
        let relative = try Samples.read("lightning-basic.xml").definition
        #expect(CallCenter(id: c.id, definition: relative, createdAt: c.createdAt, lastModifiedAt: c.lastModifiedAt).framedOrigins.isEmpty)  // this host
    }

    @Test("origins and DNIS numbers are checked", arguments: [
        ("https://crm.example.com", true), ("https://crm.example.com:8443", true), ("http://localhost:3000", true),
        ("http://crm.example.com", false), ("https://crm.example.com/path", false), ("crm.example.com", false),
    ])
    func origins(text: String, ok: Bool) {
        #expect((CallCenter.originProblem(text) == nil) == ok)
    }

    @Test("DNIS numbers", arguments: [("+1 415 555 0100", true), ("(800) 555-0199", true), ("12", false), ("call us", false), ("1+2", false)])
    func dnis(text: String, ok: Bool) {
        #expect((CallCenter.dnisProblem(text) == nil) == ok)
    }
}
