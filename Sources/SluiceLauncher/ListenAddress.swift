import ArgumentParser

/// A `host:port` address a role listens on, from its command line or its file.
public enum ListenAddress {
    /// `text` split in two, or a validation error naming what was given.
    public static func split(_ text: String) throws -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else {
            throw ValidationError("an address is host:port, got '\(text)'")
        }
        return (String(text[..<colon]), port)
    }
}
