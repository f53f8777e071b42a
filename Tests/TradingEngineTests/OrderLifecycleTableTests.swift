import KalshiCore
import Testing

@testable import TradingEngine

/// The order lifecycle table's properties, and the order manager refusing what it calls impossible.
struct OrderLifecycleTableTests {
    static let terminal: [OrderStatus] = OrderStatus.allCases.filter(\.isTerminal)
    static let live: [OrderStatus] = OrderStatus.allCases.filter { !$0.isTerminal }

    @Test func nothingLeavesAFinishedOrder() {
        for state in Self.terminal {
            for event in OrderLifecycle.Event.allCases {
                let outcome = OrderLifecycle.next(state, event)
                #expect(outcome == .unchanged || outcome == .impossible, "\(state) + \(event) → \(outcome)")
            }
            // What moves money or size cannot happen to a finished order.
            for event in [OrderLifecycle.Event.partialFill, .completeFill, .partialCancel, .completeCancel, .amended, .inDoubt] {
                #expect(OrderLifecycle.next(state, event) == .impossible, "\(state) + \(event)")
            }
        }
    }

    @Test func everyLiveOrderCanFinish() {
        for state in Self.live {
            #expect(OrderLifecycle.next(state, .completeFill) == .to(.filled))
            #expect(OrderLifecycle.next(state, .completeCancel) == .finished)
        }
    }

    @Test func anOrderInDoubtLeavesDoubtOnlyOnTheExchangesWord() {
        for event in OrderLifecycle.Event.allCases {
            let outcome = OrderLifecycle.next(.unknown, event)
            switch event {
            case .cancelRequested, .inDoubt, .partialCancel, .amended:
                #expect(outcome == .unchanged, "\(event) → \(outcome)")
            case .requestRefused:
                #expect(outcome == .impossible)
            case .accepted, .refused, .partialFill, .completeFill, .completeCancel, .amendedToFilled:
                #expect(outcome != .unchanged && outcome != .impossible, "\(event) → \(outcome)")
            }
        }
    }

    static func manager() -> (OrderManager, String) {
        var manager = OrderManager(sessionPrefix: "t")
        let spec = OrderSpec(
            clientOrderId: "t-1", market: MarketID(0), ticker: "T", side: .bid, price: Price(uncheckedTicks: 4_000),
            count: Quantity(contracts: 5), timeInForce: .goodTillCanceled)
        _ = manager.register(spec, nowMs: 0)
        return (manager, "t-1")
    }

    static func fill(_ cid: String, _ contracts: Int, trade: String) -> ExecutionReport {
        .fill(
            ExecutionFill(
                clientOrderId: cid, tradeId: trade, side: .bid, yesPrice: Price(uncheckedTicks: 4_000), count: Quantity(contracts: contracts),
                fee: .zero, isTaker: true))
    }

    @Test func theManagerRefusesImpossibleTransitionsAndChangesNothing() {
        var (manager, cid) = Self.manager()
        _ = manager.apply(.accepted(clientOrderId: cid, orderId: "o-1"), nowMs: 1)
        _ = manager.apply(.canceled(clientOrderId: cid, canceledCount: Quantity(contracts: 5), reason: "test"), nowMs: 2)
        let finished = manager.order(cid)
        #expect(finished?.status == .cancelled)
        for report in [
            Self.fill(cid, 1, trade: "x"), .canceled(clientOrderId: cid, canceledCount: Quantity(contracts: 1), reason: "late"),
            .amended(clientOrderId: cid, price: Price(uncheckedTicks: 4_100), totalCount: Quantity(contracts: 6)),
            .unknown(clientOrderId: cid, reason: "lost"),
        ] {
            guard case .failure = manager.apply(report, nowMs: 3) else {
                Issue.record("\(report) was applied to a cancelled order")
                continue
            }
        }
        #expect(manager.order(cid) == finished)
        #expect(manager.anomalies == 4)
        // A late acknowledgement or refusal is a normal race: no anomaly, nothing changes.
        guard case .success = manager.apply(.rejected(clientOrderId: cid, reason: "late"), nowMs: 4) else {
            Issue.record("a late refusal of a finished order was an anomaly")
            return
        }
        #expect(manager.order(cid)?.status == .cancelled)
        #expect(manager.anomalies == 4)
    }

    @Test func fillsDuringACancelKeepItPendingUntilTheCancelAnswers() {
        var (manager, cid) = Self.manager()
        _ = manager.apply(.accepted(clientOrderId: cid, orderId: "o-1"), nowMs: 1)
        manager.markCancelRequested(cid, nowMs: 2)
        _ = manager.apply(Self.fill(cid, 2, trade: "a"), nowMs: 3)
        #expect(manager.order(cid)?.status == .pendingCancel)
        _ = manager.apply(.rejected(clientOrderId: cid, reason: "cancel refused"), nowMs: 4)
        #expect(manager.order(cid)?.status == .partiallyFilled)
        _ = manager.apply(Self.fill(cid, 3, trade: "b"), nowMs: 5)
        #expect(manager.order(cid)?.status == .filled)
    }
}
