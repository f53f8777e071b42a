import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Requests to the session's own servers on loopback.
enum LoopbackHTTP {
    static func request(_ method: HTTPMethod = .GET, _ url: String, headers: [(String, String)] = []) async throws -> (status: Int, body: String) {
        precondition(url.hasPrefix("http://127.0.0.1:"), "tests only talk to loopback: \(url)")
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    /// Asks `probe` until it returns a value, every `interval`, for at most `limit`: waits for a
    /// condition, not for a guess of time.
    static func waitFor<T>(
        _ what: String, limit: Duration = .seconds(120), interval: Duration = .milliseconds(100), _ probe: () async throws -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + limit
        while true {
            if let value = try await probe() { return value }
            guard ContinuousClock.now < deadline else { throw TimedOut(what: what) }
            try await Task.sleep(for: interval)
        }
    }

    struct TimedOut: Error, CustomStringConvertible {
        var what: String
        var description: String { "gave up waiting for \(what)" }
    }
}
