import SluiceCore

/// The answer to a `_bulk` request: one ``BulkItem`` per action, in the order they were added.
public struct BulkResponse: Sendable, Hashable {
    /// The per-action results, in request order.
    public var items: [BulkItem]
    /// Whether any item failed (the server's `errors` flag).
    public var hasErrors: Bool
    /// The server's time for the request, in milliseconds.
    public var took: Int

    /// Creates a response.
    public init(items: [BulkItem], hasErrors: Bool, took: Int = 0) {
        self.items = items
        self.hasErrors = hasErrors
        self.took = took
    }

    /// Reads a `_bulk` answer.
    init(json: JSONValue) throws {
        guard let items = json["items"]?.arrayValue else {
            throw ElasticsearchError(.malformedResponse, "the bulk answer has no items")
        }
        self.items = try items.map(BulkItem.init(json:))
        hasErrors = json["errors"]?.boolValue ?? self.items.contains { $0.error != nil }
        took = json["took"]?.intValue.map(Int.init) ?? 0
    }

    /// How many items have each outcome.
    public var outcomeCounts: [BulkItem.Outcome: Int] {
        items.reduce(into: [:]) { counts, item in counts[item.outcome, default: 0] += 1 }
    }
}

/// The result of one bulk action.
public struct BulkItem: Sendable, Hashable {
    /// What a caller does with an item, from its status.
    public enum Outcome: String, Sendable, Hashable, CustomStringConvertible {
        /// Applied (2xx), or a delete of a document that was not there (404 `not_found`): acknowledge.
        case success
        /// 409: the target already holds this version or a newer one. With external versions that means the change
        /// is already superseded: acknowledge.
        case conflict
        /// 429 or 5xx: the cluster is overloaded or failing; try again later.
        case retryable
        /// Any other 4xx (`mapper_parsing_exception`, `document_parsing_exception`, `illegal_argument_exception`…):
        /// the document itself is refused and would be refused again; dead-letter it.
        case permanent

        public var description: String { rawValue }
    }

    /// The action: `index`, `create`, `update` or `delete`.
    public var action: String
    /// `_index`.
    public var index: String
    /// `_id`.
    public var id: String
    /// The HTTP status of this item.
    public var status: Int
    /// `result`: `created`, `updated`, `deleted`, `not_found`, `noop`; `nil` on failure.
    public var result: String?
    /// `_version` after the action, when it succeeded.
    public var version: Int64?
    /// `_seq_no` after the action, when it succeeded.
    public var seqNo: Int64?
    /// Why it failed, when it did.
    public var error: BulkItemError?

    /// Creates an item.
    public init(
        action: String,
        index: String,
        id: String,
        status: Int,
        result: String? = nil,
        version: Int64? = nil,
        seqNo: Int64? = nil,
        error: BulkItemError? = nil
    ) {
        self.action = action
        self.index = index
        self.id = id
        self.status = status
        self.result = result
        self.version = version
        self.seqNo = seqNo
        self.error = error
    }

    init(json: JSONValue) throws {
        guard case .object(let wrapper) = json, wrapper.count == 1, let action = wrapper.keys.first, let body = wrapper[action],
            let status = body["status"]?.intValue
        else {
            throw ElasticsearchError(.malformedResponse, "a bulk item is not {action: {status: …}}: \(json)")
        }
        self.init(
            action: action,
            index: body["_index"]?.stringValue ?? "",
            id: body["_id"]?.stringValue ?? "",
            status: Int(status),
            result: body["result"]?.stringValue,
            version: body["_version"]?.intValue,
            seqNo: body["_seq_no"]?.intValue,
            error: body["error"].map(BulkItemError.init(json:))
        )
    }

    /// What to do with this item: see ``Outcome``.
    public var outcome: Outcome {
        switch status {
        case 200..<300: .success
        case 404 where action == "delete" && error == nil: .success
        case 409: .conflict
        case 429, 500..<600: .retryable
        default: .permanent
        }
    }
}

/// Why one bulk action failed: the server's `error` object for the item.
public struct BulkItemError: Sendable, Hashable, CustomStringConvertible {
    /// The exception type, such as `mapper_parsing_exception` or `version_conflict_engine_exception`.
    public var type: String
    /// The explanation, such as `failed to parse field [n] of type [long] in document with id '3'`.
    public var reason: String
    /// The deeper cause (`caused_by`), such as `illegal_argument_exception: For input string: "abc"`.
    public var causedBy: ElasticsearchError.Cause?

    /// Creates an item error.
    public init(type: String, reason: String, causedBy: ElasticsearchError.Cause? = nil) {
        self.type = type
        self.reason = reason
        self.causedBy = causedBy
    }

    init(json: JSONValue) {
        if case .string(let text) = json {
            self.init(type: "error", reason: text)
            return
        }
        let cause = json["caused_by"].flatMap { cause in
            cause["type"]?.stringValue.map { ElasticsearchError.Cause(type: $0, reason: cause["reason"]?.stringValue ?? "") }
        }
        self.init(type: json["type"]?.stringValue ?? "unknown", reason: json["reason"]?.stringValue ?? "", causedBy: cause)
    }

    /// `type: reason`, and the cause when there is one.
    public var description: String {
        var text = "\(type): \(reason)"
        if let causedBy { text += " (caused by \(causedBy.type): \(causedBy.reason))" }
        return text
    }
}
