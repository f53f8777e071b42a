// swift-tools-version:6.1
import PackageDescription

// Dependencies come from the machine's package mirror (see ../shared/reference/swift-stack.md).
// Keep the set lean: every package here is rebuilt from scratch on each CI run.
let package = Package(
    name: "kalshi-trader",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kalshi-trader", targets: ["kalshi-trader"]),
        .library(name: "KalshiCore", targets: ["KalshiCore"]),
        .library(name: "Pricing", targets: ["Pricing"]),
        .library(name: "KalshiAPI", targets: ["KalshiAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // Pure domain: fixed-point money, price grids, order book, fees, markets. No I/O.
        .target(name: "KalshiCore"),
        // Pure pricing model: normal CDF, binary options, realized volatility.
        .target(name: "Pricing"),
        // Kalshi wire formats and the book feed that turns frames into book updates.
        .target(name: "KalshiAPI", dependencies: ["KalshiCore"]),
        .executableTarget(
            name: "kalshi-trader",
            dependencies: [
                "KalshiCore", "Pricing", "KalshiAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "KalshiCoreTests",
            dependencies: ["KalshiCore", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "PricingTests", dependencies: ["Pricing"]),
        .testTarget(name: "KalshiAPITests", dependencies: ["KalshiAPI", "KalshiCore"]),
        // Runs the built CLI as a user would and checks the documented output contracts.
        .testTarget(name: "KalshiTraderTests", dependencies: ["kalshi-trader"]),
    ]
)
