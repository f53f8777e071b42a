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

/// Reads and checks key material. Everything here reports problems as `KeyLoadError`, whose
/// descriptions never contain key bytes.
enum KeyLoading {
    /// Smallest RSA modulus accepted for signing or verifying.
    static let minimumKeyBits = 2048
    /// A 16384-bit PKCS#1 PEM is ~12 KB; anything beyond this is certainly not a key file.
    static let maximumFileBytes = 1 << 20

    /// Expands a leading `~/` (config files do not get shell expansion).
    static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else {
            return path
        }
        return home + path.dropFirst()
    }

    /// Opens the file, checks with `fstat` on the open descriptor (no check-then-open race) that it is a
    /// regular file restricted to its owner, then reads it.
    static func readKeyFile(path: String, allowInsecurePermissions: Bool) throws(KeyLoadError) -> [UInt8] {
        guard !path.isEmpty else { throw .fileNotFound(path: path) }
        // O_NONBLOCK: opening a FIFO must not hang; the fstat below refuses anything but a regular file.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else { throw openError(errno: errno, path: path) }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .unreadable(path: path, reason: systemMessage(errno))
        }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .notARegularFile(path: path) }
        let mode = UInt32(status.st_mode) & 0o7777
        if mode & 0o077 != 0 && !allowInsecurePermissions {
            throw .insecurePermissions(path: path, mode: mode)
        }
        guard status.st_size <= maximumFileBytes else { throw .fileTooLarge(path: path, bytes: Int(status.st_size)) }

        var contents: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .unreadable(path: path, reason: systemMessage(errno))
            }
            contents.append(contentsOf: buffer[0..<count])
            if contents.count > maximumFileBytes { throw .fileTooLarge(path: path, bytes: contents.count) }
        }
        return contents
    }

    static func openError(errno code: Int32, path: String) -> KeyLoadError {
        switch code {
        case ENOENT, ENOTDIR: return .fileNotFound(path: path)
        case EACCES, EPERM:
            return .unreadable(
                path: path, reason: "permission denied (the file, or a directory above it, is not readable by this user)")
        default: return .unreadable(path: path, reason: systemMessage(code))
        }
    }

    static func systemMessage(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// Turns file bytes into text: a UTF-8 BOM is dropped; bytes that are not UTF-8 text mean "not PEM"
    /// (e.g. a binary DER key).
    static func text(from bytes: [UInt8], path: String) throws(KeyLoadError) -> String {
        var slice = bytes[...]
        if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        if slice.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { throw .empty(path: path) }
        guard let text = String(validating: slice, as: UTF8.self) else { throw .notPEM(path: path) }
        return text
    }

    /// Classifies the PEM and returns the RSA private key, or a precise error.
    static func privateKey(fromPEM text: String, source path: String) throws(KeyLoadError) -> _RSA.Signing.PrivateKey {
        if text.allSatisfy(\.isWhitespace) { throw .empty(path: path) }
        let blocks: [PEMBlock]
        switch PEMParser.parse(text) {
        case .success(let parsed): blocks = parsed
        case .failure(.noBlocks): throw .notPEM(path: path)
        case .failure(.malformed(let reason)): throw .malformed(path: path, reason: reason)
        }
        let privateBlocks = blocks.filter { $0.label.hasSuffix("PRIVATE KEY") }
        guard privateBlocks.count <= 1 else { throw .multiplePrivateKeys(path: path, count: privateBlocks.count) }
        guard let block = privateBlocks.first else {
            let label = blocks[0].label
            if label.hasSuffix("PUBLIC KEY") { throw .publicKeyNotPrivate(path: path, pemLabel: label) }
            throw .notAKey(path: path, pemLabel: label)
        }

        switch block.label {
        case "ENCRYPTED PRIVATE KEY":
            throw .encrypted(path: path)
        case "RSA PRIVATE KEY", "PRIVATE KEY":
            if block.isLegacyEncrypted { throw .encrypted(path: path) }
        case "EC PRIVATE KEY":
            throw .notRSA(path: path, algorithm: "EC")
        case "DSA PRIVATE KEY":
            throw .notRSA(path: path, algorithm: "DSA")
        default:
            throw .unsupportedFormat(path: path, pemLabel: block.label)
        }

        guard let der = Data(base64Encoded: block.base64Body), !der.isEmpty else {
            throw .malformed(path: path, reason: "the body of the '\(block.label)' block is not valid Base64")
        }
        let derBytes = [UInt8](der)
        let bits: Int
        do {
            if block.label == "PRIVATE KEY" {
                switch try PrivateKeyInspection.inspectPKCS8(derBytes) {
                case .otherAlgorithm(let name): throw KeyLoadError.notRSA(path: path, algorithm: name)
                case .rsa(let modulusBits): bits = modulusBits
                }
            } else {
                bits = try PrivateKeyInspection.modulusBits(pkcs1: derBytes)
            }
        } catch let error as KeyLoadError {
            throw error
        } catch {
            throw .malformed(path: path, reason: "the '\(block.label)' block is not a valid \(formatName(block.label)) structure")
        }
        guard bits >= minimumKeyBits else { throw .keyTooSmall(path: path, bits: bits, minimumBits: minimumKeyBits) }

        do {
            return try _RSA.Signing.PrivateKey(derRepresentation: derBytes)
        } catch {
            throw .malformed(path: path, reason: "the crypto library rejected the RSA key (\(safeDescription(of: error)))")
        }
    }

    /// Loads an RSA public key for verification.
    static func publicKey(fromPEM text: String, source path: String) throws(KeyLoadError) -> _RSA.Signing.PublicKey {
        if text.allSatisfy(\.isWhitespace) { throw .empty(path: path) }
        let blocks: [PEMBlock]
        switch PEMParser.parse(text) {
        case .success(let parsed): blocks = parsed
        case .failure(.noBlocks): throw .notPEM(path: path)
        case .failure(.malformed(let reason)): throw .malformed(path: path, reason: reason)
        }
        if let privateBlock = blocks.first(where: { $0.label.hasSuffix("PRIVATE KEY") }) {
            throw .privateKeyNotPublic(path: path, pemLabel: privateBlock.label)
        }
        guard let block = blocks.first(where: { $0.label == "PUBLIC KEY" || $0.label == "RSA PUBLIC KEY" }) else {
            throw .notAKey(path: path, pemLabel: blocks[0].label)
        }
        guard let der = Data(base64Encoded: block.base64Body), !der.isEmpty else {
            throw .malformed(path: path, reason: "the body of the '\(block.label)' block is not valid Base64")
        }
        let key: _RSA.Signing.PublicKey
        do {
            // The unsafe initializer admits 1024-bit keys so that the size check below can name the size.
            key = try _RSA.Signing.PublicKey(unsafeDERRepresentation: der)
        } catch {
            throw .malformed(path: path, reason: "not a valid RSA public key (\(safeDescription(of: error)))")
        }
        guard key.keySizeInBits >= minimumKeyBits else {
            throw .keyTooSmall(path: path, bits: key.keySizeInBits, minimumBits: minimumKeyBits)
        }
        return key
    }

    /// PEM text as files conventionally hold it: ending with a newline.
    static func withTrailingNewline(_ pem: String) -> String {
        pem.hasSuffix("\n") ? pem : pem + "\n"
    }

    private static func formatName(_ label: String) -> String {
        label == "PRIVATE KEY" ? "PKCS#8 RSA private key" : "PKCS#1 RSA private key"
    }

    /// The crypto library's errors are codes, never input bytes; anything else is reduced to its type name.
    static func safeDescription(of error: any Error) -> String {
        if let crypto = error as? CryptoKitError { return String(describing: crypto) }
        return String(describing: type(of: error))
    }
}
