public import SwitchboardCore

/// What the console needs to host a user's softphone, and the server side of the Open CTI
/// methods that touch data: saveLog, searchAndScreenPop and the console's search.
public struct OpenCTIService: Sendable {
    let records: RecordService
    let callCenters: CallCenterService
    let layouts: SoftphoneLayoutService

    public init(records: RecordService, callCenters: CallCenterService, layouts: SoftphoneLayoutService) {
        self.records = records
        self.callCenters = callCenters
        self.layouts = layouts
    }

    /// The user's call center, or why there is no softphone for them.
    public struct Softphone: Sendable {
        public var callCenter: CallCenter?
        /// Set when `callCenter` is nil, or when it cannot be shown in Lightning.
        public var reason: String?
    }

    /// The call center of the signed-in user, if they have one that runs in this console.
    public func softphone(for principal: Principal) async throws -> Softphone {
        guard let user = try await records.repository.find(StandardObjects.user, id: principal.userID) else {
            return Softphone(callCenter: nil, reason: "your user record is missing")
        }
        guard case .id(let id) = user["CallCenterId"] else {
            return Softphone(callCenter: nil, reason: "You are not in a call center, so there is no softphone. An admin adds you to one under Call centers → Users.")
        }
        guard let callCenter = try await callCenters.repository.find(id: id) else {
            return Softphone(callCenter: nil, reason: "Your call center (\(id.eighteen)) no longer exists; ask an admin to add you to another.")
        }
        if callCenter.definition.adapterURL.trimmingSpaces.isEmpty {
            return Softphone(callCenter: nil, reason: "Your call center \(callCenter.definition.displayName) has no adapter URL (reqAdapterUrl); an admin sets it on the call center.")
        }
        return Softphone(callCenter: callCenter, reason: nil)
    }

    /// The outcome of a saveLog.
    public struct SavedLog: Sendable {
        public var record: Record
        public var created: Bool
        /// Fields that were dropped: unknown to the object, or read-only.
        public var ignored: [FieldIssue]
    }

    /// `saveLog` (opencti-spec.md §1.7.3): `Id` updates that record, else `entityApiName` creates
    /// one. Field names match in any case; unknown and read-only fields are dropped and reported,
    /// as real softphones send them (`Phone`, `IsClosed`); a bad value refuses the whole save.
    /// - Throws: `RecordValidationError` (naming `value` when neither key is given), record errors.
    public func saveLog(_ value: [(String, RawValue)], by principal: Principal) async throws -> SavedLog {
        var idText: String?
        var entity: String?
        var fields: [(String, RawValue)] = []
        for (name, raw) in value {
            switch name.lowercased() {
            case "id": if case .string(let s) = raw, !s.isEmpty { idText = s }
            case "entityapiname": if case .string(let s) = raw { entity = s }
            default: fields.append((name, raw))
            }
        }
        if let idText {
            let id: RecordID
            do { id = try RecordID(parsing: idText) } catch {
                throw RecordValidationError(object: entity ?? "record", issues: [FieldIssue(field: "Id", message: "'\(idText)' is not a record id")])
            }
            guard let object = StandardObjects.withKeyPrefix(id.keyPrefix) else { throw RecordError.notFound(object: entity ?? "record", id: idText) }
            let (record, warnings) = try await records.update(object, id: idText, fields, extraFields: .ignore, by: principal)
            return SavedLog(record: record, created: false, ignored: warnings)
        }
        guard let entity, !entity.isEmpty else {
            throw RecordValidationError(object: "record", issues: [FieldIssue(field: "entityApiName", message: "is required to create a record (or give Id to update one), e.g. \"entityApiName\": \"Task\"")])
        }
        let object = try records.object(named: entity)
        let (record, warnings) = try await records.create(object, fields, extraFields: .ignore, by: principal)
        return SavedLog(record: record, created: true, ignored: warnings)
    }

    /// One record a search found, with the layout object it came from.
    public struct Match: Sendable {
        public var record: Record
        /// The layout's entry for the record's object; nil when the layout does not list it.
        public var layoutObject: LayoutObject?
    }

    /// The outcome of `searchAndScreenPop`.
    public struct ScreenPopSearch: Sendable {
        /// Matches the layout allows, which the softphone is told of.
        public var matches: [Match]
        /// Where the console pops, per the layout; nil for none.
        public var target: ScreenPopTarget?
        public var callType: CallTypeName
    }

    /// Searches the objects of the user's softphone layout for the call type and plans the pop.
    /// `callType` nil or empty means inbound (§1.7.2).
    /// - Throws: `RecordValidationError` when the call type is not inbound, outbound or internal.
    public func searchAndScreenPop(
        _ searchParams: String, callType: String?, defaultFieldValues: [String: String]?, by principal: Principal
    ) async throws -> ScreenPopSearch {
        let type: CallTypeName
        switch (callType ?? "").trimmingSpaces.lowercased() {
        case "", "inbound": type = .inbound
        case "outbound": type = .outbound
        case "internal": type = .internal
        case let other:
            throw RecordValidationError(object: "searchAndScreenPop", issues: [FieldIssue(field: "callType", message: "'\(other)' is not a call type; use inbound, outbound or internal")])
        }
        let layout = try await layouts.layout(for: principal.userID)[type]
        var matches: [Match] = []
        for entry in layout.objects {
            guard let object = StandardObjects.named(entry.object) else { continue }
            for record in try await search(object, searchParams, limit: 50, by: principal) {
                matches.append(Match(record: record, layoutObject: entry))
            }
        }
        let target = ScreenPopTarget.plan(layout: layout, matches: matches.map(\.record.id), searchText: searchParams, defaultFieldValues: defaultFieldValues)
        return ScreenPopSearch(matches: matches, target: target, callType: type)
    }

    /// The console's search: every searchable object, by name, email or phone number.
    public func search(_ text: String, limitPerObject: Int = 25, by principal: Principal) async throws -> [(ObjectSchema, [Record])] {
        var results: [(ObjectSchema, [Record])] = []
        for name in ["Account", "Contact", "Lead", "Case"] {
            guard let object = StandardObjects.named(name), principal.role >= RecordAction.read.minimumRole(for: object) else { continue }
            results.append((object, try await search(object, text, limit: limitPerObject, by: principal)))
        }
        return results
    }

    func search(_ object: ObjectSchema, _ text: String, limit: Int, by principal: Principal) async throws -> [Record] {
        try records.authorize(principal, .read, object)
        let text = text.trimmingSpaces
        guard text.count >= 2 else { return [] }
        let textFields = object.fields.filter { Self.textSearchFields.contains($0.name) }
        let phoneFields = object.phoneFields
        let digits = ScreenPopTarget.looksLikePhoneNumber(text) ? Self.phoneSuffix(text) : nil
        return try await records.repository.search(
            object, text: digits == nil ? text : nil, textFields: textFields, phoneDigits: digits, phoneFields: phoneFields, limit: limit)
    }

    static let textSearchFields: Set<String> = ["Name", "FirstName", "LastName", "Email", "Company", "CaseNumber", "Subject", "Username"]

    /// The digits a stored number must end with to match: the national significant number when
    /// the text is an international number we know, else the last ten digits.
    static func phoneSuffix(_ text: String) -> String {
        if text.trimmingSpaces.hasPrefix("+"), let normalizer = try? PhoneNormalizer(defaultCountry: "US"),
           case .success(let number) = normalizer.normalize(text) {
            return number.nationalNumber
        }
        return String(text.filter(\.isNumber).suffix(10))
    }
}
