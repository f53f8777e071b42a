extension CreateOrderRequest {
    /// The request body as Kalshi expects it, built directly: this is on the order path, where
    /// Foundation's `JSONEncoder` alone costs several microseconds. Keys in a fixed order;
    /// decodes to the same request through `KalshiJSON.decoder()` (tested).
    public var jsonBody: String {
        var text = #"{"ticker":"# + JSONLineWriter.quote(ticker)
        if let clientOrderId { text += #","client_order_id":"# + JSONLineWriter.quote(clientOrderId) }
        text += #","side":""# + side.rawValue + #"","count":""# + count.description + #"","price":""# + price.description
        text += #"","time_in_force":""# + timeInForce.rawValue + #"","self_trade_prevention_type":""#
        text += selfTradePreventionType.rawValue + "\""
        if let postOnly { text += #","post_only":"# + (postOnly ? "true" : "false") }
        if let reduceOnly { text += #","reduce_only":"# + (reduceOnly ? "true" : "false") }
        if let cancelOrderOnPause { text += #","cancel_order_on_pause":"# + (cancelOrderOnPause ? "true" : "false") }
        if let expirationTime { text += #","expiration_time":"# + String(expirationTime) }
        if let orderGroupId { text += #","order_group_id":"# + JSONLineWriter.quote(orderGroupId) }
        if let subaccount { text += #","subaccount":"# + String(subaccount) }
        if let exchangeIndex { text += #","exchange_index":"# + String(exchangeIndex) }
        return text + "}"
    }
}
