import Foundation

/// Runs the built `kalshi-trader` executable the way a user does, capturing its output.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let executable: URL? = {
        let fileManager = FileManager.default
        // `swift test` runs the test bundle from the build folder that also holds the executable.
        var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(repository.appendingPathComponent(".build/debug"))
        for directory in candidates {
            let url = directory.appendingPathComponent("kalshi-trader")
            if fileManager.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }()

    static var isAvailable: Bool { executable != nil }

    /// Waits for the exit without blocking a thread: tests share the cooperative pool (two
    /// threads on a 2-core machine), and a blocked thread stalls every loopback test beside it.
    static func run(_ arguments: [String]) async throws -> Result {
        guard let executable else { throw CocoaError(.fileNoSuchFile) }
        // Output goes to files rather than pipes: nothing can block on a full pipe buffer.
        let directory = try temporaryDirectory()
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
            try? FileManager.default.removeItem(at: directory)
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        try await process.runUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kalshi-trader-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func temporaryFile(named name: String, contents: String) throws -> URL {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

extension Process {
    /// Runs the process and suspends (without holding a thread) until it exits.
    func runUntilExit() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            terminationHandler = { _ in continuation.resume() }
            do {
                try run()
            } catch {
                terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }
}
