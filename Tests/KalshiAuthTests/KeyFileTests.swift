import Foundation
import Testing

@testable import KalshiAuth

#if canImport(Glibc)
    import Glibc
#endif

/// One row of the key-file table: what to put at the path, and the error it must produce.
struct BadKeyFile: Sendable, CustomTestStringConvertible {
    enum Setup: Sendable {
        case missing
        case directory
        case file(mode: mode_t, contents: @Sendable (TestKeys) -> Data)
    }

    var name: String
    var setup: Setup
    var expected: @Sendable (_ path: String) -> KeyLoadError
    var testDescription: String { name }

    static func text(_ mode: mode_t = 0o600, _ pick: @escaping @Sendable (TestKeys) -> String) -> Setup {
        .file(mode: mode, contents: { Data(pick($0).utf8) })
    }

    static let all: [BadKeyFile] = [
        .init(name: "missing file", setup: .missing, expected: { .fileNotFound(path: $0) }),
        .init(name: "directory", setup: .directory, expected: { .notARegularFile(path: $0) }),
        .init(name: "mode 0644", setup: text(0o644) { $0.pkcs8 }, expected: { .insecurePermissions(path: $0, mode: 0o644) }),
        .init(name: "mode 0640", setup: text(0o640) { $0.pkcs8 }, expected: { .insecurePermissions(path: $0, mode: 0o640) }),
        .init(name: "mode 0604", setup: text(0o604) { $0.pkcs1 }, expected: { .insecurePermissions(path: $0, mode: 0o604) }),
        .init(
            name: "mode 0620 (group-writable)", setup: text(0o620) { $0.pkcs8 },
            expected: { .insecurePermissions(path: $0, mode: 0o620) }),
        .init(name: "mode 0666", setup: text(0o666) { $0.pkcs8 }, expected: { .insecurePermissions(path: $0, mode: 0o666) }),
        .init(
            name: "mode 0700 ok, 0710 not", setup: text(0o710) { $0.pkcs8 },
            expected: { .insecurePermissions(path: $0, mode: 0o710) }),
        .init(name: "empty file", setup: text { _ in "" }, expected: { .empty(path: $0) }),
        .init(name: "whitespace only", setup: text { _ in " \n\r\n\t\n" }, expected: { .empty(path: $0) }),
        .init(
            name: "not PEM: key id pasted", setup: text { _ in "a952bcbe-ec3b-4b5b-b8f9-11dae589608c\n" },
            expected: { .notPEM(path: $0) }),
        .init(name: "not PEM: binary DER", setup: .file(mode: 0o600, contents: { $0.der }), expected: { .notPEM(path: $0) }),
        .init(
            name: "PEM without END line",
            setup: text { String($0.pkcs8.prefix(300)) },
            expected: { .malformed(path: $0, reason: "block 'PRIVATE KEY' has no '-----END PRIVATE KEY-----' line") }),
        .init(
            name: "PEM with a broken Base64 body",
            setup: text { _ in "-----BEGIN PRIVATE KEY-----\nnot*base64!\n-----END PRIVATE KEY-----\n" },
            expected: { .malformed(path: $0, reason: "the body of the 'PRIVATE KEY' block is not valid Base64") }),
        .init(
            name: "PEM with a body that is not a key",
            setup: text { _ in "-----BEGIN RSA PRIVATE KEY-----\naGVsbG8gd29ybGQ=\n-----END RSA PRIVATE KEY-----\n" },
            expected: {
                .malformed(path: $0, reason: "the 'RSA PRIVATE KEY' block is not a valid PKCS#1 RSA private key structure")
            }),
        .init(name: "encrypted PKCS#8", setup: text { $0.encryptedPKCS8 }, expected: { .encrypted(path: $0) }),
        .init(name: "encrypted PKCS#1 (Proc-Type)", setup: text { $0.encryptedPKCS1 }, expected: { .encrypted(path: $0) }),
        .init(
            name: "public key (SPKI)", setup: text { $0.publicSPKI },
            expected: { .publicKeyNotPrivate(path: $0, pemLabel: "PUBLIC KEY") }),
        .init(
            name: "public key (PKCS#1)", setup: text { $0.publicPKCS1 },
            expected: { .publicKeyNotPrivate(path: $0, pemLabel: "RSA PUBLIC KEY") }),
        .init(name: "certificate", setup: text { $0.certificate }, expected: { .notAKey(path: $0, pemLabel: "CERTIFICATE") }),
        .init(name: "EC key (PKCS#8)", setup: text { $0.ecPKCS8 }, expected: { .notRSA(path: $0, algorithm: "EC") }),
        .init(name: "EC key (SEC1)", setup: text { $0.ecTraditional }, expected: { .notRSA(path: $0, algorithm: "EC") }),
        .init(name: "Ed25519 key", setup: text { $0.ed25519 }, expected: { .notRSA(path: $0, algorithm: "Ed25519") }),
        .init(
            name: "RSA-PSS-restricted key", setup: text { $0.rsaPSS },
            expected: { .notRSA(path: $0, algorithm: PrivateKeyInspection.algorithmNames["1.2.840.113549.1.1.10"]!) }),
        .init(
            name: "OpenSSH key",
            setup: text { _ in
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"
            },
            expected: { .unsupportedFormat(path: $0, pemLabel: "OPENSSH PRIVATE KEY") }),
        .init(name: "RSA-1024", setup: text { $0.rsa1024 }, expected: { .keyTooSmall(path: $0, bits: 1024, minimumBits: 2048) }),
        .init(name: "RSA-512", setup: text { $0.rsa512 }, expected: { .keyTooSmall(path: $0, bits: 512, minimumBits: 2048) }),
        .init(
            name: "two private keys", setup: text { $0.pkcs8 + $0.rsa3072 },
            expected: { .multiplePrivateKeys(path: $0, count: 2) }),
    ]
}

@Suite(.enabled(if: OpenSSL.isAvailable)) struct KeyFileTests {
    @Test(arguments: BadKeyFile.all)
    func badKeyFileIsRefused(row: BadKeyFile) throws {
        let keys = try TestKeys.get()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("kalshi key.pem")  // a space, to check the chmod advice is quoted
        var secrets = secretLines(of: keys.pkcs8) + secretLines(of: keys.pkcs1)
        switch row.setup {
        case .missing: break
        case .directory: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        case .file(let mode, let contents):
            let data = contents(keys)
            secrets += secretLines(of: String(decoding: data, as: UTF8.self))
            try directory.write("kalshi key.pem", data, mode: mode)
        }

        let expected = row.expected(path)
        #expect(throws: expected) { _ = try RequestSigner(keyId: "key-id", keyFile: path) }

        let description = expected.description
        #expect(description.contains(path), "the message must name the file: \(description)")
        #expect(leaks(description, secrets: secrets).isEmpty, "key material in: \(description)")
        if case .insecurePermissions(_, let mode) = expected {
            #expect(description.contains("chmod 600 '\(path)'"))
            #expect(description.contains(KeyLoadError.octal(mode)))
            if mode & 0o040 != 0 { #expect(description.contains("group-readable (0040)")) }
            if mode & 0o004 != 0 { #expect(description.contains("world-readable (0004)")) }
            if mode & 0o020 != 0 { #expect(description.contains("group-writable (0020)")) }
            // The override accepts the same file.
            let signer = try RequestSigner(keyId: "key-id", keyFile: path, allowInsecurePermissions: true)
            #expect(signer.keySizeInBits >= 2048)
        }
        // Content errors are independent of the file: the same PEM passed as a string fails the same way.
        if case .file = row.setup, !isFileOnly(expected) {
            let contents = try String(contentsOfFile: path, encoding: .utf8)
            #expect(throws: Self.replacingPath(in: expected, with: RequestSigner.inlinePEMSource)) {
                _ = try RequestSigner(keyId: "key-id", privateKeyPEM: contents)
            }
        }
    }

    private func isFileOnly(_ error: KeyLoadError) -> Bool {
        switch error {
        case .insecurePermissions, .fileNotFound, .notARegularFile, .unreadable, .fileTooLarge: return true
        case .notPEM, .empty: return true  // binary DER is not a String; keep the in-memory check to the PEM rows
        default: return false
        }
    }

    static func replacingPath(in error: KeyLoadError, with source: String) -> KeyLoadError {
        switch error {
        case .malformed(_, let reason): return .malformed(path: source, reason: reason)
        case .encrypted: return .encrypted(path: source)
        case .publicKeyNotPrivate(_, let label): return .publicKeyNotPrivate(path: source, pemLabel: label)
        case .notAKey(_, let label): return .notAKey(path: source, pemLabel: label)
        case .notRSA(_, let algorithm): return .notRSA(path: source, algorithm: algorithm)
        case .unsupportedFormat(_, let label): return .unsupportedFormat(path: source, pemLabel: label)
        case .multiplePrivateKeys(_, let count): return .multiplePrivateKeys(path: source, count: count)
        case .keyTooSmall(_, let bits, let minimum): return .keyTooSmall(path: source, bits: bits, minimumBits: minimum)
        default: return error
        }
    }

    @Test(arguments: [(mode_t(0o600), false), (0o400, false), (0o700, false), (0o644, true), (0o640, true)])
    func acceptedModes(mode: mode_t, needsOverride: Bool) throws {
        let keys = try TestKeys.get()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("key.pem", keys.pkcs8, mode: mode)
        let signer = try RequestSigner(keyId: "key-id", keyFile: path, allowInsecurePermissions: needsOverride)
        #expect(signer.publicKeyPEM == keys.publicSPKI)
    }

    @Test func acceptedFormats() throws {
        let keys = try TestKeys.get()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let variants: [(String, String)] = [
            ("pkcs8", keys.pkcs8),
            ("pkcs1", keys.pkcs1),
            ("crlf", keys.pkcs8.replacingOccurrences(of: "\n", with: "\r\n")),
            ("bom", "\u{FEFF}" + keys.pkcs1),
            ("bag attributes", "Bag Attributes\n    localKeyID: 01 00 00 00\nKey Attributes: <No Attributes>\n" + keys.pkcs8),
            ("key and certificate", keys.certificate + keys.pkcs8),
            ("no trailing newline", keys.pkcs8.trimmingCharacters(in: .whitespacesAndNewlines)),
        ]
        for (name, text) in variants {
            let path = try directory.write("\(name).pem", text)
            let signer = try RequestSigner(keyId: "key-id", keyFile: path)
            #expect(signer.publicKeyPEM == keys.publicSPKI, "\(name)")
        }
        let large = try RequestSigner(keyId: "key-id", keyFile: try directory.write("3072.pem", keys.rsa3072))
        #expect(large.keySizeInBits == 3072)
    }

    @Test(.enabled(if: geteuid() != 0, "root can read any file"))
    func unreadableFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("key.pem", try TestKeys.get().pkcs8, mode: 0o000)
        #expect(throws: KeyLoading.openError(errno: EACCES, path: path)) { _ = try RequestSigner(keyId: "k", keyFile: path) }
    }

    @Test func openErrorsMapToTypedErrors() {
        #expect(KeyLoading.openError(errno: ENOENT, path: "/x") == .fileNotFound(path: "/x"))
        #expect(KeyLoading.openError(errno: ENOTDIR, path: "/x") == .fileNotFound(path: "/x"))
        guard case .unreadable(let path, let reason) = KeyLoading.openError(errno: EACCES, path: "/k.pem") else {
            Issue.record("EACCES must be .unreadable")
            return
        }
        #expect(path == "/k.pem")
        #expect(reason.contains("permission denied"))
        #expect(KeyLoadError.unreadable(path: "/k.pem", reason: reason).description.hasPrefix("/k.pem: "))
        guard case .unreadable = KeyLoading.openError(errno: EIO, path: "/x") else {
            Issue.record("EIO must be .unreadable")
            return
        }
    }

    @Test func fifoIsNotARegularFileAndDoesNotHang() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("fifo")
        try #require(mkfifo(path, 0o600) == 0)
        #expect(throws: KeyLoadError.notARegularFile(path: path)) { _ = try RequestSigner(keyId: "k", keyFile: path) }
    }

    @Test func emptyPathAndTilde() throws {
        #expect(throws: KeyLoadError.fileNotFound(path: "")) { _ = try RequestSigner(keyId: "k", keyFile: "") }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
        if !home.isEmpty {
            #expect(KeyLoading.expandingTilde("~/.kalshi/key.pem") == home + "/.kalshi/key.pem")
        }
        #expect(KeyLoading.expandingTilde("/a/~/b") == "/a/~/b")
    }

    @Test(arguments: ["", " ", "key id", "key\r\nX-Injected: 1", "\tkey"])
    func invalidKeyIds(keyId: String) throws {
        let keys = try TestKeys.get()
        #expect {
            _ = try RequestSigner(keyId: keyId, privateKeyPEM: keys.pkcs8)
        } throws: { error in
            guard case .invalidKeyId = error as? KeyLoadError else { return false }
            return true
        }
    }

    @Test func keyIdIsCheckedBeforeTheFile() {
        #expect {
            _ = try RequestSigner(keyId: "", keyFile: "/nonexistent/key.pem")
        } throws: { error in
            guard case .invalidKeyId = error as? KeyLoadError else { return false }
            return true
        }
    }
}

@Suite struct PermissionMessageTests {
    @Test func messageNamesBitsAndFix() {
        let message = KeyLoadError.insecurePermissions(path: "/home/me/.kalshi/key.pem", mode: 0o644).description
        #expect(message.contains("/home/me/.kalshi/key.pem"))
        #expect(message.contains("0644"))
        #expect(message.contains("group-readable (0040), world-readable (0004)"))
        #expect(message.contains("chmod 600 /home/me/.kalshi/key.pem"))
    }

    @Test func shellQuoting() {
        #expect(KeyLoadError.shellQuoted("/a/b-c_d.pem") == "/a/b-c_d.pem")
        #expect(KeyLoadError.shellQuoted("/a b/it's.pem") == "'/a b/it'\\''s.pem'")
    }
}
