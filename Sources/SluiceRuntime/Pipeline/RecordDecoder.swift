import FoundationEssentials
import NIOCore
import SluiceCore

/// Turns one record's bytes into an ``SluiceCore/Envelope``: an object with `event_id` and `payload` is taken as an
/// envelope; any other JSON object is the payload of a new envelope whose id, version and event type come from the
/// fields named in ``RecordSettings``.
struct RecordDecoder: Sendable {
    let settings: RecordSettings
    let resourceType: String
    private let idPath: JSONPath
    private let versionPath: JSONPath?
    private let eventTypePath: JSONPath?

    init(settings: RecordSettings, pipeline: String) {
        self.settings = settings
        self.resourceType = settings.resourceType ?? pipeline
        self.idPath = (try? JSONPath(parsing: settings.idField)) ?? JSONPath(components: [.key(settings.idField)])
        self.versionPath = settings.versionField.flatMap { try? JSONPath(parsing: $0) }
        self.eventTypePath = settings.eventTypeField.flatMap { try? JSONPath(parsing: $0) }
    }

    /// The envelope, or why the record cannot be one (a permanent failure: it goes to the DLQ).
    func decode(_ bytes: ByteBuffer, at time: DecodingTime) -> Result<Envelope, RecordRejection> {
        let now = time.date
        if bytes.readableBytes > settings.maxBytes {
            return .failure(RecordRejection("record is \(bytes.readableBytes) bytes, over the limit of \(settings.maxBytes) (record.max_bytes)"))
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes.readableBytesView)
        } catch let error as SluiceError {
            return .failure(RecordRejection("malformed JSON: \(error.reason)"))
        } catch {
            return .failure(RecordRejection("malformed JSON: \(error)"))
        }
        guard case .object(let object) = value else {
            return .failure(RecordRejection("expected a JSON object, got \(value.type.rawValue)"))
        }
        if object["event_id"] != nil, object["payload"] != nil {
            do {
                return .success(try Envelope.decode(bytes.readableBytesView))
            } catch let error as SluiceError {
                return .failure(RecordRejection("invalid envelope: \(error.reason)"))
            } catch {
                return .failure(RecordRejection("invalid envelope: \(error)"))
            }
        }
        let id: String
        switch value[path: idPath] {
        case .string(let text)? where !text.isEmpty: id = text
        case .int(let number)?: id = String(number)
        case nil, .null?:
            return .failure(RecordRejection("missing id: the record has no field '\(settings.idField)' (record.id_field)"))
        case let other?:
            return .failure(
                RecordRejection("invalid id: field '\(settings.idField)' must be a non-empty string or an integer, got \(other.type.rawValue)")
            )
        }
        var version = Int64(now.timeIntervalSince1970 * 1000)
        if let versionPath, let field = settings.versionField {
            guard case .int(let number)? = value[path: versionPath] else {
                return .failure(RecordRejection("invalid version: field '\(field)' must be an integer (record.version_field)"))
            }
            version = number
        }
        var eventType = "updated"
        if let eventTypePath, let field = settings.eventTypeField {
            guard case .string(let text)? = value[path: eventTypePath], !text.isEmpty else {
                return .failure(RecordRejection("invalid event type: field '\(field)' must be a non-empty string (record.event_type_field)"))
            }
            eventType = text
        }
        return .success(
            Envelope(
                eventID: ULID.generate(now: now).description,
                producer: settings.producer,
                resourceType: resourceType,
                resourceID: id,
                eventType: eventType,
                occurredAt: time.text,
                version: version,
                payload: value
            )
        )
    }
}

/// The moment a group of records is decoded at, with its RFC 3339 text formatted once for all of them.
struct DecodingTime: Sendable {
    let date: Date
    let text: String

    init(_ date: Date = Date()) {
        self.date = date
        self.text = RFC3339.format(date)
    }
}

/// Why a record cannot be delivered, ever: it goes to the DLQ with this reason.
struct RecordRejection: Error, Sendable, Hashable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
