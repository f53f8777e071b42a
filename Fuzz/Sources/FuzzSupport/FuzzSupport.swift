import CLibFuzzer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Helpers shared by the fuzz targets. A target's `LLVMFuzzerTestOneInput` hands the bytes to one
/// decoder and ignores its thrown errors: a typed error is the decoder doing its job, a trap
/// (overflow, out-of-range index, force unwrap, precondition) is the bug libFuzzer reports.
public enum FuzzInput {
    /// The input as a buffer (libFuzzer may pass a null pointer with size 0).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeRawBufferPointer {
        guard let data, size > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: data, count: size)
    }

    /// The input as text, invalid UTF-8 repaired the way a WebSocket text frame or a file read
    /// with `String(decoding:as:)` would be.
    public static func text(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String {
        String(decoding: bytes(data, size), as: UTF8.self)
    }

    /// True when the bytes are valid UTF-8 (so `text` did not repair them).
    public static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}

/// A per-process scratch file for decoders that only read from a path.
public struct ScratchFile {
    public let path: String

    public init(path: String) { self.path = path }

    public init(suffix: String) {
        var isDirectory = stat()
        let directory =
            stat("/dev/shm", &isDirectory) == 0 ? "/dev/shm" : (getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp")
        path = "\(directory)/kalshi-fuzz-\(getpid())\(suffix)"
    }

    /// Replaces the file's contents with `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        precondition(fd >= 0, "cannot open the scratch file \(path)")
        var done = 0
        while done < bytes.count {
            #if canImport(Glibc)
                let wrote = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            #else
                let wrote = Darwin.write(fd, bytes.baseAddress! + done, bytes.count - done)
            #endif
            precondition(wrote > 0, "cannot write the scratch file \(path)")
            done += wrote
        }
        close(fd)
    }

    public func remove() { unlink(path) }

    /// Replaces the file's contents with `other`'s.
    public func copy(from other: ScratchFile) {
        let fd = open(other.path, O_RDONLY)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if got <= 0 { break }
            contents += chunk[0..<got]
        }
        contents.withUnsafeBytes { write($0) }
    }
}

/// Environment lookups for the targets' seed-making modes (`LLVMFuzzerInitialize`).
public enum FuzzEnvironment {
    public static var processID: Int32 { getpid() }

    public static func value(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        let text = String(cString: raw)
        return text.isEmpty ? nil : text
    }
}

/// Runs libFuzzer with this process's command line on `target` and exits with its status.
public enum FuzzDriver {
    public static func run(_ target: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, target))
    }
}
