/// The request and response bodies of the SQS JSON protocol that the client uses.
enum SQSWire {
    struct MessageAttribute: Codable, Sendable {
        var DataType: String
        var StringValue: String?
    }

    struct CreateQueue: Encodable {
        var QueueName: String
        var Attributes: [String: String]
    }

    struct QueueURL: Decodable {
        var QueueUrl: String
    }

    struct SendEntry: Encodable {
        var Id: String
        var MessageBody: String
        var MessageAttributes: [String: MessageAttribute]
        var MessageGroupId: String?
        var MessageDeduplicationId: String?
    }

    struct SendBatch: Encodable {
        var QueueUrl: String
        var Entries: [SendEntry]
    }

    struct BatchFailure: Decodable {
        var Id: String
        var Code: String?
        var Message: String?
    }

    struct BatchResult: Decodable {
        var Failed: [BatchFailure]?
    }

    struct Receive: Encodable {
        var QueueUrl: String
        var MaxNumberOfMessages: Int
        var WaitTimeSeconds: Int
        var VisibilityTimeout: Int
        var MessageAttributeNames = ["All"]
        var MessageSystemAttributeNames = ["All"]
    }

    struct Message: Decodable {
        var MessageId: String
        var ReceiptHandle: String
        var Body: String
        var Attributes: [String: String]?
        var MessageAttributes: [String: MessageAttribute]?
    }

    struct Received: Decodable {
        var Messages: [Message]?
    }

    struct DeleteEntry: Encodable {
        var Id: String
        var ReceiptHandle: String
    }

    struct DeleteBatch: Encodable {
        var QueueUrl: String
        var Entries: [DeleteEntry]
    }

    struct ChangeVisibility: Encodable {
        var QueueUrl: String
        var ReceiptHandle: String
        var VisibilityTimeout: Int
    }

    struct ErrorBody: Decodable {
        var __type: String?
        var message: String?
        var Message: String?
    }
}
