import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The built `kalshi-trader` run as a child process, its output in files (nothing can block on a
/// full pipe), so tests can signal it (SIGKILL, SIGTERM, SIGUSR1/2) and read what it printed.
final class LiveProcess {
    let process = Process()
    let stdoutURL: URL
    let stderrURL: URL

    static let executable: URL? = {
        var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(repository.appendingPathComponent(".build/debug"))
        for directory in candidates {
            let url = directory.appendingPathComponent("kalshi-trader")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }()

    static var isAvailable: Bool { executable != nil }

    init(_ arguments: [String], directory: URL, label: String) throws {
        guard let executable = LiveProcess.executable else { throw CocoaError(.fileNoSuchFile) }
        stdoutURL = directory.appendingPathComponent("\(label).stdout")
        stderrURL = directory.appendingPathComponent("\(label).stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
    }

    /// A test that fails half-way must not leave a trader running (and loading the machine).
    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// The exit status, waiting up to `seconds`; nil if it is still running then.
    func exitStatus(within seconds: Double) async -> Int32? {
        guard await eventually(seconds, { !process.isRunning }) else { return nil }
        return process.terminationStatus
    }

    /// Waits until the output holds `text`.
    func printed(_ text: String, within seconds: Double) async -> Bool {
        await eventually(seconds) { stdout.contains(text) }
    }

    /// SIGKILL, and wait for the process to be gone.
    func killNine() async {
        send(SIGKILL)
        _ = await exitStatus(within: 10)
    }
}
