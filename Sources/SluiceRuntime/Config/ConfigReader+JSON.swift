import SluiceCore

extension ConfigReader {
    /// A YAML value as JSON: plain scalars that read as numbers, `true`/`false` or `null` keep that type,
    /// quoted scalars stay strings; mappings keep their key order.
    public func json(_ field: ConfigField) -> JSONValue? {
        switch field.node.content {
        case .scalar(let scalar):
            guard let text = string(field) else { return nil }
            guard scalar.style == .plain else { return .string(text) }
            switch text {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null", "~", "": return .null
            default: break
            }
            if let integer = Int64(text) { return .int(integer) }
            if let double = Double(text), text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return .double(double) }
            return .string(text)
        case .sequence:
            guard let items = sequence(field) else { return nil }
            let values = items.compactMap { json($0) }
            return values.count == items.count ? .array(values) : nil
        case .mapping(let mapping):
            var object = JSONObject()
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.scalar?.string else {
                    report(at: keyNode.mark, path: field.path, "keys must be plain strings")
                    return nil
                }
                guard let value = json(ConfigField(node: valueNode, path: field.child(key))) else { return nil }
                _ = object.updateValue(value, forKey: key)
            }
            return .object(object)
        }
    }
}
