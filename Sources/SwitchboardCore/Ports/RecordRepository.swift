/// Where records live. Implemented once over SQLKit for SQLite and PostgreSQL.
public protocol RecordRepository: Sendable {
    /// Inserts the records in one transaction: all are stored or none. Auto-number fields are
    /// assigned here; the stored records are returned.
    /// - Throws: `RecordError.duplicate` when a unique field clashes.
    func insert(_ records: [Record]) async throws -> [Record]
    /// Inserts groups of records (one object per group, in order, so later groups may point at
    /// earlier ones) in one transaction: all are stored or none.
    func insert(groups: [[Record]]) async throws -> [[Record]]
    /// Writes the given fields of an existing record.
    func update(_ record: Record, fields: Set<String>) async throws
    /// The record with this id, or nil.
    func find(_ object: ObjectSchema, id: RecordID) async throws -> Record?
    /// One page of records matching the query, with the total count.
    func list(_ object: ObjectSchema, query: RecordQuery) async throws -> RecordPage
    /// Records in id order after `after`, for exports that walk a whole object.
    func scan(_ object: ObjectSchema, after: RecordID?, limit: Int) async throws -> [Record]
    /// Deletes the record and clears lookups that pointed at it, in one transaction.
    /// - Returns: false when there was no such record.
    func delete(_ object: ObjectSchema, id: RecordID) async throws -> Bool
    /// Of these ids, those that name stored records.
    func existingIDs(_ ids: Set<RecordID>) async throws -> Set<RecordID>
    /// How many records the object has.
    func count(_ object: ObjectSchema) async throws -> Int
    /// Records where one of `textFields` starts with `text` (ignoring case); most recently changed first.
    func search(_ object: ObjectSchema, text: String, textFields: [FieldSchema], limit: Int) async throws -> [Record]
    /// Phone fields of records of `objects` whose national significant number is `national`,
    /// from the phone index (kept with every write, so a record saved a moment ago is found).
    func phoneMatches(national: String, objects: [ObjectSchema]) async throws -> [PhoneIndexHit]
    /// Starts a bulk load (a CSV import): its records are written at once, their search index
    /// rows gathered and written in large sorted batches — at the latest when `finish` returns.
    func bulkLoad() async throws -> any BulkRecordLoad
    /// Runs `body` as one transaction: what this and the other repositories over the same
    /// database write in it (in this task) is stored together, or not at all when it throws.
    func inOneTransaction<R: Sendable>(_ body: @Sendable () async throws -> R) async throws -> R
}

/// Inserts for a bulk load; see `RecordRepository.bulkLoad()`.
public protocol BulkRecordLoad: Sendable {
    /// Inserts the records in one transaction, like `RecordRepository.insert`.
    func insert(_ records: [Record]) async throws -> [Record]
    /// Writes the index rows still gathered. Call it once, also when the load fails part way.
    func finish() async throws
}

/// One phone field a phone-index lookup found.
public struct PhoneIndexHit: Sendable, Hashable {
    public var id: RecordID
    public var object: String
    public var field: String
    /// The stored number's E.164 form, nil when it did not normalize.
    public var e164: String?
    public init(id: RecordID, object: String, field: String, e164: String?) {
        self.id = id
        self.object = object
        self.field = field
        self.e164 = e164
    }
}

/// Credentials, sessions and API tokens.
public protocol AccountRepository: Sendable {
    /// Sign-in data for the user with this username (ignoring case), or nil.
    func credentials(username: String) async throws -> StoredCredentials?
    /// Sign-in data for the user with this id, or nil.
    func credentials(userID: RecordID) async throws -> StoredCredentials?
    func setPasswordHash(_ hash: String, userID: RecordID) async throws
    func insertSession(_ session: SessionRecord) async throws
    func session(tokenHash: String) async throws -> SessionRecord?
    func deleteSession(tokenHash: String) async throws
    /// Removes sessions that expired before `now`; returns how many.
    @discardableResult func deleteExpiredSessions(now: Instant) async throws -> Int
    func insertToken(_ token: APIToken) async throws
    func token(hash: String) async throws -> APIToken?
    func tokens() async throws -> [APIToken]
    /// Marks the token revoked; false when there is no such token.
    func revokeToken(id: String, at: Instant) async throws -> Bool
}
