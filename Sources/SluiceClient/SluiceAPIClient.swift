import Foundation
public import SluiceRuntime
public import SluiceServer

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A client of the operations API of a running Sluice, for `sluice dlq …` and scripts.
///
/// ```swift
/// let client = try SluiceAPIClient(baseURL: "http://127.0.0.1:8080", token: ProcessInfo.processInfo.environment["SLUICE_TOKEN"])
/// for letter in try await client.deadLetters(pipeline: "orders", limit: 20) { print(letter.id, letter.reason) }
/// let replayed = try await client.replay(ReplayRequest(pipeline: "orders"))
/// ```
///
/// Every method throws ``SluiceAPIClientError``.
public struct SluiceAPIClient: Sendable {
    /// The API's base URL, e.g. `http://127.0.0.1:8080`.
    public let baseURL: URL
    private let timeout: TimeInterval
    /// Sent as `Authorization: Bearer <token>` with every request, when set.
    private let token: String?

    /// A client of the API at `baseURL`.
    ///
    /// - Parameters:
    ///   - baseURL: `http://host:port` or `https://host:port`; a path prefix is kept (for a proxy that mounts the
    ///     API under one).
    ///   - timeout: Seconds to wait for each answer. Defaults to 30: replaying a large DLQ takes a while.
    ///   - token: A bearer token (static or JWT) for a server with authentication on; `nil` to send none.
    public init(baseURL: String, timeout: TimeInterval = 30, token: String? = nil) throws(SluiceAPIClientError) {
        guard let url = URL(string: baseURL), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw .invalidURL(baseURL)
        }
        self.baseURL = url
        self.timeout = timeout
        self.token = token
    }

    /// `GET /dlq`: the first page of dead letters, newest first, of one pipeline or all.
    public func deadLetters(pipeline: String?, limit: Int) async throws(SluiceAPIClientError) -> [DeadLetter] {
        try await deadLetterPage(pipeline: pipeline, limit: limit, cursor: nil).deadLetters
    }

    /// `GET /dlq`: a page of dead letters, newest first, after `cursor` (the previous page's
    /// ``DeadLetterList/nextCursor``; `nil` for the first).
    public func deadLetterPage(pipeline: String?, limit: Int, cursor: String?) async throws(SluiceAPIClientError) -> DeadLetterList {
        var query = [URLQueryItem(name: "limit", value: String(limit))]
        if let pipeline { query.append(URLQueryItem(name: "pipeline", value: pipeline)) }
        if let cursor { query.append(URLQueryItem(name: "cursor", value: cursor)) }
        return try await send("GET", path: ["dlq"], query: query)
    }

    /// `GET /dlq/{id}`: one dead letter; a missing one is ``SluiceAPIClientError/server(status:code:message:)`` 404.
    public func deadLetter(id: String) async throws(SluiceAPIClientError) -> DeadLetter {
        try await send("GET", path: ["dlq", id])
    }

    /// `POST /dlq/replay`: sends dead letters back to their pipeline; returns how many.
    public func replay(_ request: ReplayRequest) async throws(SluiceAPIClientError) -> Int {
        let body: Data
        do {
            body = try JSONEncoder().encode(request)
        } catch {
            throw .invalidRequest("\(error)")
        }
        let result: ReplayResult = try await send("POST", path: ["dlq", "replay"], body: body)
        return result.replayed
    }

    /// `DELETE /dlq?pipeline=`: deletes the dead letters of one pipeline; returns how many.
    public func purge(pipeline: String) async throws(SluiceAPIClientError) -> Int {
        let result: PurgeResult = try await send("DELETE", path: ["dlq"], query: [URLQueryItem(name: "pipeline", value: pipeline)])
        return result.purged
    }

    /// `GET /pipelines`: every pipeline's state and counters.
    public func pipelines() async throws(SluiceAPIClientError) -> [PipelineStatus] {
        let list: PipelineList = try await send("GET", path: ["pipelines"])
        return list.pipelines
    }

    /// Sends one request and decodes a `2xx` body as `Response`, or the error body of any other status.
    private func send<Response: Decodable>(
        _ method: String,
        path: [String],
        query: [URLQueryItem] = [],
        body: Data? = nil
    ) async throws(SluiceAPIClientError) -> Response {
        let url = try makeURL(path: path, query: query)
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let status: Int
        do {
            let (received, response) = try await URLSession.shared.data(for: request)
            data = received
            status = (response as? HTTPURLResponse)?.statusCode ?? 0
        } catch {
            throw .unreachable(url: baseURL.absoluteString, reason: error.localizedDescription)
        }
        let decoder = JSONDecoder()
        guard (200..<300).contains(status) else {
            if let failure = try? decoder.decode(ErrorBody.self, from: data) {
                throw .server(status: status, code: failure.error.code, message: failure.error.message)
            }
            throw .unexpectedResponse(status: status, body: String(decoding: data, as: UTF8.self))
        }
        do {
            return try decoder.decode(Response.self, from: data)
        } catch {
            throw .unexpectedResponse(status: status, body: String(decoding: data, as: UTF8.self))
        }
    }

    /// The base URL with `path` appended, each segment percent-encoded (so an id may hold `/` or `?`).
    private func makeURL(path: [String], query: [URLQueryItem]) throws(SluiceAPIClientError) -> URL {
        guard var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false) else {
            throw .invalidURL(baseURL.absoluteString)
        }
        var segmentCharacters = CharacterSet.urlPathAllowed
        segmentCharacters.remove(charactersIn: "/;?#")
        let base =
            components.percentEncodedPath.hasSuffix("/")
            ? String(components.percentEncodedPath.dropLast()) : components.percentEncodedPath
        let segments = path.map { $0.addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? $0 }
        components.percentEncodedPath = base + "/" + segments.joined(separator: "/")
        components.queryItems = query.isEmpty ? nil : query
        guard let url = components.url else { throw .invalidURL(baseURL.absoluteString) }
        return url
    }
}
