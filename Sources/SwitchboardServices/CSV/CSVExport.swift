public import SwitchboardCore

/// Writes every record of an object as CSV, a page at a time, so an export of any size streams
/// in constant memory. Columns are all the object's fields, by API name; an export imports back.
public struct CSVExport: Sendable {
    let service: RecordService
    let object: ObjectSchema
    public let pageSize: Int

    /// - Throws: `AuthError.forbidden` when the principal may not export this object.
    public init(service: RecordService, object: ObjectSchema, principal: Principal, pageSize: Int = 1000) throws {
        try service.authorize(principal, .exportCSV, object)
        self.service = service
        self.object = object
        self.pageSize = pageSize
    }

    /// Calls `write` with the header, then with each page of rows; returns the number of records.
    @discardableResult
    public func run(_ write: (String) async throws -> Void) async throws -> Int {
        try await write(CSVWriter.row(object.fields.map(\.name)))
        var after: RecordID? = nil
        var count = 0
        while true {
            let page = try await service.repository.scan(object, after: after, limit: pageSize)
            guard let last = page.last else { break }
            var chunk = ""
            for record in page { chunk += CSVWriter.row(object.fields.map { record[$0.name].exportText }) }
            try await write(chunk)
            count += page.count
            after = last.id
            if page.count < pageSize { break }
        }
        return count
    }
}
