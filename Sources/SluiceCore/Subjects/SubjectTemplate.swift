/// A template for the subject a record is published to, such as the bridge's
/// `{env}.data.sync.{producer}.{destination}.{resource_type}.{event_type}`, the Elasticsearch sync gateway's
/// `es.{producer}.{resource_type}` or the edge's `rsfga.changes.{store_id}.{operation}.{object_type}`.
///
/// A placeholder is one of:
/// - an envelope field: `event_id`, `schema_version`, `producer`, `resource_type`, `resource_id`, `event_type`,
///   `version`, or `operation` (the derived ``Operation``: `index`, `update`, `delete`);
/// - `payload.` followed by a ``JSONPath`` into the payload, such as `{payload.store_id}` (a string or an integer);
/// - a name declared in ``variables`` when the template is made, whose value ``render(_:variables:)`` takes from
///   its `variables` argument (`env`, `destination`, …).
///
/// A placeholder may share a token with literal text (`es-{producer}`). Rendered values are **rejected, never
/// sanitised**: a value that is empty or contains `.`, whitespace, a control character, `*` or `>` makes
/// ``render(_:variables:)`` throw, so that two different resources can never be mapped onto one subject or a record
/// onto a wildcard; the runtime sends such a record to the DLQ with the reason.
public struct SubjectTemplate: Sendable, Hashable {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case field(String)
        case payload(JSONPath)
        case variable(String)
    }

    /// The envelope fields a placeholder can name directly.
    public static let envelopePlaceholders = [
        "event_id", "schema_version", "producer", "resource_type", "resource_id", "event_type", "version", "operation",
    ]

    /// The template's text.
    public let text: String
    /// The names of the placeholders whose values ``render(_:variables:)`` takes from its `variables` argument.
    public let variables: Set<String>
    let tokens: [[Segment]]

    /// Parses and checks a template.
    ///
    /// - Parameters:
    ///   - text: The template, such as `{env}.data.sync.{producer}.{destination}.{resource_type}.{event_type}`.
    ///   - variables: The names of the placeholders that are not envelope fields, such as `env` and `destination`;
    ///     their values are given to ``render(_:variables:)``. A name that is also an envelope field shadows it.
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/invalidTemplate`` for unbalanced braces, an empty
    ///   token or placeholder, an unknown placeholder, or literal text that is not allowed in a subject (whitespace,
    ///   `*`, `>`).
    public init(_ text: String, variables: some Sequence<String> = [String]()) throws {
        let variables = Set(variables)
        let parser = SubjectTemplateParser(text: text, variables: variables)
        self.tokens = try parser.parse()
        self.text = text
        self.variables = variables
    }

    /// The placeholder names in order of appearance, for example `["env", "producer", "payload.store_id"]`.
    public var placeholders: [String] {
        tokens.flatMap { token in
            token.compactMap { segment in
                switch segment {
                case .literal: nil
                case .field(let name), .variable(let name): name
                case .payload(let path): "payload.\(path)"
                }
            }
        }
    }

    /// The subject for `envelope`.
    ///
    /// - Parameters:
    ///   - envelope: The record whose fields fill the envelope and `payload.` placeholders.
    ///   - variables: Values for the names declared in ``variables``; other entries are ignored.
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/invalidSubject`` when a value is missing, empty, not a
    ///   string or integer, or contains `.`, whitespace, `*` or `>`; ``SluiceError/Code/invalidTemplate`` when a
    ///   declared variable has no value in `variables`.
    public func render(_ envelope: Envelope, variables values: [String: String] = [:]) throws -> String {
        var subject = ""
        subject.reserveCapacity(text.utf8.count + 32)
        for (position, token) in tokens.enumerated() {
            if position > 0 { subject += "." }
            for segment in token {
                switch segment {
                case .literal(let literal):
                    subject += literal
                case .variable(let name):
                    guard let value = values[name] else {
                        throw SluiceError(.invalidTemplate, "subject template \"\(text)\" needs a value for {\(name)}")
                    }
                    subject += try checked(value, name)
                case .field(let name):
                    subject += try checked(Self.fieldValue(name, of: envelope), name)
                case .payload(let path):
                    subject += try checked(payloadValue(path, of: envelope), "payload.\(path)")
                }
            }
        }
        return subject
    }

    /// A pattern matching every subject the template can render while the `values` given stay fixed, for a
    /// stream's or consumer's subjects: placeholders with a value in `values` (by name, envelope fields included)
    /// are filled in, and a token with any other placeholder becomes `*`. For the template `{env}.data.sync.{producer}.{destination}.{resource_type}.{event_type}`,
    /// `pattern(binding: ["env": "prod", "destination": "crm"])` is `prod.data.sync.*.crm.*.*`.
    ///
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/invalidSubject`` when a value in `values` cannot be
    ///   a subject token.
    public func pattern(binding values: [String: String] = [:]) throws -> SubjectPattern {
        var tokenTexts: [String] = []
        for token in tokens {
            var tokenText = ""
            for segment in token {
                let name: String
                switch segment {
                case .literal(let literal):
                    tokenText += literal
                    continue
                case .field(let field), .variable(let field): name = field
                case .payload(let path): name = "payload.\(path)"
                }
                guard let value = values[name] else {
                    tokenText = "*"
                    break
                }
                tokenText += try checked(value, name)
            }
            tokenTexts.append(tokenText)
        }
        return try SubjectPattern(parsing: tokenTexts.joined(separator: "."))
    }

    private func checked(_ value: String, _ name: String) throws -> String {
        if let problem = Subject.tokenProblem(value) {
            throw SluiceError(
                .invalidSubject,
                "subject template \"\(text)\": {\(name)} is \"\(value)\", which \(problem); subject tokens cannot be "
                    + "empty or contain '.', whitespace, '*' or '>'"
            )
        }
        return value
    }

    private func payloadValue(_ path: JSONPath, of envelope: Envelope) throws -> String {
        switch envelope.payload[path: path] {
        case .string(let string): return string
        case .int(let integer): return String(integer)
        case nil:
            throw SluiceError(.invalidSubject, "subject template \"\(text)\": the payload has no \(path)")
        case let other?:
            throw SluiceError(
                .invalidSubject,
                "subject template \"\(text)\": payload.\(path) is \(other.type.rawValue), not a string or integer"
            )
        }
    }

    private static func fieldValue(_ name: String, of envelope: Envelope) -> String {
        switch name {
        case "event_id": envelope.eventID
        case "schema_version": String(envelope.schemaVersion)
        case "producer": envelope.producer
        case "resource_type": envelope.resourceType
        case "resource_id": envelope.resourceID
        case "event_type": envelope.eventType
        case "version": String(envelope.version)
        default: envelope.operation.rawValue
        }
    }
}

extension SubjectTemplate: CustomStringConvertible {
    /// The template's text.
    public var description: String { text }
}
