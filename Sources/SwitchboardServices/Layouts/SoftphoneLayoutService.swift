public import SwitchboardCore

/// Softphone layouts: kept so that exactly one is the default and each user and role is in at most
/// one layout; `layout(for:)` answers which one applies to a user (their own, their role's, the default).
public struct SoftphoneLayoutService: Sendable {
    let repository: any SoftphoneLayoutRepository
    let records: RecordService
    let ids: any IDGenerator
    /// Every call's screen pop reads the layouts; they change rarely.
    let cache: ShortLivedCache<Int, [SoftphoneLayout]>

    /// - Parameter cacheMilliseconds: how long the layouts are reused without reading them (0: never).
    public init(repository: any SoftphoneLayoutRepository, records: RecordService, ids: any IDGenerator,
                clock: any WallClock = SystemWallClock(), cacheMilliseconds: Int64 = 0) {
        self.repository = repository
        self.records = records
        self.ids = ids
        self.cache = ShortLivedCache(clock: clock, lifetimeMilliseconds: cacheMilliseconds)
    }

    /// Every layout; the standard one is made on first use, so there is always a default.
    public func all(by principal: Principal) async throws -> [SoftphoneLayout] {
        guard principal.role >= .supervisor else { throw AuthError.forbidden(action: "listing softphone layouts", needs: .supervisor, has: principal.role) }
        return try await stored()
    }

    func stored() async throws -> [SoftphoneLayout] {
        try await cache.value(for: 0) {
            let layouts = try await repository.all()
            if !layouts.isEmpty { return layouts }
            try await ensureStandard()
            return try await repository.all()
        }
    }

    /// The id of the standard layout: fixed, so that two requests making it at once write the
    /// same row instead of two defaults.
    static let standardID = RecordID(unchecked: "04B000000000001")

    /// Makes the standard layout when there is none. The app calls it at start; `stored()` too.
    public func ensureStandard() async throws {
        guard try await repository.all().isEmpty else { return }
        try await repository.save([SoftphoneLayout.standard(id: Self.standardID)])
        cache.removeAll()
    }

    public func get(_ key: String, by principal: Principal) async throws -> SoftphoneLayout {
        let layouts = try await all(by: principal)
        guard let layout = layouts.first(where: { $0.id.rawValue == key || $0.id.eighteen == key || $0.name.caseInsensitiveEquals(key) }) else {
            throw SoftphoneLayoutError.notFound(key)
        }
        return layout
    }

    /// Creates a layout (`layout.id` is ignored) or replaces the one with `id`.
    /// - Parameter users: usernames or user ids to assign.
    public func save(_ input: SoftphoneLayout, users: [String], replacing id: RecordID?, by principal: Principal) async throws -> SoftphoneLayout {
        guard principal.role == .admin else { throw AuthError.forbidden(action: "changing softphone layouts", needs: .admin, has: principal.role) }
        cache.removeAll()  // a change is checked against what is stored now, not a cached copy
        var layouts = try await stored()
        var layout = input
        layout.name = layout.name.trimmingSpaces
        if let id {
            guard let existing = layouts.first(where: { $0.id == id }) else { throw SoftphoneLayoutError.notFound(id.eighteen) }
            layout.id = existing.id
            if existing.isDefault && !layout.isDefault {
                throw SoftphoneLayoutError.conflict("\(existing.name) is the default layout; make another layout the default instead")
            }
        } else {
            layout.id = ids.makeID(keyPrefix: SoftphoneLayout.keyPrefix)
        }
        var problems = SoftphoneLayoutRules.problems(layout)
        layout.userIDs = []
        for user in users {
            if let found = try await findUser(user) { layout.userIDs.append(found) } else { problems.append("users: no user '\(user)'") }
        }
        let others = layouts.filter { $0.id != layout.id }
        if let clash = others.first(where: { $0.name.caseInsensitiveEquals(layout.name) }) { problems.append("name: a layout is already called \(clash.name)") }
        for role in layout.roles {
            if let other = others.first(where: { $0.roles.contains(role) }) { problems.append("roles: \(role.rawValue) is assigned to \(other.name) already; take it off there first") }
        }
        for user in layout.userIDs {
            if let other = others.first(where: { $0.userIDs.contains(user) }) { problems.append("users: \(user.eighteen) is assigned to \(other.name) already") }
        }
        if !problems.isEmpty { throw SoftphoneLayoutError.invalid(problems) }
        var changed = [layout]
        if layout.isDefault {
            for var other in others where other.isDefault {
                other.isDefault = false
                changed.append(other)
            }
        }
        try await repository.save(changed)
        cache.removeAll()
        layouts = layouts.filter { l in !changed.contains { $0.id == l.id } } + changed
        return layout
    }

    /// Deletes a layout that is not the default; its users and roles fall back to the default.
    public func delete(_ key: String, by principal: Principal) async throws {
        guard principal.role == .admin else { throw AuthError.forbidden(action: "deleting softphone layouts", needs: .admin, has: principal.role) }
        let layout = try await get(key, by: principal)
        if layout.isDefault { throw SoftphoneLayoutError.conflict("\(layout.name) is the default layout; make another layout the default before deleting it") }
        _ = try await repository.delete(id: layout.id)
        cache.removeAll()
    }

    /// The layout that applies to a user: one naming them, else one naming their role, else the default.
    /// - Parameter user: the user's record when the caller has it already (saves a read).
    public func layout(for userID: RecordID, user known: Record? = nil) async throws -> SoftphoneLayout {
        let layouts = try await stored()
        if let own = layouts.first(where: { $0.userIDs.contains(userID) }) { return own }
        let user = if let known { known } else { try await records.repository.find(StandardObjects.user, id: userID) }
        if let role = user?["Role"].textValue.flatMap(Role.init(rawValue:)), let byRole = layouts.first(where: { $0.roles.contains(role) }) { return byRole }
        return layouts.first(where: \.isDefault) ?? layouts[0]
    }

    /// The layout for a user named by username or id (supervisors and admins).
    public func layout(forUser key: String, by principal: Principal) async throws -> SoftphoneLayout {
        guard principal.role >= .supervisor else { throw AuthError.forbidden(action: "reading others' softphone layouts", needs: .supervisor, has: principal.role) }
        guard let id = try await findUser(key) else { throw RecordError.notFound(object: "User", id: key) }
        return try await layout(for: id)
    }

    func findUser(_ key: String) async throws -> RecordID? {
        if let id = try? RecordID(parsing: key), id.keyPrefix == StandardObjects.user.keyPrefix {
            return try await records.repository.find(StandardObjects.user, id: id)?.id
        }
        let field = StandardObjects.user.field(named: "Username")!
        return try await records.repository.list(StandardObjects.user, query: RecordQuery(filters: [FieldFilter(field: field, op: .eq, value: .text(key))], limit: 1)).records.first?.id
    }
}
