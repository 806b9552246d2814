import Foundation
import SwiftProtobuf

/// A change to the tuples of one store (protobuf `sluice.edge.v1.TupleChange`, `proto/tuple_change.proto`).
public typealias TupleChange = Sluice_Edge_V1_TupleChange
/// One relationship tuple: object, relation, user.
public typealias TupleKey = Sluice_Edge_V1_TupleKey
/// What a change does.
public typealias TupleOperation = Sluice_Edge_V1_Operation

extension TupleKey {
    /// A tuple.
    public init(object: String, relation: String, user: String) {
        self.init()
        self.object = object
        self.relation = relation
        self.user = user
    }

    /// The object's type: `document` of `document:1`.
    public var objectType: String { String(object.prefix { $0 != ":" }) }
}

extension TupleChange {
    /// A change of `storeID` writing and deleting tuples; the operation is `delete` when it only deletes, else `write`.
    public init(storeID: String, objectType: String, writes: [TupleKey] = [], deletes: [TupleKey] = [], changeID: String, time: Date = Date()) {
        self.init()
        self.storeID = storeID
        self.objectType = objectType
        self.writes = writes
        self.deletes = deletes
        self.operation = writes.isEmpty && !deletes.isEmpty ? .delete : .write
        self.changeID = changeID
        self.timeUnixMs = Int64((time.timeIntervalSince1970 * 1000).rounded())
    }

    /// The subject it is published on: `<prefix>.<store>.<operation>.<object_type>`.
    public func subject(prefix: String = ChangeSubjects.defaultPrefix) -> String {
        "\(prefix).\(storeID).\(operation.token).\(objectType)"
    }
}

extension TupleOperation {
    /// The subject token: `write`, `delete`.
    public var token: String {
        switch self {
        case .write: "write"
        case .delete: "delete"
        default: "unspecified"
        }
    }
}

/// Why a change cannot be published or applied.
public struct EdgeError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension TupleChange {
    /// Checks what a subject and the local store rely on: a store id and object type usable as subject tokens, a
    /// change id, and tuples with all three parts.
    public func validate() throws {
        for (name, value) in [("store_id", storeID), ("object_type", objectType)] {
            guard ChangeSubjects.isToken(value) else {
                throw EdgeError("\(name) \"\(value)\" must be a non-empty subject token (no spaces, dots, * or >)")
            }
        }
        guard !changeID.isEmpty else { throw EdgeError("change_id is empty") }
        guard operation == .write || operation == .delete else { throw EdgeError("operation is unspecified") }
        for key in writes + deletes where key.object.isEmpty || key.relation.isEmpty || key.user.isEmpty {
            throw EdgeError("a tuple needs object, relation and user: \(key.object)#\(key.relation)@\(key.user)")
        }
    }
}
