import Foundation
import NIOCore

@testable import JetStream

/// Encodes a value and reads it back as a JSON object, to look at the keys the server would see.
func jsonObject<T: Encodable>(_ value: T) throws -> [String: Any] {
    let data = try JSONEncoder().encode(value)
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
}

/// Parses the JSON object in a request body.
func jsonObject(body: ByteBuffer) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as! [String: Any]
}

/// Decodes a value from a JSON string.
func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(json.utf8))
}
