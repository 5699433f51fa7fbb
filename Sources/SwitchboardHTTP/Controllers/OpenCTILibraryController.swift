import Foundation
import HTTPTypes
import Hummingbird

/// The Open CTI libraries at the paths softphones load them from (opencti-spec.md §1.1, §2.1):
/// `/support/api/{n}.0/lightning/opencti_min.js`, `…/lightning/opencti.js` and
/// `/support/api/{n}.0/interaction.js`, for any version n. Public and cookie-free (softphones load
/// them before anyone signs in, often with third-party cookies blocked); the Lightning library
/// answers with the requested version as its `apiVersion`, as Salesforce's builds of that version do.
struct OpenCTILibraryController {
    let publicDirectory: String

    func register(on router: Router<AppRequestContext>) {
        router.get("/support/api/:version/lightning/opencti_min.js") { _, context in try library("opencti/lightning.js", context) }
        router.get("/support/api/:version/lightning/opencti.js") { _, context in try library("opencti/lightning.js", context) }
        router.get("/support/api/:version/interaction.js") { _, context in try library("opencti/interaction.js", context) }
    }

    /// The placeholder in the library source that the served file replaces with the version.
    static let versionPlaceholder = "0 /*SWITCHBOARD_API_VERSION*/"
    /// Where a library takes in the wire transport both share (`opencti/transport.js`).
    static let transportPlaceholder = "/*SWITCHBOARD_TRANSPORT*/"

    func library(_ file: String, _ context: AppRequestContext) throws -> Response {
        let text = try context.parameters.require("version")
        guard let version = Self.apiVersion(text) else {
            throw APIError(.notFound, "'\(text)' is not an API version; load the library from /support/api/57.0/lightning/opencti_min.js (any version from 25.0 on)")
        }
        let source = try read(file), transport = try read("opencti/transport.js")
        let body = source.replacingOccurrences(of: Self.versionPlaceholder, with: String(version))
            .replacingOccurrences(of: Self.transportPlaceholder, with: transport)
        return Response(status: .ok, headers: [
            .contentType: "application/javascript; charset=utf-8",
            .cacheControl: "public, max-age=3600",
            .accessControlAllowOrigin: "*",
            HTTPField.Name("Cross-Origin-Resource-Policy")!: "cross-origin",
        ], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    func read(_ file: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: (publicDirectory as NSString).appendingPathComponent(file)) else {
            throw APIError(.internalServerError, "the library file \(file) is missing from \(publicDirectory)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `57.0` → 57; a version is a whole number from 1 to 999 followed by `.0`.
    static func apiVersion(_ text: String) -> Int? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1] == "0", let n = Int(parts[0]), (1...999).contains(n), parts[0].allSatisfy(\.isNumber) else { return nil }
        return n
    }
}
