import Hummingbird

/// One request the fake venue answered, for its metrics.
public struct ServedRequest: Sendable, Equatable {
    public var method: String
    public var path: String
    public var status: Int
    public var elapsed: Duration
}

/// Times every request through the router (REST calls, and the WebSocket's upgrade request).
struct RequestTimingMiddleware<Context: RequestContext>: RouterMiddleware {
    let observe: @Sendable (ServedRequest) -> Void

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            observe(
                ServedRequest(
                    method: request.method.rawValue, path: request.uri.path, status: Int(response.status.code),
                    elapsed: ContinuousClock.now - started))
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            observe(
                ServedRequest(method: request.method.rawValue, path: request.uri.path, status: Int(status), elapsed: ContinuousClock.now - started))
            throw error
        }
    }
}
