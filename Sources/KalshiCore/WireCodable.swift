// Enumerations whose raw values are Kalshi's wire strings encode as those strings.
extension TimeInForce: Codable {}
extension SelfTradePrevention: Codable {}
