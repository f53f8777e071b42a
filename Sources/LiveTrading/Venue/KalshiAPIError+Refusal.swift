import KalshiAPI

extension KalshiAPIError {
    /// True when the exchange answered and refused, so the request had no effect. Anything else
    /// (no answer, a server error, a 409 that says an earlier attempt went through) leaves the
    /// outcome unknown.
    var isDefinitiveRefusal: Bool {
        if case .exchange(let status, let body) = self {
            return (400..<500).contains(status) && body.code != "order_already_exists"
        }
        return false
    }

    var refusalCode: String { code ?? description }
}
