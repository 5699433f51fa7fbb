import Foundation
import SQLKit
public import SwitchboardCore

/// Telephony calls in `sb_telephony_call`: the progress as a JSON document, keyed by the call
/// key in lower case.
public struct SQLTelephonyCallRepository: TelephonyCallRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func find(callKey: String) async throws -> (progress: CallProgress, voiceCallID: RecordID)? {
        let row = try await database.withPointReads { db in
            try await db.select().columns("progress", "voicecall_id").from("sb_telephony_call").where("call_key", .equal, SQLBind(callKey.lowercased())).first()
        }
        guard let row else { return nil }
        let progress = try JSONDecoder().decode(CallProgress.self, from: Data(try row.decode(column: "progress", as: String.self).utf8))
        return (progress, RecordID(unchecked: try row.decode(column: "voicecall_id", as: String.self)))
    }

    public func save(_ progress: CallProgress, voiceCallID: RecordID, callCenterID: RecordID?, at: Instant) async throws {
        let json = CallProgressDocument.json(progress)
        let key = progress.callKey.lowercased()
        // One upsert per event (was a delete and an insert): a call is saved at every event.
        let columns = ["voicecall_id", "progress", "updated_at", "phase", "call_center_id", "phase_since"]
        let values: [any Encodable & Sendable] = [key, voiceCallID.rawValue, json, at.millisecondsSince1970, progress.phase.rawValue,
                                                  callCenterID?.rawValue, progress.phaseSince.millisecondsSince1970]
        try await database.transaction { [texts = database.statementTexts] db in
            try await texts.run("telephony-call.save", values: values, on: db) { values in
                db.insert(into: "sb_telephony_call").columns(["call_key"] + columns).values(values.map(SQLBind.init))
                    .onConflict(with: ["call_key"]) { update in columns.reduce(update) { $0.set(excludedValueOf: $1) } }.query
            }
        }
    }

    public func waiting() async throws -> [(progress: CallProgress, voiceCallID: RecordID, callCenterID: RecordID)] {
        let rows = try await database.withConnection { db in
            try await db.select().columns("progress", "voicecall_id", "call_center_id").from("sb_telephony_call")
                .where("phase", .in, [CallPhase.ringing.rawValue, CallPhase.queued.rawValue])
                .where("call_center_id", .isNot, SQLLiteral.null).orderBy("phase_since").all()
        }
        return try rows.map { row in
            (try JSONDecoder().decode(CallProgress.self, from: Data(try row.decode(column: "progress", as: String.self).utf8)),
             RecordID(unchecked: try row.decode(column: "voicecall_id", as: String.self)),
             RecordID(unchecked: try row.decode(column: "call_center_id", as: String.self)))
        }
    }

    public func active() async throws -> [(progress: CallProgress, voiceCallID: RecordID)] {
        let rows = try await database.withConnection { db in
            try await db.select().columns("progress", "voicecall_id").from("sb_telephony_call")
                .where("phase", .in, [CallPhase.ringing.rawValue, CallPhase.connected.rawValue, CallPhase.held.rawValue]).orderBy("phase_since").all()
        }
        return try rows.map { row in
            (try JSONDecoder().decode(CallProgress.self, from: Data(try row.decode(column: "progress", as: String.self).utf8)),
             RecordID(unchecked: try row.decode(column: "voicecall_id", as: String.self)))
        }
    }
}
