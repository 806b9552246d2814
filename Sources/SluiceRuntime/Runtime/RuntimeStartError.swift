/// Why the runtime could not start.
struct RuntimeStartError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
