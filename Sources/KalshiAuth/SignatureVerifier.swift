import Crypto
import Foundation
import _CryptoExtras

/// Why a request timestamp is outside the accepted window.
public enum TimestampRejection: Error, Equatable, Sendable, CustomStringConvertible {
    /// No `KALSHI-ACCESS-TIMESTAMP` header.
    case missing
    /// The header is not a plain decimal number of milliseconds (the text is shortened to 40 characters).
    case malformed(String)
    /// The timestamp is `skewMs` behind the server clock, more than `windowMs` allows.
    case tooOld(skewMs: Int64, windowMs: Int64)
    /// The timestamp is `skewMs` ahead of the server clock, more than `windowMs` allows.
    case inFuture(skewMs: Int64, windowMs: Int64)

    public var description: String {
        switch self {
        case .missing: return "missing \(AuthHeaders.timestampName) header"
        case let .malformed(text):
            return "\(AuthHeaders.timestampName) '\(text)' is not a Unix time in milliseconds"
        case let .tooOld(skew, window):
            return "\(AuthHeaders.timestampName) is \(skew) ms in the past; at most \(window) ms of clock skew is accepted"
        case let .inFuture(skew, window):
            return "\(AuthHeaders.timestampName) is \(skew) ms in the future; at most \(window) ms of clock skew is accepted"
        }
    }
}

/// Why the verifier refused a request (the fake exchange answers 401 with this text).
public enum AuthRejection: Error, Equatable, Sendable, CustomStringConvertible {
    case missingHeader(String)
    case unknownKeyId
    case timestamp(TimestampRejection)
    case badSignature

    public var description: String {
        switch self {
        case let .missingHeader(name): return "missing \(name) header"
        case .unknownKeyId: return "\(AuthHeaders.keyName) does not name a known API key"
        case let .timestamp(reason): return reason.description
        case .badSignature:
            return "\(AuthHeaders.signatureName) does not verify (RSA-PSS SHA-256, salt 32, over timestamp + METHOD + path "
                + "without query)"
        }
    }
}

/// Verifies Kalshi request signatures against an RSA public key, for the fake exchange and tests.
///
/// Verification is strict: only RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt is accepted
/// (swift-crypto's `.PSS` verify checks the salt length), so a client signing with another salt
/// length fails here just as it might at Kalshi.
public struct SignatureVerifier: Sendable {
    /// Default accepted clock skew between the request timestamp and the verifier's clock.
    public static let defaultMaxSkewMs: Int64 = 5_000

    private let publicKey: _RSA.Signing.PublicKey
    /// If set, `verify` rejects other key ids.
    public let expectedKeyId: String?
    /// Accepted |request timestamp − now|, in milliseconds.
    public let maxSkewMs: Int64

    /// Loads an SPKI (`BEGIN PUBLIC KEY`) or PKCS#1 (`BEGIN RSA PUBLIC KEY`) RSA public key of at least 2048 bits.
    public init(publicKeyPEM: String, expectedKeyId: String? = nil, maxSkewMs: Int64 = SignatureVerifier.defaultMaxSkewMs)
        throws(KeyLoadError)
    {
        self.publicKey = try KeyLoading.publicKey(fromPEM: publicKeyPEM, source: "<public key PEM>")
        self.expectedKeyId = expectedKeyId
        self.maxSkewMs = max(0, maxSkewMs)
    }

    /// A verifier for the public half of `signer`'s key (tests and the offline demo).
    public init(signer: RequestSigner, maxSkewMs: Int64 = SignatureVerifier.defaultMaxSkewMs) {
        self.publicKey = signer.publicKey
        self.expectedKeyId = signer.keyId
        self.maxSkewMs = max(0, maxSkewMs)
    }

    /// The SPKI public key PEM for a private key PEM (PKCS#1 or PKCS#8), e.g. to set up a fake exchange in tests.
    public static func publicKeyPEM(fromPrivateKeyPEM privateKeyPEM: String) throws(KeyLoadError) -> String {
        KeyLoading.withTrailingNewline(
            try KeyLoading.privateKey(fromPEM: privateKeyPEM, source: RequestSigner.inlinePEMSource).publicKey.pemRepresentation)
    }

    public var keySizeInBits: Int { publicKey.keySizeInBits }

    /// Whether `signatureBase64` (standard Base64) is a valid salt-32 RSA-PSS SHA-256 signature of
    /// `RequestSigner.stringToSign(timestampMs:method:path:)`. The query string of `path` is ignored, as
    /// Kalshi does not sign it.
    public func isValid(signatureBase64: String, timestampMs: Int64, method: String, path: String) -> Bool {
        guard let bytes = Data(base64Encoded: signatureBase64), bytes.count == (publicKey.keySizeInBits + 7) / 8 else {
            return false
        }
        let message = RequestSigner.stringToSign(timestampMs: timestampMs, method: method, path: path)
        return publicKey.isValidSignature(
            _RSA.Signing.RSASignature(rawRepresentation: bytes), for: Data(message.utf8), padding: .PSS)
    }

    /// Parses a `KALSHI-ACCESS-TIMESTAMP` header value and checks it against `nowMs` ± `maxSkewMs`.
    public static func checkTimestamp(_ header: String?, nowMs: Int64, maxSkewMs: Int64 = defaultMaxSkewMs)
        -> Result<Int64, TimestampRejection>
    {
        guard let header else { return .failure(.missing) }
        guard !header.isEmpty, header.utf8.count <= 19, header.utf8.allSatisfy({ (48...57).contains($0) }),
            let value = Int64(header)
        else {
            return .failure(.malformed(String(header.prefix(40))))
        }
        if let rejection = checkTimestamp(value, nowMs: nowMs, maxSkewMs: maxSkewMs) { return .failure(rejection) }
        return .success(value)
    }

    /// `nil` when `timestampMs` is within `nowMs` ± `maxSkewMs` (inclusive), else the reason.
    public static func checkTimestamp(_ timestampMs: Int64, nowMs: Int64, maxSkewMs: Int64 = defaultMaxSkewMs)
        -> TimestampRejection?
    {
        let (difference, overflow) = timestampMs.subtractingReportingOverflow(nowMs)
        if overflow {
            return timestampMs < nowMs ? .tooOld(skewMs: .max, windowMs: maxSkewMs) : .inFuture(skewMs: .max, windowMs: maxSkewMs)
        }
        if difference > maxSkewMs { return .inFuture(skewMs: difference, windowMs: maxSkewMs) }
        if difference < -maxSkewMs { return .tooOld(skewMs: difference == .min ? .max : -difference, windowMs: maxSkewMs) }
        return nil
    }

    /// Full check of one request's headers, in the order a server would apply them: presence, key id,
    /// timestamp window (against `nowMs`, this verifier's `maxSkewMs`), signature.
    public func verify(
        keyId: String?, timestamp: String?, signature: String?, method: String, path: String, nowMs: Int64
    ) throws(AuthRejection) {
        guard let keyId else { throw .missingHeader(AuthHeaders.keyName) }
        guard let timestamp else { throw .missingHeader(AuthHeaders.timestampName) }
        guard let signature else { throw .missingHeader(AuthHeaders.signatureName) }
        if let expectedKeyId, keyId != expectedKeyId { throw .unknownKeyId }
        let timestampMs: Int64
        switch Self.checkTimestamp(timestamp, nowMs: nowMs, maxSkewMs: maxSkewMs) {
        case .success(let value): timestampMs = value
        case .failure(let reason): throw .timestamp(reason)
        }
        guard isValid(signatureBase64: signature, timestampMs: timestampMs, method: method, path: path) else {
            throw .badSignature
        }
    }
}
