import Foundation
import Hummingbird
import NIOCore

/// The dashboard's routes: the page, its state as JSON, the state as Server-Sent Events, and,
/// only with control enabled, the kill switch behind the session's token.
enum DashboardRoutes {
    /// How often an open event stream looks for a new state; an unchanged state sends nothing.
    static let pollInterval = Duration.milliseconds(250)
    /// A comment line this often keeps proxies from closing a quiet stream.
    static let keepAliveEvery = 60

    static func register(on router: Router<BasicRequestContext>, observer: SessionObserver, control: DashboardControl?) {
        router.get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: DashboardPage.html)))
        }
        router.get("/api/state") { _, _ in
            guard let snapshot = observer.dashboardSnapshot() else { return Response(status: .notFound) }
            return Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: snapshot.json)))
        }
        router.get("/api/events") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                body: ResponseBody { writer in
                    var sent: Int?
                    var quiet = 0
                    while !observer.isClosed && !Task.isCancelled {
                        if let version = observer.dashboardVersion, version != sent, let snapshot = observer.dashboardSnapshot() {
                            sent = snapshot.version
                            var buffer = ByteBuffer(string: "event: state\ndata: ")
                            buffer.writeBytes(snapshot.json)
                            buffer.writeString("\n\n")
                            try await writer.write(buffer)
                            quiet = 0
                        } else {
                            quiet += 1
                            if quiet >= keepAliveEvery {
                                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                                quiet = 0
                            }
                        }
                        do { try await Task.sleep(for: pollInterval) } catch { break }
                    }
                    try await writer.finish(nil)
                })
        }
        guard let control else { return }
        router.post("/api/kill") { request, _ in
            guard let presented = request.headers[.init("X-Dashboard-Token")!], control.accepts(presented) else {
                return Response(
                    status: .forbidden, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"error":"a valid X-Dashboard-Token header is required"}"#)))
            }
            control.kill()
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"kill_switch":"requested"}"#)))
        }
    }
}

/// The dashboard's one control, the kill switch, behind a random token printed at start.
public struct DashboardControl: Sendable {
    public let token: String
    let kill: @Sendable () -> Void

    public init(token: String = DashboardControl.newToken(), kill: @escaping @Sendable () -> Void) {
        self.token = token
        self.kill = kill
    }

    /// 128 random bits as hex.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let word = String(generator.next() as UInt32, radix: 16)
            return String(repeating: "0", count: 8 - word.count) + word
        }.joined()
    }

    /// Compares in time independent of where the texts differ.
    func accepts(_ presented: String) -> Bool {
        let a = Array(presented.utf8)
        let b = Array(token.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
