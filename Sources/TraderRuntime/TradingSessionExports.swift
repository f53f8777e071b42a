// The session pieces the demo, backtests and live trading share live in `TradingSession`;
// code that runs sessions through this module sees them as before.
@_exported import TradingSession
