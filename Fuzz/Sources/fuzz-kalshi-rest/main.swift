import Foundation
import FuzzSupport
import KalshiAPI
import KalshiCore

/// Kalshi REST bodies: the first byte picks the response type the client would decode (the
/// endpoint), the rest is the body. Decoded markets and series are converted to the domain types
/// the way the client does; every body also goes through the error-body parser.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    guard let selector = bytes.first else { return 0 }
    let body = Data(bytes.dropFirst())
    let decoder = KalshiJSON.decoder()
    func decode<Response: Decodable>(_ type: Response.Type) -> Response? { try? decoder.decode(type, from: body) }
    func convert(_ market: MarketDTO, event: EventDTO? = nil) {
        _ = try? market.metadata(fees: FeeSchedule(), seriesTicker: event?.seriesTicker)
    }
    switch selector % 21 {
    case 0: decode(MarketsPage.self).map { $0.markets.forEach { convert($0) } }
    case 1: decode(MarketResponse.self).map { convert($0.market) }
    case 2:
        decode(EventResponse.self).map { response in
            (response.markets ?? []).forEach { convert($0, event: response.event) }
            (response.event.markets ?? []).forEach { convert($0, event: response.event) }
        }
    case 3: _ = decode(EventsPage.self)
    case 4:
        decode(SeriesResponse.self).map { response in
            if let fees = try? response.series.feeSchedule() { _ = fees }
            // An event's fee override on top of the series' (what discovery and event_fee_update read).
            var event = EventDTO(eventTicker: "E")
            event.feeTypeOverride = response.series.feeType
            event.feeMultiplierOverride = response.series.feeMultiplier
            if let fees = try? response.series.feeSchedule(eventOverride: event) { _ = fees }
        }
    case 5: _ = decode(OrderbookResponse.self)
    case 6: _ = decode(ExchangeStatusDTO.self)
    case 7: decode(BalanceDTO.self).map { _ = $0.exactBalance }
    case 8: _ = decode(PositionsPage.self)
    case 9: _ = decode(OrdersPage.self)
    case 10: _ = decode(OrderResponse.self)
    case 11: _ = decode(FillsPage.self)
    case 12: _ = decode(SettlementsPage.self)
    case 13: _ = decode(CreateOrderResponse.self)
    case 14: _ = decode(CancelOrderResponse.self)
    case 15: _ = decode(AmendOrderResponse.self)
    case 16: _ = decode(DecreaseOrderResponse.self)
    case 17: _ = decode(BatchCreateOrdersResponse.self)
    case 18: _ = decode(BatchCancelOrdersResponse.self)
    case 20:
        // GET /exchange/schedule: the maintenance windows the live session stops trading in.
        decode(ExchangeScheduleResponse.self).map { response in
            if let windows = try? response.schedule.windows() { _ = windows.map { $0.contains(0) } }
        }
    default:
        _ = KalshiAPIError.from(status: 400 + Int(selector % 100), body: body).description
        if let text = String(data: body, encoding: .utf8) { _ = RFC3339.parse(text) }
    }
    return 0
}

FuzzDriver.run(fuzz)
