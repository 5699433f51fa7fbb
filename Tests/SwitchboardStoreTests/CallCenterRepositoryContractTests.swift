import Foundation
import SwitchboardCore
import SwitchboardStore
import SwitchboardTestSupport
import Testing

@Suite("Call center repository contract")
struct CallCenterRepositoryContractTests {
    static let samples = CallCenterSamples.valid

    @Test("every sample is stored and read back the same; its settings map is unchanged", arguments: TestDatabase.backends)
    func roundTrip(backend: Database.Backend) async throws {
        let database = try await TestDatabase.make(backend)
        let repository = SQLCallCenterRepository(database: database)
        for (i, sample) in Self.samples.enumerated() {
            let definition = try CallCenterDefinitionReader.read(try CallCenterSamples.bytes(sample), fileName: sample).definition
            let stored = CallCenter(id: RecordID(unchecked: "04v00000000000\(i)"), definition: definition,
                                    createdAt: Instant(millisecondsSince1970: 1000), lastModifiedAt: Instant(millisecondsSince1970: 2000 + Int64(i)))
            try await repository.insert(stored)
            let byID = try #require(try await repository.find(id: stored.id))
            #expect(byID == stored)
            #expect(byID.definition.settings == definition.settings)
            #expect(try await repository.find(internalName: definition.internalName.uppercased())?.id == stored.id)
        }
        let all = try await repository.all()
        #expect(all.map(\.definition.displayName) == all.map(\.definition.displayName).sorted())
        await #expect(throws: CallCenterError.duplicateInternalName("switchboarddemo")) {
            var copy = all[0].definition
            copy.setValue("switchboarddemo", section: "reqGeneralInfo", item: "reqInternalName")
            try await repository.insert(CallCenter(id: RecordID(unchecked: "04v000000000009"), definition: copy, createdAt: .init(millisecondsSince1970: 0), lastModifiedAt: .init(millisecondsSince1970: 0)))
        }
        #expect(try await repository.all().count == Self.samples.count)
        try await database.shutdown()
    }
}
