// swift-tools-version:6.1
import PackageDescription

// Dependencies come from the machine's package mirror (see ../shared/reference/swift-stack.md).
// Keep the set lean: every package here is rebuilt from scratch on each CI run.
// Whole-module inlining across the pure hot-path modules (book, engine, strategy): generic engine
// code specializes for the concrete strategy instead of going through runtime metadata.
let crossModuleOptimization: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "kalshi-trader",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kalshi-trader", targets: ["kalshi-trader"]),
        .library(name: "KalshiCore", targets: ["KalshiCore"]),
        .library(name: "Pricing", targets: ["Pricing"]),
        .library(name: "KalshiAPI", targets: ["KalshiAPI"]),
        // For the fuzz package in Fuzz/, which reaches the decoders through products.
        .library(name: "SignalFeeds", targets: ["SignalFeeds"]),
        .library(name: "Recording", targets: ["Recording"]),
        .library(name: "Storage", targets: ["Storage"]),
        .library(name: "TraderRuntime", targets: ["TraderRuntime"]),
        .library(name: "LiveTrading", targets: ["LiveTrading"]),
    ],
    traits: [
        .trait(name: "Postgres", description: "PostgreSQL journal backend (postgres-nio) for `kalshi-trader live --journal postgresql://…`."),
        .default(enabledTraits: []),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/onevcat/Rainbow.git", from: "4.2.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        // Pure domain: fixed-point money, price grids, order book, fees, markets. No I/O.
        .target(name: "KalshiCore", swiftSettings: crossModuleOptimization),
        // Pure pricing model: normal CDF, binary options, realized volatility.
        .target(name: "Pricing", swiftSettings: crossModuleOptimization),
        // Kalshi wire formats (WebSocket frames, REST bodies) and the pure session logic. No I/O.
        .target(name: "KalshiAPI", dependencies: ["KalshiCore"]),
        // Kalshi request signing: RSA-PSS over timestamp + method + path, key loading and checks.
        .target(
            name: "KalshiAuth",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // The network edge: REST client (async-http-client, the order connection) and the WebSocket client (NIO's codec).
        .target(
            name: "KalshiClient",
            dependencies: [
                "KalshiCore", "KalshiAPI", "KalshiAuth",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // The trading core: engine, strategy protocol, orders, portfolio, risk, simulated exchange. No I/O.
        .target(
            name: "TradingEngine",
            dependencies: ["KalshiCore", "Pricing", .product(name: "HeapModule", package: "swift-collections")],
            swiftSettings: crossModuleOptimization
        ),
        // Strategies: BinaryEdgeStrategy (the demo algorithm).
        .target(name: "Strategies", dependencies: ["TradingEngine", "KalshiCore", "Pricing"], swiftSettings: crossModuleOptimization),
        // Crypto price signals: Crypto.com / Coinbase / Kalshi index wire formats, sans-I/O sessions,
        // candles, staleness, composite median and realized volatility. No I/O.
        .target(name: "SignalFeeds", dependencies: ["KalshiCore", "KalshiAPI", "Pricing"]),
        // The signal feeds' network edge: WebSocket transports, REST candle history, `SignalSource`.
        .target(
            name: "SignalClient",
            dependencies: [
                "KalshiCore", "KalshiAPI", "KalshiAuth", "KalshiClient", "SignalFeeds",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // Recordings: the block file format (checksummed, append-only), streaming reader and writer,
        // converters from real captures and candles, synthetic recordings. No network.
        .target(name: "Recording", dependencies: ["KalshiCore", "KalshiAPI", "Pricing"]),
        // Backtest reports: one self-contained HTML page with inline SVG charts. Pure.
        .target(name: "BacktestReport"),
        // What the demo, backtests and live trading share: feed and signal events as engine
        // events, the session log, the summary, the console, the configuration audit, and the
        // run skeleton (`SessionServices`, a ServiceGroup). No network, no fake venues.
        .target(
            name: "TradingSession",
            dependencies: [
                "KalshiCore", "KalshiAPI", "TradingEngine", "Strategies", "SignalFeeds",
                .product(name: "Rainbow", package: "Rainbow"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // What a running session shows: Prometheus metrics (swift-metrics with the swift-prometheus
        // backend), the live dashboard and its Server-Sent Events, the JSON log handler; both
        // servers are Hummingbird on an address of the operator's choosing (loopback by default).
        .target(
            name: "Observability",
            dependencies: [
                "KalshiCore", "KalshiAPI", "TradingEngine",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Runs sessions: the demo (fake or live data), backtests, recording, configuration.
        .target(
            name: "TraderRuntime",
            dependencies: [
                "KalshiCore", "KalshiAPI", "KalshiAuth", "KalshiClient", "Pricing", "TradingEngine", "Strategies", "FakeVenues",
                "SignalFeeds", "SignalClient", "Recording", "BacktestReport", "TradingSession", "Observability",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Rainbow", package: "Rainbow"),
            ]
        ),
        // Loopback imitations of the venues for tests and the offline demo.
        .target(
            name: "FakeVenues",
            dependencies: [
                "KalshiCore", "KalshiAPI", "KalshiAuth", "Pricing", "SignalFeeds",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // The live trading journal: SQLite through GRDB by default, PostgreSQL (postgres-nio) with the
        // `Postgres` trait. Schema version and migrations; intents, answers, fills, snapshots, risk events.
        .target(
            name: "Storage",
            dependencies: [
                "KalshiCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["Postgres"])),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Live trading: YAML configuration, startup checks, the Kalshi execution venue (V2 REST orders,
        // fill and user_orders channels), reconciliation, journal replay, kill switch, status line.
        .target(
            name: "LiveTrading",
            dependencies: [
                "KalshiCore", "KalshiAPI", "KalshiAuth", "KalshiClient", "Pricing", "TradingEngine", "Strategies", "SignalFeeds",
                "SignalClient", "TradingSession", "Storage", "Observability",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // Deterministic simulation of the live core: a simulated exchange and network, faults,
        // crashes and restarts from the journal, invariants checked at every step.
        .target(
            name: "LiveSimulation",
            dependencies: [
                "LiveTrading", "KalshiCore", "KalshiAPI", "KalshiClient", "TradingEngine", "Storage",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "kalshi-trader",
            dependencies: [
                "KalshiCore", "Pricing", "KalshiAPI", "KalshiAuth", "KalshiClient", "FakeVenues", "SignalFeeds", "SignalClient",
                "TradingEngine", "Strategies", "TraderRuntime", "Recording", "Storage",
                "LiveTrading", "LiveSimulation", "Observability", "BacktestReport", "TradingSession",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "KalshiCoreTests",
            dependencies: ["KalshiCore", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "PricingTests", dependencies: ["Pricing", "KalshiCore"]),
        .testTarget(name: "KalshiAPITests", dependencies: ["KalshiAPI", "KalshiCore"]),
        .testTarget(name: "KalshiAuthTests", dependencies: ["KalshiAuth"]),
        .testTarget(
            name: "TraderRuntimeTests", dependencies: ["TraderRuntime", "TradingSession", "TradingEngine", "Strategies", "KalshiCore", "KalshiAPI"]),
        .testTarget(name: "TradingEngineTests", dependencies: ["TradingEngine", "Strategies", "KalshiCore", "Pricing", "KalshiClient"]),
        .testTarget(
            name: "KalshiClientTests",
            dependencies: [
                "KalshiClient", "FakeVenues", "KalshiAPI", "KalshiCore",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // The scripted WebSocket server's side of the protocol.
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                // A certificate made per test run for the TLS server on loopback.
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        .testTarget(name: "SignalFeedsTests", dependencies: ["SignalFeeds", "KalshiCore", "KalshiAPI", "Pricing"]),
        .testTarget(
            name: "SignalClientTests",
            dependencies: [
                "SignalClient", "SignalFeeds", "FakeVenues", "KalshiCore", "KalshiAPI", "KalshiAuth", "Pricing",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "RecordingTests", dependencies: ["Recording", "KalshiCore", "KalshiAPI"]),
        .testTarget(
            name: "BacktestTests",
            dependencies: ["TraderRuntime", "Recording", "BacktestReport", "TradingEngine", "Strategies", "KalshiCore", "FakeVenues"]
        ),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "KalshiCore", .product(name: "GRDB", package: "GRDB.swift")]),
        // Live trading against the fake exchange on loopback, in-process and through the built binary.
        .testTarget(
            name: "LiveTradingTests",
            dependencies: [
                "LiveTrading", "LiveSimulation", "Storage", "TradingEngine", "Strategies", "FakeVenues", "KalshiAPI", "KalshiAuth", "KalshiClient",
                "KalshiCore", "TraderRuntime", "kalshi-trader", "Observability",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // Metrics against the session's own logs, the dashboard in a headless Chromium, session reports.
        .testTarget(
            name: "ObservabilityTests",
            dependencies: [
                "Observability", "TraderRuntime", "TradingSession", "TradingEngine", "KalshiCore", "KalshiAPI", "KalshiClient", "FakeVenues",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Runs the built CLI as a user would and checks the documented output contracts.
        .testTarget(name: "KalshiTraderTests", dependencies: ["kalshi-trader"]),
    ]
)

// Release builds on Linux lay out the live order path's code side by side (issue 13). After a few
// milliseconds idle, a frame's path runs from cold instruction caches and TLBs; with each of our
// functions in a section of its own, the linker (gold, Swift's default on Linux) places the ones
// listed in Linker/hot-functions.txt in one block, in that order, instead of spread
// over 30 MB (dependencies' code keeps its place: SwiftPM applies these flags to this package's
// modules only). `scripts/hot-functions.sh` regenerates the list from a profile of `bench
// --filter live.tick_to_order`; names it no longer finds are ignored, and functions missing from
// it keep the default layout. A release build made before these flags existed is not recompiled
// for them: remove .build/release once.
let hotPathLayout: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-function-sections"], .when(platforms: [.linux], configuration: .release))]
for target in package.targets where target.type != .test {
    target.swiftSettings = (target.swiftSettings ?? []) + hotPathLayout
}
for target in package.targets where target.name == "kalshi-trader" {
    target.linkerSettings = (target.linkerSettings ?? []) + [
        .unsafeFlags(
            ["-Xlinker", "--section-ordering-file=\(Context.packageDirectory)/Linker/hot-functions.txt"],
            .when(platforms: [.linux], configuration: .release))
    ]
}
