import Foundation

/// One `-----BEGIN LABEL----- … -----END LABEL-----` block.
struct PEMBlock {
    /// The text between `BEGIN ` and the closing dashes, e.g. `PRIVATE KEY`.
    var label: String
    /// RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`) found before the Base64 body.
    var headers: [String: String]
    /// The Base64 body lines, concatenated (whitespace removed).
    var base64Body: String

    var isLegacyEncrypted: Bool {
        headers.contains {
            $0.key.caseInsensitiveCompare("Proc-Type") == .orderedSame && $0.value.uppercased().contains("ENCRYPTED")
        }
    }
}

/// A deliberately small PEM reader: enough to classify what a user pointed us at and to give a precise
/// error. Text outside blocks (openssl "Bag Attributes", comments) is ignored.
enum PEMParser {
    enum Failure: Error, Equatable {
        case noBlocks
        case malformed(String)
    }

    static func parse(_ text: String) -> Result<[PEMBlock], Failure> {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })[
            ...]
        var blocks: [PEMBlock] = []
        while let line = lines.popFirst() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let label = marker(trimmed, kind: "BEGIN") else {
                if trimmed.hasPrefix("-----END") { return .failure(.malformed("an END line without a matching BEGIN line")) }
                continue
            }
            var headers: [String: String] = [:]
            var body = ""
            var inHeaders = true
            var closed = false
            while let inner = lines.popFirst() {
                let content = inner.trimmingCharacters(in: .whitespaces)
                if let endLabel = marker(content, kind: "END") {
                    guard endLabel == label else {
                        return .failure(.malformed("block '\(label)' is closed by an END line for '\(endLabel)'"))
                    }
                    closed = true
                    break
                }
                if marker(content, kind: "BEGIN") != nil {
                    return .failure(.malformed("block '\(label)' has no END line before the next BEGIN line"))
                }
                if content.isEmpty {
                    inHeaders = false
                    continue
                }
                if inHeaders, body.isEmpty, let colon = content.firstIndex(of: ":") {
                    let name = content[..<colon].trimmingCharacters(in: .whitespaces)
                    let value = content[content.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    headers[name] = value
                    continue
                }
                inHeaders = false
                body += content
            }
            guard closed else { return .failure(.malformed("block '\(label)' has no '-----END \(label)-----' line")) }
            blocks.append(PEMBlock(label: label, headers: headers, base64Body: body))
        }
        return blocks.isEmpty ? .failure(.noBlocks) : .success(blocks)
    }

    /// `-----BEGIN X-----` → `X` (for `kind` "BEGIN"), else nil.
    private static func marker(_ line: String, kind: String) -> String? {
        let prefix = "-----\(kind) "
        guard line.hasPrefix(prefix), line.hasSuffix("-----"), line.count >= prefix.count + 5 else { return nil }
        let start = line.index(line.startIndex, offsetBy: prefix.count)
        let end = line.index(line.endIndex, offsetBy: -5)
        guard start <= end else { return nil }
        return String(line[start..<end]).trimmingCharacters(in: .whitespaces)
    }
}

/// Just enough DER to read the outer structure of PKCS#8 and PKCS#1 RSA keys: the algorithm OID
/// and the modulus length. Never used to sign; BoringSSL parses the key again and validates it.
struct DERReader {
    enum Failure: Error { case truncated, unexpectedTag(expected: UInt8, found: UInt8), badLength }

    static let sequence: UInt8 = 0x30
    static let integer: UInt8 = 0x02
    static let octetString: UInt8 = 0x04
    static let objectIdentifier: UInt8 = 0x06

    private let bytes: [UInt8]
    private var index: Int
    private let end: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.index = 0
        self.end = bytes.count
    }

    private init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.index = range.lowerBound
        self.end = range.upperBound
    }

    var isAtEnd: Bool { index >= end }

    /// Reads one element, returning its tag and a reader over its contents.
    mutating func read() throws(Failure) -> (tag: UInt8, contents: DERReader) {
        guard index + 2 <= end else { throw .truncated }
        let tag = bytes[index]
        var length = Int(bytes[index + 1])
        index += 2
        if length & 0x80 != 0 {
            let count = length & 0x7f
            guard count >= 1, count <= 4, index + count <= end else { throw .badLength }
            length = 0
            for _ in 0..<count {
                length = length << 8 | Int(bytes[index])
                index += 1
            }
        }
        guard length <= end - index else { throw .truncated }
        let contents = DERReader(bytes: bytes, range: index..<(index + length))
        index += length
        return (tag, contents)
    }

    mutating func read(expecting tag: UInt8) throws(Failure) -> DERReader {
        let element = try read()
        guard element.tag == tag else { throw .unexpectedTag(expected: tag, found: element.tag) }
        return element.contents
    }

    var remainingBytes: ArraySlice<UInt8> { bytes[index..<end] }

    /// Bit length of an unsigned big-endian INTEGER's contents (leading zero bytes ignored).
    static func bitLength(ofUnsigned integer: ArraySlice<UInt8>) -> Int {
        guard let first = integer.firstIndex(where: { $0 != 0 }) else { return 0 }
        let leading = integer[first]
        return (integer.endIndex - first - 1) * 8 + (8 - leading.leadingZeroBitCount)
    }

    /// Dotted form of an OBJECT IDENTIFIER's contents.
    static func dotted(_ oid: ArraySlice<UInt8>) -> String {
        var arcs: [UInt64] = []
        var value: UInt64 = 0
        for byte in oid {
            value = value << 7 | UInt64(byte & 0x7f)
            if byte & 0x80 == 0 {
                if arcs.isEmpty {
                    let first = min(value / 40, 2)
                    arcs.append(first)
                    arcs.append(value - first * 40)
                } else {
                    arcs.append(value)
                }
                value = 0
            }
        }
        return arcs.map(String.init).joined(separator: ".")
    }
}

/// What the outer structure of a private key says, before BoringSSL sees it.
enum PrivateKeyInspection {
    static let rsaEncryption = "1.2.840.113549.1.1.1"

    static let algorithmNames: [String: String] = [
        rsaEncryption: "RSA",
        "1.2.840.113549.1.1.10": "RSASSA-PSS-restricted RSA (not usable for plain RSA-PSS signing here)",
        "1.2.840.10045.2.1": "EC",
        "1.3.101.110": "X25519",
        "1.3.101.111": "X448",
        "1.3.101.112": "Ed25519",
        "1.3.101.113": "Ed448",
        "1.2.840.10040.4.1": "DSA",
        "1.2.840.113549.1.3.1": "DH",
    ]

    enum Outcome {
        case rsa(modulusBits: Int)
        case otherAlgorithm(String)
    }

    /// PKCS#8 `PrivateKeyInfo`: SEQUENCE { version, AlgorithmIdentifier { OID, params }, OCTET STRING key, … }.
    static func inspectPKCS8(_ der: [UInt8]) throws(DERReader.Failure) -> Outcome {
        var outer = DERReader(der)
        var info = try outer.read(expecting: DERReader.sequence)
        _ = try info.read(expecting: DERReader.integer)
        var algorithm = try info.read(expecting: DERReader.sequence)
        let oid = DERReader.dotted(try algorithm.read(expecting: DERReader.objectIdentifier).remainingBytes)
        guard oid == rsaEncryption else {
            return .otherAlgorithm(algorithmNames[oid] ?? "an unknown algorithm (OID \(oid))")
        }
        let inner = try info.read(expecting: DERReader.octetString)
        return .rsa(modulusBits: try modulusBits(pkcs1: Array(inner.remainingBytes)))
    }

    /// PKCS#1 `RSAPrivateKey`: SEQUENCE { version, modulus, publicExponent, … }.
    static func modulusBits(pkcs1 der: [UInt8]) throws(DERReader.Failure) -> Int {
        var outer = DERReader(der)
        var key = try outer.read(expecting: DERReader.sequence)
        _ = try key.read(expecting: DERReader.integer)
        let modulus = try key.read(expecting: DERReader.integer)
        return DERReader.bitLength(ofUnsigned: modulus.remainingBytes)
    }
}
