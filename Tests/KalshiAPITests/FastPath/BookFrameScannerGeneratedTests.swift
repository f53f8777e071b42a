import KalshiCore
import Testing

@testable import KalshiAPI

/// Thousands of generated frames through both decoders: valid ones (any key order, whitespace,
/// unknown members of every JSON type, optional members absent or null, fractional and negative
/// sizes), legacy shapes, and frames with one to three semantic faults.
struct BookFrameScannerGeneratedTests {
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func generatedDeltasDecodeAlikeAndAsGenerated(seed: UInt64) throws {
        var generator = BookFrameGenerator(seed: seed)
        var decoded = 0
        let count = 1_500
        for _ in 0..<count {
            let (text, expected) = generator.delta()
            #expect(try KalshiWSDecoder.decode(text) == expected, "reference, seed \(seed): \(text.debugDescription)")
            #expect(try KalshiFrameDecoder.decode(text) == expected, "seed \(seed): \(text.debugDescription)")
            let outcome = DifferentialCheck.check(text)
            #expect(outcome == .decoded || outcome == .fellBack)
            if outcome == .decoded { decoded += 1 }
        }
        // Fallbacks come only from the rarer generated escapes and exponents.
        #expect(decoded > count * 4 / 5, "only \(decoded) of \(count) took the fast path")
    }

    @Test(arguments: [UInt64(11), 12, 13])
    func generatedSnapshotsDecodeAlikeAndAsGenerated(seed: UInt64) throws {
        var generator = BookFrameGenerator(seed: seed)
        var decoded = 0
        let count = 700
        for _ in 0..<count {
            let (text, expected) = generator.snapshot()
            #expect(try KalshiWSDecoder.decode(text) == expected, "reference, seed \(seed): \(text.debugDescription)")
            #expect(try KalshiFrameDecoder.decode(text) == expected, "seed \(seed): \(text.debugDescription)")
            let outcome = DifferentialCheck.check(text)
            #expect(outcome == .decoded || outcome == .fellBack)
            if outcome == .decoded { decoded += 1 }
        }
        #expect(decoded > count * 4 / 5, "only \(decoded) of \(count) took the fast path")
    }

    /// Legacy integer shapes (reference §2.7) are the general decoder's.
    @Test func legacyShapesFallBack() throws {
        var random = SeededRandom(seed: 21)
        for _ in 0..<500 {
            let cents = random.int(1...99)
            let count = random.int(-500...500)
            let side = random.chance(50) ? "yes" : "no"
            let delta =
                random.chance(50)
                ? #"{"type":"orderbook_delta","sid":1,"seq":\#(random.int(1...99)),"msg":{"market_ticker":"X","price":\#(cents),"delta":\#(count),"side":"\#(side)"}}"#
                : #"{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"X","price_dollars":"0.\#(String(format2: cents))","delta":\#(count),"side":"\#(side)"}}"#
            #expect(try BookFrameScanner.scan(delta) == nil)
            #expect(DifferentialCheck.check(delta) == .fellBack)
            let size = abs(count)
            let key = random.pick(["yes", "no", "yes_dollars", "no_dollars"])
            let level = key.hasSuffix("dollars") ? #"["0.\#(String(format2: cents))",\#(size)]"# : "[\(cents),\(size)]"
            let snapshot = #"{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"X","\#(key)":[\#(level)]}}"#
            #expect(try BookFrameScanner.scan(snapshot) == nil)
            #expect(DifferentialCheck.check(snapshot) == .fellBack)
        }
    }

    /// One to three faults per frame; both decoders must reject with the same error (the fast path
    /// checks in the reference's order), or the fast path leaves the frame to the reference.
    @Test(arguments: [UInt64(31), 32, 33])
    func framesWithSemanticFaultsAreRejectedAlike(seed: UInt64) throws {
        var generator = BookFrameGenerator(seed: seed)
        var rejectedByBoth = 0
        let count = 1_500
        for _ in 0..<count {
            let isDelta = generator.random.chance(60)
            var (members, _) = isDelta ? generator.deltaMembers() : generator.snapshotMembers()
            for _ in 0..<generator.random.int(1...3) {
                let fault = generator.random.pick(isDelta ? Self.deltaFaults : Self.snapshotFaults)
                let value = generator.random.pick(fault.values)
                if fault.name == "msg" {
                    members.includesMsg = false
                    if let value { members.top.append(("\"msg\"", value)) }
                } else {
                    members.set(fault.name, value, inMsg: fault.inMsg)
                }
            }
            let text = generator.render(members)
            if DifferentialCheck.check(text) == .rejected { rejectedByBoth += 1 }
        }
        #expect(rejectedByBoth > count / 2, "only \(rejectedByBoth) of \(count) faulty frames were judged by the fast path")
    }

    struct Fault {
        var name: String
        var inMsg: Bool
        /// Replacement JSON values; nil removes the member.
        var values: [String?]
    }

    static let headerFaults = [
        Fault(name: "sid", inMsg: false, values: [nil, #""1""#, "true", "1.5", "null", "{}", "[1]", "1.0"]),
        Fault(name: "seq", inMsg: false, values: [#""1""#, "false", "[]", "2.5", "-3", "99999999999999999999"]),
        Fault(name: "id", inMsg: false, values: [#""x""#, "true", "{}"]),
        Fault(name: "msg", inMsg: false, values: [nil, "null", "[]", #""x""#, "3", "{}"]),
        Fault(name: "type", inMsg: false, values: [#""orderbook_delta""#, #""orderbook_snapshot""#, "5", "null", #""ticker""#]),
        Fault(name: "market_ticker", inMsg: true, values: [nil, #""""#, "5", "null", "[]", "true"]),
    ]

    static let deltaFaults =
        headerFaults + [
            Fault(name: "side", inMsg: true, values: [nil, #""maybe""#, #""YES""#, "1", "null", #""""#, #""no ""#]),
            Fault(
                name: "price_dollars", inMsg: true,
                values: [
                    nil, #""1.5""#, #""abc""#, #""0.12345""#, #""-0.10""#, #""""#, "0.5", "null", #""1.00001""#,
                    #"" 0.5""#, #""0.5 ""#, #"".5""#, #""5.""#, #""+0.5""#, #""0,5""#, #""1e-1""#, #""0x10""#,
                    #""9999999999999""#,
                ]),
            Fault(
                name: "delta_fp", inMsg: true,
                values: [nil, #""abc""#, #""1.001""#, #""""#, #""--1""#, "5", "null", #""1.00.0""#, #""9999999999999.00""#, "[]"]),
            Fault(name: "ts_ms", inMsg: true, values: [#""123""#, "1.5", "true", "{}", "null", "-5"]),
            Fault(name: "client_order_id", inMsg: true, values: ["5", "{}", "false", "null", #""""#]),
        ]

    static let snapshotFaults =
        headerFaults + [
            Fault(name: "market_id", inMsg: true, values: ["5", "[]", "null", #""""#]),
            Fault(name: "yes_dollars_fp", inMsg: true, values: levelFaults),
            Fault(name: "no_dollars_fp", inMsg: true, values: levelFaults),
        ]

    static let levelFaults: [String?] = [
        "{}", #""x""#, #"[["0.5"]]"#, #"[[0.5,"1.00"]]"#, #"[["0.5","-1.00"]]"#, #"[["2","1"]]"#, #"["x"]"#,
        #"[["0.5","1.00","3"]]"#, #"[["0.5",null]]"#, "[[]]", #"[["0.10","1.00"],["abc","1"]]"#, "[null]",
        #"[["0.10","1.00"],{"a":1}]"#, #"[["0.1000","1.001"]]"#, "[]", "null", "5",
    ]
}

extension String {
    /// Two-digit cents, "07".
    init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
}
