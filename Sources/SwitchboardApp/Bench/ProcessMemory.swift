import Foundation

/// The process's resident memory, from /proc (Linux).
enum ProcessMemory {
    /// Peak resident set size (VmHWM) in MiB, or nil where /proc is missing.
    static func peakMiB() -> Double? { field("VmHWM:") }
    /// Current resident set size (VmRSS) in MiB.
    static func currentMiB() -> Double? { field("VmRSS:") }

    private static func field(_ name: String) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
            let kb = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return nil }
        return kb / 1024
    }
}
