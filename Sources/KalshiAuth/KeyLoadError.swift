import Foundation

/// Why an API key id, a private key or a public key could not be used.
///
/// Every case names where the key came from (`path`: a file path, or `RequestSigner.inlinePEMSource`
/// for a PEM passed as a string) and the problem, and tells the operator how to fix it. No case
/// carries key material: the descriptions are safe to log.
public enum KeyLoadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The API key id is empty or contains whitespace/control characters (it becomes an HTTP header).
    case invalidKeyId(reason: String)
    /// Nothing exists at the path (or a directory on the way is missing).
    case fileNotFound(path: String)
    /// The file exists but could not be opened or read (`reason` is the system's message).
    case unreadable(path: String, reason: String)
    /// The path names a directory, device, FIFO or socket instead of a regular file.
    case notARegularFile(path: String)
    /// The file is readable, writable or executable by group or others (`mode` is `st_mode & 0o7777`).
    case insecurePermissions(path: String, mode: UInt32)
    /// The file is implausibly large for a PEM key (`bytes` is its size).
    case fileTooLarge(path: String, bytes: Int)
    /// The file (or string) is empty or holds only whitespace.
    case empty(path: String)
    /// No `-----BEGIN …-----` block: not a PEM file (binary DER, a key id pasted by mistake, …).
    case notPEM(path: String)
    /// A PEM block whose structure or contents could not be decoded.
    case malformed(path: String, reason: String)
    /// The private key is protected with a passphrase (`ENCRYPTED PRIVATE KEY` or `Proc-Type: 4,ENCRYPTED`).
    case encrypted(path: String)
    /// A public key where a private key was expected (`pemLabel` is e.g. `PUBLIC KEY`).
    case publicKeyNotPrivate(path: String, pemLabel: String)
    /// A private key where a public key was expected (the verifier must only ever see public halves).
    case privateKeyNotPublic(path: String, pemLabel: String)
    /// A PEM block that holds neither kind of key, e.g. a `CERTIFICATE`.
    case notAKey(path: String, pemLabel: String)
    /// A private key of another algorithm (`algorithm` is e.g. `EC`, `Ed25519`).
    case notRSA(path: String, algorithm: String)
    /// A private key container this loader does not read (e.g. `OPENSSH PRIVATE KEY`).
    case unsupportedFormat(path: String, pemLabel: String)
    /// More than one private key block: refusing to guess which one to use.
    case multiplePrivateKeys(path: String, count: Int)
    /// An RSA key shorter than `minimumBits`.
    case keyTooSmall(path: String, bits: Int, minimumBits: Int)

    public var description: String {
        switch self {
        case let .invalidKeyId(reason):
            return "invalid API key id: \(reason) (use the API Key ID shown next to the key in Kalshi's web app)"
        case let .fileNotFound(path):
            if path.isEmpty { return "no private key file given (the key file path is empty)" }
            return "\(path): private key file not found"
        case let .unreadable(path, reason):
            return "\(path): cannot read the private key file: \(reason)"
        case let .notARegularFile(path):
            return "\(path): not a regular file; expected the private key PEM file"
        case let .insecurePermissions(path, mode):
            return "\(path): refusing to use the private key file because its permissions are "
                + "\(Self.octal(mode & 0o7777)): it is \(Self.describeLooseBits(mode)). A private key must be "
                + "accessible to its owner only. Fix with: chmod 600 \(Self.shellQuoted(path)) "
                + "(or explicitly allow insecure permissions)"
        case let .fileTooLarge(path, bytes):
            return "\(path): \(bytes) bytes is far too large for a PEM private key; wrong file?"
        case let .empty(path):
            return "\(path): the private key is empty"
        case let .notPEM(path):
            return "\(path): not a PEM key: no '-----BEGIN … KEY-----' line found (expected the RSA private key "
                + "file downloaded from Kalshi, starting with '-----BEGIN PRIVATE KEY-----' or "
                + "'-----BEGIN RSA PRIVATE KEY-----')"
        case let .malformed(path, reason):
            return "\(path): the PEM key is malformed: \(reason)"
        case let .encrypted(path):
            return "\(path): the private key is encrypted with a passphrase, which is not supported; "
                + "decrypt it to a file only you can read (openssl pkey -in ENCRYPTED.pem -out KEY.pem, "
                + "then chmod 600 KEY.pem)"
        case let .publicKeyNotPrivate(path, label):
            return "\(path): holds a public key ('-----BEGIN \(label)-----'), not the private key; "
                + "use the private key file Kalshi gave you when the API key was created"
        case let .privateKeyNotPublic(path, label):
            return "\(path): holds a private key ('-----BEGIN \(label)-----') where a public key was expected; "
                + "give the verifier only the public half (openssl pkey -in KEY.pem -pubout)"
        case let .notAKey(path, label):
            return "\(path): the PEM block is a '\(label)', not a key"
        case let .notRSA(path, algorithm):
            return "\(path): the private key is \(algorithm), but Kalshi API keys are RSA"
        case let .unsupportedFormat(path, label):
            return "\(path): '\(label)' keys are not supported; convert the key to PKCS#8 PEM "
                + "('-----BEGIN PRIVATE KEY-----')"
        case let .multiplePrivateKeys(path, count):
            return "\(path): contains \(count) private keys; expected exactly one"
        case let .keyTooSmall(path, bits, minimumBits):
            return "\(path): the RSA key has \(bits) bits; at least \(minimumBits) are required"
        }
    }

    /// `0644`-style rendering of permission bits.
    static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Names the group/other permission bits that are set, e.g. "group-readable (0040), world-readable (0004)".
    static func describeLooseBits(_ mode: UInt32) -> String {
        let names: [(UInt32, String)] = [
            (0o040, "group-readable"), (0o020, "group-writable"), (0o010, "group-executable"),
            (0o004, "world-readable"), (0o002, "world-writable"), (0o001, "world-executable"),
        ]
        let present = names.filter { mode & $0.0 != 0 }.map { "\($0.1) (\(octal($0.0)))" }
        return present.isEmpty ? "not restricted to its owner" : present.joined(separator: ", ")
    }

    /// Quotes a path for a copy-pasteable shell command when it holds anything beyond safe characters.
    static func shellQuoted(_ path: String) -> String {
        let safe = path.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "/._-+,:@%".unicodeScalars.contains($0)
        }
        if safe && !path.isEmpty { return path }
        return "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
