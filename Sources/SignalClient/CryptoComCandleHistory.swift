import AsyncHTTPClient
import Foundation
import KalshiClient
import Logging
import NIOCore
import SignalFeeds

/// Fills the candle store at start from Crypto.com's REST `public/get-candlestick` (reference
/// §3.1): one-minute candles, at most 300 per call, paged backwards with `end_ts`. The newest
/// candle may still be forming, so it is dropped; live ticks form that minute.
public struct CryptoComCandleHistory: Sendable {
    public static let maxPerCall = 300

    public let restBaseURL: String
    public let http: HTTPClient
    public let timeoutSeconds: Int64

    public init(restBaseURL: String, http: HTTPClient = KalshiHTTP.client, timeoutSeconds: Int64 = 10) {
        self.restBaseURL = restBaseURL.hasSuffix("/") ? restBaseURL : restBaseURL + "/"
        self.http = http
        self.timeoutSeconds = timeoutSeconds
    }

    /// The last `minutes` complete one-minute candles of `instrument`, oldest first.
    public func load(instrument: String, minutes: Int, nowMs: Int64 = SignalClock.nowMs()) async throws(SignalHistoryError)
        -> [PriceCandle]
    {
        var byStart: [Int64: CryptoComCandle] = [:]
        // First ask without timestamps: the venue's latest candles, on the venue's clock (a fake
        // venue's scenario clock may run ahead of ours).
        var page = try await fetch(instrument: instrument, count: min(Self.maxPerCall, minutes + 1), startMs: nil, endMs: nil)
        if let newest = page.last?.startMs, newest < nowMs - 10 * CandleStore.minuteMs {
            // The default window did not end now (undocumented default): ask for the window explicitly.
            page = try await fetch(
                instrument: instrument, count: min(Self.maxPerCall, minutes + 1),
                startMs: nowMs - Int64(minutes + 1) * CandleStore.minuteMs,
                endMs: nowMs)
        }
        for candle in page { byStart[candle.startMs] = candle }
        while byStart.count < minutes + 1, let oldest = byStart.keys.min() {
            let older = try await fetch(
                instrument: instrument, count: min(Self.maxPerCall, minutes + 1 - byStart.count),
                startMs: oldest - Int64(Self.maxPerCall) * CandleStore.minuteMs, endMs: oldest)
            let before = byStart.count
            for candle in older where candle.startMs < oldest { byStart[candle.startMs] = candle }
            if byStart.count == before { break }
        }
        let sorted = byStart.values.sorted { $0.startMs < $1.startMs }.dropLast()
        return sorted.suffix(minutes).map(\.priceCandle)
    }

    func fetch(instrument: String, count: Int, startMs: Int64?, endMs: Int64?) async throws(SignalHistoryError)
        -> [CryptoComCandle]
    {
        var query = "instrument_name=\(instrument)&timeframe=1m&count=\(count)"
        if let startMs { query += "&start_ts=\(startMs)" }
        if let endMs { query += "&end_ts=\(endMs)" }
        let url = restBaseURL + "public/get-candlestick?" + query
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        let status: Int
        let body: String
        do {
            let response = try await http.execute(request, timeout: .seconds(timeoutSeconds))
            status = Int(response.status.code)
            let buffer = try await response.body.collect(upTo: 8 << 20)
            body = String(buffer: buffer)
        } catch {
            throw .transport(url: url, reason: KalshiHTTP.connectionFailure(error) ?? String(describing: error))
        }
        guard (200..<300).contains(status) else { throw .httpStatus(url: url, status: status, body: String(body.prefix(200))) }
        do {
            return try CryptoComDecoder.candlestickResponse(body)
        } catch {
            throw .malformed(url: url, error)
        }
    }
}

public enum SignalHistoryError: Error, Equatable, Sendable, CustomStringConvertible {
    case transport(url: String, reason: String)
    case httpStatus(url: String, status: Int, body: String)
    case malformed(url: String, SignalFeedError)

    public var description: String {
        switch self {
        case .transport(let url, let reason): return "GET \(url) failed: \(reason)"
        case .httpStatus(let url, let status, let body): return "GET \(url) answered HTTP \(status): \(body)"
        case .malformed(let url, let error): return "GET \(url): malformed body: \(error)"
        }
    }
}
