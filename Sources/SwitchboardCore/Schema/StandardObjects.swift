/// The objects Switchboard stores, with Salesforce's field API names and key prefixes.
public enum StandardObjects {
    public static let account = ObjectSchema(
        name: "Account", keyPrefix: "001",
        fields: system + [
            .init("Name", .string(maxLength: 255), required: true),
            .init("AccountNumber", .string(maxLength: 40)),
            .init("Type", .picklist(["Prospect", "Customer - Direct", "Customer - Channel", "Partner", "Other"], restricted: false)),
            .init("Industry", .picklist(industries, restricted: false)),
            .init("Phone", .phone), .init("Fax", .phone), .init("Website", .url),
            .init("BillingStreet", .textArea(maxLength: 255)), .init("BillingCity", .string(maxLength: 40)),
            .init("BillingState", .string(maxLength: 80)), .init("BillingPostalCode", .string(maxLength: 20)),
            .init("BillingCountry", .string(maxLength: 80)),
            .init("NumberOfEmployees", .integer), .init("AnnualRevenue", .double),
            .init("ParentId", .reference(["Account"])),
            .init("Description", .textArea(maxLength: 32000)),
        ])

    public static let contact = ObjectSchema(
        name: "Contact", keyPrefix: "003",
        fields: system + personName + [
            .init("Salutation", .picklist(["Mr.", "Ms.", "Mrs.", "Dr.", "Prof."], restricted: false)),
            .init("Title", .string(maxLength: 128)), .init("Department", .string(maxLength: 80)),
            .init("AccountId", .reference(["Account"])),
            .init("Email", .email),
            .init("Phone", .phone), .init("MobilePhone", .phone), .init("HomePhone", .phone),
            .init("OtherPhone", .phone), .init("AssistantPhone", .phone), .init("Fax", .phone),
            .init("MailingStreet", .textArea(maxLength: 255)), .init("MailingCity", .string(maxLength: 40)),
            .init("MailingState", .string(maxLength: 80)), .init("MailingPostalCode", .string(maxLength: 20)),
            .init("MailingCountry", .string(maxLength: 80)),
            .init("Birthdate", .date),
            .init("LeadSource", .picklist(leadSources, restricted: false)),
            .init("Description", .textArea(maxLength: 32000)),
        ])

    public static let lead = ObjectSchema(
        name: "Lead", keyPrefix: "00Q",
        fields: system + personName + [
            .init("Company", .string(maxLength: 255), required: true),
            .init("Title", .string(maxLength: 128)),
            .init("Email", .email), .init("Phone", .phone), .init("MobilePhone", .phone), .init("Fax", .phone),
            .init("Status", .picklist(["Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"], restricted: false), default: .text("Open - Not Contacted")),
            .init("LeadSource", .picklist(leadSources, restricted: false)),
            .init("Industry", .picklist(industries, restricted: false)),
            .init("Rating", .picklist(["Hot", "Warm", "Cold"], restricted: false)),
            .init("Street", .textArea(maxLength: 255)), .init("City", .string(maxLength: 40)),
            .init("State", .string(maxLength: 80)), .init("PostalCode", .string(maxLength: 20)),
            .init("Country", .string(maxLength: 80)),
            .init("Description", .textArea(maxLength: 32000)),
        ])

    public static let caseObject = ObjectSchema(
        name: "Case", keyPrefix: "500", nameField: "CaseNumber",
        fields: system + [
            .init("CaseNumber", .autoNumber(prefix: "", digits: 8), readOnly: true),
            .init("Subject", .string(maxLength: 255)),
            .init("Status", .picklist(["New", "Working", "Escalated", "Closed"], restricted: false), default: .text("New")),
            .init("Priority", .picklist(["High", "Medium", "Low"], restricted: false), default: .text("Medium")),
            .init("Origin", .picklist(["Phone", "Email", "Web"], restricted: false)),
            .init("Type", .picklist(["Question", "Problem", "Feature Request"], restricted: false)),
            .init("Reason", .picklist(["Installation", "Equipment Complexity", "Performance", "Breakdown", "Other"], restricted: false)),
            .init("ContactId", .reference(["Contact"])), .init("AccountId", .reference(["Account"])),
            .init("SuppliedName", .string(maxLength: 80)), .init("SuppliedEmail", .email), .init("SuppliedPhone", .phone),
            .init("IsClosed", .boolean, readOnly: true),
            .init("ClosedDate", .dateTime, readOnly: true),
            .init("Description", .textArea(maxLength: 32000)),
        ])

    /// Task: what softphones' `saveLog` writes (opencti-spec.md §5.1).
    public static let task = ObjectSchema(
        name: "Task", keyPrefix: "00T", nameField: "Subject",
        fields: system + [
            .init("Subject", .string(maxLength: 255)),
            .init("Status", .picklist(taskStatuses, restricted: false), default: .text("Not Started")),
            .init("Priority", .picklist(["High", "Normal", "Low"], restricted: false), default: .text("Normal")),
            .init("ActivityDate", .date),
            .init("WhoId", .reference(["Contact", "Lead"])),
            .init("WhatId", .reference(["Account", "Case"])),
            .init("Description", .textArea(maxLength: 32000)),
            .init("Type", .picklist(["Call", "Email", "Meeting", "Other"], restricted: false)),
            .init("TaskSubtype", .picklist(["Task", "Email", "ListEmail", "Cadence", "Call"], restricted: false)),
            .init("CallType", .picklist(["Inbound", "Internal", "Outbound"], restricted: true)),
            .init("CallDurationInSeconds", .integer),
            .init("CallDisposition", .string(maxLength: 255)),
            .init("CallObject", .string(maxLength: 255), indexed: true),
            .init("IsClosed", .boolean, readOnly: true),
            .init("CompletedDateTime", .dateTime, readOnly: true),
        ])

    /// VoiceCall: one per call (opencti-spec.md §5.2), plus what reports need, derived on every
    /// write (`CallFacts`): the outcome, the wait and the handle time.
    public static let voiceCall = ObjectSchema(
        name: "VoiceCall", keyPrefix: "0LQ",
        fields: system + [
            .init("Name", .autoNumber(prefix: "VC-", digits: 8), readOnly: true),
            .init("CallType", .picklist(voiceCallTypes, restricted: true), required: true),
            .init("FromPhoneNumber", .phone), .init("ToPhoneNumber", .phone),
            .init("CallQueuedDateTime", .dateTime), .init("CallAcceptDateTime", .dateTime),
            .init("CallConnectDateTime", .dateTime),
            .init("CallStartDateTime", .dateTime, indexed: true), .init("CallEndDateTime", .dateTime),
            .init("CallDurationInSeconds", .integer),
            .init("CallDisposition", .string(maxLength: 255)),
            .init("QueueName", .string(maxLength: 255)),
            .init("CallCenterId", .reference(["CallCenter"])),
            .init("UserId", .reference(["User"])),
            .init("ActivityId", .reference(["Task"])),
            .init("RelatedRecordId", .reference(["Account", "Contact", "Lead", "Case"])),
            .init("VendorCallKey", .string(maxLength: 255), indexed: true), .init("VendorParentCallKey", .string(maxLength: 255)),
            .init("VendorType", .picklist(["ContactCenter", "Partner"], restricted: false)),
            .init("CallRecordingId", .string(maxLength: 255)), .init("IsRecorded", .boolean),
            // Switchboard's: where the phone system keeps the recording (Salesforce has no such field).
            .init("RecordingUrl", .url),
            .init("CallOrigin", .string(maxLength: 255)), .init("CallResolution", .string(maxLength: 255)),
            .init("CallSubtype", .picklist(["PSTN", "WebRTC"], restricted: false)),
            .init("NumberOfHolds", .integer), .init("LongestHoldDuration", .integer),
            .init("CustomerHoldDuration", .integer),
            .init("DisconnectReason", .string(maxLength: 255)),
            .init("Description", .textArea(maxLength: 32000)),
            // Switchboard's: wrap-up time after the call, and what reports read (derived).
            .init("AfterCallWorkSeconds", .integer),
            .init("Outcome", .picklist(CallOutcome.allCases.map(\.rawValue), restricted: true), readOnly: true),
            .init("WaitDurationInSeconds", .integer, readOnly: true),
            .init("HandleTimeInSeconds", .integer, readOnly: true),
        ])

    public static let voiceCallTypes = ["Inbound", "Outbound", "Internal", "Transfer", "Callback", "Consult", "InternalCall", "Bridge", "Coach"]

    /// User: people who sign in. `Role` decides what they may do.
    public static let user = ObjectSchema(
        name: "User", keyPrefix: "005",
        fields: system + personName + [
            .init("Username", .string(maxLength: 80), required: true, unique: true),
            .init("Email", .email, required: true),
            .init("Title", .string(maxLength: 80)), .init("Department", .string(maxLength: 80)),
            .init("Phone", .phone), .init("MobilePhone", .phone), .init("Extension", .string(maxLength: 40)),
            .init("IsActive", .boolean, default: .boolean(true)),
            .init("Role", .picklist(Role.allCases.map(\.rawValue), restricted: true), default: .text(Role.agent.rawValue)),
            // Set through the call center's users (one call center per user), not by record writes.
            .init("CallCenterId", .reference(["CallCenter"]), readOnly: true),
        ])

    /// Every object, in the order the API lists them.
    public static let all: [ObjectSchema] = [account, contact, lead, caseObject, task, voiceCall, user]

    /// Finds an object by API name, ignoring case.
    public static func named(_ name: String) -> ObjectSchema? {
        all.first { $0.name.caseInsensitiveEquals(name) }
    }

    /// Finds the object whose ids start with this key prefix.
    public static func withKeyPrefix(_ prefix: String) -> ObjectSchema? {
        all.first { $0.keyPrefix == prefix }
    }

    /// Fields every record has.
    static let system: [FieldSchema] = [
        .init("Id", .id, readOnly: true),
        .init("CreatedDate", .dateTime, readOnly: true),
        .init("LastModifiedDate", .dateTime, readOnly: true),
        .init("CreatedById", .reference(["User"]), readOnly: true),
        .init("LastModifiedById", .reference(["User"]), readOnly: true),
        .init("OwnerId", .reference(["User"])),
    ]

    static let personName: [FieldSchema] = [
        .init("FirstName", .string(maxLength: 40)),
        .init("LastName", .string(maxLength: 80), required: true),
        .init("Name", .string(maxLength: 121), readOnly: true),
    ]

    /// Task statuses that close a task.
    public static let closedTaskStatuses: Set<String> = ["completed"]
    static let taskStatuses = ["Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred"]
    static let leadSources = ["Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"]
    static let industries = [
        "Agriculture", "Banking", "Communications", "Consulting", "Education", "Energy", "Healthcare",
        "Hospitality", "Insurance", "Manufacturing", "Media", "Retail", "Technology", "Transportation", "Other",
    ]
}

extension String {
    /// ASCII case-insensitive equality; API names are ASCII.
    public func caseInsensitiveEquals(_ other: String) -> Bool {
        guard self.utf8.count == other.utf8.count else { return false }
        func lower(_ c: UInt8) -> UInt8 { (0x41...0x5A).contains(c) ? c | 0x20 : c }
        for (a, b) in zip(self.utf8, other.utf8) where a != b {
            // Outside ASCII, case folding needs Unicode's tables.
            if a >= 0x80 || b >= 0x80 { return self.lowercased() == other.lowercased() }
            if lower(a) != lower(b) { return false }
        }
        return true
    }
}
