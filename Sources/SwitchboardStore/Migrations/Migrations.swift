import SQLKit

/// Every migration, oldest first. Append; never edit one that has shipped.
enum Migrations {
    static let all: [Migration] = [accounts, callCenters, softphoneLayouts, consoleActions, phoneIndex, nameFolds, dispositions, telephonyCalls, presence, waitingCalls, presenceFreeSince, sipCredentials]

    /// Credentials, sessions, API tokens and auto-number counters. Object tables are not here:
    /// `ObjectTableSync` creates and extends them from the schema.
    static let accounts = Migration(id: "0001_accounts", summary: "credentials, sessions, API tokens, auto-numbers") { db, backend in
        let text = SQLTypes.text(backend), int = SQLTypes.integer(backend)
        try await db.raw("""
            CREATE TABLE sb_credential (user_id \(unsafeRaw: text) PRIMARY KEY, password_hash \(unsafeRaw: text) NOT NULL, updated_at \(unsafeRaw: int) NOT NULL)
            """).run()
        try await db.raw("""
            CREATE TABLE sb_session (token_hash \(unsafeRaw: text) PRIMARY KEY, user_id \(unsafeRaw: text) NOT NULL,
              csrf_token \(unsafeRaw: text) NOT NULL, created_at \(unsafeRaw: int) NOT NULL, expires_at \(unsafeRaw: int) NOT NULL)
            """).run()
        try await db.raw("CREATE INDEX sb_session_expires ON sb_session (expires_at)").run()
        try await db.raw("""
            CREATE TABLE sb_api_token (id \(unsafeRaw: text) PRIMARY KEY, name \(unsafeRaw: text) NOT NULL, role \(unsafeRaw: text) NOT NULL,
              user_id \(unsafeRaw: text) NOT NULL, token_hash \(unsafeRaw: text) NOT NULL UNIQUE,
              created_at \(unsafeRaw: int) NOT NULL, revoked_at \(unsafeRaw: int))
            """).run()
        try await db.raw("CREATE TABLE sb_autonumber (object \(unsafeRaw: text) PRIMARY KEY, last_value \(unsafeRaw: int) NOT NULL)").run()
    }

    /// Call centers: the definition as a JSON document, with the columns that are searched.
    static let callCenters = Migration(id: "0002_call_centers", summary: "call centers") { db, backend in
        let text = SQLTypes.text(backend), int = SQLTypes.integer(backend)
        try await db.raw("""
            CREATE TABLE sb_call_center (id \(unsafeRaw: text) PRIMARY KEY, internal_name \(unsafeRaw: text) NOT NULL,
              display_name \(unsafeRaw: text) NOT NULL, adapter_url \(unsafeRaw: text) NOT NULL, definition \(unsafeRaw: text) NOT NULL,
              created_at \(unsafeRaw: int) NOT NULL, last_modified_at \(unsafeRaw: int) NOT NULL)
            """).run()
        try await db.raw("CREATE UNIQUE INDEX sb_call_center_internal_name ON sb_call_center (lower(internal_name))").run()
    }

    /// Softphone layouts, each a JSON document.
    static let softphoneLayouts = Migration(id: "0003_softphone_layouts", summary: "softphone layouts") { db, backend in
        let text = SQLTypes.text(backend), int = SQLTypes.integer(backend)
        try await db.raw("""
            CREATE TABLE sb_softphone_layout (id \(unsafeRaw: text) PRIMARY KEY, name \(unsafeRaw: text) NOT NULL,
              is_default \(unsafeRaw: int) NOT NULL, layout \(unsafeRaw: text) NOT NULL)
            """).run()
    }

    /// Apex actions and flows the console runs for softphones by name.
    static let consoleActions = Migration(id: "0004_console_actions", summary: "console actions (runApex, flows)") { db, backend in
        let text = SQLTypes.text(backend), int = SQLTypes.integer(backend)
        try await db.raw("""
            CREATE TABLE sb_console_action (kind \(unsafeRaw: text) NOT NULL, name \(unsafeRaw: text) NOT NULL,
              target \(unsafeRaw: text) NOT NULL, created_at \(unsafeRaw: int) NOT NULL)
            """).run()
        try await db.raw("CREATE UNIQUE INDEX sb_console_action_name ON sb_console_action (kind, lower(name))").run()
    }

    /// The phone index (every phone field of the searchable objects by national number, with its
    /// E.164 form) and a table of settings the store keeps about itself (the index's country).
    /// The index is filled after migrating by `SQLRecordRepository.ensurePhoneIndex`.
    static let phoneIndex = Migration(id: "0005_phone_index", summary: "phone index for screen pop") { db, backend in
        let text = SQLTypes.text(backend), int = SQLTypes.integer(backend)
        // One b-tree keyed by the national number (as an integer, see `phoneKey`): a lookup is a
        // range read, a write one insert. The object comes from the id's key prefix; E.164 is
        // the country code and the national number.
        try await db.raw("""
            CREATE TABLE sb_phone_index (phone_key \(unsafeRaw: int) NOT NULL, record_id \(unsafeRaw: text) NOT NULL,
              field \(unsafeRaw: text) NOT NULL, country_code \(unsafeRaw: int),
              PRIMARY KEY (phone_key, record_id, field))\(unsafeRaw: SQLTypes.clustered(backend))
            """).run()
        try await db.raw("CREATE TABLE sb_setting (key \(unsafeRaw: text) PRIMARY KEY, value \(unsafeRaw: text) NOT NULL)").run()
    }

    /// Accent-folded names: for the few names with non-ASCII letters, their folded form, so a
    /// search for "zoe" finds "Zoë" (names without accents are matched in their own columns).
    static let nameFolds = Migration(id: "0006_name_folds", summary: "accent-folded names for search") { db, backend in
        let text = SQLTypes.text(backend)
        try await db.raw("""
            CREATE TABLE sb_name_fold (object \(unsafeRaw: text) NOT NULL, folded \(unsafeRaw: text) NOT NULL,
              record_id \(unsafeRaw: text) NOT NULL, field \(unsafeRaw: text) NOT NULL,
              PRIMARY KEY (object, folded, record_id, field))\(unsafeRaw: SQLTypes.clustered(backend))
            """).run()
    }

    /// Dispositions (call results) per call center, in the order agents see them at wrap-up.
    static let dispositions = Migration(id: "0007_dispositions", summary: "call dispositions per call center") { db, backend in
        let text = SQLTypes.text(backend), int = SQLTypes.integer(backend)
        try await db.raw("""
            CREATE TABLE sb_disposition (call_center_id \(unsafeRaw: text) NOT NULL, position \(unsafeRaw: int) NOT NULL,
              label \(unsafeRaw: text) NOT NULL, PRIMARY KEY (call_center_id, position))
            """).run()
    }

    /// Calls followed by the telephony events API: each call's progress (a JSON document) by call key.
    static let telephonyCalls = Migration(id: "0008_telephony_calls", summary: "calls of the telephony events API") { db, backend in
        let text = SQLTypes.text(backend), int = SQLTypes.integer(backend)
        try await db.raw("""
            CREATE TABLE sb_telephony_call (call_key \(unsafeRaw: text) PRIMARY KEY, voicecall_id \(unsafeRaw: text) NOT NULL,
              progress \(unsafeRaw: text) NOT NULL, updated_at \(unsafeRaw: int) NOT NULL)
            """).run()
    }

    /// Agents' presence, and each call center's after-call work limit.
    static let presence = Migration(id: "0009_presence", summary: "agent presence, after-call work limits") { db, backend in
        let text = SQLTypes.text(backend), int = SQLTypes.integer(backend)
        try await db.raw("""
            CREATE TABLE sb_presence (user_id \(unsafeRaw: text) PRIMARY KEY, status \(unsafeRaw: text) NOT NULL, reason \(unsafeRaw: text),
              since \(unsafeRaw: int) NOT NULL, after_call_work_until \(unsafeRaw: int), idle_since \(unsafeRaw: int))
            """).run()
        try await db.raw("CREATE TABLE sb_wrap_up (call_center_id \(unsafeRaw: text) PRIMARY KEY, after_call_work_seconds \(unsafeRaw: int) NOT NULL)").run()
    }

    /// What routing reads of each telephony call: its phase, since when, and the call center routing it.
    static let waitingCalls = Migration(id: "0010_waiting_calls", summary: "routing columns on telephony calls") { db, backend in
        let text = SQLTypes.text(backend), int = SQLTypes.integer(backend)
        try await db.raw("ALTER TABLE sb_telephony_call ADD COLUMN phase \(unsafeRaw: text)").run()
        try await db.raw("ALTER TABLE sb_telephony_call ADD COLUMN call_center_id \(unsafeRaw: text)").run()
        try await db.raw("ALTER TABLE sb_telephony_call ADD COLUMN phase_since \(unsafeRaw: int)").run()
        try await db.raw("CREATE INDEX sb_telephony_call_waiting ON sb_telephony_call (phase, phase_since)").run()
    }

    /// Routing reads the free agents in the order they became free, off an index, and stops at
    /// the first of the call center (`AgentPresence.freeSince`).
    static let presenceFreeSince = Migration(id: "0011_presence_free_since", summary: "routing order on presence") { db, backend in
        let int = SQLTypes.integer(backend)
        try await db.raw("ALTER TABLE sb_presence ADD COLUMN free_since \(unsafeRaw: int)").run()
        try await db.raw("""
            UPDATE sb_presence SET free_since = CASE WHEN status = 'Available' THEN COALESCE(idle_since, since)
              WHEN status = 'AfterCallWork' THEN after_call_work_until END
            """).run()
        try await db.raw("CREATE INDEX sb_presence_free_since ON sb_presence (free_since, user_id)").run()
    }

    /// Agents' SIP phone credentials: digest HA1 values by username.
    static let sipCredentials = Migration(id: "0012_sip_credentials", summary: "SIP phone credentials") { db, backend in
        let text = SQLTypes.text(backend)
        try await db.raw("""
            CREATE TABLE sb_sip_credential (username \(unsafeRaw: text) PRIMARY KEY, user_id \(unsafeRaw: text) NOT NULL,
              ha1_md5 \(unsafeRaw: text) NOT NULL, ha1_sha256 \(unsafeRaw: text) NOT NULL)
            """).run()
    }
}
