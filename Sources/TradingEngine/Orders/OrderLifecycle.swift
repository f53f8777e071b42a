/// The order lifecycle as an explicit (state, event) → state table. `OrderManager` classifies
/// each report into one of these events and asks the table; a pair the table calls impossible
/// is refused as an anomaly (logged, counted, the market put in doubt) and changes nothing.
public enum OrderLifecycle {
    /// What can happen to an order, as far as its state is concerned.
    public enum Event: String, CaseIterable, Sendable {
        /// The exchange acknowledged the order (its id is known).
        case accepted
        /// The order itself was refused: it never rested.
        case refused
        /// A cancel or amend of an acknowledged order was refused: the order stands as it was.
        case requestRefused
        /// We sent a cancel.
        case cancelRequested
        case partialFill
        /// A fill that leaves nothing to fill.
        case completeFill
        /// Part of the order canceled (a decrease), some still rests.
        case partialCancel
        /// The rest of the order canceled.
        case completeCancel
        case amended
        /// An amend down to what had already filled.
        case amendedToFilled
        /// A request about the order lost its answer: its state is unknown.
        case inDoubt
    }

    public enum Outcome: Equatable, Sendable {
        case to(OrderStatus)
        /// Open, or partially filled when something has filled.
        case resting
        /// Filled when everything filled, else cancelled.
        case finished
        case unchanged
        /// Cannot happen: an anomaly.
        case impossible
    }

    public static func next(_ state: OrderStatus, _ event: Event) -> Outcome {
        switch (state, event) {
        // Finished orders: late acknowledgements and refusals are normal races; anything that
        // would move money or size is not.
        case (.filled, .accepted), (.cancelled, .accepted), (.rejected, .accepted),
            (.filled, .refused), (.cancelled, .refused), (.rejected, .refused),
            (.filled, .requestRefused), (.cancelled, .requestRefused), (.rejected, .requestRefused),
            (.filled, .cancelRequested), (.cancelled, .cancelRequested), (.rejected, .cancelRequested):
            return .unchanged
        case (.filled, _), (.cancelled, _), (.rejected, _):
            return .impossible

        case (.pendingNew, .accepted), (.unknown, .accepted): return .resting
        case (_, .accepted): return .unchanged

        case (.pendingNew, .refused), (.unknown, .refused), (.pendingCancel, .refused): return .to(.rejected)
        case (_, .refused): return .impossible

        case (.pendingCancel, .requestRefused): return .resting
        case (.open, .requestRefused), (.partiallyFilled, .requestRefused): return .unchanged
        case (_, .requestRefused): return .impossible

        case (.pendingNew, .cancelRequested), (.open, .cancelRequested), (.partiallyFilled, .cancelRequested):
            return .to(.pendingCancel)
        case (_, .cancelRequested): return .unchanged

        // Fills arriving while a cancel is on its way leave it on its way.
        case (.pendingCancel, .partialFill): return .unchanged
        case (_, .partialFill): return .to(.partiallyFilled)
        case (_, .completeFill), (_, .amendedToFilled): return .to(.filled)

        case (_, .partialCancel), (_, .amended): return .unchanged
        case (_, .completeCancel): return .finished

        case (.unknown, .inDoubt): return .unchanged
        case (_, .inDoubt): return .to(.unknown)
        }
    }
}
