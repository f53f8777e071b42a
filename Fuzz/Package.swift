// swift-tools-version:6.1
import Foundation
import PackageDescription

// Coverage-guided fuzzing (libFuzzer) of every decoder that reads outside bytes. Not part of the
// main package's build or `swift test`: build and run it with `scripts/fuzz.sh` (see README.md),
// which passes `-sanitize=fuzzer` to every Swift module so the decoders in the main package are
// instrumented for coverage too.

// A path dependency's identity is its folder's name, which differs between checkouts and worktrees.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

func main(_ product: String) -> Target.Dependency { .product(name: product, package: mainPackage) }

/// One libFuzzer executable: `Sources/<name>/main.swift` defines `LLVMFuzzerTestOneInput` and hands
/// it to `FuzzDriver.run`.
func fuzzTarget(_ name: String, _ products: [String], _ local: [Target.Dependency] = []) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + local + products.map(main))
}

let package = Package(
    name: "kalshi-trader-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"]),
        // Rewrites a fuzzed recording's checksums, for the targets that read recordings.
        .target(name: "RecordingRepair", dependencies: [main("Recording")]),
        fuzzTarget("fuzz-kalshi-ws-fast", ["KalshiAPI", "KalshiCore"]),
        fuzzTarget("fuzz-kalshi-ws-reference", ["KalshiAPI", "KalshiCore"]),
        fuzzTarget("fuzz-recorded-line", ["KalshiAPI", "KalshiCore"]),
        fuzzTarget("fuzz-kalshi-rest", ["KalshiAPI", "KalshiCore"]),
        fuzzTarget("fuzz-cryptocom", ["SignalFeeds"]),
        fuzzTarget("fuzz-coinbase", ["SignalFeeds"]),
        fuzzTarget("fuzz-kalshi-index", ["SignalFeeds"]),
        fuzzTarget("fuzz-recording", ["Recording", "KalshiCore"], ["RecordingRepair"]),
        fuzzTarget("fuzz-replay", ["TraderRuntime", "Recording"], ["RecordingRepair"]),
        fuzzTarget("fuzz-convert", ["Recording"]),
        fuzzTarget("fuzz-journal-row", ["Storage", "KalshiCore"]),
        fuzzTarget("fuzz-journal-ahead", ["Storage", "KalshiCore"]),
        fuzzTarget("fuzz-live-yaml", ["LiveTrading"]),
        fuzzTarget("fuzz-demo-json", ["TraderRuntime"]),
        fuzzTarget("fuzz-websocket-handshake", ["KalshiAPI"]),
    ],
    // Targets keep their per-process state (scratch files) in main.swift globals.
    swiftLanguageModes: [.v5]
)
