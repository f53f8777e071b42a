import AsyncHTTPClient
import NIOHTTP1

/// Where one REST request goes, with what every request derives from its method and path
/// made once: the URL, the path the signature covers and the key of its signatures made ahead.
/// A client builds one per call, except for the order endpoint, whose target it keeps: three
/// strings fewer to build on the order's path.
struct RequestTarget: Sendable {
    let method: String
    /// The path after the API's prefix, as the client's methods name it.
    let path: String
    /// The whole URL, query included.
    let url: String
    /// The prefix and the path, without the query: what the signature covers.
    let signedPath: String
    /// `PresignedSignatures.key(method, signedPath)`.
    let signatureKey: String
    /// The request with what does not change from one call to the next: URL, method, `Accept`,
    /// and room for the headers added per call (the three signature headers, `Content-Type`).
    let request: HTTPClientRequest

    init(method: String, path: String, url: String, signedPathPrefix: String) {
        self.method = method
        self.path = path
        self.url = url
        signedPath = signedPathPrefix + path
        signatureKey = PresignedSignatures.key(method, signedPath)
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        request.headers.reserveCapacity(5)
        request.headers.add(name: "Accept", value: "application/json")
        self.request = request
    }
}
