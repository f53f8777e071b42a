import Foundation
import Synchronization

/// One session's records written ahead of the SQLite commit, so that an order's intent is on
/// the disk before its request leaves without waiting for a database transaction on the order's
/// path (`live.tick_to_order`: the commit was the largest stage, ~70–100 µs of CPU a step on a
/// busy 2-core machine; an appended line is one `write`).
///
/// Each step's records are one JSON line (`JournalAheadLine`), written with one `write(2)` to a
/// file opened `O_APPEND`, followed by `fdatasync` when the journal syncs. The same records are
/// then committed to SQLite; once the database holds everything the file holds, the file is
/// emptied (when it has grown past `truncateAfterBytes`). After a crash, `SQLiteJournal`
/// replays the lines whose sequence numbers the database does not have yet when the session
/// is opened, before anything reads it (`openSession`). A last line without its newline was never acknowledged, so
/// nothing was sent on it: it is dropped. Any other line that does not decode stops the
/// journal from opening (the journal is the record of money sent; it is not guessed at).
final class JournalAheadLog: Sendable {
    let path: String
    private let descriptor: Int32
    private let sync: Bool
    /// Bytes in the file (only this process appends to a session's log).
    private let size: Atomic<Int>
    /// Set by a write that failed: the file was cut back to its last whole line and takes no more.
    private let failed = Atomic<Bool>(false)

    /// Past this size the file is emptied after a commit that leaves nothing pending in it.
    static let truncateAfterBytes = 256 * 1024

    init(path: String, sync: Bool) throws(JournalError) {
        self.path = path
        self.sync = sync
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cannotOpen(location: path, reason: String(cString: strerror(errno))) }
        // One writer per session: a second process would replay and empty the first's pending
        // lines and interleave its own. The lock goes with the descriptor (at exit or a crash
        // the kernel releases it).
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason =
                errno == EWOULDBLOCK
                ? "the session is open in another process (its ahead log is locked)" : "flock: " + String(cString: strerror(errno))
            close(descriptor)
            throw .cannotOpen(location: path, reason: reason)
        }
        self.descriptor = descriptor
        var status = stat()
        size = Atomic(fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0)
    }

    deinit { close(descriptor) }

    /// The file beside the journal for one session: `<journal>.ahead-<session>` for a plain name
    /// (letters, digits, `.`, `_`, `-`, not starting with `.`), `<journal>.ahead+<hex of its
    /// UTF-8>` for any other (the `+` keeps the two forms apart), so every name maps to its own
    /// safe file name.
    static func path(journal: String, session: String) -> String {
        let plain = !session.isEmpty && session.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
        guard !plain || session.first == "." else { return journal + ".ahead-" + session }
        return journal + ".ahead+" + session.utf8.map { String(format: "%02x", $0) }.joined()
    }

    /// Appends one line and returns once it is written (and synced, when the journal syncs).
    /// A write that fails (a full disk) cuts the file back to where the line began, so no part
    /// of a line is followed by another, and every later append fails too: the session stops.
    func append(_ line: [UInt8]) throws(JournalError) {
        guard !failed.load(ordering: .relaxed) else { throw .writeFailed(reason: "\(path): an earlier write failed") }
        let before = size.load(ordering: .relaxed)
        func fail(_ what: String) -> JournalError {
            let reason = "\(path): \(what)\(String(cString: strerror(errno)))"
            failed.store(true, ordering: .relaxed)
            _ = ftruncate(descriptor, off_t(before))
            return .writeFailed(reason: reason)
        }
        var written = 0
        while written < line.count {
            let result = line.withUnsafeBytes { bytes in
                Foundation.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw fail("")
            }
            if result == 0 {
                errno = EIO
                throw fail("no bytes written: ")
            }
            written += result
        }
        if sync, fdatasync(descriptor) != 0 { throw fail("fdatasync: ") }
        size.add(line.count, ordering: .relaxed)
    }

    /// Empties the file once it is large, when every line in it is in the database.
    func truncateIfLarge() throws(JournalError) {
        guard size.load(ordering: .relaxed) > Self.truncateAfterBytes else { return }
        try truncate()
    }

    func truncate() throws(JournalError) {
        guard ftruncate(descriptor, 0) == 0 else {
            throw .writeFailed(reason: "\(path): ftruncate: \(String(cString: strerror(errno)))")
        }
        size.store(0, ordering: .relaxed)
    }

    /// The complete lines of the file at `path` (none when it does not exist), in order. A last
    /// line without its newline was cut by a crash during its write and is left out.
    static func lines(at path: String) throws(JournalError) -> [ArraySlice<UInt8>] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw .readFailed(reason: "\(path): \(error)")
        }
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            lines.append(bytes[start..<index])
            start = index + 1
        }
        return lines
    }
}
