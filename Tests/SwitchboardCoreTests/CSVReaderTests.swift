import Testing
@testable import SwitchboardCore

@Suite("Reading CSV")
struct CSVReaderTests {
    func read(_ text: String, chunk: Int = .max) throws -> [CSVReader.Row] {
        var reader = CSVReader()
        var rows: [CSVReader.Row] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            rows += try reader.feed(bytes[i..<min(bytes.count, i + chunk)])
            i += chunk
        }
        if let last = try reader.finish() { rows.append(last) }
        return rows
    }

    @Test("quoted fields keep commas, quotes and line breaks; lines are counted for reports")
    func quoting() throws {
        let rows = try read("\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n1,,3")
        #expect(rows.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["1", "", "3"]])
        #expect(rows.map(\.line) == [1, 2, 4])
    }

    @Test("rows come out the same however the bytes are split", arguments: [1, 2, 3, 7, 64])
    func chunking(size: Int) throws {
        let text = "FirstName,LastName\r\n\"Zoë\",\"O\"\"Brien\"\n\"multi\r\nline\",x\n"
        #expect(try read(text, chunk: size).map(\.fields) == (try read(text)).map(\.fields))
    }

    @Test("a quote left open names the line it opened on")
    func unclosed() {
        #expect { try read("a,b\n1,\"open\n2,3\n") } throws: { ($0 as? CSVError)?.line == 2 }
    }

    @Test("a stray quote inside a field is refused with how to fix it")
    func strayQuote() {
        #expect { try read("a,b\n1,x\"y\n") } throws: { error in
            guard let e = error as? CSVError else { return false }
            return e.line == 2 && e.message.contains("double the quote")
        }
    }

    @Test("the writer's output reads back to the same fields")
    func writerRoundTrip() throws {
        let fields = ["plain", "with, comma", "with \"quote\"", "line\nbreak", " padded ", ""]
        #expect(try read(CSVWriter.row(fields)).map(\.fields) == [fields])
    }
}

@Suite("List queries")
struct RecordQueryTests {
    @Test("filters, sort and paging parse from query parameters")
    func parse() throws {
        let query = try RecordQuery.parse([("limit", "10"), ("offset", "20"), ("sort", "lastname,-CreatedDate"), ("Email.startswith", "ada"), ("CreatedDate.gte", "2026-01-01")],
                                          object: StandardObjects.contact).get()
        #expect(query.limit == 10 && query.offset == 20)
        #expect(query.sort.map(\.field.name) == ["LastName", "CreatedDate"])
        #expect(query.sort.map(\.descending) == [false, true])
        #expect(query.filters.map(\.op) == [.startsWith, .gte])
    }

    @Test("bad parameters are all reported")
    func invalid() {
        guard case .failure(let error) = RecordQuery.parse([("limit", "0"), ("sort", "Nope"), ("Phone.like", "1"), ("Birthdate", "soon")], object: StandardObjects.contact) else {
            Issue.record("expected a failure"); return
        }
        #expect(error.issues.map(\.field) == ["limit", "sort", "Phone.like", "Birthdate"])
    }
}
