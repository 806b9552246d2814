/// Names of indexes and consumers: 1 to 255 ASCII letters, digits, `-` and `_`.
enum PlainName {
    /// Throws ``SluiceSQLiteError/Code/invalidArgument`` unless `name` is a plain name; `what` names it in the message.
    static func validate(_ name: String, what: String) throws {
        guard !name.isEmpty, name.utf8.count <= 255, name.utf8.allSatisfy({ isNameByte($0) }) else {
            throw SluiceSQLiteError(.invalidArgument, "\(what) '\(name)' must be 1 to 255 letters, digits, '-' or '_'")
        }
    }

    /// Whether `byte` is an ASCII letter, digit, `-` or `_`.
    static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}
