public import SwitchboardCore

/// What the console needs to host a user's softphone, and the server side of the Open CTI
/// methods that touch data: saveLog, searchAndScreenPop and the console's search.
public struct OpenCTIService: Sendable {
    let records: RecordService
    let callCenters: CallCenterService
    let layouts: SoftphoneLayoutService
    let phoneIndexing: PhoneIndexing
    /// Links call Tasks to their VoiceCalls and keeps one log per call.
    let calls: CallLogService
    /// Call centers by id: every screen pop reads the caller's dialing options.
    let callCenterCache: ShortLivedCache<RecordID, CallCenter?>

    /// - Parameters:
    ///   - phoneIndexing: the org's default country, the same the store indexes with.
    ///   - cacheMilliseconds: how long a call center is reused without reading it (0: never).
    public init(records: RecordService, callCenters: CallCenterService, layouts: SoftphoneLayoutService, calls: CallLogService,
                phoneIndexing: PhoneIndexing = .standard, clock: any WallClock = SystemWallClock(), cacheMilliseconds: Int64 = 0) {
        self.records = records
        self.calls = calls
        self.callCenters = callCenters
        self.layouts = layouts
        self.phoneIndexing = phoneIndexing
        self.callCenterCache = ShortLivedCache(clock: clock, lifetimeMilliseconds: cacheMilliseconds)
    }

    /// The user's call center, or why there is no softphone for them.
    public struct Softphone: Sendable {
        public var callCenter: CallCenter?
        /// Set when `callCenter` is nil, or when it cannot be shown in Lightning.
        public var reason: String?
    }

    /// The call center of the signed-in user, if they have one that runs in this console.
    public func softphone(for principal: Principal) async throws -> Softphone {
        try await softphone(user: try await records.repository.find(StandardObjects.user, id: principal.userID))
    }

    func softphone(user: Record?, cached: Bool = false) async throws -> Softphone {
        guard let user else {
            return Softphone(callCenter: nil, reason: "your user record is missing")
        }
        guard case .id(let id) = user["CallCenterId"] else {
            return Softphone(callCenter: nil, reason: "You are not in a call center, so there is no softphone. An admin adds you to one under Call centers → Users.")
        }
        let found = cached ? try await callCenterCache.value(for: id) { try await callCenters.repository.find(id: id) } : try await callCenters.repository.find(id: id)
        guard let callCenter = found else {
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
    /// A call Task is linked to its VoiceCall, and logging the same call again (same
    /// `CallObject`) updates the first Task (`CallLogService.saveLog`).
    /// - Throws: `RecordValidationError` (naming `value` when neither key is given), record errors.
    public func saveLog(_ value: [(String, RawValue)], by principal: Principal) async throws -> SavedLog {
        try await calls.saveLog(value, by: principal) { input in try await saveRecord(input, by: principal) }
    }

    /// Creates or updates the record a saveLog names.
    func saveRecord(_ value: [(String, RawValue)], by principal: Principal) async throws -> SavedLog {
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

    /// One record a search found, with the layout object it came from and why it matched.
    public struct Match: Sendable {
        public var record: Record
        /// The layout's entry for the record's object; nil when the layout does not list it.
        public var layoutObject: LayoutObject?
        public var reason: MatchReason
    }

    /// The outcome of `searchAndScreenPop`.
    public struct ScreenPopSearch: Sendable {
        /// Matches the layout allows, best first, which the softphone is told of.
        public var matches: [Match]
        /// Where the console pops, per the layout; nil for none.
        public var target: ScreenPopTarget?
        public var callType: CallTypeName
        /// How the search text was read: a normalized number, a name, or no usable caller id.
        public var query: CallerQuery
        /// The layout that decided.
        public var layoutName: String
    }

    /// Searches the objects of the user's softphone layout for the call type and plans the pop.
    /// `callType` nil or empty means inbound (§1.7.2). Numbers are read with the user's call
    /// center's dialing options and looked up in the phone index; other text searches names and
    /// emails; a withheld or garbled caller id matches nothing, so the NoMatch action pops.
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
        let user = try await records.repository.find(StandardObjects.user, id: principal.userID)
        let layout = try await layouts.layout(for: principal.userID, user: user)
        let section = layout[type]
        let query = try await read(searchParams, user: user)
        let objects = section.objects.compactMap { entry in StandardObjects.named(entry.object).map { ($0, Optional(entry)) } }
        let matches = try await find(query, in: objects, limit: 50, by: principal)
        let searchText: String
        switch query {
        case .number(let number): searchText = number.e164
        case .name(let text): searchText = text
        case .none: searchText = ""
        }
        let target = ScreenPopTarget.plan(layout: section, matches: matches.map(\.record.id), searchText: searchText, defaultFieldValues: defaultFieldValues)
        return ScreenPopSearch(matches: matches, target: target, callType: type, query: query, layoutName: layout.name)
    }

    /// The console's search: every searchable object, by number, name or email.
    public func search(_ text: String, limitPerObject: Int = 25, by principal: Principal) async throws -> [(ObjectSchema, [Match])] {
        let query = try await read(text, for: principal)
        var results: [(ObjectSchema, [Match])] = []
        for name in ["Account", "Contact", "Lead", "Case"] {
            guard let object = StandardObjects.named(name), principal.role >= RecordAction.read.minimumRole(for: object) else { continue }
            results.append((object, try await find(query, in: [(object, nil)], limit: limitPerObject, by: principal)))
        }
        return results
    }

    /// Reads a caller id or search text with the user's call center's dialing options.
    public func read(_ text: String, for principal: Principal) async throws -> CallerQuery {
        try await read(text, user: try await records.repository.find(StandardObjects.user, id: principal.userID))
    }

    func read(_ text: String, user: Record?) async throws -> CallerQuery {
        var normalizer = phoneIndexing.normalizer
        if let definition = try await softphone(user: user, cached: true).callCenter?.definition {
            let dialing = DialingOptions(outsidePrefix: definition.outsidePrefix, longDistancePrefix: definition.longDistancePrefix,
                                         internationalPrefix: definition.internationalPrefix)
            normalizer = (try? PhoneNormalizer(defaultCountry: normalizer.country.region, dialing: dialing)) ?? normalizer
        }
        return CallerQuery.read(text, normalizer: normalizer)
    }

    /// The records `query` matches among `objects`, best first: exact E.164, then national
    /// number, then names and emails; each with its reason and rank.
    func find(_ query: CallerQuery, in objects: [(ObjectSchema, LayoutObject?)], limit: Int, by principal: Principal) async throws -> [Match] {
        for (object, _) in objects { try records.authorize(principal, .read, object) }
        var found: [(record: Record, entry: LayoutObject?, field: String, rule: MatchReason.Rule, queryText: String)] = []
        switch query {
        case .none:
            return []
        case .number(let number):
            let hits = try await records.repository.phoneMatches(national: number.nationalNumber, objects: objects.map(\.0))
            var best: [RecordID: PhoneIndexHit] = [:]
            var order: [RecordID] = []
            for hit in hits {
                if let previous = best[hit.id] {
                    if previous.e164 != number.e164 && hit.e164 == number.e164 { best[hit.id] = hit }
                } else {
                    best[hit.id] = hit
                    order.append(hit.id)
                }
            }
            for id in order.prefix(limit) {
                let hit = best[id]!
                guard let (object, entry) = objects.first(where: { $0.0.name == hit.object }),
                      let record = try await records.repository.find(object, id: id) else { continue }
                found.append((record, entry, hit.field, hit.e164 == number.e164 ? .exactE164 : .nationalNumber, number.e164))
            }
        case .name(let text):
            let folded = TextFolding.fold(text)
            for (object, entry) in objects {
                let fields = object.fields.filter { TextFolding.searchedFields.contains($0.name) }
                for record in try await records.repository.search(object, text: text, textFields: fields, limit: limit) {
                    let field = fields.first { record[$0.name].textValue.map { TextFolding.fold($0).hasPrefix(folded) } == true }?.name ?? object.nameField
                    found.append((record, entry, field, field == "Email" ? .email : .name, text))
                }
            }
        }
        let strength: [MatchReason.Rule: Int] = [.exactE164: 0, .nationalNumber: 1, .name: 2, .email: 2]
        let sorted = found.enumerated().sorted { a, b in
            let (sa, sb) = (strength[a.element.rule]!, strength[b.element.rule]!)
            return sa != sb ? sa < sb : a.offset < b.offset
        }.map(\.element)
        return sorted.enumerated().map { i, f in
            Match(record: f.record, layoutObject: f.entry, reason: MatchReason(query: f.queryText, field: f.field, rule: f.rule, rank: i + 1))
        }
    }

}

extension OpenCTIService {
    /// "Test a number": what an inbound (or other) call from `number` would pop for `user`, and
    /// why. Supervisors and admins.
    /// - Throws: `AuthError.forbidden`, `RecordError.notFound` for an unknown user.
    public func testScreenPop(_ number: String, user key: String, callType: String?, by principal: Principal) async throws -> ScreenPopSearch {
        guard principal.role >= .supervisor else { throw AuthError.forbidden(action: "testing screen pops for a user", needs: .supervisor, has: principal.role) }
        guard let user = try await callCenters.findUser(key.trimmingSpaces) else { throw RecordError.notFound(object: "User", id: key) }
        let role = user["Role"].textValue.flatMap(Role.init(rawValue:)) ?? .agent
        let asUser = Principal(userID: user.id, username: user["Username"].textValue ?? key, role: role, kind: .system)
        return try await searchAndScreenPop(number, callType: callType, defaultFieldValues: nil, by: asUser)
    }
}
