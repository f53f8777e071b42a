import KalshiAPI
import KalshiAuth
import KalshiCore
import Storage

/// Why `kalshi-trader live` refuses to start. Raised before any order can be sent; each case
/// names the problem (and the configuration field when there is one). Never carries key material.
public enum LiveStartupError: Error, Equatable, Sendable, CustomStringConvertible {
    case configuration(LiveConfigurationError)
    case missingKey(field: String)
    case key(field: String, KeyLoadError)
    case environment(String)
    case marketNotFound(String)
    case marketClosed(ticker: String, detail: String)
    case noOpenEvent(asset: String, detail: String)
    case balanceBelowMinimum(balance: Money, minimum: Money)
    /// The traded markets' shard holds too little; the cash is on other shards.
    case collateralOnOtherShard(shard: Int, onShard: Money, minimum: Money, perShard: [BalanceDTO.ShardBalance])
    case exchange(String)
    case journal(JournalError)

    public var description: String {
        let text: String
        switch self {
        case .configuration(let error): text = error.description
        case .missingKey(let field):
            text = "config field '\(field)': missing: live trading needs an API key (key.id and key.file, or --key-id and --key)"
        case .key(let field, let error): text = "config field '\(field)': \(error.description)"
        case .environment(let detail): text = "config field 'environment': \(detail)"
        case .marketNotFound(let ticker): text = "market \(ticker) not found on the exchange"
        case .marketClosed(let ticker, let detail): text = "market \(ticker) is closed (\(detail))"
        case .noOpenEvent(let asset, let detail): text = "no open hourly \(asset) event to trade: \(detail)"
        case .balanceBelowMinimum(let balance, let minimum):
            text =
                "account balance \(balance.formatted(decimals: 2)) is below risk.minimum_balance \(minimum.formatted(decimals: 2))"
        case .collateralOnOtherShard(let shard, let onShard, let minimum, let perShard):
            let breakdown = perShard.map { "\($0.exchangeIndex): \($0.balance.formatted(decimals: 2))" }.joined(separator: ", ")
            text =
                "shard \(shard), where the traded markets are, holds \(onShard.formatted(decimals: 2)), below risk.minimum_balance \(minimum.formatted(decimals: 2)) (per shard: \(breakdown)); move cash to shard \(shard) with an intra-exchange transfer, or set operations.auto_transfer to let the session move up to that much"
        case .exchange(let detail): text = "the exchange could not be used: \(detail)"
        case .journal(let error): text = error.description
        }
        return "refusing to start: \(text)"
    }
}
