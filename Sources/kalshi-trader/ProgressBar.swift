import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A progress bar on standard error, drawn only when standard error is a terminal (never in
/// pipes, files or tests). Stateless: each call redraws the whole line.
enum ProgressBar {
    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    static func draw(fraction: Double) {
        let clamped = min(1, max(0, fraction))
        let width = 40
        let filled = Int((clamped * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let percent = Int((clamped * 100).rounded(.down))
        FileHandle.standardError.write(Data("\r\(bar) \(percent)%".utf8))
    }

    static func clear() {
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
