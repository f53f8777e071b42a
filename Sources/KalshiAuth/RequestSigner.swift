import Crypto
import Foundation
import _CryptoExtras

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The three Kalshi authentication headers for one request.
public struct AuthHeaders: Sendable, Equatable {
    public static let keyName = "KALSHI-ACCESS-KEY"
    public static let timestampName = "KALSHI-ACCESS-TIMESTAMP"
    public static let signatureName = "KALSHI-ACCESS-SIGNATURE"

    /// The API key id (`KALSHI-ACCESS-KEY`).
    public let key: String
    /// Unix time in milliseconds as a decimal string (`KALSHI-ACCESS-TIMESTAMP`).
    public let timestamp: String
    /// Standard Base64 of the RSA-PSS signature (`KALSHI-ACCESS-SIGNATURE`).
    public let signature: String

    /// Name/value pairs in a fixed order, ready to add to a request or a WebSocket upgrade.
    public var fields: [(name: String, value: String)] {
        [(Self.keyName, key), (Self.timestampName, timestamp), (Self.signatureName, signature)]
    }
}

/// Why a request could not be signed. The descriptions never contain key material.
public enum SigningError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The HTTP method is empty or not a plain token of ASCII letters.
    case invalidMethod(String)
    /// The path (after removing scheme, host and query) is not an absolute path under `/trade-api/`.
    case invalidPath(path: String, reason: String)
    /// A negative Unix timestamp.
    case invalidTimestamp(Int64)
    /// The crypto library failed to produce a signature.
    case signatureFailed(reason: String)

    public var description: String {
        switch self {
        case let .invalidMethod(method):
            return "cannot sign: HTTP method '\(method)' is not a method name such as GET, POST or DELETE"
        case let .invalidPath(path, reason):
            return "cannot sign path '\(path)': \(reason)"
        case let .invalidTimestamp(value):
            return "cannot sign: timestamp \(value) ms is negative"
        case let .signatureFailed(reason):
            return "RSA-PSS signing failed: \(reason)"
        }
    }
}

/// Signs Kalshi API requests: RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32 bytes) over
/// `"\(timestampMs)\(METHOD)\(path)"`, where `path` starts at the host root (includes `/trade-api/v2`,
/// or `/trade-api/ws/v2` for the WebSocket handshake) and excludes the query string.
///
/// The private key never appears in `description`, `debugDescription`, `dump` or a mirror, and it
/// is never stored as PEM text. Signing is thread-safe; each signature costs ~0.4 ms of CPU
/// (RSA-2048), so keep it off latency-critical paths.
public struct RequestSigner: Sendable {
    /// What `path` reads in errors when the key was given as a PEM string rather than a file.
    public static let inlinePEMSource = "<in-memory PEM>"

    /// The API key id, sent as `KALSHI-ACCESS-KEY` (not a secret).
    public let keyId: String
    private let privateKey: _RSA.Signing.PrivateKey

    /// Loads a PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8 (`BEGIN PRIVATE KEY`) RSA key of at least 2048 bits.
    public init(keyId: String, privateKeyPEM: String) throws(KeyLoadError) {
        let keyId = try Self.validatedKeyId(keyId)
        self.init(validKeyId: keyId, privateKey: try KeyLoading.privateKey(fromPEM: privateKeyPEM, source: Self.inlinePEMSource))
    }

    /// Loads the key from a PEM file, refusing a file that group or others can access unless
    /// `allowInsecurePermissions` is set. A leading `~/` is expanded from `HOME`.
    public init(keyId: String, keyFile: String, allowInsecurePermissions: Bool = false) throws(KeyLoadError) {
        let keyId = try Self.validatedKeyId(keyId)
        let path = KeyLoading.expandingTilde(keyFile)
        let bytes = try KeyLoading.readKeyFile(path: path, allowInsecurePermissions: allowInsecurePermissions)
        let text = try KeyLoading.text(from: bytes, path: path)
        self.init(validKeyId: keyId, privateKey: try KeyLoading.privateKey(fromPEM: text, source: path))
    }

    /// A signer with a freshly generated in-memory RSA-2048 key that is never written anywhere: for
    /// tests, benchmarks and the offline demo against the fake exchange (pair it with
    /// `SignatureVerifier(signer:)`). Takes tens to hundreds of milliseconds.
    public static func withGeneratedKey(keyId: String) throws -> RequestSigner {
        let keyId = try validatedKeyId(keyId)
        return RequestSigner(validKeyId: keyId, privateKey: try _RSA.Signing.PrivateKey(keySize: .bits2048))
    }

    private init(validKeyId: String, privateKey: _RSA.Signing.PrivateKey) {
        self.keyId = validKeyId
        self.privateKey = privateKey
    }

    static func validatedKeyId(_ keyId: String) throws(KeyLoadError) -> String {
        if keyId.isEmpty { throw .invalidKeyId(reason: "the key id is empty") }
        if keyId.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
            throw .invalidKeyId(reason: "the key id contains whitespace or control characters")
        }
        return keyId
    }

    /// Modulus length of the private key.
    public var keySizeInBits: Int { privateKey.keySizeInBits }

    /// The public half as SPKI PEM (`BEGIN PUBLIC KEY`), e.g. to configure the fake exchange.
    public var publicKeyPEM: String { KeyLoading.withTrailingNewline(privateKey.publicKey.pemRepresentation) }

    /// SHA-256 of the public key's SPKI DER, hex: identifies which key is loaded without revealing it.
    public var publicKeyFingerprint: String {
        SHA256.hash(data: privateKey.publicKey.derRepresentation).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    // MARK: Signing

    /// The three authentication headers for a request. `path` may be a path (`/trade-api/v2/x?y=1`) or
    /// an absolute URL; the scheme, host, query and fragment are dropped before signing, and the remaining
    /// path must start with `/trade-api/`.
    public func headers(method: String, path: String, timestampMs: Int64) throws(SigningError) -> AuthHeaders {
        guard timestampMs >= 0 else { throw .invalidTimestamp(timestampMs) }
        guard !method.isEmpty, method.utf8.allSatisfy({ (65...90).contains($0) || (97...122).contains($0) }) else {
            throw .invalidMethod(method)
        }
        let signedPath = Self.signingPath(path)
        guard signedPath.hasPrefix("/trade-api/") else {
            throw .invalidPath(
                path: signedPath,
                reason: "Kalshi signs the path from the host root, including the /trade-api/v2 (REST) or "
                    + "/trade-api/ws/v2 (WebSocket) prefix")
        }
        let message = Self.stringToSign(timestampMs: timestampMs, method: method, path: signedPath)
        let signature: _RSA.Signing.RSASignature
        do {
            signature = try privateKey.signature(for: Data(message.utf8), padding: .PSS)
        } catch {
            throw .signatureFailed(reason: KeyLoading.safeDescription(of: error))
        }
        return AuthHeaders(
            key: keyId, timestamp: String(timestampMs), signature: signature.rawRepresentation.base64EncodedString())
    }

    /// Same as `headers(method:path:timestampMs:)` with the current wall-clock time.
    public func headers(method: String, path: String) throws(SigningError) -> AuthHeaders {
        try headers(method: method, path: path, timestampMs: Self.currentTimestampMs())
    }

    /// Headers for the WebSocket upgrade request: `GET /trade-api/ws/v2`, signed now.
    public func webSocketHeaders(timestampMs: Int64 = RequestSigner.currentTimestampMs()) throws(SigningError) -> AuthHeaders {
        try headers(method: "GET", path: "/trade-api/ws/v2", timestampMs: timestampMs)
    }

    /// `"\(timestampMs)\(METHOD uppercased)\(path without scheme, host, query and fragment)"`.
    /// Example: `1703123456789`, `get`, `https://external-api.kalshi.com/trade-api/v2/portfolio/orders?limit=5`
    /// → `1703123456789GET/trade-api/v2/portfolio/orders`.
    public static func stringToSign(timestampMs: Int64, method: String, path: String) -> String {
        "\(timestampMs)\(method.uppercased())\(signingPath(path))"
    }

    /// The part of a request target that Kalshi signs: an absolute URL loses its scheme and host, and
    /// everything from the first `?` (query) or `#` (fragment) is cut. An empty result becomes `/`.
    public static func signingPath(_ target: String) -> String {
        var rest = Substring(target)
        if let schemeEnd = rest.range(of: "://") {
            let afterScheme = rest[schemeEnd.upperBound...]
            rest = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }).map { afterScheme[$0...] } ?? ""
        }
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        return rest.isEmpty ? "/" : String(rest)
    }

    /// Current Unix time in milliseconds from the real-time clock.
    public static func currentTimestampMs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// Test hook: the public key object.
    var publicKey: _RSA.Signing.PublicKey { privateKey.publicKey }
}

extension RequestSigner: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private var redactedKey: String { "<redacted RSA-\(keySizeInBits) private key>" }

    public var description: String {
        "RequestSigner(keyId: \(keyId), privateKey: \(redactedKey), publicKeySHA256: \(publicKeyFingerprint))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["keyId": keyId, "privateKey": redactedKey, "publicKeySHA256": publicKeyFingerprint],
            displayStyle: .struct)
    }
}
