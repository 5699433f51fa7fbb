import Foundation
public import SwitchboardCore

/// Each agent's stream of call control frames (docs/call-control.md): numbered in order per
/// agent, the latest `kept` remembered so a softphone that reconnects gets what it missed, and
/// one softphone per agent — a newer connection replaces the older one, as the console's tab
/// rule does in the browser. In memory: Switchboard runs one process per database.
public actor AgentChannels {
    /// One numbered frame, encoded once.
    public struct Frame: Sendable, Hashable {
        public let seq: Int64
        public let text: String
    }

    /// What a connected softphone is sent.
    public enum Delivery: Sendable, Hashable {
        case frame(Frame)
        /// Another softphone of the same agent connected; this one should close.
        case replaced
    }

    /// A softphone's subscription.
    public struct Connection: Sendable {
        public let id: Int
        public let deliveries: AsyncStream<Delivery>
    }

    struct Channel {
        var seq: Int64 = 0
        var recent: [Frame] = []
        var subscriber: (id: Int, continuation: AsyncStream<Delivery>.Continuation)?
        var muted: Set<String> = []
    }

    /// Frames remembered per agent for resuming.
    public static let kept = 64

    /// Changes each time the server starts: a softphone that saw another epoch starts afresh
    /// rather than resuming from sequence numbers that no longer mean anything.
    public nonisolated let epoch: String
    private var channels: [RecordID: Channel] = [:]
    private var nextConnection = 0
    private var watchers: [Int: AsyncStream<AgentCallView>.Continuation] = [:]
    private var watcherCount = 0
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public init(epoch: String = String(UInt64.random(in: 1...UInt64.max), radix: 36)) {
        self.epoch = epoch
    }

    /// Connects the agent's softphone, replacing (and finishing) any earlier one.
    public func connect(_ user: RecordID) -> Connection {
        nextConnection += 1
        let (stream, continuation) = AsyncStream.makeStream(of: Delivery.self, bufferingPolicy: .bufferingNewest(Self.kept))
        if let previous = channels[user]?.subscriber {
            previous.continuation.yield(.replaced)
            previous.continuation.finish()
        }
        channels[user, default: Channel()].subscriber = (nextConnection, continuation)
        return Connection(id: nextConnection, deliveries: stream)
    }

    /// The softphone went away; a later one of the same agent is left alone.
    public func disconnect(_ user: RecordID, connection: Int) {
        guard let subscriber = channels[user]?.subscriber, subscriber.id == connection else { return }
        subscriber.continuation.finish()
        channels[user]?.subscriber = nil
    }

    /// The number of the agent's latest frame (0 before any).
    public func latestSeq(of user: RecordID) -> Int64 { channels[user]?.seq ?? 0 }

    /// The frames after `seq`, or nil when some of them are no longer kept (start afresh then).
    public func frames(of user: RecordID, after seq: Int64) -> [Frame]? {
        let channel = channels[user] ?? Channel()
        guard seq <= channel.seq else { return nil }
        let missed = channel.recent.filter { $0.seq > seq }
        return missed.count == Int(channel.seq - seq) ? missed : nil
    }

    /// How many softphones are connected.
    public var connectedCount: Int { channels.values.count { $0.subscriber != nil } }

    /// Sends the agent a call frame (kept for resuming even while no softphone is connected).
    public func publish(call view: AgentCallView, to user: RecordID) {
        var view = view
        view.muted = channels[user]?.muted.contains(view.callKey) ?? false
        if view.phase == .ended { channels[user]?.muted.remove(view.callKey) }
        publish(Envelope(type: "call", call: view), to: user)
    }

    /// Every change of every call, as its agents' softphones are told it: for the parts that carry
    /// calls themselves (the SIP gateway follows routing and agents' commands to its legs). The
    /// stream keeps the newest 10,000 changes should its reader fall behind.
    public func watchCalls() -> AsyncStream<AgentCallView> {
        let (stream, continuation) = AsyncStream.makeStream(of: AgentCallView.self, bufferingPolicy: .bufferingNewest(10_000))
        watcherCount += 1
        let id = watcherCount
        watchers[id] = continuation
        continuation.onTermination = { _ in Task { await self.stopWatching(id) } }
        return stream
    }

    private func stopWatching(_ id: Int) { watchers[id] = nil }

    /// A call changed (after its agents were told).
    public func changed(_ view: AgentCallView) {
        for watcher in watchers.values { watcher.yield(view) }
    }

    /// Sends the agent their presence.
    public func publish(presence view: AgentPresenceView, to user: RecordID) {
        publish(Envelope(type: "presence", presence: view), to: user)
    }

    /// Whether the agent muted this call (the softphone's microphone, as the phone system applies it).
    public func isMuted(_ callKey: String, by user: RecordID) -> Bool { channels[user]?.muted.contains(callKey) ?? false }

    public func setMuted(_ muted: Bool, callKey: String, by user: RecordID) {
        if muted { channels[user, default: Channel()].muted.insert(callKey) } else { channels[user]?.muted.remove(callKey) }
    }

    struct Envelope: Encodable {
        var seq: Int64 = 0
        var type: String
        var call: AgentCallView?
        var presence: AgentPresenceView?
    }

    private func publish(_ envelope: Envelope, to user: RecordID) {
        var channel = channels[user] ?? Channel()
        channel.seq += 1
        var envelope = envelope
        envelope.seq = channel.seq
        guard let data = try? encoder.encode(envelope) else { return }  // plain values: cannot fail
        let frame = Frame(seq: channel.seq, text: String(decoding: data, as: UTF8.self))
        channel.recent.append(frame)
        if channel.recent.count > Self.kept { channel.recent.removeFirst(channel.recent.count - Self.kept) }
        channel.subscriber?.continuation.yield(.frame(frame))
        channels[user] = channel
    }
}

/// An agent's presence as their softphone shows it.
public struct AgentPresenceView: Sendable, Hashable, Codable {
    public var status: PresenceStatus
    public var reason: String?
    /// Epoch milliseconds.
    public var since: Int64
    /// When after-call work ends by itself (epoch milliseconds).
    public var afterCallWorkUntil: Int64?

    public init(_ presence: AgentPresence) {
        status = presence.status
        reason = presence.reason
        since = presence.since.millisecondsSince1970
        afterCallWorkUntil = presence.afterCallWorkUntil?.millisecondsSince1970
    }
}
