import Foundation
import Testing

@testable import KalshiAuth

@Suite struct TimestampWindowTests {
    static let now: Int64 = 1_703_123_456_789

    @Test func withinWindowIncludingEdges() {
        for offset: Int64 in [0, 1, -1, 4_999, -4_999, 5_000, -5_000] {
            #expect(SignatureVerifier.checkTimestamp(Self.now + offset, nowMs: Self.now) == nil, "offset \(offset)")
        }
    }

    @Test func outsideWindowGivesDirectionAndSkew() {
        #expect(SignatureVerifier.checkTimestamp(Self.now - 5_001, nowMs: Self.now) == .tooOld(skewMs: 5_001, windowMs: 5_000))
        #expect(SignatureVerifier.checkTimestamp(Self.now + 5_001, nowMs: Self.now) == .inFuture(skewMs: 5_001, windowMs: 5_000))
        // Seconds instead of milliseconds is a classic client bug: far in the past.
        guard case .tooOld = SignatureVerifier.checkTimestamp(Self.now / 1_000, nowMs: Self.now) else {
            Issue.record("a seconds timestamp must be too old")
            return
        }
        #expect(SignatureVerifier.checkTimestamp(.min, nowMs: Self.now) == .tooOld(skewMs: .max, windowMs: 5_000))
        #expect(SignatureVerifier.checkTimestamp(.max, nowMs: -Self.now) == .inFuture(skewMs: .max, windowMs: 5_000))
    }

    @Test func windowIsConfigurable() {
        #expect(SignatureVerifier.checkTimestamp(Self.now - 59_000, nowMs: Self.now, maxSkewMs: 60_000) == nil)
        #expect(
            SignatureVerifier.checkTimestamp(Self.now - 61_000, nowMs: Self.now, maxSkewMs: 60_000)
                == .tooOld(skewMs: 61_000, windowMs: 60_000))
        #expect(
            SignatureVerifier.checkTimestamp(Self.now + 1, nowMs: Self.now, maxSkewMs: 0) == .inFuture(skewMs: 1, windowMs: 0))
    }

    @Test func headerParsing() {
        #expect(SignatureVerifier.checkTimestamp("1703123456789", nowMs: Self.now) == .success(Self.now))
        #expect(SignatureVerifier.checkTimestamp(nil, nowMs: Self.now) == .failure(.missing))
        for bad in ["", "abc", "+1703123456789", "-5", "1703123456789.0", " 1703123456789", "17031234567890000000000"] {
            #expect(SignatureVerifier.checkTimestamp(bad, nowMs: Self.now) == .failure(.malformed(bad)), "\(bad)")
        }
        let long = String(repeating: "x", count: 500)
        #expect(
            SignatureVerifier.checkTimestamp(long, nowMs: Self.now) == .failure(.malformed(String(repeating: "x", count: 40))))
        #expect(TimestampRejection.tooOld(skewMs: 6_000, windowMs: 5_000).description.contains("6000 ms in the past"))
    }
}

@Suite(.enabled(if: OpenSSL.isAvailable)) struct VerifierTests {
    static let now: Int64 = 1_703_123_456_789
    static let path = "/trade-api/v2/portfolio/orders"

    @Test func fullVerificationAndRejections() throws {
        let keys = try TestKeys.get()
        let signer = try RequestSigner(keyId: "key-1", privateKeyPEM: keys.pkcs8)
        let verifier = try SignatureVerifier(publicKeyPEM: keys.publicSPKI, expectedKeyId: "key-1", maxSkewMs: 5_000)
        let headers = try signer.headers(method: "POST", path: Self.path, timestampMs: Self.now)

        func check(
            keyId: String? = "key-1", timestamp: String? = "1703123456789", signature: String?, method: String = "POST",
            path: String = Self.path, nowMs: Int64 = Self.now
        ) -> AuthRejection? {
            do {
                try verifier.verify(
                    keyId: keyId, timestamp: timestamp, signature: signature, method: method, path: path, nowMs: nowMs)
                return nil
            } catch { return error }
        }
        #expect(check(signature: headers.signature) == nil)
        #expect(check(signature: headers.signature, nowMs: Self.now + 4_000) == nil)
        #expect(check(keyId: nil, signature: headers.signature) == .missingHeader("KALSHI-ACCESS-KEY"))
        #expect(check(timestamp: nil, signature: headers.signature) == .missingHeader("KALSHI-ACCESS-TIMESTAMP"))
        #expect(check(signature: nil) == .missingHeader("KALSHI-ACCESS-SIGNATURE"))
        #expect(check(keyId: "key-2", signature: headers.signature) == .unknownKeyId)
        #expect(
            check(signature: headers.signature, nowMs: Self.now + 6_000) == .timestamp(.tooOld(skewMs: 6_000, windowMs: 5_000)))
        #expect(check(timestamp: "1703123456790", signature: headers.signature) == .badSignature)
        #expect(check(signature: headers.signature, method: "GET") == .badSignature)
        #expect(check(signature: headers.signature, path: "/trade-api/v2/portfolio/orders/x") == .badSignature)
        #expect(check(signature: "") == .badSignature)
        #expect(check(signature: "not base64!") == .badSignature)
        #expect(check(signature: Data(repeating: 0, count: 256).base64EncodedString()) == .badSignature)
        #expect(check(signature: Data(repeating: 1, count: 255).base64EncodedString()) == .badSignature)
        // URL-safe Base64 is not what Kalshi expects; the strict decoder refuses it when it differs.
        let urlSafe = headers.signature.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        if urlSafe != headers.signature { #expect(check(signature: urlSafe) == .badSignature) }
        #expect(AuthRejection.badSignature.description.contains("salt 32"))
    }

    @Test func publicKeyLoadingErrors() throws {
        let keys = try TestKeys.get()
        #expect(throws: KeyLoadError.privateKeyNotPublic(path: "<public key PEM>", pemLabel: "PRIVATE KEY")) {
            _ = try SignatureVerifier(publicKeyPEM: keys.pkcs8)
        }
        #expect(throws: KeyLoadError.notAKey(path: "<public key PEM>", pemLabel: "CERTIFICATE")) {
            _ = try SignatureVerifier(publicKeyPEM: keys.certificate)
        }
        #expect(throws: KeyLoadError.notPEM(path: "<public key PEM>")) { _ = try SignatureVerifier(publicKeyPEM: "hello") }
        #expect(throws: KeyLoadError.empty(path: "<public key PEM>")) { _ = try SignatureVerifier(publicKeyPEM: "\n") }
        let small = try SignatureVerifier.publicKeyPEMForTest(keys.rsa1024)
        #expect(throws: KeyLoadError.keyTooSmall(path: "<public key PEM>", bits: 1024, minimumBits: 2048)) {
            _ = try SignatureVerifier(publicKeyPEM: small)
        }
        #expect(try SignatureVerifier(publicKeyPEM: keys.publicSPKI).keySizeInBits == 2048)
    }
}

extension SignatureVerifier {
    /// The public half of a (possibly too small) private key, via openssl.
    static func publicKeyPEMForTest(_ privatePEM: String) throws -> String {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("k.pem", privatePEM)
        try OpenSSL.run("pkey", "-in", directory.file("k.pem"), "-pubout", "-out", directory.file("pub.pem"))
        return try directory.read("pub.pem")
    }
}
