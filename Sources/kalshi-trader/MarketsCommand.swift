import ArgumentParser
import Foundation
import KalshiAPI
import KalshiClient
import KalshiCore

struct MarketsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "markets",
        abstract: "List the currently open hourly crypto events of an asset and their markets.",
        discussion: """
            Finds the open hourly events of the threshold series (KXETHD / KXBTCD) and the range \
            series (KXETH / KXBTC), with each market's strike, close time, price grid, fee type \
            and top of book, and marks the strikes nearest the spot (--spot, or the strike the \
            market prices closest to 50%).
            """
    )

    @Option(help: "ETH or BTC.")
    var asset: String = "ETH"

    @Option(help: "Exchange: prod, demo, or a base URL such as http://127.0.0.1:8080.")
    var url: String = "prod"

    @Option(parsing: .unconditional, help: "Spot price used to pick the nearest strikes.")
    var spot: Double?

    @Option(help: "How many nearest strikes to mark.")
    var nearest: Int = 1

    @Flag(help: "Print one JSON object per market instead of a table.")
    var json = false

    func validate() throws {
        guard CryptoSeries.forAsset(asset) != nil else { throw ValidationError("--asset '\(asset)' is not known (ETH or BTC)") }
        do { _ = try KalshiEnvironment(named: url) } catch { throw ValidationError("--url: \(error)") }
        if let spot {
            guard spot > 0, spot.isFinite else { throw ValidationError("--spot must be positive, got \(spot)") }
            guard spot <= CommandLimits.maximumSpotDollars else {
                throw ValidationError("--spot must be in (0, \(Int64(CommandLimits.maximumSpotDollars))] dollars, got \(spot)")
            }
        }
        guard nearest >= 0 else { throw ValidationError("--nearest must not be negative") }
    }

    func run() async throws {
        let client = KalshiRESTClient(environment: try KalshiEnvironment(named: url), signer: nil)
        let discovery = MarketDiscovery(client: client)
        let events: [HourlyEvent]
        do {
            events = try await discovery.currentEvents(asset: asset, nowMs: WallClock.nowMs())
        } catch {
            throw CommandFailure(description: "market discovery failed: \(error)")
        }
        guard !events.isEmpty else {
            throw CommandFailure(description: "no open hourly \(asset.uppercased()) event found at \(url)")
        }
        var tops: [String: (bid: Price?, ask: Price?)] = [:]
        for event in events {
            for market in event.markets {
                if let book = try? await client.orderbook(market.ticker), let levels = try? book.levels() {
                    tops[market.ticker] = (levels.yes.map(\.price).max(), levels.no.map(\.price).max()?.complement)
                }
            }
        }
        for event in events {
            // validate() bounds --spot, so the conversion is exact-or-nil, never a trap.
            let reference =
                spot.flatMap { Int64(exactly: ($0 * 1_000_000).rounded()) }.map(Money.init(micros:))
                ?? impliedSpot(event, tops: tops)
            let marked = Set(reference.map { event.nearest(to: $0, count: nearest).map(\.ticker) } ?? [])
            if !json {
                print(
                    "event \(event.eventTicker) (series \(event.seriesTicker ?? "?")) closes \(RFC3339.format(ms: event.closeTimeMs)), \(event.markets.count) markets"
                        + (reference.map { ", reference spot \($0.formatted(decimals: 2))" } ?? ""))
            }
            for market in event.markets {
                let top = tops[market.ticker]
                if json {
                    var writer = JSONLineWriter()
                    writer.add("event", event.eventTicker)
                    writer.add("ticker", market.ticker)
                    writer.add("strike_type", market.strikeType.rawValue)
                    writer.add("floor_strike", market.floorStrike.map { $0.formatted(decimals: 2) })
                    writer.add("cap_strike", market.capStrike.map { $0.formatted(decimals: 2) })
                    writer.add("close_time", RFC3339.format(ms: market.closeTimeMs))
                    writer.add("price_grid", market.priceGrid.structure)
                    writer.add("fee_type", market.fees.type.rawValue)
                    writer.add("yes_bid", top?.bid?.description)
                    writer.add("yes_ask", top?.ask?.description)
                    writer.add("nearest", marked.contains(market.ticker) ? "true" : "false")
                    print(writer.line)
                } else {
                    let strike = [market.floorStrike, market.capStrike].compactMap { $0?.formatted(decimals: 2) }.joined(
                        separator: "–")
                    let quote = "bid \(top?.bid?.description ?? "-") ask \(top?.ask?.description ?? "-")"
                    print(
                        "  \(market.ticker)  \(market.strikeType.rawValue) \(strike)  \(quote)  grid \(market.priceGrid.structure)  fees \(market.fees.type.rawValue)\(marked.contains(market.ticker) ? "  <- nearest" : "")"
                    )
                }
            }
        }
    }

    /// Without a spot, the threshold strike whose YES mid is closest to 50% stands in for it.
    private func impliedSpot(_ event: HourlyEvent, tops: [String: (bid: Price?, ask: Price?)]) -> Money? {
        let candidates = event.markets.compactMap { market -> (Money, Int64)? in
            guard market.strikeType == .greater || market.strikeType == .greaterOrEqual, let strike = market.floorStrike,
                let bid = tops[market.ticker]?.bid, let ask = tops[market.ticker]?.ask
            else { return nil }
            return (strike, abs(bid.ticks + ask.ticks - 10_000))
        }
        return candidates.min { $0.1 < $1.1 }?.0
    }
}
