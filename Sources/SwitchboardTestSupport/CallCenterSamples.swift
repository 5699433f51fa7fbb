import Foundation

/// The call center definition samples in `../shared/samples/callcenters`, beside the repository
/// (CI clones main with shared/ next to it). A missing sample fails the test that wanted it.
public enum CallCenterSamples {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/samples/callcenters")

    /// The samples that import (the `invalid-*` ones are refused).
    public static let valid = ["lightning-basic.xml", "standby-and-vendor-settings.xml", "metadata-format.callCenter", "lenient-real-world.xml"]

    /// The bytes of a sample.
    public static func bytes(_ name: String) throws -> [UInt8] {
        let path = folder.appendingPathComponent(name).path
        guard let data = FileManager.default.contents(atPath: path) else { throw Missing(path: path) }
        return Array(data)
    }

    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "the sample \(path) is missing; the tests read ../shared/samples beside the repository" }
    }
}
