import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs external tools (openssl, python3) for cross-checks. Output goes to files so nothing can
/// block on a full pipe.
enum Tool {
    struct Output {
        var status: Int32
        var stdout: Data
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    struct Failed: Error, CustomStringConvertible {
        var command: String
        var output: Output
        var description: String { "\(command) exited with \(output.status): \(output.stderr)" }
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Output {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outURL = directory.url.appendingPathComponent("stdout")
        let errURL = directory.url.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: try Data(contentsOf: outURL),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Runs and throws unless the exit status is 0.
    @discardableResult
    static func check(_ executable: String, _ arguments: [String]) throws -> Output {
        let output = try run(executable, arguments)
        guard output.status == 0 else {
            throw Failed(command: ([executable] + arguments).joined(separator: " "), output: output)
        }
        return output
    }
}

enum OpenSSL {
    static let path = "/usr/bin/openssl"
    static let isAvailable = FileManager.default.isExecutableFile(atPath: path)

    @discardableResult
    static func run(_ arguments: String...) throws -> Tool.Output { try Tool.check(path, arguments) }
}

enum Python {
    /// `python3` from PATH (falling back to /usr/bin/python3) if it can import `cryptography` with PSS support.
    static let executable: String? = {
        var candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map {
            "\($0)/python3"
        }
        candidates.append("/usr/bin/python3")
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            let probe = try? Tool.run(
                candidate,
                ["-c", "from cryptography.hazmat.primitives.asymmetric import padding; padding.PSS.DIGEST_LENGTH"])
            if probe?.status == 0 { return candidate }
        }
        return nil
    }()

    static var isAvailable: Bool { executable != nil }

    static func run(script: String, _ arguments: [String]) throws -> Tool.Output {
        guard let executable else { throw Tool.Failed(command: "python3", output: .init(status: -1, stdout: Data(), stderr: "")) }
        return try Tool.run(executable, ["-c", script] + arguments)
    }

    /// argv: public key PEM path, file holding the Base64 signature header, message path. Exit 0 = valid.
    static let verifyScript = """
        import base64, sys
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding
        key = serialization.load_pem_public_key(open(sys.argv[1], "rb").read())
        signature = base64.b64decode(open(sys.argv[2], "rb").read(), validate=True)
        message = open(sys.argv[3], "rb").read()
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)
        try:
            key.verify(signature, message, pss, hashes.SHA256())
        except InvalidSignature:
            print("INVALID")
            sys.exit(1)
        print("VALID")
        """

    /// argv: private key PEM path, message path. Prints the Base64 signature.
    static let signScript = """
        import base64, sys
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding
        key = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), password=None)
        message = open(sys.argv[2], "rb").read()
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)
        print(base64.b64encode(key.sign(message, pss, hashes.SHA256())).decode())
        """
}

/// A private directory under the system temp folder; call `remove()` when done.
struct TemporaryDirectory {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kalshi-auth-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `contents` and then sets `mode` exactly (independent of the umask).
    @discardableResult
    func write(_ name: String, _ contents: some DataProtocol, mode: mode_t = 0o600) throws -> String {
        let path = file(name)
        try Data(contents).write(to: URL(fileURLWithPath: path))
        guard chmod(path, mode) == 0 else { throw CocoaError(.fileWriteNoPermission) }
        return path
    }

    @discardableResult
    func write(_ name: String, _ text: String, mode: mode_t = 0o600) throws -> String {
        try write(name, Data(text.utf8), mode: mode)
    }

    func read(_ name: String) throws -> String { try String(contentsOfFile: file(name), encoding: .utf8) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Key material generated once per test process with OpenSSL (2048-bit generation takes a moment).
struct TestKeys: Sendable {
    var pkcs8: String  // RSA-2048, BEGIN PRIVATE KEY
    var pkcs1: String  // the same key, BEGIN RSA PRIVATE KEY
    var publicSPKI: String  // BEGIN PUBLIC KEY
    var publicPKCS1: String  // BEGIN RSA PUBLIC KEY
    var der: Data  // the same key, binary PKCS#8
    var rsa3072: String
    var rsa1024: String
    var rsa512: String
    var encryptedPKCS8: String
    var encryptedPKCS1: String
    var ecPKCS8: String
    var ecTraditional: String
    var ed25519: String
    var rsaPSS: String
    var certificate: String

    static let shared: Result<TestKeys, any Error> = Result { try generate() }

    static func get() throws -> TestKeys { try shared.get() }

    private static func generate() throws -> TestKeys {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func path(_ name: String) -> String { directory.file(name) }
        func genRSA(_ bits: Int, _ name: String) throws -> String {
            try OpenSSL.run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:\(bits)", "-out", path(name))
            return try directory.read(name)
        }
        let pkcs8 = try genRSA(2048, "k8.pem")
        try OpenSSL.run("rsa", "-in", path("k8.pem"), "-traditional", "-out", path("k1.pem"))
        try OpenSSL.run("pkey", "-in", path("k8.pem"), "-pubout", "-out", path("pub.pem"))
        try OpenSSL.run("rsa", "-in", path("k8.pem"), "-RSAPublicKey_out", "-out", path("pub1.pem"))
        try OpenSSL.run("pkey", "-in", path("k8.pem"), "-outform", "DER", "-out", path("k8.der"))
        try OpenSSL.run(
            "pkey", "-in", path("k8.pem"), "-aes256", "-passout", "pass:correct horse", "-out", path("enc8.pem"))
        try OpenSSL.run(
            "rsa", "-in", path("k8.pem"), "-traditional", "-aes256", "-passout", "pass:correct horse", "-out",
            path("enc1.pem"))
        try OpenSSL.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path("ec8.pem"))
        try OpenSSL.run("ec", "-in", path("ec8.pem"), "-out", path("ec1.pem"))
        try OpenSSL.run("genpkey", "-algorithm", "ED25519", "-out", path("ed.pem"))
        try OpenSSL.run("genpkey", "-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048", "-out", path("pss.pem"))
        try OpenSSL.run(
            "req", "-x509", "-new", "-key", path("k8.pem"), "-subj", "/CN=kalshi-auth-test", "-days", "1", "-out",
            path("cert.pem"))
        return TestKeys(
            pkcs8: pkcs8, pkcs1: try directory.read("k1.pem"), publicSPKI: try directory.read("pub.pem"),
            publicPKCS1: try directory.read("pub1.pem"), der: try Data(contentsOf: URL(fileURLWithPath: path("k8.der"))),
            rsa3072: try genRSA(3072, "k3072.pem"), rsa1024: try genRSA(1024, "k1024.pem"),
            rsa512: try genRSA(512, "k512.pem"), encryptedPKCS8: try directory.read("enc8.pem"),
            encryptedPKCS1: try directory.read("enc1.pem"), ecPKCS8: try directory.read("ec8.pem"),
            ecTraditional: try directory.read("ec1.pem"), ed25519: try directory.read("ed.pem"),
            rsaPSS: try directory.read("pss.pem"), certificate: try directory.read("cert.pem"))
    }
}

/// The Base64 body lines of every PEM block in `text`: the strings that must never leak.
func secretLines(of text: String) -> [String] {
    text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
        !$0.hasPrefix("-----") && !$0.contains(":") && $0.count >= 16
    }
}

func leaks(_ output: String, secrets: [String]) -> [String] { secrets.filter { output.contains($0) } }
