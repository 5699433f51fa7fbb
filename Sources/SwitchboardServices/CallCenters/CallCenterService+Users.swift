public import SwitchboardCore

extension CallCenterService {
    /// What an assignment did, row by row.
    public struct AssignmentReport: Sendable {
        public struct Row: Sendable, Hashable {
            /// The line in the CSV file, or the position in the request.
            public let line: Int
            public let user: String
            public let outcome: String
            public let applied: Bool
        }
        public var rows: [Row] = []
        public var applied: Int { rows.filter(\.applied).count }
        public var refused: Int { rows.filter { !$0.applied }.count }
    }

    /// Adds users, named by username or email, to a call center. A user in another call center is
    /// refused, naming where they are, unless `move` is set. Valid rows are applied; the others listed.
    public func assign(_ users: [(line: Int, key: String)], to key: String, move: Bool, by principal: Principal) async throws -> AssignmentReport {
        try requireAdmin(principal, "assigning users to call centers")
        let callCenter = try await find(key)
        var names: [RecordID: String] = [callCenter.id: callCenter.definition.displayName]
        var report = AssignmentReport()
        for (line, userKey) in users {
            let wanted = userKey.trimmingSpaces
            guard !wanted.isEmpty else {
                report.rows.append(.init(line: line, user: userKey, outcome: "no username or email given", applied: false))
                continue
            }
            guard var user = try await findUser(wanted) else {
                report.rows.append(.init(line: line, user: wanted, outcome: "no user with username or email '\(wanted)'", applied: false))
                continue
            }
            let username = user["Username"].textValue ?? wanted
            if case .id(let current) = user["CallCenterId"] {
                if current == callCenter.id {
                    report.rows.append(.init(line: line, user: username, outcome: "already in \(callCenter.definition.displayName)", applied: true))
                    continue
                }
                if !move {
                    if names[current] == nil { names[current] = try await repository.find(id: current)?.definition.displayName ?? current.eighteen }
                    report.rows.append(.init(line: line, user: username, outcome: "is in \(names[current]!); use move to take them from there", applied: false))
                    continue
                }
            }
            user["CallCenterId"] = .id(callCenter.id)
            user["LastModifiedDate"] = .dateTime(clock.now())
            user["LastModifiedById"] = .id(principal.userID)
            try await records.repository.update(user, fields: ["CallCenterId", "LastModifiedDate", "LastModifiedById"])
            report.rows.append(.init(line: line, user: username, outcome: "added to \(callCenter.definition.displayName)", applied: true))
        }
        return report
    }

    /// Reads a CSV whose header has a `username` or `email` column (any case) and assigns each row.
    public func assignCSV(_ text: String, to key: String, move: Bool, by principal: Principal) async throws -> AssignmentReport {
        var reader = CSVReader()
        var rows = try reader.feed(Array(text.utf8))
        if let last = try reader.finish() { rows.append(last) }
        guard let header = rows.first else {
            throw CallCenterDefinitionError([DefinitionIssue("the file is empty; the first line must name a username or email column")])
        }
        let lowered = header.fields.map { $0.trimmingSpaces.lowercased() }
        guard let column = lowered.firstIndex(of: "username") ?? lowered.firstIndex(of: "email") else {
            throw CallCenterDefinitionError([DefinitionIssue(line: header.line, column: 1, "the header has no username or email column (it has: \(header.fields.joined(separator: ", ")))")])
        }
        let users = rows.dropFirst().filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) }.map { row in
            (line: row.line, key: column < row.fields.count ? row.fields[column] : "")
        }
        return try await assign(Array(users), to: key, move: move, by: principal)
    }

    /// Takes a user out of whatever call center they are in.
    public func unassign(user key: String, by principal: Principal) async throws {
        try requireAdmin(principal, "removing users from call centers")
        guard var user = try await findUser(key) else { throw RecordError.notFound(object: "User", id: key) }
        user["CallCenterId"] = .null
        user["LastModifiedDate"] = .dateTime(clock.now())
        user["LastModifiedById"] = .id(principal.userID)
        try await records.repository.update(user, fields: ["CallCenterId", "LastModifiedDate", "LastModifiedById"])
    }

    /// A user by id, username or email.
    func findUser(_ key: String) async throws -> Record? {
        if let id = try? RecordID(parsing: key), id.keyPrefix == StandardObjects.user.keyPrefix {
            return try await records.repository.find(StandardObjects.user, id: id)
        }
        let field = StandardObjects.user.field(named: key.contains("@") ? "Email" : "Username")!
        let page = try await records.repository.list(StandardObjects.user, query: RecordQuery(filters: [FieldFilter(field: field, op: .eq, value: .text(key))], limit: 2))
        return page.records.count == 1 ? page.records[0] : nil
    }
}
