import Foundation

/// The machine's CPU time by kind, from /proc/stat (Linux): to tell, next to a latency figure,
/// how much of the run the hypervisor gave the cores to someone else ("steal").
struct HostCPU {
    /// Clock ticks (USER_HZ, 100 a second on Linux) since boot.
    var busy: Int
    var idle: Int
    var steal: Int

    /// Now, or nil where /proc/stat is missing.
    static func now() -> HostCPU? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") })
        else { return nil }
        // user nice system idle iowait irq softirq steal …
        let ticks = line.split(separator: " ").dropFirst().compactMap { Int($0) }
        guard ticks.count >= 8 else { return nil }
        return HostCPU(busy: ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6], idle: ticks[3] + ticks[4], steal: ticks[7])
    }

    /// The share of all cores' time between `start` and `end` that was stolen, in percent.
    static func stealPercent(from start: HostCPU?, to end: HostCPU?) -> Double? {
        guard let start, let end else { return nil }
        let total = (end.busy - start.busy) + (end.idle - start.idle) + (end.steal - start.steal)
        return total > 0 ? 100 * Double(end.steal - start.steal) / Double(total) : nil
    }
}
