import KalshiAuth
import Synchronization
import Testing

@testable import KalshiClient

/// Signatures made ahead of requests: used once, only while fresh, and valid.
struct PresignedSignaturesTests {
    final class Clock: Sendable {
        let value = Mutex<Int64>(1_780_000_000_000)
        var now: Int64 { value.withLock { $0 } }
        func advance(_ ms: Int64) { value.withLock { $0 += ms } }
    }

    static let path = "/trade-api/v2/portfolio/orders"

    /// Waits for the replacement signature, made on another task (no sleep stands in for it).
    static func waitUntilReady(_ cache: PresignedSignatures) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !cache.isReady(method: "POST", path: path) {
            guard ContinuousClock.now < deadline else {
                Issue.record("no signature was made ahead")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Waits until `count` signatures for the test's path are ready.
    static func waitUntilReady(_ cache: PresignedSignatures, count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while cache.readyCount(method: "POST", path: path) < count {
            guard ContinuousClock.now < deadline else {
                Issue.record("only \(cache.readyCount(method: "POST", path: path)) of \(count) signatures were made ahead")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// A cache (1 s age limit) whose test path was used twice, `apartMs` apart, the REST client's
    /// way (the next signatures are asked for once the second request is done).
    static func cache(usedTwice apartMs: Int64) throws -> (RequestSigner, Clock, PresignedSignatures) {
        let signer = try RequestSigner.withGeneratedKey(keyId: "k")
        let clock = Clock()
        let cache = PresignedSignatures(signer: signer, maxAgeMs: 1_000, clock: { clock.now })
        _ = try cache.headers(method: "POST", path: path, replenishing: false)
        clock.advance(apartMs)
        _ = try cache.headers(method: "POST", path: path, replenishing: false)
        cache.requestDone(method: "POST", path: path)
        return (signer, clock, cache)
    }

    /// A path used again within the age limit (orders in a run) gets `depth` signatures, so
    /// orders in a row all find one even when the signing thread has not run between them; the
    /// next, with none asked for, signs on the spot.
    @Test func aPathUsedOftenKeepsSeveralReadyAndOrdersInARowAllFindOne() async throws {
        let (signer, clock, cache) = try Self.cache(usedTwice: 5)
        try await Self.waitUntilReady(cache, count: PresignedSignatures.depth)
        #expect(PresignedSignatures.depth > 1)
        clock.advance(20)
        for _ in 0..<PresignedSignatures.depth {
            let headers = try cache.headers(method: "POST", path: Self.path, replenishing: false)
            #expect(headers.timestamp == String(clock.now - 20), "made ahead, not now")
            try SignatureVerifier(signer: signer).verify(
                keyId: headers.key, timestamp: headers.timestamp, signature: headers.signature, method: "POST", path: Self.path,
                nowMs: clock.now)
        }
        #expect(cache.servedAhead == PresignedSignatures.depth && !cache.isReady(method: "POST", path: Self.path))
        #expect(try cache.headers(method: "POST", path: Self.path, replenishing: false).timestamp == String(clock.now))
        #expect(cache.servedAhead == PresignedSignatures.depth)
    }

    /// A path used again only after the age limit (an account read every few seconds) gets one:
    /// more would age out unused.
    @Test func aPathUsedRarelyKeepsOneReady() async throws {
        let (_, _, cache) = try Self.cache(usedTwice: 5_000)
        cache.requestDone(method: "POST", path: Self.path)
        try await Self.waitUntilReady(cache, count: 1)
        // The signing thread runs its jobs in order: once this one has run, every signature
        // asked for before it has been made.
        await withCheckedContinuation { done in SigningThread.shared.async { done.resume() } }
        #expect(cache.readyCount(method: "POST", path: Self.path) == 1)
    }

    /// A path unused for `idleMs` is forgotten with the signatures it holds: the signatures of
    /// read paths used for a while (one per market, per order) do not pile up over a long session.
    @Test func aPathUnusedForFiveMinutesIsForgottenWithItsSignatures() async throws {
        let (_, clock, cache) = try Self.cache(usedTwice: 5)
        try await Self.waitUntilReady(cache, count: PresignedSignatures.depth)
        await withCheckedContinuation { done in SigningThread.shared.async { done.resume() } }
        #expect(cache.kept.paths == 1 && cache.kept.signatures == PresignedSignatures.depth)
        clock.advance(PresignedSignatures.idleMs)
        cache.refresh()
        #expect(cache.kept.paths == 1, "used within the idle limit: kept")
        clock.advance(1)
        cache.refresh()
        #expect(cache.kept.paths == 0 && cache.kept.signatures == 0)
    }

    @Test func theNextRequestUsesASignatureMadeAheadOnce() async throws {
        let signer = try RequestSigner.withGeneratedKey(keyId: "k")
        let clock = Clock()
        let cache = PresignedSignatures(signer: signer, maxAgeMs: 1_000, clock: { clock.now })
        // The first two uses sign on the spot: a path used once (a cancel's) is never signed ahead.
        let first = try cache.headers(method: "POST", path: Self.path)
        #expect(cache.servedAhead == 0 && first.timestamp == String(clock.now))
        #expect(!cache.isReady(method: "POST", path: Self.path))
        clock.advance(10)
        _ = try cache.headers(method: "POST", path: Self.path)
        try await Self.waitUntilReady(cache)
        clock.advance(400)
        let second = try cache.headers(method: "POST", path: Self.path)
        #expect(cache.servedAhead == 1)
        #expect(second.timestamp == String(clock.now - 400))
        try SignatureVerifier(signer: signer).verify(
            keyId: second.key, timestamp: second.timestamp, signature: second.signature, method: "POST", path: Self.path,
            nowMs: clock.now)
        // Another path, or another method, never gets it.
        let other = try cache.headers(method: "DELETE", path: Self.path)
        #expect(other.timestamp == String(clock.now))
    }

    @Test func aSignatureOlderThanTheLimitIsNeverUsed() async throws {
        let signer = try RequestSigner.withGeneratedKey(keyId: "k")
        let clock = Clock()
        let cache = PresignedSignatures(signer: signer, maxAgeMs: 1_000, clock: { clock.now })
        _ = try cache.headers(method: "POST", path: Self.path)
        _ = try cache.headers(method: "POST", path: Self.path)
        try await Self.waitUntilReady(cache)
        for step: Int64 in [1_001, 5_000, 250, 999, 60_000] {
            clock.advance(step)
            let headers = try cache.headers(method: "POST", path: Self.path)
            let age = clock.now - (Int64(headers.timestamp) ?? .min)
            #expect((0...1_000).contains(age), "a signature \(age) ms old was used")
        }
    }

    @Test func onlyTheMostRecentPathsAreKeptSigned() async throws {
        let signer = try RequestSigner.withGeneratedKey(keyId: "k")
        let clock = Clock()
        let cache = PresignedSignatures(signer: signer, maxAgeMs: 1_000, clock: { clock.now })
        for index in 0...PresignedSignatures.maxPaths {
            clock.advance(1)
            for _ in 0..<2 { _ = try cache.headers(method: "DELETE", path: Self.path + "/order-\(index)") }
        }
        // The newest is signed ahead; the first one used, evicted, never comes back.
        let newest = Self.path + "/order-\(PresignedSignatures.maxPaths)"
        let deadline = ContinuousClock.now + .seconds(30)
        while !cache.isReady(method: "DELETE", path: newest), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(cache.isReady(method: "DELETE", path: newest))
        #expect(!cache.isReady(method: "DELETE", path: Self.path + "/order-0"))
    }

    @Test func anAgeLimitOfZeroSignsEveryRequestOnTheSpot() throws {
        let signer = try RequestSigner.withGeneratedKey(keyId: "k")
        let clock = Clock()
        let cache = PresignedSignatures(signer: signer, maxAgeMs: 0, clock: { clock.now })
        for _ in 0..<3 {
            clock.advance(7)
            #expect(try cache.headers(method: "POST", path: Self.path).timestamp == String(clock.now))
        }
        #expect(cache.servedAhead == 0 && !cache.isReady(method: "POST", path: Self.path))
    }

    /// The REST client's way: the next signature is made only once the request is done, so its
    /// CPU does not compete with the request's own path; a path used once is never signed ahead.
    @Test func withoutReplenishingTheNextSignatureWaitsForTheRequestToBeDone() async throws {
        let signer = try RequestSigner.withGeneratedKey(keyId: "k")
        let clock = Clock()
        let cache = PresignedSignatures(signer: signer, maxAgeMs: 1_000, clock: { clock.now })
        let once = Self.path + "/once"
        _ = try cache.headers(method: "DELETE", path: once, replenishing: false)
        for _ in 0..<2 { _ = try cache.headers(method: "POST", path: Self.path, replenishing: false) }
        #expect(!cache.isReady(method: "POST", path: Self.path))
        cache.requestDone(method: "DELETE", path: once)
        cache.requestDone(method: "POST", path: Self.path)
        try await Self.waitUntilReady(cache)
        #expect(!cache.isReady(method: "DELETE", path: once))
        let next = try cache.headers(method: "POST", path: Self.path, replenishing: false)
        #expect(cache.servedAhead == 1)
        try SignatureVerifier(signer: signer).verify(
            keyId: next.key, timestamp: next.timestamp, signature: next.signature, method: "POST", path: Self.path,
            nowMs: clock.now)
    }
}
