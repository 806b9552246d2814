/// The type of a JSON value, as declared in a ``Schema``: `string`, `integer`, `number`, `boolean`, `object`,
/// `array` or `null`.
///
/// `number` accepts integers too; `integer` accepts only numbers written without fraction or exponent.
public enum JSONType: String, Sendable, Hashable, Codable, CaseIterable {
    /// A string.
    case string
    /// A number without fraction or exponent (``JSONValue/int(_:)``).
    case integer
    /// Any number (``JSONValue/int(_:)`` or ``JSONValue/double(_:)``).
    case number
    /// `true` or `false`.
    case boolean
    /// An object.
    case object
    /// An array.
    case array
    /// `null`.
    case null

    /// Whether `value` is of this type; an integer is also a `number`.
    public func accepts(_ value: JSONValue) -> Bool {
        value.type == self || (self == .number && value.type == .integer)
    }
}
