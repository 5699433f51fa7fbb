import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One request of a load: a GET of a path, or a POST of a JSON body.
enum LoadRequest: Sendable {
    case get(String)
    case post(String, json: String)
}

/// The load generator of the HTTP benchmarks: one OS thread per connection, each with a blocking
/// keep-alive socket to the server on loopback, sleeping to each request's due time.
///
/// Why threads and blocking sockets rather than AsyncHTTPClient: the benchmarks measure the
/// server, and the client runs in the server's process. Through AsyncHTTPClient each request cost
/// the client a timer task, a hop to its event loop and a hop back to Swift's executor — whose two
/// threads are also the server's — so the client's own wake-ups sat in the measured tail. Here a
/// request costs the client one wake-up (its `recv` returning), and none of its work waits in the
/// server's queues. A softphone is on another machine; this is the nearest to that on one.
enum HTTPLoad {
    /// What a load measured: per request, microseconds from when it was due and from when it was
    /// sent; failed requests; seconds from the first due time to the last answer.
    struct Outcome: Sendable {
        var latencies: [UInt64] = []
        var sends: [UInt64] = []
        var errors = 0
        var elapsed = 0.0
    }

    /// Sends `total` requests over `connections` connections; request `i` is `makeRequest(i)`.
    /// With a `rate`, request `i` is due at start + i/rate (an open loop: a stalled server shows
    /// as latency, not as a lower rate); without one each connection sends its next request as
    /// soon as the last is answered (a closed loop, for throughput).
    static func run(
        port: Int, token: String, rate: Int?, total: Int, connections: Int, request makeRequest: @escaping @Sendable (Int) -> LoadRequest
    ) async throws -> Outcome {
        let shared = Shared(connections: connections)
        let start = monotonicNanoseconds() + 200_000_000
        let interval = UInt64(1_000_000_000 / (rate ?? 1))
        let head = "Host: 127.0.0.1:\(port)\r\nAuthorization: Bearer \(token)\r\n"

        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            shared.finished.withLock { $0 = continuation }
            for _ in 0..<connections {
                let thread = Thread {
                    let result = Result<Outcome, any Error> {
                        var connection = try BlockingHTTPConnection(port: port)
                        var outcome = Outcome()
                        while true {
                            let i = shared.next.add(1, ordering: .relaxed).oldValue
                            if i >= total { break }
                            let due = rate == nil ? HTTPLoad.monotonicNanoseconds() : start + interval * UInt64(i)
                            if rate != nil { HTTPLoad.sleep(until: due) }
                            let bytes: [UInt8]
                            switch makeRequest(i) {
                            case .get(let path):
                                bytes = Array("GET \(path) HTTP/1.1\r\n\(head)\r\n".utf8)
                            case .post(let path, let json):
                                let body = Array(json.utf8)
                                bytes = Array("POST \(path) HTTP/1.1\r\n\(head)Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
                            }
                            let sent = HTTPLoad.monotonicNanoseconds()
                            let status: Int
                            do { status = try connection.roundTrip(bytes) } catch {
                                // A timeout or a closed connection leaves the stream at an unknown
                                // point: the next request goes on a new connection.
                                status = 0
                                connection = try BlockingHTTPConnection(port: port)
                            }
                            if !(200..<300).contains(status) { outcome.errors += 1 }
                            let done = HTTPLoad.monotonicNanoseconds()
                            outcome.latencies.append(Swift.max(1, (done &- due) / 1_000))
                            outcome.sends.append(Swift.max(1, (done &- sent) / 1_000))
                        }
                        return outcome
                    }
                    shared.results.withLock { $0.append(result) }
                    if shared.remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
                        shared.finished.withLock { $0?.resume(); $0 = nil }
                    }
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
        }
        var all = Outcome()
        for result in shared.results.withLock({ $0 }) {
            let outcome = try result.get()
            all.latencies += outcome.latencies
            all.sends += outcome.sends
            all.errors += outcome.errors
        }
        all.elapsed = Double(monotonicNanoseconds() &- start) / 1e9
        return all
    }

    /// What the connections' threads share: the next request's number and their outcomes.
    private final class Shared: Sendable {
        let next = Atomic<Int>(0)
        let remaining: Atomic<Int>
        let results = Mutex<[Result<Outcome, any Error>]>([])
        let finished = Mutex<CheckedContinuation<Void, Never>?>(nil)
        init(connections: Int) { remaining = Atomic(connections) }
    }

    /// CLOCK_MONOTONIC, in nanoseconds.
    static func monotonicNanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    static func sleep(until due: UInt64) {
        while true {
            let now = monotonicNanoseconds()
            guard now < due else { return }
            usleep(UInt32(clamping: (due - now) / 1_000))
        }
    }
}

/// An HTTP/1.1 keep-alive connection to 127.0.0.1 on a blocking socket, for `HTTPLoad`'s threads.
/// It reads responses framed by Content-Length, which is how Switchboard's API answers.
final class BlockingHTTPConnection {
    private let socket: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw CommandFailure("cannot open a socket: errno \(errno)") }
        var noDelay: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        // A server that stops answering fails the request after 10 s instead of hanging the run.
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw CommandFailure("cannot connect to 127.0.0.1:\(port): errno \(errno)")
        }
    }

    deinit { close(socket) }

    /// Sends one request and reads its whole response; returns the status code.
    func roundTrip(_ request: [UInt8]) throws -> Int {
        var written = 0
        while written < request.count {
            let n = request.withUnsafeBytes { send(socket, $0.baseAddress! + written, request.count - written, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw CommandFailure("the server closed the connection while sending") }
            written += n
        }
        // Read until the head is complete, then until the body's Content-Length is in.
        var headEnd: Int?
        while true {
            if headEnd == nil, let end = Self.endOfHead(buffer) { headEnd = end }
            if let end = headEnd {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                guard let status = Int(head.split(separator: " ", maxSplits: 2).dropFirst().first ?? "") else {
                    throw CommandFailure("not an HTTP response: \(head.prefix(80))")
                }
                let length = head.split(separator: "\r\n").lazy
                    .compactMap { line -> Int? in
                        let parts = line.split(separator: ":", maxSplits: 1)
                        guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                        return Int(parts[1].trimmingCharacters(in: .whitespaces))
                    }.first
                guard let length else { throw CommandFailure("a response without Content-Length: \(head.prefix(200))") }
                if buffer.count >= end + length {
                    buffer.removeFirst(end + length)
                    return status
                }
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress!, $0.count, 0) }
            guard n > 0 else { throw CommandFailure(n == 0 ? "the server closed the connection" : "no answer within 10 s (errno \(errno))") }
            buffer += chunk[..<n]
        }
    }

    /// The offset just past the blank line ending the response head, if it has arrived.
    private static func endOfHead(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i + 4
        }
        return nil
    }
}
