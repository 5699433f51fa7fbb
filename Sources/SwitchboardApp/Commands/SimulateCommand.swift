import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardCore
import SwitchboardServices

/// `switchboard calls simulate`: a simulated phone system. It posts call events to a running
/// Switchboard's telephony events API, like any PBX would — no back door.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulates a call through the telephony events API of a running Switchboard: offered, ringing for an agent, answered, ended.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The caller's number.") var from: String
    @Option(help: "The number called (a call center's DNIS number).") var to: String
    @Option(help: "The agent (username) the call rings for.") var agent: String?
    @Option(help: "The queue.") var queue: String?
    @Option(name: .customLong("answer-after"), help: "The phone system answers by itself after this long (2s, 500ms, 1m); without it the call rings until an agent answers in their softphone.") var answerAfter: String?
    @Option(name: .customLong("hangup-after"), help: "The caller hangs up this long after the answer (or after this long ringing, when nobody answers); an agent may hang up first.") var hangupAfter = "30s"
    @Flag(help: "An outbound call (the agent calls --to).") var outbound = false
    @Option(help: "The Switchboard to call.") var server = "http://127.0.0.1:8080"
    @Option(help: "An API token (env SWITCHBOARD_TOKEN); without one a token named 'simulator' is made in the local database.") var token: String?

    /// Parses `2s`, `500ms`, `1m` or a plain number of seconds.
    static func duration(_ text: String) -> Duration? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        func number(_ s: Substring) -> Double? { Double(s).flatMap { $0 >= 0 && $0 <= 86_400 ? $0 : nil } }
        if t.hasSuffix("ms"), let n = number(t.dropLast(2)) { return .milliseconds(Int64(n)) }
        if t.hasSuffix("s"), let n = number(t.dropLast()) { return .milliseconds(Int64(n * 1000)) }
        if t.hasSuffix("m"), let n = number(t.dropLast()) { return .milliseconds(Int64(n * 60_000)) }
        return number(Substring(t)).map { .milliseconds(Int64($0 * 1000)) }
    }

    func run() async throws {
        guard let hangup = Self.duration(hangupAfter) else { throw CommandFailure("--hangup-after '\(hangupAfter)' is not a duration such as 30s") }
        let answer = try answerAfter.map { text throws -> Duration in
            guard let d = Self.duration(text) else { throw CommandFailure("--answer-after '\(text)' is not a duration such as 2s") }
            return d
        }
        var bearer = token ?? ProcessInfo.processInfo.environment["SWITCHBOARD_TOKEN"]
        if bearer == nil {
            bearer = try await global.withApp { app in try await app.auth.createToken(name: "simulator", role: .admin, by: app.system).plain }
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let key = "sim-\(UUID().uuidString.prefix(8).lowercased())"
        var step = 0
        func post(_ type: String, _ extra: [String: String] = [:]) async throws {
            step += 1
            var body: [String: String] = ["id": "\(key)-\(step)", "callKey": key, "type": type, "at": Instant.now.salesforceFormat,
                                          "from": from, "to": to, "direction": outbound ? "outbound" : "inbound"]
            if let queue { body["queue"] = queue }
            for (k, v) in extra { body[k] = v }
            var request = HTTPClientRequest(url: server.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/api/v1/telephony/events")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(bearer!)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: Array(try JSONSerialization.data(withJSONObject: body))))
            let response = try await client.execute(request, timeout: .seconds(10))
            let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
            guard response.status == .ok else { throw CommandFailure("\(type): \(response.status.code) \(text)") }
            let answer = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
            let agent = (answer?["agent"] as? String).map { ", agent \($0)" } ?? ""
            Terminal.say("\(type): call \(key), VoiceCall \(answer?["voiceCallId"] as? String ?? "?"), \(answer?["phase"] as? String ?? "?")\(agent)")
        }
        /// The call as Switchboard has it: its phase, and whether an agent answered it.
        func state() async throws -> (phase: String?, answered: Bool) {
            var request = HTTPClientRequest(url: server.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/api/v1/telephony/calls/\(key)")
            request.headers.add(name: "Authorization", value: "Bearer \(bearer!)")
            let response = try await client.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            let call = (try? JSONSerialization.jsonObject(with: Data(String(buffer: body).utf8))) as? [String: Any]
            return (call?["phase"] as? String, call?["answeredAt"] is String)
        }
        /// Polls until an agent answers (true) or `limit` passes or the call ends unanswered (false).
        /// An agent may answer and hang up between two polls: the answer time tells, not the phase.
        func waitForAgent(within limit: Duration) async throws -> Bool {
            let deadline = ContinuousClock.now + limit
            while ContinuousClock.now < deadline {
                let call = try await state()
                if call.answered {
                    Terminal.say("answered in the softphone")
                    return true
                }
                if call.phase == "ended" { return false }
                try await Task.sleep(for: .milliseconds(250))
            }
            return false
        }
        /// Polls until the call ends (true) or `limit` passes (false).
        func endsWithin(_ limit: Duration) async throws -> Bool {
            let deadline = ContinuousClock.now + limit
            while ContinuousClock.now < deadline {
                if try await state().phase == "ended" { return true }
                try await Task.sleep(for: min(.milliseconds(250), deadline - ContinuousClock.now))
            }
            return try await state().phase == "ended"
        }
        do {
            try await post("offered")
            if let agent { try await post("ringing", ["agent": agent]) }
            if let answer {
                try await Task.sleep(for: answer)
                try await post("answered", agent.map { ["agent": $0] } ?? [:])
                try await Task.sleep(for: hangup)
                try await post("ended", ["reason": outbound ? "AgentHangup" : "CustomerHangup"])
            } else if try await waitForAgent(within: hangup) {
                // An agent answered in their softphone: the caller talks, then hangs up — unless the agent did first.
                if try await endsWithin(hangup) { Terminal.say("ended: the agent hung up") } else { try await post("ended", ["reason": "CustomerHangup"]) }
            } else if try await state().phase != "ended" {
                try await post("ended", ["reason": outbound ? "NoAnswer" : "CallerHangup"])
            }
        } catch {
            try? await client.shutdown()
            if let failure = error as? CommandFailure { throw failure }
            throw CommandFailure("could not reach \(server): \(error)")
        }
        try await client.shutdown()
    }
}

extension Instant {
    /// The time now, from the system clock.
    static var now: Instant { Instant(millisecondsSince1970: Int64(Date().timeIntervalSince1970 * 1000)) }
}
