import Foundation

/// A thread of its own that runs the tasks preferring it (`withTaskExecutorPreference`), one job
/// at a time: SQLite's writer runs its transactions here.
///
/// Why not Swift's cooperative threads: a writer blocks inside SQLite — waiting for another
/// process's lock (busy_timeout), for a page fault, for `fsync` at a checkpoint — and on a
/// two-core machine Swift has two cooperative threads, so every other task (SIP, HTTP) waited
/// with it (session 9: 2,489 of 3,000 calls at 300/s). Why not SQLiteNIO's thread pool: it hops
/// there and back through an event loop for every statement, ~20 hops a SIP call, and the writer
/// is held across each (busy 91 % of the time at 300 calls/s).
final class SQLiteWriterThread: TaskExecutor, @unchecked Sendable {
    private let name: String
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs: [UnownedJob] = []
    private var running = false
    private var stopping = false

    init(name: String) {
        self.name = name
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        defer { condition.unlock() }
        jobs.append(job)
        if running { condition.signal(); return }
        // Started on first use, so a database only read from never has the thread; started
        // again after `stop` if anything still comes.
        running = true
        stopping = false
        Thread { [self] in
            // Named from inside: on Linux a new thread otherwise keeps its creator's name.
            Thread.current.name = name
            loop()
        }.start()
    }

    /// Lets the thread end once it has run every job given to it.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty {
                running = false
                condition.unlock()
                return
            }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
