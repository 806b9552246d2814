import SQLiteNIO
import Synchronization

extension SubjectFilter {
    /// The SQL function `name(filter, subject)`: 1 when `subject` matches the subject filter `filter`.
    ///
    /// A statement passes the same filter for every row, so the last parsed filter is kept.
    static func sqlFunction(named name: String) -> SQLiteCustomFunction {
        let lastFilter = Mutex<SubjectFilter?>(nil)
        return SQLiteCustomFunction(name, argumentCount: 2, pure: true) { arguments in
            guard case .text(let filterText) = arguments[0], case .text(let subject) = arguments[1] else { return false }
            let filter = try lastFilter.withLock { cached in
                if let cached, cached.text == filterText { return cached }
                let parsed = try SubjectFilter(filterText)
                cached = parsed
                return parsed
            }
            return filter.matches(subject)
        }
    }
}
