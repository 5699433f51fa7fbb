public import SwitchboardCore
import Synchronization

/// Call centers: import (with a preview), edit, clone, export, delete, the settings map, and
/// which users belong to each (at most one call center per user).
public struct CallCenterService: Sendable {
    let repository: any CallCenterRepository
    let records: RecordService
    let ids: any IDGenerator
    let clock: any WallClock
    /// Counts this node's changes to call centers, so what caches them (the DNIS numbers routing
    /// reads) reads them again at once after a change here; other nodes' changes show within the cache's lifetime.
    public let changes = ChangeCounter()

    public init(repository: any CallCenterRepository, records: RecordService, ids: any IDGenerator, clock: any WallClock) {
        self.repository = repository
        self.records = records
        self.ids = ids
        self.clock = clock
    }

    func requireAdmin(_ principal: Principal, _ action: String) throws {
        guard principal.role == .admin else { throw AuthError.forbidden(action: action, needs: .admin, has: principal.role) }
    }

    func requireSupervisor(_ principal: Principal, _ action: String) throws {
        guard principal.role >= .supervisor else { throw AuthError.forbidden(action: action, needs: .supervisor, has: principal.role) }
    }

    /// Reads and checks a file without storing anything: the definition and every warning.
    public func preview(_ bytes: [UInt8], fileName: String?, by principal: Principal) throws -> ReadDefinition {
        try requireAdmin(principal, "importing call centers")
        return try CallCenterDefinitionReader.read(bytes, fileName: fileName)
    }

    /// Imports a definition file: the whole call center is stored, or nothing.
    public func importFile(_ bytes: [UInt8], fileName: String?, by principal: Principal) async throws -> (CallCenter, ReadDefinition) {
        let read = try preview(bytes, fileName: fileName, by: principal)
        let now = clock.now()
        let callCenter = CallCenter(id: ids.makeID(keyPrefix: CallCenter.keyPrefix), definition: read.definition, createdAt: now, lastModifiedAt: now)
        try await repository.insert(callCenter)
        self.changes.bump()
        return (callCenter, read)
    }

    public func all(by principal: Principal) async throws -> [CallCenter] {
        try requireSupervisor(principal, "listing call centers")
        return try await repository.all()
    }

    /// A call center by its id (15 or 18 characters) or its internal name.
    public func get(_ key: String, by principal: Principal) async throws -> CallCenter {
        try requireSupervisor(principal, "reading call centers")
        return try await find(key)
    }

    func find(_ key: String) async throws -> CallCenter {
        if let id = try? RecordID(parsing: key), id.keyPrefix == CallCenter.keyPrefix, let found = try await repository.find(id: id) { return found }
        if let found = try await repository.find(internalName: key) { return found }
        throw CallCenterError.notFound(key)
    }

    /// One change from the edit page or the API: a value or label of an item (added when new),
    /// or the label of a section (added when new).
    public struct Change: Sendable, Hashable {
        public var section: String
        public var item: String?
        public var value: String?
        public var label: String?
        public init(section: String, item: String?, value: String?, label: String?) {
            self.section = section
            self.item = item
            self.value = value
            self.label = label
        }
    }

    /// Applies changes and checks the result by the same rules as an import; all or nothing.
    /// - Returns: the stored call center and the warnings.
    /// - Parameters:
    ///   - dnisNumbers: when given, replaces the call center's DNIS numbers (each unique across call centers).
    ///   - trustedOrigins: when given, replaces the origins the admin added to those the console frames.
    public func update(
        _ key: String, _ changes: [Change], dnisNumbers: [String]? = nil, trustedOrigins: [String]? = nil, by principal: Principal
    ) async throws -> (CallCenter, [DefinitionIssue]) {
        try requireAdmin(principal, "editing call centers")
        var callCenter = try await find(key)
        var definition = callCenter.definition
        var issues: [DefinitionIssue] = []
        if let dnisNumbers {
            let numbers = dnisNumbers.map(\.trimmingSpaces).filter { !$0.isEmpty }
            issues += numbers.compactMap(CallCenter.dnisProblem).map { DefinitionIssue($0) }
            var seen: [String: String] = [:]
            for number in numbers {
                if let other = seen.updateValue(number, forKey: CallCenter.dnisKey(number)) { issues.append(DefinitionIssue("\(number) and \(other) are the same number")) }
            }
            for other in try await repository.all() where other.id != callCenter.id {
                for number in other.dnisNumbers where seen[CallCenter.dnisKey(number)] != nil {
                    issues.append(DefinitionIssue("\(number) already routes to \(other.definition.displayName); a DNIS belongs to one call center"))
                }
            }
            callCenter.dnisNumbers = numbers
        }
        if let trustedOrigins {
            let origins = trustedOrigins.map(\.trimmingSpaces).filter { !$0.isEmpty }
            issues += origins.compactMap(CallCenter.originProblem).map { DefinitionIssue($0) }
            callCenter.trustedOrigins = origins.compactMap { CallCenter.origin(of: $0) }
        }
        for change in changes {
            if change.section == "reqGeneralInfo" && change.item == "reqInternalName" && change.value != nil && change.value != definition.internalName {
                issues.append(DefinitionIssue("reqInternalName cannot be changed after import; clone the call center to a new internal name"))
                continue
            }
            let names = [change.section] + (change.item.map { [$0] } ?? [])
            let problems = names.flatMap { CallCenterDefinition.nameProblems($0) }
            if !problems.isEmpty { issues += problems.map { DefinitionIssue($0) }; continue }
            if let label = change.label, label.trimmingSpaces.count > 1000 { issues.append(DefinitionIssue("the label of \(names.joined(separator: "/")) is over 1000 characters")); continue }
            guard let item = change.item else {
                if let s = definition.sections.firstIndex(where: { $0.name == change.section }) {
                    if let label = change.label { definition.sections[s].label = label.trimmingSpaces }
                } else {
                    definition.sections.append(CallCenterSection(name: change.section, label: change.label?.trimmingSpaces ?? change.section, items: []))
                }
                continue
            }
            let exists = definition.value(change.section, item) != nil
            if !exists && change.value == nil && change.label == nil { continue }
            if !definition.sections.contains(where: { $0.name == change.section }) {
                definition.sections.append(CallCenterSection(name: change.section, label: change.section, items: []))
            }
            definition.setValue(change.value?.trimmingSpaces ?? definition.value(change.section, item) ?? "", section: change.section, item: item, label: change.label?.trimmingSpaces)
            if let label = change.label, let s = definition.sections.firstIndex(where: { $0.name == change.section }),
                let i = definition.sections[s].items.firstIndex(where: { $0.name == item }) {
                definition.sections[s].items[i].label = label.trimmingSpaces
            }
        }
        let (ruleIssues, warnings) = definition.check()
        issues += ruleIssues
        if !issues.isEmpty { throw CallCenterDefinitionError(issues) }
        callCenter.definition = definition
        callCenter.lastModifiedAt = clock.now()
        try await repository.update(callCenter)
        self.changes.bump()
        return (callCenter, warnings)
    }

    /// A copy under a new internal name (Salesforce makes further call centers this way).
    public func clone(_ key: String, internalName: String, displayName: String?, by principal: Principal) async throws -> CallCenter {
        try requireAdmin(principal, "cloning call centers")
        let source = try await find(key)
        let problems = CallCenterDefinition.internalNameProblems(internalName)
        if !problems.isEmpty { throw CallCenterDefinitionError(problems.map { DefinitionIssue($0) }) }
        var definition = source.definition
        definition.setValue(internalName, section: "reqGeneralInfo", item: "reqInternalName")
        definition.setValue(displayName ?? "\(source.definition.displayName) (copy)", section: "reqGeneralInfo", item: "reqDisplayName")
        let now = clock.now()
        let copy = CallCenter(id: ids.makeID(keyPrefix: CallCenter.keyPrefix), definition: definition, createdAt: now, lastModifiedAt: now)
        try await repository.insert(copy)
        self.changes.bump()
        return copy
    }

    /// The definition file in either format.
    public func export(_ key: String, format: DefinitionFormat, by principal: Principal) async throws -> (fileName: String, text: String) {
        let callCenter = try await get(key, by: principal)
        let d = callCenter.definition
        return (d.internalName + (format == .metadata ? ".callCenter" : ".xml"), CallCenterDefinitionWriter.write(d, as: format))
    }

    /// Deletes a call center that has no users.
    public func delete(_ key: String, by principal: Principal) async throws {
        try requireAdmin(principal, "deleting call centers")
        let callCenter = try await find(key)
        let members = try await users(callCenter.id)
        guard members.isEmpty else { throw CallCenterError.hasUsers(name: callCenter.definition.displayName, count: members.count) }
        _ = try await repository.delete(id: callCenter.id)
        self.changes.bump()
    }

    /// The `getCallCenterSettings` map. Any user may read their own call center's; supervisors any.
    public func settings(_ key: String, by principal: Principal) async throws -> [String: String] {
        let callCenter = try await find(key)
        if principal.role < .supervisor {
            let me = try await records.repository.find(StandardObjects.user, id: principal.userID)
            guard me?["CallCenterId"] == .id(callCenter.id) else {
                throw AuthError.forbidden(action: "reading another call center's settings", needs: .supervisor, has: principal.role)
            }
        }
        return callCenter.definition.settings
    }

    /// The users in a call center.
    public func users(_ id: RecordID) async throws -> [Record] {
        let field = StandardObjects.user.field(named: "CallCenterId")!
        return try await records.repository.list(StandardObjects.user, query: RecordQuery(
            filters: [FieldFilter(field: field, op: .eq, value: .id(id))],
            sort: [SortKey(field: StandardObjects.user.field(named: "Username")!, descending: false)], limit: RecordQuery.maximumLimit)).records
    }

    public func users(of key: String, by principal: Principal) async throws -> [Record] {
        try await users(try await get(key, by: principal).id)
    }
}

/// A number that goes up on every change of something cached elsewhere.
public final class ChangeCounter: Sendable {
    private let count = Atomic<Int>(0)
    public init() {}
    public var value: Int { count.load(ordering: .acquiring) }
    func bump() { count.add(1, ordering: .releasing) }
}
