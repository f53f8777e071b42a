import KalshiAuth

enum SigningBenchmarks {
    /// One Kalshi request signature: RSA-2048 PSS (SHA-256, salt 32) over timestamp + method + path,
    /// plus the Base64 encoding of the header. The key is generated in-process for this run only and
    /// never written anywhere. PSS signatures are randomized, so the checksum adds up the header
    /// lengths (fixed for a given key size), not the signature bytes.
    static func sign() -> Benchmark {
        let signer: RequestSigner
        do {
            signer = try RequestSigner.withGeneratedKey(keyId: "benchmark-throwaway-key")
        } catch {
            preconditionFailure("cannot generate the benchmark's RSA key: \(error)")
        }
        let path = "/trade-api/v2/portfolio/orders?limit=5&status=resting"
        let operations = 20
        return Benchmark(name: "kalshi.sign", operations: operations) {
            var checksum: Int64 = 0
            for index in 0..<operations {
                do {
                    let headers = try signer.headers(method: "GET", path: path, timestampMs: 1_703_123_456_789 + Int64(index))
                    checksum &+= Int64(headers.signature.utf8.count + headers.timestamp.utf8.count)
                } catch {
                    preconditionFailure("benchmark signing must succeed: \(error)")
                }
            }
            return checksum
        }
    }
}
