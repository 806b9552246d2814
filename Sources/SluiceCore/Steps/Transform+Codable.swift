extension Transform: Codable {
    private struct PathBody: Codable {
        var path: JSONPath
    }

    private struct SetBody: Codable {
        var path: JSONPath
        var value: JSONValue
    }

    private struct MoveBody: Codable {
        var from: JSONPath
        var to: JSONPath
    }

    private struct TimestampBody: Codable {
        var path: JSONPath
        var format: TimestampFormat?
    }

    /// Decodes a one-key object: `set`, `rename`, `copy`, `drop`, `lowercase`, `trim`, `timestamp` or `validate`
    /// (see ``Transform`` for each body).
    public init(from decoder: any Decoder) throws {
        let (container, name) = try StepCoding.singleKey(decoder, allowed: Self.keys, kind: "transform")
        let key = StepCodingKey(name)
        switch name {
        case "set":
            let body = try container.decode(SetBody.self, forKey: key)
            self = .set(path: body.path, value: body.value)
        case "rename":
            let body = try container.decode(MoveBody.self, forKey: key)
            self = .rename(from: body.from, to: body.to)
        case "copy":
            let body = try container.decode(MoveBody.self, forKey: key)
            self = .copy(from: body.from, to: body.to)
        case "drop": self = .drop(path: try container.decode(PathBody.self, forKey: key).path)
        case "lowercase": self = .lowercase(path: try container.decode(PathBody.self, forKey: key).path)
        case "trim": self = .trim(path: try container.decode(PathBody.self, forKey: key).path)
        case "timestamp":
            let body = try container.decode(TimestampBody.self, forKey: key)
            self = .timestamp(path: body.path, format: body.format ?? .rfc3339)
        default: self = .validate(try container.decode(Schema.self, forKey: key))
        }
    }

    /// Encodes the one-key object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: StepCodingKey.self)
        switch self {
        case .set(let path, let value): try container.encode(SetBody(path: path, value: value), forKey: .init("set"))
        case .rename(let from, let to): try container.encode(MoveBody(from: from, to: to), forKey: .init("rename"))
        case .copy(let from, let to): try container.encode(MoveBody(from: from, to: to), forKey: .init("copy"))
        case .drop(let path): try container.encode(PathBody(path: path), forKey: .init("drop"))
        case .lowercase(let path): try container.encode(PathBody(path: path), forKey: .init("lowercase"))
        case .trim(let path): try container.encode(PathBody(path: path), forKey: .init("trim"))
        case .timestamp(let path, let format):
            try container.encode(TimestampBody(path: path, format: format), forKey: .init("timestamp"))
        case .validate(let schema): try container.encode(schema, forKey: .init("validate"))
        }
    }
}
