import Logging

/// Writes JSON text by hand, for the log handler's hot path (no `Encodable` round trip).
enum JSONText {
    /// Appends `value` as a JSON string literal, escaping quotes, backslashes and control characters.
    static func appendString(_ value: String, to output: inout String) {
        output.append("\"")
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output.append("\"")
    }

    /// Appends metadata as a JSON object with keys in sorted order.
    static func appendMetadata(_ metadata: Logger.Metadata, to output: inout String) {
        output.append("{")
        for (index, key) in metadata.keys.sorted().enumerated() {
            if index > 0 { output.append(",") }
            appendString(key, to: &output)
            output.append(":")
            appendValue(metadata[key]!, to: &output)
        }
        output.append("}")
    }

    /// Appends one metadata value: a string, an array, an object, or the description of anything else.
    static func appendValue(_ value: Logger.MetadataValue, to output: inout String) {
        switch value {
        case .string(let string):
            appendString(string, to: &output)
        case .stringConvertible(let convertible):
            appendString(convertible.description, to: &output)
        case .array(let values):
            output.append("[")
            for (index, element) in values.enumerated() {
                if index > 0 { output.append(",") }
                appendValue(element, to: &output)
            }
            output.append("]")
        case .dictionary(let dictionary):
            appendMetadata(dictionary, to: &output)
        }
    }
}
