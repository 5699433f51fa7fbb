import Testing
import SwitchboardCore
@testable import SwitchboardServices
import SwitchboardTestSupport

@Suite("Short-lived caches")
struct ShortLivedCacheTests {
    @Test("a value is reused for its lifetime, then read again; removeAll forgets at once")
    func lifetime() async throws {
        let clock = ManualClock()
        let cache = ShortLivedCache<String, Int>(clock: clock, lifetimeMilliseconds: 5_000)
        let loads = Counter()
        let load = { loads.increment() }
        #expect(await cache.value(for: "a", load: load) == 1)
        clock.advance(seconds: 4)
        #expect(await cache.value(for: "a", load: load) == 1, "within the lifetime: no read")
        clock.advance(seconds: 2)
        #expect(await cache.value(for: "a", load: load) == 2, "expired: read again")
        cache.removeAll()
        #expect(await cache.value(for: "a", load: load) == 3)
        let off = ShortLivedCache<String, Int>(clock: clock, lifetimeMilliseconds: 0)
        _ = await off.value(for: "a", load: load)
        #expect(await off.value(for: "a", load: load) == 5, "lifetime 0: always read")
    }

    @Test("with the layout cache on, a saved layout applies at once on this node")
    func layoutsEvictOnSave() async throws {
        let s = try await TestServices.make(cacheMilliseconds: 60_000)
        let layouts = s.layouts
        let admin = try await s.user("admin", role: .admin)
        let agent = try await s.user("agent", role: .agent)
        #expect(try await layouts.layout(for: agent.userID).isDefault)
        var mine = SoftphoneLayout.standard(id: RecordID(unchecked: "04B000000000009"))
        mine.name = "Agent's own"
        mine.isDefault = false
        _ = try await layouts.save(mine, users: ["agent"], replacing: nil, by: admin)
        #expect(try await layouts.layout(for: agent.userID).name == "Agent's own")
        try await s.close()
    }
}

/// Counts loads; @unchecked because tests call it from one task at a time.
final class Counter: @unchecked Sendable {
    private var n = 0
    func increment() -> Int {
        n += 1
        return n
    }
}
