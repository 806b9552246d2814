import NIOCore
import SluiceCore

/// The body of a `_bulk` request: NDJSON action lines, each index action followed by its document.
///
/// Built in place in one growing buffer, with no intermediate objects, since the write role builds one for every
/// batch. Items are answered in the order they were added (``BulkResponse/items``).
///
/// ```swift
/// var bulk = BulkRequest()
/// bulk.index(index: "assets", id: "42", version: 17, document: ["title": "heron"])
/// bulk.delete(index: "assets", id: "7", version: 18)
/// ```
///
/// With a version, the action carries `version` and `version_type` (``VersionType/external`` by default): the
/// server applies it only when it is higher than the stored one (deletes included, and a delete leaves a
/// tombstone), so replays and out-of-order deliveries cannot regress a document; a stale item fails with 409.
public struct BulkRequest: Sendable {
    /// How the server compares a given version with the stored one.
    public enum VersionType: String, Sendable, Hashable {
        /// Applied only when strictly higher than the stored version.
        case external
        /// Applied when higher than or equal to the stored version.
        case externalGTE = "external_gte"
    }

    /// The NDJSON body so far.
    public private(set) var body: ByteBuffer
    /// How many actions were added.
    public private(set) var count = 0

    /// Creates an empty request whose buffer starts with room for `capacity` bytes.
    public init(capacity: Int = 64 * 1024) {
        body = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// Whether no action was added.
    public var isEmpty: Bool { count == 0 }
    /// The body's size in bytes, for batching by size.
    public var byteCount: Int { body.readableBytes }

    /// Adds an index action (create or replace) with `document` as the source.
    ///
    /// - Parameters:
    ///   - index: The target index.
    ///   - id: The document id.
    ///   - version: The document's version; `nil` lets the server number versions itself (no ordering check).
    ///   - versionType: How `version` is compared. Defaults to ``VersionType/external``.
    ///   - document: The source.
    public mutating func index(index: String, id: String, version: Int64? = nil, versionType: VersionType = .external, document: JSONValue) {
        writeAction("index", index: index, id: id, version: version, versionType: versionType)
        body.writeBytes(document.serialized())
        body.writeInteger(UInt8(ascii: "\n"))
        count += 1
    }

    /// Adds an index action whose source is JSON text already encoded as UTF-8 (one object). Line breaks in it,
    /// which valid JSON has only as whitespace, are written as spaces so the NDJSON stays one line per document.
    public mutating func index(
        index: String,
        id: String,
        version: Int64? = nil,
        versionType: VersionType = .external,
        source: some Collection<UInt8>
    ) {
        writeAction("index", index: index, id: id, version: version, versionType: versionType)
        let start = body.writerIndex
        let written = body.writeBytes(source)
        if source.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            let offset = start - body.readerIndex
            body.withUnsafeMutableReadableBytes { bytes in
                for position in offset..<(offset + written) where bytes[position] == 0x0A || bytes[position] == 0x0D {
                    bytes[position] = UInt8(ascii: " ")
                }
            }
        }
        body.writeInteger(UInt8(ascii: "\n"))
        count += 1
    }

    /// Adds a delete action. With a version, the delete is applied only if it is newer than the stored document, and
    /// the server remembers it so that an older index action arriving later fails with 409.
    public mutating func delete(index: String, id: String, version: Int64? = nil, versionType: VersionType = .external) {
        writeAction("delete", index: index, id: id, version: version, versionType: versionType)
        count += 1
    }

    /// Empties the request, keeping its buffer for the next batch.
    public mutating func removeAll() {
        body.clear()
        count = 0
    }

    private mutating func writeAction(_ action: StaticString, index: String, id: String, version: Int64?, versionType: VersionType) {
        body.writeStaticString("{\"")
        body.writeStaticString(action)
        body.writeStaticString("\":{\"_index\":")
        writeJSONString(index)
        body.writeStaticString(",\"_id\":")
        writeJSONString(id)
        if let version {
            body.writeStaticString(",\"version\":")
            writeDecimal(version)
            switch versionType {
            case .external: body.writeStaticString(",\"version_type\":\"external\"")
            case .externalGTE: body.writeStaticString(",\"version_type\":\"external_gte\"")
            }
        }
        body.writeStaticString("}}\n")
    }

    /// Writes `text` as a JSON string; in the common case (nothing to escape) as one copy.
    private mutating func writeJSONString(_ text: String) {
        body.writeInteger(UInt8(ascii: "\""))
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            body.writeString(text)
        } else {
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): body.writeStaticString("\\\"")
                case UInt8(ascii: "\\"): body.writeStaticString("\\\\")
                case 0x0A: body.writeStaticString("\\n")
                case 0x0D: body.writeStaticString("\\r")
                case 0x09: body.writeStaticString("\\t")
                case 0..<0x20:
                    body.writeStaticString("\\u00")
                    body.writeInteger(Self.hexDigit(byte >> 4))
                    body.writeInteger(Self.hexDigit(byte & 0xF))
                default: body.writeInteger(byte)
                }
            }
        }
        body.writeInteger(UInt8(ascii: "\""))
    }

    /// Writes `value` in decimal without making a string.
    private mutating func writeDecimal(_ value: Int64) {
        body.writeWithUnsafeMutableBytes(minimumWritableBytes: 20) { buffer in
            var magnitude = value.magnitude
            var digits = 1
            var scale: UInt64 = 1
            while magnitude / scale >= 10 {
                scale *= 10
                digits += 1
            }
            var position = 0
            if value < 0 {
                buffer[0] = UInt8(ascii: "-")
                position = 1
            }
            for index in (position..<(position + digits)).reversed() {
                buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            return position + digits
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
