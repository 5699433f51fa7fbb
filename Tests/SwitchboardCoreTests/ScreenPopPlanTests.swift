import Testing
import SwitchboardCore

@Suite("Screen pop plan")
struct ScreenPopPlanTests {
    let one = RecordID(unchecked: "003000000000001")
    let two = RecordID(unchecked: "003000000000002")

    @Test("the standard layout: no match opens a new Contact with the number, one opens it, several the search page")
    func standardLayout() {
        let inbound = SoftphoneLayout.standard(id: RecordID(unchecked: "04B000000000001")).inbound
        #expect(ScreenPopTarget.plan(layout: inbound, matches: [], searchText: "+1 415 555 0134", defaultFieldValues: nil)
            == .newRecord(object: "Contact", defaultFieldValues: ["Phone": "+1 415 555 0134"]))
        #expect(ScreenPopTarget.plan(layout: inbound, matches: [], searchText: "Acme", defaultFieldValues: nil)
            == .newRecord(object: "Contact", defaultFieldValues: [:]), "a name is not put into Phone")
        #expect(ScreenPopTarget.plan(layout: inbound, matches: [], searchText: "+1 415", defaultFieldValues: ["LastName": "Doe"])
            == .newRecord(object: "Contact", defaultFieldValues: ["LastName": "Doe"]), "the softphone's defaults win")
        #expect(ScreenPopTarget.plan(layout: inbound, matches: [one], searchText: "x", defaultFieldValues: nil) == .record(one))
        #expect(ScreenPopTarget.plan(layout: inbound, matches: [one, two], searchText: "Acme", defaultFieldValues: nil) == .search("Acme"))
    }

    @Test("layouts without pop actions pop nothing; pages and flows pop as configured")
    func otherActions() {
        let outbound = SoftphoneLayout.standard(id: RecordID(unchecked: "04B000000000001")).outbound
        #expect(ScreenPopTarget.plan(layout: outbound, matches: [one], searchText: "x", defaultFieldValues: nil) == nil)
        let custom = CallTypeLayout(noMatch: ScreenPopAction(type: .flow, data: "New_Caller"), singleMatch: ScreenPopAction(type: .visualforce, data: "/apex/Caller"),
                                    multipleMatches: ScreenPopAction(type: .entity, data: nil))
        #expect(ScreenPopTarget.plan(layout: custom, matches: [], searchText: "x", defaultFieldValues: nil) == .flow("New_Caller"))
        #expect(ScreenPopTarget.plan(layout: custom, matches: [one], searchText: "x", defaultFieldValues: nil) == .page("/apex/Caller"))
        #expect(ScreenPopTarget.plan(layout: custom, matches: [one, two], searchText: "x", defaultFieldValues: nil) == nil)
    }

    @Test("Classic's screenPopUrl carries queryParams")
    func classicURL() {
        #expect(ScreenPopTarget.record(one).classicURL(queryParams: "con10=1") == "/\(one.eighteen)?con10=1")
        #expect(ScreenPopTarget.search("Acme Co").classicURL(queryParams: nil) == "/search/SearchResults?searchType=2&str=Acme%20Co")
        #expect(ScreenPopTarget.newRecord(object: "Lead", defaultFieldValues: ["Phone": "+1 415"]).classicURL(queryParams: "a=b")
            == "/lightning/o/Lead/new?defaultFieldValues=Phone=%2B1%20415&a=b")
    }

    @Test("console action names and targets are checked with the fix in the message")
    func consoleActionRules() {
        #expect(ConsoleAction.nameProblem("Utils.lookup", kind: .apex) == nil)
        #expect(ConsoleAction.nameProblem("ns.Utils.lookup", kind: .apex) == nil)
        #expect(ConsoleAction.nameProblem("lookup", kind: .apex)?.contains("ApexClass.methodName") == true)
        #expect(ConsoleAction.nameProblem("Create Case", kind: .flow)?.contains("Create_Case") == true)
        #expect(ConsoleAction.targetProblem("builtin:echo", kind: .apex) == nil)
        #expect(ConsoleAction.targetProblem("builtin:rm", kind: .apex)?.contains("builtin:echo") == true)
        #expect(ConsoleAction.targetProblem("http://hooks.example/x", kind: .apex)?.contains("https") == true)
        #expect(ConsoleAction.targetProblem("http://127.0.0.1:8080/x", kind: .apex) == nil)
        #expect(ConsoleAction.targetProblem("https://evil.example/", kind: .flow) != nil)
        #expect(ConsoleAction.targetProblem("/lightning/o/Case/new", kind: .flow) == nil)
    }
}
