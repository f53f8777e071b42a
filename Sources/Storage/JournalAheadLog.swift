import Foundation
import Synchronization

/// One session's records written ahead of the SQLite commit, so that an order's intent is on
/// the disk before its request leaves without waiting for a database transaction on the order's
/// path (`live.tick_to_order`: the commit was the largest stage, ~70–100 µs of CPU a step on a
/// busy 2-core machine).
///
/// Each step's records are one JSON line (`JournalAheadLine`). The file is written with zeros
/// to `initialCapacity` when it is opened and mapped shared: an append copies its line into the
/// mapping (no system call; a cold `write(2)` cost 7 µs at the median and 29 µs at p99 here,
/// measured side by side with a copy into a mapped page at 0.2 / 23 µs) and, when the journal
/// syncs, `msync`s it — the blocks were written once already, so the sync flushes data only,
/// not the file's size. The log's content ends at its first zero byte; a line's newline is
/// stored after the rest of it, so a line cut by a crash has none.
///
/// The same records are then committed to SQLite; once the database holds everything the log
/// holds, the content is zeroed (when it has grown past `truncateAfterBytes`; synced when the
/// journal syncs, so that no stale line can reappear behind a newer one). After a crash,
/// `SQLiteJournal` replays the lines whose sequence numbers the database does not have yet when
/// the session is opened, before anything reads it (`openSession`). A last line without its
/// newline was never acknowledged, so nothing was sent on it: it is dropped. Any other line that
/// does not decode stops the journal from opening (the journal is the record of money sent; it
/// is not guessed at). A log written by an earlier version (appended, not zero-filled) reads the
/// same way.
final class JournalAheadLog: Sendable {
    let path: String
    /// Internal for tests: a copy of it stands for a child process that inherited it.
    let descriptor: Int32
    private let sync: Bool

    private struct Mapping {
        /// The file's bytes, `capacity` of them, mapped shared.
        var base: UnsafeMutableRawPointer
        var capacity: Int
        /// Bytes of content: lines, each ending in a newline.
        var size: Int
        /// Set by a write that failed: the log takes no more lines.
        var failed = false
    }

    private let mapping: Mutex<Mapping>

    /// Past this size the content is zeroed after a commit that leaves nothing pending in it.
    static let truncateAfterBytes = 256 * 1024
    /// The file's size once opened; it doubles when a line does not fit.
    static let initialCapacity = 1 << 20
    /// A file larger than this is not an ahead log this program wrote (it is emptied past
    /// `truncateAfterBytes`, so it holds at most that plus one step's line).
    static let largestFile = 1 << 30
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// `lockWait`: how long a lock held by a copy of a descriptor (a child being spawned) is
    /// waited for before the session is called open elsewhere.
    init(
        path: String, sync: Bool, capacity: Int = JournalAheadLog.initialCapacity, lockWait: Duration = .seconds(1)
    ) throws(JournalError) {
        self.path = path
        self.sync = sync
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cannotOpen(location: path, reason: String(cString: strerror(errno))) }
        // One writer per session: a second process would replay and empty the first's pending
        // lines and interleave its own. The lock goes with the descriptor (at exit or a crash
        // the kernel releases it). A child being spawned by another thread holds a copy of
        // every descriptor until it executes its program (`O_CLOEXEC` closes it only then), so
        // a log closed and opened again at that moment can still read as locked for a little
        // while: a lock still held after a second is another process's.
        let deadline = ContinuousClock.now.advanced(by: lockWait)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK, ContinuousClock.now < deadline {
                usleep(2_000)
                continue
            }
            let reason =
                code == EWOULDBLOCK
                ? "the session is open in another process (its ahead log is locked)" : "flock: " + String(cString: strerror(code))
            close(descriptor)
            throw .cannotOpen(location: path, reason: reason)
        }
        do throws(JournalError) {
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { throw Self.failure(path, "fstat: ") }
            guard (status.st_mode & S_IFMT) == S_IFREG else {
                throw JournalError.cannotOpen(location: path, reason: "not a regular file")
            }
            // The size comes from the disk: range-checked before any arithmetic on it.
            let existing = Int(status.st_size)
            guard existing <= Self.largestFile else {
                throw JournalError.cannotOpen(
                    location: path, reason: "\(existing) bytes, more than an ahead log holds (at most \(Self.largestFile))")
            }
            let wanted = max(capacity, existing)
            let mapped = (wanted + Self.pageSize - 1) / Self.pageSize * Self.pageSize
            try Self.zeroFill(descriptor, from: existing, to: mapped, sync: sync, path: path)
            let base = try Self.map(descriptor, length: mapped, path: path)
            let size = Self.contentEnd(UnsafeRawBufferPointer(start: base, count: mapped))
            self.descriptor = descriptor
            mapping = Mutex(Mapping(base: base, capacity: mapped, size: size))
        } catch {
            close(descriptor)
            throw error
        }
    }

    deinit {
        mapping.withLock { mapping in _ = munmap(mapping.base, mapping.capacity) }
        close(descriptor)
    }

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

    /// Bytes of content (lines) in the log.
    var contentSize: Int { mapping.withLock { $0.size } }

    /// Appends one line (ending in its newline, with no zero byte) and returns once it is in the
    /// file (and synced, when the journal syncs). A failure (the disk full when the file has to
    /// grow, a failed sync) leaves no part of the line in the log and fails every later append
    /// too: the session stops.
    func append(_ line: [UInt8]) throws(JournalError) {
        guard line.last == 0x0A, !line.contains(0) else {
            throw .writeFailed(reason: "\(path): an ahead line must end in a newline and hold no zero byte")
        }
        try mapping.withLock { mapping throws(JournalError) in
            guard !mapping.failed else { throw .writeFailed(reason: "\(path): an earlier write failed") }
            do throws(JournalError) {
                if line.count > mapping.capacity - mapping.size { try grow(&mapping, toHold: mapping.size + line.count) }
                let start = mapping.base + mapping.size
                line.withUnsafeBytes { bytes in
                    start.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count - 1)
                    // The newline last: a crash part way through leaves a line without one.
                    atomicMemoryFence(ordering: .releasing)
                    start.storeBytes(of: 0x0A, toByteOffset: bytes.count - 1, as: UInt8.self)
                }
                if sync {
                    do throws(JournalError) {
                        try flush(mapping.base, from: mapping.size, count: line.count)
                    } catch {
                        // Not acknowledged, so nothing is sent on it: taken back, its first
                        // byte first (a later opening must not replay it).
                        start.storeBytes(of: 0, as: UInt8.self)
                        atomicMemoryFence(ordering: .releasing)
                        (start + 1).initializeMemory(as: UInt8.self, repeating: 0, count: line.count - 1)
                        throw error
                    }
                }
            } catch {
                mapping.failed = true
                throw error
            }
            mapping.size += line.count
        }
    }

    /// Empties the log once it is large, when every line in it is in the database.
    func truncateIfLarge() throws(JournalError) {
        guard contentSize > Self.truncateAfterBytes else { return }
        try truncate()
    }

    /// Zeroes the content (everything in it is in the database), its first byte first: from
    /// then on the log reads as empty whatever else a crash leaves.
    func truncate() throws(JournalError) {
        try mapping.withLock { mapping throws(JournalError) in
            guard mapping.size > 0 else { return }
            mapping.base.storeBytes(of: 0, as: UInt8.self)
            atomicMemoryFence(ordering: .releasing)
            (mapping.base + 1).initializeMemory(as: UInt8.self, repeating: 0, count: mapping.size - 1)
            if sync { try flush(mapping.base, from: 0, count: mapping.size) }
            mapping.size = 0
        }
    }

    /// The complete lines of the file at `path` (none when it does not exist), in order. The
    /// content ends at the first zero byte; a last line without its newline was cut by a crash
    /// during its write and is left out.
    static func lines(at path: String) throws(JournalError) -> [ArraySlice<UInt8>] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw .readFailed(reason: "\(path): \(error)")
        }
        let end = bytes.withUnsafeBytes { contentEnd($0) }
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for index in 0..<end where bytes[index] == 0x0A {
            lines.append(bytes[start..<index])
            start = index + 1
        }
        return lines
    }

    // MARK: File

    /// Where the content ends: at the first zero byte, or the end of the file.
    private static func contentEnd(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress, let zero = memchr(base, 0, bytes.count) else { return bytes.count }
        return UnsafeRawPointer(zero) - base
    }

    private static func failure(_ path: String, _ what: String) -> JournalError {
        .writeFailed(reason: "\(path): \(what)\(String(cString: strerror(errno)))")
    }

    /// Writes zeros from `start` to `end` (the blocks are then the file's own: a store into the
    /// mapping never needs a block the disk does not have, and a sync never changes the size).
    private static func zeroFill(_ descriptor: Int32, from start: Int, to end: Int, sync: Bool, path: String) throws(JournalError) {
        guard start < end else { return }
        let zeros = [UInt8](repeating: 0, count: 64 * 1024)
        var offset = start
        while offset < end {
            let count = min(zeros.count, end - offset)
            let written = zeros.withUnsafeBytes { pwrite(descriptor, $0.baseAddress!, count, off_t(offset)) }
            if written < 0 {
                if errno == EINTR { continue }
                let error = failure(path, "")
                _ = ftruncate(descriptor, off_t(start))
                throw error
            }
            if written == 0 {
                errno = EIO
                throw failure(path, "no bytes written: ")
            }
            offset += written
        }
        if sync, fdatasync(descriptor) != 0 { throw failure(path, "fdatasync: ") }
    }

    private static func map(_ descriptor: Int32, length: Int, path: String) throws(JournalError) -> UnsafeMutableRawPointer {
        let base = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, 0)
        guard let base, base != MAP_FAILED else { throw failure(path, "mmap: ") }
        return base
    }

    /// Doubles the file (or more, for a line larger than that) and maps it again.
    private func grow(_ mapping: inout Mapping, toHold needed: Int) throws(JournalError) {
        var capacity = mapping.capacity
        while capacity < needed { capacity *= 2 }
        try Self.zeroFill(descriptor, from: mapping.capacity, to: capacity, sync: sync, path: path)
        let base = try Self.map(descriptor, length: capacity, path: path)
        _ = munmap(mapping.base, mapping.capacity)
        mapping.base = base
        mapping.capacity = capacity
    }

    /// Syncs the pages holding `count` bytes from `offset`.
    private func flush(_ base: UnsafeMutableRawPointer, from offset: Int, count: Int) throws(JournalError) {
        let first = offset / Self.pageSize * Self.pageSize
        guard msync(base + first, offset + count - first, MS_SYNC) == 0 else { throw Self.failure(path, "msync: ") }
    }
}
