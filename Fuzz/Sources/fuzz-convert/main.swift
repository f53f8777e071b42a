import FuzzSupport
import Recording

/// The capture converters of `kalshi-trader convert`: the first byte picks the input format
/// (0 Kalshi WebSocket JSONL, 1 Kalshi book CSV, 2 candle CSV), the rest is the file. What a
/// converter accepts is merged into a recording, which must read back: a recording the writer
/// wrote and the reader refuses is reported as a crash.
///
/// With `KALSHI_FUZZ_RECORDING_SEEDS=<dir>` set, each recording written is also kept in that
/// folder: `scripts/fuzz.sh` runs this target once over seeds made from real captures to get
/// real recordings for `fuzz-recording`.
let input = ScratchFile(suffix: ".capture")
let output = ScratchFile(suffix: ".convert.ktrec")
let seedFolder = FuzzEnvironment.value("KALSHI_FUZZ_RECORDING_SEEDS")
nonisolated(unsafe) var seedCount = 0

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    guard let selector = bytes.first else { return 0 }
    input.write(UnsafeRawBufferPointer(rebasing: bytes.dropFirst()))
    let stream: any RecordStream
    do {
        switch selector % 3 {
        case 0: stream = try KalshiWSConverter(path: input.path, asset: nil)
        case 1: stream = try KalshiBookCSVConverter(path: input.path, asset: "BTC")
        default: stream = try CandleCSVConverter(path: input.path, asset: "ETH")
        }
    } catch {
        return 0
    }
    let written: Int
    do {
        let header = try RecordingMerger.header(for: [stream], source: "fuzz")
        let writer = try RecordingWriter(path: output.path, header: header)
        written = try RecordingMerger.merge([stream], into: writer).records
        try writer.close()
    } catch {
        return 0
    }
    do {
        let reader = try RecordingReader(path: output.path)
        var read = 0
        while try reader.next() != nil { read += 1 }
        if read != written { fatalError("wrote \(written) records, read back \(read)") }
    } catch {
        fatalError("a converted recording does not read back: \(error)")
    }
    if let seedFolder, written > 0 {
        seedCount += 1
        let copy = ScratchFile(path: "\(seedFolder)/converted-\(FuzzEnvironment.processID)-\(seedCount).ktrec")
        copy.copy(from: output)
    }
    return 0
}

FuzzDriver.run(fuzz)
