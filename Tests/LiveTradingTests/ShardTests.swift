import FakeVenues
import Foundation
import KalshiAPI
import KalshiClient
import KalshiCore
import LiveTrading
import Logging
import Testing

extension LiveSerial {
    /// Crypto events live on exchange shard 2 and their collateral must be there (reference §4.6):
    /// the fake keeps cash per shard, `live` checks the traded shard at start and refuses naming
    /// it (or, opted in, moves the cash), and every order names its shard.
    @Suite(.serialized)
    struct ShardTests {
        static var quiet: Logger {
            var logger = Logger(label: "test.shards")
            logger.logLevel = .critical
            return logger
        }

        static func configuration(_ harness: LiveHarness, extra: String = "") throws -> LiveConfiguration {
            var yaml = harness.yaml(LiveHarness.Settings(journal: harness.path("journal.sqlite")))
            yaml = yaml.replacingOccurrences(of: "  logs: ", with: extra + "  logs: ")
            return try LiveConfigurationLoader.parse(yaml)
        }

        @Test func theFakeKeepsCashPerShardAndMovesItByTransfer() async throws {
            let harness = try await LiveHarness.start(shardBalances: [0: Money(cents: 50_000), 2: Money(cents: 1_000)])
            defer { Task { await harness.stop() } }
            let before = try await harness.rest.balance()
            #expect(before.exactBalance == Money(cents: 51_000))
            #expect(before.balance(onShard: 0) == Money(cents: 50_000))
            #expect(before.balance(onShard: 2) == Money(cents: 1_000))
            // An order the crypto shard's cash cannot back is refused, whatever shard 0 holds.
            let ticker = await harness.thresholdMarkets()[0].ticker
            var big = CreateOrderRequest(
                ticker: ticker, clientOrderId: "big-1", side: .bid, count: Quantity(contracts: 100), price: try Price(cents: 50))
            big.exchangeIndex = 2
            await #expect(throws: KalshiAPIError.self) { try await harness.rest.createOrder(big) }
            do { _ = try await harness.rest.createOrder(big) } catch { #expect(error.code == "insufficient_balance") }
            // An order sent to a shard its market is not on is refused.
            var misrouted = big
            misrouted.clientOrderId = "misrouted-1"
            misrouted.count = Quantity(contracts: 1)
            misrouted.exchangeIndex = 0
            do {
                _ = try await harness.rest.createOrder(misrouted)
                Issue.record("an order routed to the wrong shard was accepted")
            } catch {
                #expect(error.code == "invalid_order")
            }

            let moved = try await harness.rest.transfer(Money(cents: 20_000), fromShard: 0, toShard: 2)
            #expect(moved.transferId.hasPrefix("transfer-"))
            let after = try await harness.rest.balance()
            #expect(after.balance(onShard: 0) == Money(cents: 30_000))
            #expect(after.balance(onShard: 2) == Money(cents: 21_000))
            #expect(after.exactBalance == before.exactBalance)
            big.clientOrderId = "big-2"
            #expect(try await harness.rest.createOrder(big).orderId.isEmpty == false)
            // More than the source holds is refused, and nothing moves.
            await #expect(throws: KalshiAPIError.self) {
                try await harness.rest.transfer(Money(cents: 40_000), fromShard: 0, toShard: 2)
            }
            #expect(try await harness.rest.balance().balance(onShard: 0) == Money(cents: 30_000))
        }

        @Test func aStartWithTheCollateralOnAnotherShardIsRefusedNamingTheShard() async throws {
            let harness = try await LiveHarness.start(shardBalances: [0: Money(cents: 100_000)])
            defer { Task { await harness.stop() } }
            let configuration = try Self.configuration(harness)
            do {
                _ = try await LivePreflight.check(configuration, logger: Self.quiet)
                Issue.record("the session started without collateral on shard 2")
            } catch {
                guard case .collateralOnOtherShard(let shard, let onShard, _, _) = error else {
                    Issue.record("unexpected refusal: \(error)")
                    return
                }
                #expect(shard == FakeKalshiExchange.shard)
                #expect(onShard == .zero)
                #expect(error.description.contains("shard 2, where the traded markets are, holds 0.00"), "\(error)")
                #expect(error.description.contains("per shard: 0: 1000.00, 2: 0.00"), "\(error)")
            }
            // Nothing moved without the opt-in.
            #expect(try await harness.rest.balance().balance(onShard: 0) == Money(cents: 100_000))
        }

        @Test func withTheOptInTheStartMovesTheShortfallWithinItsMaximum() async throws {
            let harness = try await LiveHarness.start(shardBalances: [0: Money(cents: 100_000), 1: Money(cents: 5_000)])
            defer { Task { await harness.stop() } }
            // Floor 10.00 and room for 40 contracts: 50.00 wanted, at most 30.00 allowed.
            let preflight = try await LivePreflight.check(
                try Self.configuration(harness, extra: "  auto_transfer: 30.00\n"), logger: Self.quiet)
            #expect(preflight.shard == FakeKalshiExchange.shard)
            #expect(preflight.transfer == "operations.auto_transfer moved 30.00 from shard 0 to shard 2")
            let balance = try await harness.rest.balance()
            #expect(balance.balance(onShard: 2) == Money(cents: 3_000))
            #expect(balance.balance(onShard: 0) == Money(cents: 97_000))
            #expect(preflight.shardBalances?.first { $0.exchangeIndex == 2 }?.balance == Money(cents: 3_000))

            // A maximum that cannot lift the shard to the floor still refuses to start.
            let poor = try await LiveHarness.start(shardBalances: [0: Money(cents: 100_000)])
            defer { Task { await poor.stop() } }
            await #expect(throws: LiveStartupError.self) {
                _ = try await LivePreflight.check(try Self.configuration(poor, extra: "  auto_transfer: 5.00\n"), logger: Self.quiet)
            }
        }

        @Test func theRateLimitsComeFromTheExchangeWhenItReportsThem() async throws {
            let harness = try await LiveHarness.start(usageTier: "advanced")
            defer { Task { await harness.stop() } }
            // The configuration says prestige; the exchange says advanced, and it wins.
            let preflight = try await LivePreflight.check(try Self.configuration(harness), logger: Self.quiet)
            #expect(preflight.rateLimits.read == RateLimitTier.advanced.readBucket)
            #expect(preflight.rateLimits.write == RateLimitTier.advanced.writeBucket)
            #expect(preflight.rateLimits.source == "the exchange (tier advanced)")
        }

        @Test func implausibleReportedBucketsFallBackToTheTiersTable() {
            let wild = AccountLimitsDTO(
                usageTier: "premier", read: .init(refillRate: 0, bucketCapacity: 100), write: .init(refillRate: .max, bucketCapacity: 1))
            #expect(wild.rateLimits?.read == RateLimitTier.premier.readBucket)
            #expect(wild.rateLimits?.source == "the exchange's tier premier")
            let unknown = AccountLimitsDTO(usageTier: "galactic", read: nil, write: nil)
            #expect(unknown.rateLimits == nil)
        }
    }
}
