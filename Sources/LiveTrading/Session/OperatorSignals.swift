import UnixSignals

/// SIGINT/SIGTERM (stop), SIGUSR1 (kill switch) and SIGUSR2 (resume) as session inputs.
enum OperatorSignals {
    /// Installs the handlers now (SIGUSR1's default action ends the process, so a signal sent
    /// once the session has announced itself must find them in place); the returned task
    /// forwards the signals that arrive.
    static func start(
        inbox: SessionInbox, surroundings: @escaping @Sendable () -> LiveSurroundings
    ) async -> Task<Void, Never> {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm, .sigusr1, .sigusr2)
        return Task {
            for await signal in signals {
                inbox.post(.operatorSignal(signal, surroundings()))
            }
        }
    }
}
