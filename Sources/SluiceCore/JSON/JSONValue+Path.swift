extension JSONValue {
    /// The value at `path`, or `nil` when some step is missing or goes through a value of the wrong type.
    ///
    /// Setting through the subscript is ``setValue(_:at:)`` that silently does nothing when the path cannot be
    /// made; setting `nil` is ``removeValue(at:)``.
    public subscript(path path: JSONPath) -> JSONValue? {
        get { value(at: path.components[...]) }
        set {
            if let newValue {
                try? setValue(newValue, at: path)
            } else {
                removeValue(at: path)
            }
        }
    }

    /// The value at the path made of `components` (all of them when empty).
    func value(at components: ArraySlice<JSONPath.Component>) -> JSONValue? {
        var current = self
        for component in components {
            switch (component, current) {
            case (.key(let key), .object(let object)):
                guard let next = object[key] else { return nil }
                current = next
            case (.index(let index), .array(let array)):
                guard array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Sets `value` at `path`, creating missing objects (and arrays, for an index step) on the way.
    ///
    /// A missing step or a `null` is replaced by an empty object when the next step is a key, or an empty array when
    /// it is an index. An index may replace an element or append one (index == count).
    ///
    /// - Throws: ``SluiceError`` with code ``SluiceError/Code/invalidPath`` when a step goes through a value that is
    ///   neither an object nor an array of the right kind, or an index is past the end.
    public mutating func setValue(_ value: JSONValue, at path: JSONPath) throws {
        try setValue(value, at: path.components[...], fullPath: path)
    }

    /// Removes the value at `path` and returns it; `nil` (and nothing changes) when there is none.
    /// Removing an array element shifts the ones after it.
    @discardableResult
    public mutating func removeValue(at path: JSONPath) -> JSONValue? {
        removeValue(at: path.components[...])
    }

    /// Sets `value` at the path made of `components`, the tail of `fullPath` (named in errors).
    mutating func setValue(
        _ value: JSONValue,
        at components: ArraySlice<JSONPath.Component>,
        fullPath: JSONPath
    )
        throws
    {
        guard let component = components.first else {
            self = value
            return
        }
        let rest = components.dropFirst()
        switch component {
        case .key(let key):
            if self == .null { self = .object(JSONObject()) }
            guard case .object(var object) = self else {
                throw failure(fullPath, components, "goes through \(type.rawValue) where an object is needed")
            }
            self = .null  // so that `object` is uniquely referenced and changes in place
            defer { self = .object(object) }
            try object.modifyValue(forKey: key, default: .null) { child in
                try child.setValue(value, at: rest, fullPath: fullPath)
            }
        case .index(let index):
            if self == .null { self = .array([]) }
            guard case .array(var array) = self else {
                throw failure(fullPath, components, "goes through \(type.rawValue) where an array is needed")
            }
            guard index <= array.count else {
                throw failure(
                    fullPath,
                    components,
                    "has index \(index) past the end of an array of \(array.count) elements"
                )
            }
            self = .null
            defer { self = .array(array) }
            if index == array.count { array.append(.null) }
            try array[index].setValue(value, at: rest, fullPath: fullPath)
        }
    }

    /// Removes the value at the path made of `components`.
    mutating func removeValue(at components: ArraySlice<JSONPath.Component>) -> JSONValue? {
        guard let component = components.first else { return nil }
        let rest = components.dropFirst()
        switch component {
        case .key(let key):
            guard case .object(var object) = self, object.contains(key) else { return nil }
            self = .null
            defer { self = .object(object) }
            if rest.isEmpty { return object.removeValue(forKey: key) }
            return object.modifyValue(forKey: key, default: .null) { child in child.removeValue(at: rest) }
        case .index(let index):
            guard case .array(var array) = self, array.indices.contains(index) else { return nil }
            self = .null
            defer { self = .array(array) }
            if rest.isEmpty { return array.remove(at: index) }
            return array[index].removeValue(at: rest)
        }
    }

    private func failure(
        _ fullPath: JSONPath,
        _ remaining: ArraySlice<JSONPath.Component>,
        _ problem: String
    )
        -> SluiceError
    {
        let prefixCount = fullPath.components.count - remaining.count
        let at = prefixCount == 0 ? "" : " at \(JSONPath(components: Array(fullPath.components.prefix(prefixCount))))"
        return SluiceError(.invalidPath, "cannot set \(fullPath): the path\(at) \(problem)")
    }
}
