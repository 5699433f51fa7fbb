import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardServices

/// Calls apex-action and telephony provider webhooks with AsyncHTTPClient's shared client: a JSON POST, a bounded
/// answer (1 MiB), a timeout.
struct HTTPWebhookClient: WebhookClient {
    func postJSON(url: String, body: String, headers: [(String, String)], timeoutSeconds: Int) async throws -> (status: Int, contentType: String?, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "User-Agent", value: "Switchboard/\(Switchboard.version)")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(Int64(timeoutSeconds)))
        let answer = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers.first(name: "Content-Type"), String(buffer: answer))
    }
}
