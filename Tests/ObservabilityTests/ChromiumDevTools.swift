import Foundation
import Synchronization

/// A headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
/// commands on fd 3, answers and events on fd 4, each a JSON object ended by a NUL byte). No
/// WebSocket and no port: the browser is this process's child, and every host but loopback
/// resolves to nothing, so the page cannot reach the internet.
/// `@unchecked`: `Process` and `FileHandle` are not `Sendable`; both are set once in `init`, and
/// the mutable state is behind the mutex.
final class ChromiumDevTools: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let executable: String? = {
        let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in names {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") { return "\(folder)/\(name)" }
        }
        return nil
    }()

    /// A command's `result` object (JSON values only: safe to hand across threads).
    struct Answer: @unchecked Sendable {
        var result: [String: Any]
    }

    private struct State {
        var nextId = 1
        var waiting: [Int: CheckedContinuation<Answer, any Error>] = [:]
        var buffer: [UInt8] = []
        var events: [String] = []
        var closed = false
    }

    private let process: Process
    private let commands: FileHandle
    /// The mutable state, shared with the pipe's reading handler.
    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    private let shared = Shared()
    private let profile: URL
    private let exited: AsyncStream<Void>

    init(profile: URL, log: URL) throws {
        guard let executable = Self.executable else { throw Failure(description: "no Chromium installed") }
        self.profile = profile
        let toBrowser = Pipe()
        let fromBrowser = Pipe()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // fd 3 reads our commands (stdin), fd 4 writes to our pipe (stdout); the browser's own
        // stdout joins its stderr in the log file.
        process.arguments = [
            "-c",
            #"exec "$0" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --disable-extensions --window-size=1400,1800 --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" --user-data-dir="$1" --remote-debugging-pipe 3<&0 4>&1 1>&2 0</dev/null"#,
            executable, profile.path,
        ]
        let (exited, exitSink) = AsyncStream<Void>.makeStream()
        self.exited = exited
        process.terminationHandler = { _ in exitSink.finish() }
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardInput = toBrowser
        process.standardOutput = fromBrowser
        process.standardError = try FileHandle(forWritingTo: log)
        commands = toBrowser.fileHandleForWriting
        let shared = self.shared
        fromBrowser.fileHandleForReading.readabilityHandler = { handle in
            let state = shared
            let data = handle.availableData
            var messages: [[String: Any]] = []
            let closed = data.isEmpty
            state.state.withLock { state in
                state.buffer.append(contentsOf: data)
                while let end = state.buffer.firstIndex(of: 0) {
                    let message = Array(state.buffer[..<end])
                    state.buffer.removeSubrange(...end)
                    if let object = try? JSONSerialization.jsonObject(with: Data(message)) as? [String: Any] { messages.append(object) }
                }
            }
            for message in messages { Self.deliver(message, shared: state) }
            if closed {
                handle.readabilityHandler = nil
                let waiting = state.state.withLock { state in
                    state.closed = true
                    defer { state.waiting = [:] }
                    return state.waiting
                }
                for continuation in waiting.values { continuation.resume(throwing: Failure(description: "Chromium closed the pipe")) }
            }
        }
        try process.run()
    }

    private static func deliver(_ message: [String: Any], shared: Shared) {
        if let id = message["id"] as? Int {
            guard let continuation = shared.state.withLock({ $0.waiting.removeValue(forKey: id) }) else { return }
            if let error = message["error"] as? [String: Any] {
                continuation.resume(throwing: Failure(description: "DevTools error: \(error)"))
            } else {
                continuation.resume(returning: Answer(result: message["result"] as? [String: Any] ?? [:]))
            }
        } else if let method = message["method"] as? String {
            var line = method
            if method == "Runtime.exceptionThrown" || method == "Log.entryAdded" || method == "Runtime.consoleAPICalled" {
                line += " " + String(describing: message["params"] ?? "")
            }
            shared.state.withLock { $0.events.append(line) }
        }
    }

    /// Sends one command (to a page when `session` is given) and waits for its answer.
    func send(_ method: String, _ params: [String: Any] = [:], session: String? = nil) async throws -> [String: Any] {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Answer, any Error>) in
            let id: Int? = shared.state.withLock { state in
                guard !state.closed else { return nil }
                defer { state.nextId += 1 }
                state.waiting[state.nextId] = continuation
                return state.nextId
            }
            guard let id else {
                continuation.resume(throwing: Failure(description: "Chromium closed the pipe"))
                return
            }
            var message: [String: Any] = ["id": id, "method": method, "params": params]
            if let session { message["sessionId"] = session }
            do {
                var data = try JSONSerialization.data(withJSONObject: message)
                data.append(0)
                try commands.write(contentsOf: data)
            } catch {
                if let waiting = shared.state.withLock({ $0.waiting.removeValue(forKey: id) }) { waiting.resume(throwing: error) }
            }
        }.result
    }

    /// Opens `url` in a new page; returns the page's session id.
    func open(_ url: String) async throws -> String {
        let target = try await send("Target.createTarget", ["url": "about:blank"])
        let targetId = try Self.string(target["targetId"], "targetId")
        let attached = try await send("Target.attachToTarget", ["targetId": targetId, "flatten": true])
        let session = try Self.string(attached["sessionId"], "sessionId")
        _ = try await send("Runtime.enable", session: session)
        _ = try await send("Log.enable", session: session)
        _ = try await send("Page.enable", session: session)
        _ = try await send("Page.navigate", ["url": url], session: session)
        return session
    }

    /// Evaluates `expression` in the page; returns its value (JSON-compatible).
    func evaluate(_ expression: String, session: String) async throws -> Any? {
        let result = try await send("Runtime.evaluate", ["expression": expression, "returnByValue": true], session: session)
        if let exception = result["exceptionDetails"] { throw Failure(description: "the page threw: \(exception)") }
        return (result["result"] as? [String: Any])?["value"]
    }

    func screenshot(session: String) async throws -> Data {
        let result = try await send("Page.captureScreenshot", ["format": "png"], session: session)
        guard let base64 = result["data"] as? String, let data = Data(base64Encoded: base64) else {
            throw Failure(description: "no screenshot data")
        }
        return data
    }

    /// Events the browser reported (exceptions and console lines with their details).
    var events: [String] { shared.state.withLock { $0.events } }

    /// Closes the browser and waits (suspended, not blocking a thread) for it to exit.
    func close() async {
        _ = try? await send("Browser.close")
        if process.isRunning { process.terminate() }
        for await _ in exited {}
    }

    private static func string(_ value: Any?, _ name: String) throws -> String {
        guard let text = value as? String else { throw Failure(description: "no \(name) in the answer") }
        return text
    }
}
