import KalshiCore

extension ManagedOrder {
    /// The execution reports that bring this order in line with the exchange's view of it.
    ///
    /// Views are absolute, reports are changes, so the same view applied twice yields nothing
    /// the second time, and a view older than what the engine knows cannot undo anything:
    /// cancels only grow. Fills are never inferred here (they need their trade ids); a view
    /// with more filled than booked just means fills are still on their way.
    ///
    /// `settled` says no request of ours is in flight for the order and the view is newer than
    /// the last one sent: only then may a price or size difference (an amend whose answer was
    /// lost) or a cancel that did not take effect be corrected. An order in doubt (`unknown`)
    /// is resolved by any view.
    public func reports(toMatch view: ExchangeOrderView, settled: Bool) -> [ExecutionReport] {
        guard !status.isTerminal else { return [] }
        var reports: [ExecutionReport] = []
        let inDoubt = status == .unknown
        if orderId == nil || inDoubt {
            reports.append(.accepted(clientOrderId: clientOrderId, orderId: view.orderId))
        }
        if (settled || inDoubt), view.price != price || view.initialCount != count {
            // An amend's count leaves what is already canceled out (it is kept on top), so the
            // order's total comes out as the view's once the cancel below is applied too.
            let fillable = Quantity(units: max(0, view.initialCount.units - canceled.units))
            reports.append(.amended(clientOrderId: clientOrderId, price: view.price, totalCount: fillable))
        }
        if view.canceledCount > canceled {
            reports.append(
                .canceled(clientOrderId: clientOrderId, canceledCount: view.canceledCount - canceled, reason: "exchange"))
        }
        if settled, status == .pendingCancel, view.isResting, view.canceledCount <= canceled {
            // Our cancel did not take effect (refused or lost): the order stands and may be canceled again.
            reports.append(.rejected(clientOrderId: clientOrderId, reason: "cancel did not take effect"))
        }
        return reports
    }

    /// One line for the reconciliation log.
    public var summary: String {
        "\(status.rawValue) \(side.rawValue) \(count) @ \(price), filled \(filled), remaining \(remaining), canceled \(canceled)"
    }
}
