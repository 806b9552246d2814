import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import SluiceRouter

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A client of Amazon SQS's JSON protocol (`X-Amz-Target: AmazonSQS.<Action>`,
/// `application/x-amz-json-1.0`), signed with Signature Version 4.
///
/// ```swift
/// let sqs = SQSClient(endpoint: "http://127.0.0.1:5000", region: "us-east-1", credentials: .fromEnvironment()!)
/// let url = try await sqs.createQueue(named: "orders.fifo", fifo: true)
/// ```
public final class SQSClient: Sendable {
    /// Where requests go: `https://sqs.eu-west-1.amazonaws.com`, or a local endpoint.
    public let endpoint: String
    /// Signs every request.
    public let signer: SigV4Signer
    /// How long one request may take.
    public let timeout: Duration
    private let http: HTTPClient
    private let host: String

    /// Creates a client over AsyncHTTPClient's shared event loops; call ``shutdown()`` when done.
    ///
    /// - Throws: ``SQSError`` when `endpoint` is not an `http` or `https` URL.
    public init(endpoint: String, region: String, credentials: AWSCredentials, timeout: Duration = .seconds(30)) throws {
        guard let url = URL(string: endpoint), let scheme = url.scheme, ["http", "https"].contains(scheme), let hostName = url.host else {
            throw SQSError(status: 0, type: "InvalidEndpoint", message: "the endpoint must be an http(s) URL, not '\(endpoint)'")
        }
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        self.host = url.port.map { "\(hostName):\($0)" } ?? hostName
        self.signer = SigV4Signer(credentials: credentials, region: region, service: "sqs")
        self.timeout = timeout
        self.http = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    /// Closes the client's connections.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    /// Creates a queue, or returns the URL of the existing one with that name. A FIFO queue's name ends in `.fifo`.
    public func createQueue(named name: String, fifo: Bool = false, visibilityTimeout: Duration = .seconds(30)) async throws -> String {
        var attributes = ["VisibilityTimeout": String(visibilityTimeout.components.seconds)]
        if fifo { attributes["FifoQueue"] = "true" }
        let answer: SQSWire.QueueURL = try await call("CreateQueue", SQSWire.CreateQueue(QueueName: name, Attributes: attributes))
        return answer.QueueUrl
    }

    /// Sends one batch (at most 10 entries).
    func sendBatch(_ batch: SQSWire.SendBatch) async throws {
        let result: SQSWire.BatchResult = try await call("SendMessageBatch", batch)
        if let failed = result.Failed, let first = failed.first {
            throw SQSError(status: 200, type: first.Code ?? "", message: "\(failed.count) messages not sent: \(first.Message ?? "")")
        }
    }

    /// Receives up to `max` (at most 10) messages, waiting up to `wait` for the first.
    func receive(queueURL: String, max: Int, wait: Int, visibilityTimeout: Int) async throws -> [SQSWire.Message] {
        let request = SQSWire.Receive(QueueUrl: queueURL, MaxNumberOfMessages: max, WaitTimeSeconds: wait, VisibilityTimeout: visibilityTimeout)
        let received: SQSWire.Received = try await call("ReceiveMessage", request)
        return received.Messages ?? []
    }

    /// Deletes up to 10 received messages in one request.
    /// - Returns: The failures, by index in `receiptHandles`.
    func deleteBatch(queueURL: String, receiptHandles: [String]) async throws -> [Int: SQSError] {
        let entries = receiptHandles.enumerated().map { SQSWire.DeleteEntry(Id: "d\($0.offset)", ReceiptHandle: $0.element) }
        let result: SQSWire.BatchResult = try await call("DeleteMessageBatch", SQSWire.DeleteBatch(QueueUrl: queueURL, Entries: entries))
        var failures: [Int: SQSError] = [:]
        for failure in result.Failed ?? [] {
            if let index = Int(failure.Id.dropFirst()) {
                failures[index] = SQSError(status: 200, type: failure.Code ?? "", message: failure.Message ?? "not deleted")
            }
        }
        return failures
    }

    /// Sets how long a received message stays invisible, from now.
    func changeVisibility(queueURL: String, receiptHandle: String, seconds: Int) async throws {
        let request = SQSWire.ChangeVisibility(QueueUrl: queueURL, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds)
        let _: Empty = try await call("ChangeMessageVisibility", request)
    }

    private struct Empty: Decodable {}

    /// POSTs one action and decodes its answer.
    private func call<Request: Encodable, Answer: Decodable>(_ action: String, _ request: Request) async throws -> Answer {
        let body = Array(try JSONEncoder().encode(request))
        let signed = signer.sign(
            method: "POST",
            path: "/",
            host: host,
            headers: [("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "AmazonSQS.\(action)")],
            body: body,
            date: Date()
        )
        var http = HTTPClientRequest(url: endpoint + "/")
        http.method = .POST
        for (name, value) in signed.headers where name != "Host" { http.headers.add(name: name, value: value) }
        http.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await self.http.execute(http, timeout: .of(timeout))
            bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
        } catch {
            throw SQSError(status: 0, type: "", message: "\(action) to \(endpoint) failed: \(error)")
        }
        let data = Data(bytes.readableBytesView)
        guard response.status.code == 200 else {
            let answer = try? JSONDecoder().decode(SQSWire.ErrorBody.self, from: data)
            let type = answer?.__type.map { String($0.split(separator: "#").last ?? "") } ?? ""
            throw SQSError(
                status: Int(response.status.code),
                type: type,
                message: "\(action) to \(endpoint): "
                    + (answer?.message ?? answer?.Message ?? String(decoding: data.prefix(300), as: UTF8.self))
            )
        }
        if data.isEmpty, let empty = Empty() as? Answer { return empty }
        return try JSONDecoder().decode(Answer.self, from: data)
    }
}
