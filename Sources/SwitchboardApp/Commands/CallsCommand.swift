import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardServices

/// `switchboard calls migrate-tasks|report`.
struct CallsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calls", abstract: "Calls: migrate Task call logs, print a report, simulate a call.", subcommands: [MigrateTasks.self, Report.self, SimulateCommand.self])

    struct MigrateTasks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate-tasks",
            abstract: "Turns Task call logs (CallType, CallDurationInSeconds, CallDisposition, CallObject, WhoId, WhatId) into linked VoiceCalls. Safe to run again: Tasks that have a VoiceCall are skipped, so an interrupted run is finished by running it again.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("batch-size"), help: "Tasks per transaction.") var batchSize = 1000

        func run() async throws {
            let start = Date()
            let result = try await global.withApp { app in
                try await TaskCallMigration(calls: app.calls, batchSize: batchSize).run(by: app.system) { p in
                    Terminal.progress(fraction: p.totalTasks == 0 ? 1 : Double(p.tasksRead) / Double(p.totalTasks),
                                      detail: "\(p.tasksRead) of \(p.totalTasks) Tasks read, \(p.migrated) calls made, \(p.alreadyLinked) already linked")
                    if !Terminal.isInteractive, p.tasksRead % (batchSize * 20) < batchSize {
                        Terminal.status("\(p.tasksRead) of \(p.totalTasks) Tasks read, \(p.migrated) calls made")
                    }
                }
            }
            Terminal.endProgress()
            Terminal.say("\(result.migrated) VoiceCalls made from call Tasks; \(result.alreadyLinked) call Tasks already had one; \(result.notCalls) Tasks are not call logs (\(String(format: "%.1f", Date().timeIntervalSince(start))) s).")
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Prints the call report's totals and one breakdown (the page /admin/reports draws it).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "First day (YYYY-MM-DD), default 7 days ago.") var from: String?
        @Option(help: "Last day, included (YYYY-MM-DD), default today.") var to: String?
        @Option(name: .customLong("time-zone"), help: "IANA time zone for hours and days.") var timeZone = "UTC"
        @Option(help: "hour, day, agent, queue or callType.") var by = "day"

        func run() async throws {
            var parameters = [("timeZone", timeZone)]
            if let from { parameters.append(("from", from)) }
            if let to { parameters.append(("to", to)) }
            let report = try await global.withApp { app in
                let (filter, zone) = try app.reports.filter(parameters).get()
                return try await app.reports.report(filter, timeZone: zone, by: app.system)
            }
            let rows: [CallReport.Row] = switch by {
            case "hour": report.byHour
            case "agent": report.byAgent
            case "queue": report.byQueue
            case "callType": report.byCallType
            default: report.byDay
            }
            func percent(_ d: Double?) -> String { d.map { String(format: "%.1f%%", $0 * 100) } ?? "–" }
            let s = report.summary
            Terminal.say("\(s.calls) calls: \(s.answered) answered, \(s.missed) missed, \(s.abandoned) abandoned; answer rate \(percent(s.answerRate)), abandon rate \(percent(s.abandonRate)), average handle \(s.averageHandleSeconds.map { String(format: "%.0f s", $0) } ?? "–"), longest wait \(s.longestWaitSeconds) s")
            let widest = max(1, rows.map(\.tally.calls).max() ?? 1)
            for row in rows {
                let bar = String(repeating: "█", count: Int(40 * row.tally.calls / widest))
                Terminal.say("\(row.label.padding(toLength: 24, withPad: " ", startingAt: 0)) \(String(row.tally.calls).leftPadded(7)) \(bar)")
            }
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
