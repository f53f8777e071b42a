import Foundation
import Testing

@testable import KalshiAPI

struct TokenBucketTests {
    @Test func spendsTheBurstThenPacesAtTheRefillRate() {
        var bucket = TokenBucket(refillPerSecond: 100, capacity: 100)
        for _ in 0..<10 { #expect(bucket.reserve(cost: 10, nowMs: 0) == 0) }
        // Empty: the next 10-token request waits 100 ms, the one after 200 ms.
        #expect(bucket.reserve(cost: 10, nowMs: 0) == 100)
        #expect(bucket.reserve(cost: 10, nowMs: 0) == 200)
        // After a second of refill the debt (20) is paid and 80 tokens are back.
        #expect(bucket.available(nowMs: 1_000) == 80)
    }

    @Test func neverHoldsMoreThanItsCapacity() {
        var bucket = TokenBucket(refillPerSecond: 10, capacity: 20)
        #expect(bucket.reserve(cost: 20, nowMs: 0) == 0)
        #expect(bucket.available(nowMs: 60_000) == 20)
    }

    @Test(arguments: RateLimitTier.allCases)
    func tiersFollowTheDocumentedBudgets(tier: RateLimitTier) {
        #expect(tier.readBucket.refillPerSecond == tier.readTokensPerSecond)
        #expect(tier.writeBucket.capacity >= tier.writeTokensPerSecond)
        #expect(RateLimitTier.basic.readTokensPerSecond == 200 && RateLimitTier.basic.writeTokensPerSecond == 100)
        #expect(RateLimitTier.prestige.writeTokensPerSecond == 8_000)
    }
}

struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000)
    let serverError = KalshiAPIError.exchange(status: 503, body: APIErrorBody(code: "x", message: "y"))

    @Test func rateLimitedRequestsAreAlwaysRetriedWithBackoff() {
        #expect(policy.delayBeforeRetry(after: .rateLimited, attempt: 0, safety: .unsafeWrite) == 100)
        #expect(policy.delayBeforeRetry(after: .rateLimited, attempt: 2, safety: .unsafeWrite) == 400)
        #expect(policy.delayBeforeRetry(after: .rateLimited, attempt: 3, safety: .read) == nil)
    }

    @Test func lostAnswersAreRetriedOnlyWhereARepeatCannotDouble() {
        for error in [serverError, .transport("timeout"), .malformedResponse(status: 200, reason: "x")] {
            #expect(policy.delayBeforeRetry(after: error, attempt: 0, safety: .read) != nil)
            #expect(policy.delayBeforeRetry(after: error, attempt: 0, safety: .idempotentWrite) != nil)
            #expect(policy.delayBeforeRetry(after: error, attempt: 0, safety: .convergentWrite) != nil)
            #expect(policy.delayBeforeRetry(after: error, attempt: 0, safety: .unsafeWrite) == nil)
        }
    }

    @Test func anUnreachableHostFailsAtOnceUnlessASessionAsksForPatience() {
        let unreachable = KalshiAPIError.unreachable(host: "example.invalid", reason: "the name does not resolve")
        for safety in [RetryPolicy.Safety.read, .idempotentWrite, .convergentWrite, .unsafeWrite] {
            #expect(policy.delayBeforeRetry(after: unreachable, attempt: 0, safety: safety) == nil)
        }
        var patient = policy
        patient.retriesUnreachable = true
        #expect(patient.delayBeforeRetry(after: unreachable, attempt: 0, safety: .read) != nil)
        #expect(patient.delayBeforeRetry(after: unreachable, attempt: 0, safety: .idempotentWrite) != nil)
        #expect(patient.delayBeforeRetry(after: unreachable, attempt: 0, safety: .unsafeWrite) == nil)
        #expect(unreachable.description == "cannot reach example.invalid: the name does not resolve")
    }

    @Test func clientErrorsAreNeverRetried() {
        let refused = KalshiAPIError.exchange(status: 400, body: APIErrorBody(code: "invalid_price", message: "invalid price"))
        #expect(policy.delayBeforeRetry(after: refused, attempt: 0, safety: .read) == nil)
    }
}

struct APIErrorTests {
    @Test(arguments: [
        (400, #"{"error":{"code":"invalid_price","message":"invalid price"}}"#, KalshiAPIError.exchange(status: 400, body: APIErrorBody(code: "invalid_price", message: "invalid price"))),
        (409, #"{"code":"order_already_exists","message":"order already exists","details":"abc"}"#, .exchange(status: 409, body: APIErrorBody(code: "order_already_exists", message: "order already exists", details: "abc"))),
        (429, #"{"error":"too many requests"}"#, .rateLimited),
        (500, #"{"error":"boom"}"#, .exchange(status: 500, body: APIErrorBody(code: "http_500", message: "boom"))),
        (502, "<html>bad gateway</html>", .exchange(status: 502, body: APIErrorBody(code: "http_502", message: "<html>bad gateway</html>"))),
        (503, "", .exchange(status: 503, body: APIErrorBody(code: "http_503", message: "no body"))),
        (410, #"{"error":{"code":"deprecated_v1_order_endpoint","message":"Please switch to the V2 endpoints","details":"https://docs.kalshi.com/api-reference/orders/create-order-v2"}}"#, .exchange(status: 410, body: APIErrorBody(code: "deprecated_v1_order_endpoint", message: "Please switch to the V2 endpoints", details: "https://docs.kalshi.com/api-reference/orders/create-order-v2"))),
    ] as [(Int, String, KalshiAPIError)])
    func errorEnvelopesInEveryShapeBecomeTypedErrors(status: Int, body: String, expected: KalshiAPIError) {
        #expect(KalshiAPIError.from(status: status, body: Data(body.utf8)) == expected)
    }

    @Test func environmentsResolve() throws {
        let custom = try KalshiEnvironment(customURL: "http://127.0.0.1:8080/")
        #expect(custom.restBaseURL == "http://127.0.0.1:8080/trade-api/v2")
        #expect(custom.webSocketURL == "ws://127.0.0.1:8080/trade-api/ws/v2")
        #expect(custom.restPathPrefix == "/trade-api/v2")
        #expect(try KalshiEnvironment(customURL: "https://x.test/trade-api/v2").webSocketURL == "wss://x.test/trade-api/ws/v2")
        #expect(try KalshiEnvironment(named: "prod") == .production)
        #expect(try KalshiEnvironment(named: "demo").restBaseURL == "https://external-api.demo.kalshi.co/trade-api/v2")
        #expect(throws: KalshiEnvironmentError.self) { try KalshiEnvironment(named: "ftp://x") }
    }
}
