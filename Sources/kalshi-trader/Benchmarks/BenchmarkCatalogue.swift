enum BenchmarkCatalogue {
    static var all: [BenchmarkEntry] {
        [
            BenchmarkEntry(name: "book.apply_delta_bbo", make: BookBenchmarks.applyDeltaAndReadTopOfBook),
            BenchmarkEntry(name: "fixedpoint.parse", make: FixedPointBenchmarks.parse),
            BenchmarkEntry(name: "kalshi.decode_apply_delta", make: KalshiDecodeBenchmarks.decodeApplyDelta),
            BenchmarkEntry(name: "kalshi.decode_apply_delta_reference", make: KalshiDecodeBenchmarks.decodeApplyDeltaReference),
            BenchmarkEntry(name: "kalshi.decode_channel_frames", make: ChannelFrameBenchmarks.decode),
            BenchmarkEntry(name: "cryptocom.decode", make: CryptoComDecodeBenchmarks.decode),
            BenchmarkEntry(name: "kalshi.sign", make: SigningBenchmarks.sign),
            BenchmarkEntry(name: "engine.events", make: EngineBenchmarks.events),
            BenchmarkEntry(name: "engine.order_path", make: EngineBenchmarks.orderPath),
            BenchmarkEntry(name: "backtest.events", make: BacktestBenchmarks.events),
            BenchmarkEntry(name: "backtest.replay", make: BacktestBenchmarks.replay),
            BenchmarkEntry(name: "replay.whole_process", make: WholeProcessBenchmarks.bookReplay),
            BenchmarkEntry(name: "convert.kalshi_ws", make: WholeProcessBenchmarks.convertCapture),
            BenchmarkEntry(name: "backtest.whole_process", make: WholeProcessBenchmarks.backtest),
            BenchmarkEntry(name: "journal.append") { _ in try await JournalBenchmark.run() },
            BenchmarkEntry(name: "journal.write_ahead") { _ in try await JournalBenchmark.runWriteAhead() },
            BenchmarkEntry(name: "machine.fixed_work") { settings in await MachineJitterBenchmark.run(settings) },
            BenchmarkEntry(name: "live.tick_to_order") { settings in
                // With the journal's fsync (as `live` runs), then without.
                [
                    try await TickToOrderBenchmark.run(settings, fsync: true),
                    try await TickToOrderBenchmark.run(settings, fsync: false),
                ]
            },
        ]
    }
}
