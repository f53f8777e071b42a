import Foundation
import Testing

@testable import KalshiAuth

@Suite(.enabled(if: OpenSSL.isAvailable)) struct RedactionTests {
    /// Every way a signer can end up in a log.
    static func renderings(of signer: RequestSigner) -> [String: String] {
        var dumped = ""
        dump(signer, to: &dumped)
        var dumpedOptional = ""
        dump(Optional(signer), to: &dumpedOptional)
        let mirrored = Mirror(reflecting: signer).children.map { "\($0.label ?? ""): \($0.value)" }.joined(separator: "\n")
        return [
            "String(describing:)": String(describing: signer),
            "String(reflecting:)": String(reflecting: signer),
            "interpolation": "\(signer)",
            "debugDescription": signer.debugDescription,
            "dump": dumped,
            "dump(Optional)": dumpedOptional,
            "Mirror": mirrored,
            "array": "\([signer])",
        ]
    }

    @Test(arguments: SigningTests.KeyFormat.allCases)
    func signerNeverShowsTheKey(format: SigningTests.KeyFormat) throws {
        let keys = try TestKeys.get()
        let pem = format == .pkcs8 ? keys.pkcs8 : keys.pkcs1
        let secrets = secretLines(of: keys.pkcs8) + secretLines(of: keys.pkcs1)
        try #require(secrets.count >= 20)
        let signer = try RequestSigner(keyId: "my-key-id", privateKeyPEM: pem)
        for (how, text) in Self.renderings(of: signer) {
            #expect(leaks(text, secrets: secrets).isEmpty, "\(how) leaks key material")
            #expect(!text.contains("PRIVATE KEY-----"), "\(how)")
        }
        let description = String(describing: signer)
        #expect(description.contains("my-key-id"))
        #expect(description.contains("redacted"))
        #expect(description.contains(signer.publicKeyFingerprint))
        #expect(signer.publicKeyFingerprint.count == 64)
    }

    @Test func signerFromFileNeverShowsTheKey() throws {
        let keys = try TestKeys.get()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let signer = try RequestSigner(keyId: "k", keyFile: try directory.write("key.pem", keys.pkcs1))
        let secrets = secretLines(of: keys.pkcs8) + secretLines(of: keys.pkcs1)
        for (how, text) in Self.renderings(of: signer) {
            #expect(leaks(text, secrets: secrets).isEmpty, "\(how) leaks key material")
        }
    }

    @Test func errorsFromMalformedKeysNeverShowTheKey() throws {
        let keys = try TestKeys.get()
        // Mangled variants of a real key: truncated, a flipped body character, a wrong END label, bad size.
        let body = secretLines(of: keys.pkcs8)
        let flipped = keys.pkcs8.replacingOccurrences(of: body[3], with: String(body[3].reversed()))
        let variants = [
            String(keys.pkcs8.prefix(keys.pkcs8.count / 2)),
            flipped,
            keys.pkcs1.replacingOccurrences(of: "-----END RSA PRIVATE KEY-----", with: "-----END PRIVATE KEY-----"),
            keys.pkcs1.replacingOccurrences(of: "\n", with: "\n\n"),
            keys.rsa1024, keys.encryptedPKCS1, keys.encryptedPKCS8, keys.ecTraditional,
            keys.pkcs8 + keys.pkcs1,
        ]
        let secrets =
            secretLines(of: keys.pkcs8) + secretLines(of: keys.pkcs1) + secretLines(of: keys.rsa1024)
            + secretLines(of: keys.encryptedPKCS1) + secretLines(of: keys.encryptedPKCS8) + secretLines(of: keys.ecTraditional)
        for variant in variants {
            do {
                let signer = try RequestSigner(keyId: "k", privateKeyPEM: variant)
                // Some mangling may still be a loadable key (e.g. blank lines); then it must still be redacted.
                #expect(leaks(String(reflecting: signer), secrets: secrets).isEmpty)
            } catch {
                #expect(leaks(error.description, secrets: secrets).isEmpty, "\(error.description)")
                #expect(leaks(String(reflecting: error), secrets: secrets).isEmpty)
                var dumped = ""
                dump(error, to: &dumped)
                #expect(leaks(dumped, secrets: secrets).isEmpty)
                #expect(error.description.hasPrefix(RequestSigner.inlinePEMSource + ": "))
            }
        }
    }
}
