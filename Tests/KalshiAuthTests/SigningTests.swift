import Foundation
import Testing

@testable import KalshiAuth

@Suite struct SigningTests {
    static let timestamp: Int64 = 1_703_123_456_789
    static let target = "/trade-api/v2/portfolio/orders?limit=5&status=resting"
    static let signedMessage = "1703123456789GET/trade-api/v2/portfolio/orders"

    enum KeyFormat: String, CaseIterable, Sendable { case pkcs8, pkcs1 }

    static func signer(_ format: KeyFormat) throws -> RequestSigner {
        let keys = try TestKeys.get()
        return try RequestSigner(
            keyId: "a952bcbe-ec3b-4b5b-b8f9-11dae589608c", privateKeyPEM: format == .pkcs8 ? keys.pkcs8 : keys.pkcs1)
    }

    @Test(.enabled(if: OpenSSL.isAvailable), arguments: KeyFormat.allCases)
    func headersAreWellFormedAndVerify(format: KeyFormat) throws {
        let signer = try Self.signer(format)
        #expect(signer.keySizeInBits == 2048)
        let headers = try signer.headers(method: "get", path: Self.target, timestampMs: Self.timestamp)
        #expect(headers.fields.map(\.name) == ["KALSHI-ACCESS-KEY", "KALSHI-ACCESS-TIMESTAMP", "KALSHI-ACCESS-SIGNATURE"])
        #expect(headers.key == "a952bcbe-ec3b-4b5b-b8f9-11dae589608c")
        #expect(headers.timestamp == "1703123456789")
        // Standard Base64 (not URL-safe), padded, 256 bytes for RSA-2048.
        #expect(headers.signature.count == 344)
        #expect(Data(base64Encoded: headers.signature)?.count == 256)
        #expect(!headers.signature.contains("-") && !headers.signature.contains("_"))

        let verifier = try SignatureVerifier(publicKeyPEM: try TestKeys.get().publicSPKI)
        #expect(
            verifier.isValid(signatureBase64: headers.signature, timestampMs: Self.timestamp, method: "GET", path: Self.target))
        // The query is not signed, so the bare path verifies too; anything else that is signed must match.
        #expect(
            verifier.isValid(
                signatureBase64: headers.signature, timestampMs: Self.timestamp, method: "GET",
                path: "/trade-api/v2/portfolio/orders"))
        #expect(
            !verifier.isValid(
                signatureBase64: headers.signature, timestampMs: Self.timestamp + 1, method: "GET", path: Self.target))
        #expect(
            !verifier.isValid(signatureBase64: headers.signature, timestampMs: Self.timestamp, method: "POST", path: Self.target))
        #expect(
            !verifier.isValid(
                signatureBase64: headers.signature, timestampMs: Self.timestamp, method: "GET",
                path: "/trade-api/v2/portfolio/order"))
    }

    @Test(.enabled(if: OpenSSL.isAvailable))
    func pkcs1AndPkcs8LoadTheSameKey() throws {
        #expect(try Self.signer(.pkcs1).publicKeyPEM == Self.signer(.pkcs8).publicKeyPEM)
        #expect(try Self.signer(.pkcs1).publicKeyFingerprint == Self.signer(.pkcs8).publicKeyFingerprint)
        #expect(try Self.signer(.pkcs8).publicKeyPEM == SignatureVerifier.publicKeyPEM(fromPrivateKeyPEM: TestKeys.get().pkcs1))
    }

    @Test(.enabled(if: OpenSSL.isAvailable))
    func signaturesAreRandomizedButAllVerify() throws {
        let signer = try Self.signer(.pkcs8)
        let verifier = SignatureVerifier(signer: signer)
        let first = try signer.headers(method: "GET", path: Self.target, timestampMs: Self.timestamp).signature
        let second = try signer.headers(method: "GET", path: Self.target, timestampMs: Self.timestamp).signature
        #expect(first != second, "PSS uses a random salt")
        for signature in [first, second] {
            #expect(verifier.isValid(signatureBase64: signature, timestampMs: Self.timestamp, method: "GET", path: Self.target))
        }
    }

    @Test(.enabled(if: OpenSSL.isAvailable))
    func webSocketHandshakeSignsTheWebSocketPath() throws {
        let signer = try Self.signer(.pkcs8)
        let headers = try signer.webSocketHeaders(timestampMs: Self.timestamp)
        let verifier = SignatureVerifier(signer: signer)
        #expect(
            verifier.isValid(
                signatureBase64: headers.signature, timestampMs: Self.timestamp, method: "GET", path: "/trade-api/ws/v2"))
        #expect(
            !verifier.isValid(
                signatureBase64: headers.signature, timestampMs: Self.timestamp, method: "GET", path: "/trade-api/v2"))
    }

    @Test(.enabled(if: OpenSSL.isAvailable))
    func currentTimeHeadersAreWithinTheWindow() throws {
        let signer = try Self.signer(.pkcs8)
        let headers = try signer.headers(method: "GET", path: "/trade-api/v2/portfolio/balance")
        let verifier = SignatureVerifier(signer: signer)
        try verifier.verify(
            keyId: headers.key, timestamp: headers.timestamp, signature: headers.signature, method: "GET",
            path: "/trade-api/v2/portfolio/balance", nowMs: RequestSigner.currentTimestampMs())
    }

    @Test(.enabled(if: OpenSSL.isAvailable))
    func badInputsAreRefusedBeforeSigning() throws {
        let signer = try Self.signer(.pkcs8)
        do {
            _ = try signer.headers(method: "GET", path: "/portfolio/orders?limit=5", timestampMs: Self.timestamp)
            Issue.record("a path without /trade-api/ must be refused")
        } catch {
            guard case .invalidPath(let path, let reason) = error else { Issue.record("wrong error \(error)"); return }
            #expect(path == "/portfolio/orders")
            #expect(reason.contains("/trade-api/v2"))
        }
        #expect(throws: SigningError.invalidMethod("")) {
            _ = try signer.headers(method: "", path: "/trade-api/v2/x", timestampMs: 1)
        }
        #expect(throws: SigningError.invalidMethod("GET /x")) {
            _ = try signer.headers(method: "GET /x", path: "/trade-api/v2/x", timestampMs: 1)
        }
        #expect(throws: SigningError.invalidTimestamp(-1)) {
            _ = try signer.headers(method: "GET", path: "/trade-api/v2/x", timestampMs: -1)
        }
    }

    @Test func generatedKeySignsAndVerifies() throws {
        let signer = try RequestSigner.withGeneratedKey(keyId: "bench-key")
        #expect(signer.keySizeInBits == 2048)
        let headers = try signer.headers(method: "DELETE", path: "/trade-api/v2/portfolio/orders/1", timestampMs: 42)
        let verifier = try SignatureVerifier(publicKeyPEM: signer.publicKeyPEM)
        #expect(
            verifier.isValid(
                signatureBase64: headers.signature, timestampMs: 42, method: "DELETE", path: "/trade-api/v2/portfolio/orders/1"))
    }

    @Test(.enabled(if: OpenSSL.isAvailable))
    func concurrentSigningIsSafe() async throws {
        let signer = try Self.signer(.pkcs8)
        let verifier = SignatureVerifier(signer: signer)
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    let path = "/trade-api/v2/markets/\(index)"
                    guard let headers = try? signer.headers(method: "GET", path: path, timestampMs: Int64(index)) else {
                        return false
                    }
                    return verifier.isValid(
                        signatureBase64: headers.signature, timestampMs: Int64(index), method: "GET", path: path)
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 16 && results.allSatisfy { $0 })
    }
}

/// Interoperability: what Swift signs, OpenSSL and Python verify with salt = 32, and the reverse.
@Suite(.enabled(if: OpenSSL.isAvailable)) struct CrossCheckTests {
    static let timestamp: Int64 = 1_703_123_456_789
    static let target = "https://external-api.kalshi.com/trade-api/v2/portfolio/orders?limit=5&status=resting"
    static let message = "1703123456789GET/trade-api/v2/portfolio/orders"

    /// Writes the public key, the signed message and the signature (raw and as the Base64 header).
    static func prepare(format: SigningTests.KeyFormat, in directory: TemporaryDirectory) throws {
        let signer = try SigningTests.signer(format)
        let headers = try signer.headers(method: "GET", path: target, timestampMs: timestamp)
        try directory.write("pub.pem", try TestKeys.get().publicSPKI)
        try directory.write("msg.txt", message)
        try directory.write("sig.b64", headers.signature)
        try directory.write("sig.bin", Data(base64Encoded: headers.signature)!)
    }

    static func opensslVerify(_ directory: TemporaryDirectory, saltLength: String) throws -> Tool.Output {
        try Tool.run(
            OpenSSL.path,
            [
                "dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:\(saltLength)", "-verify",
                directory.file("pub.pem"), "-signature", directory.file("sig.bin"), directory.file("msg.txt"),
            ])
    }

    @Test(arguments: SigningTests.KeyFormat.allCases)
    func opensslVerifiesSwiftSignatureWithSalt32(format: SigningTests.KeyFormat) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.prepare(format: format, in: directory)
        let strict = try Self.opensslVerify(directory, saltLength: "32")
        #expect(strict.status == 0, "\(strict.stderr)")
        #expect(strict.text.contains("Verified OK"))
        // Salt is exactly 32, not the maximum (222 for RSA-2048).
        let maxSalt = try Self.opensslVerify(directory, saltLength: "222")
        #expect(maxSalt.status != 0)
    }

    @Test(.enabled(if: Python.isAvailable), arguments: SigningTests.KeyFormat.allCases)
    func pythonCryptographyVerifiesSwiftSignature(format: SigningTests.KeyFormat) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.prepare(format: format, in: directory)
        let result = try Python.run(
            script: Python.verifyScript, [directory.file("pub.pem"), directory.file("sig.b64"), directory.file("msg.txt")])
        #expect(result.status == 0, "\(result.text) \(result.stderr)")
        #expect(result.text.contains("VALID"))
    }

    static func opensslSign(saltLength: Int, in directory: TemporaryDirectory) throws -> String {
        try directory.write("key.pem", try TestKeys.get().pkcs8)
        try directory.write("msg.txt", message)
        try OpenSSL.run(
            "dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:\(saltLength)", "-sign",
            directory.file("key.pem"), "-out", directory.file("sig.bin"), directory.file("msg.txt"))
        return try Data(contentsOf: URL(fileURLWithPath: directory.file("sig.bin"))).base64EncodedString()
    }

    @Test func verifierAcceptsOpensslSalt32Signature() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let signature = try Self.opensslSign(saltLength: 32, in: directory)
        let verifier = try SignatureVerifier(publicKeyPEM: try TestKeys.get().publicSPKI)
        #expect(verifier.isValid(signatureBase64: signature, timestampMs: Self.timestamp, method: "GET", path: Self.target))
        // The PKCS#1 public key form loads too.
        let pkcs1Verifier = try SignatureVerifier(publicKeyPEM: try TestKeys.get().publicPKCS1)
        #expect(pkcs1Verifier.isValid(signatureBase64: signature, timestampMs: Self.timestamp, method: "GET", path: Self.target))
    }

    @Test(arguments: [20, 0, 222])
    func verifierRejectsOtherSaltLengths(saltLength: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let signature = try Self.opensslSign(saltLength: saltLength, in: directory)
        let verifier = try SignatureVerifier(publicKeyPEM: try TestKeys.get().publicSPKI)
        #expect(!verifier.isValid(signatureBase64: signature, timestampMs: Self.timestamp, method: "GET", path: Self.target))
    }

    @Test(.enabled(if: Python.isAvailable))
    func verifierAcceptsPythonSignature() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("key.pem", try TestKeys.get().pkcs1)
        try directory.write("msg.txt", Self.message)
        let result = try Python.run(script: Python.signScript, [directory.file("key.pem"), directory.file("msg.txt")])
        #expect(result.status == 0, "\(result.stderr)")
        let signature = result.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let verifier = try SignatureVerifier(publicKeyPEM: try TestKeys.get().publicSPKI)
        #expect(verifier.isValid(signatureBase64: signature, timestampMs: Self.timestamp, method: "GET", path: Self.target))
    }

    @Test func generatedKeyVerifiesWithOpenssl() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let signer = try RequestSigner.withGeneratedKey(keyId: "k")
        let headers = try signer.headers(method: "GET", path: Self.target, timestampMs: Self.timestamp)
        try directory.write("pub.pem", signer.publicKeyPEM)
        try directory.write("msg.txt", Self.message)
        try directory.write("sig.bin", Data(base64Encoded: headers.signature)!)
        #expect(try Self.opensslVerify(directory, saltLength: "32").status == 0)
    }
}
