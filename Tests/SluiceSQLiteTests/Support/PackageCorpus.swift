import NATSTestSupport
import SluiceCore

/// A deterministic corpus shaped like a distribution's package list: short names with hyphens and digits, one-line
/// titles, longer descriptions and a section, over a vocabulary with the words people search for.
enum PackageCorpus {
    static let sections = ["web", "net", "admin", "devel", "libs", "x11", "utils", "python", "database", "doc"]
    static let words = [
        "apache", "http", "server", "scalable", "proxy", "cache", "web", "fast", "library", "development", "files",
        "python", "module", "bindings", "documentation", "daemon", "client", "network", "protocol", "database", "sql",
        "window", "manager", "terminal", "font", "graphics", "image", "audio", "video", "stream", "compression", "archive",
        "kernel", "driver", "firmware", "utility", "tools", "shell", "script", "interpreter", "compiler", "runtime",
        "plugin", "extension", "secure", "encryption", "certificate", "authentication", "mail", "transfer", "agent",
        "monitor", "logging", "backup", "sync", "mirror", "package", "debian", "system", "service", "virtual", "machine",
        "café", "naïve", "straße", "日本語", "façade", "über",
    ]
    static let hyphenated = ["x-window", "foo-bar", "eu-north-1", "utf-8", "gtk-3", "qt5-base", "node-js", "libc6-dev"]

    /// `count` package records with ids `pkg-0` …; every 50th mentions "apache http server" in its title.
    static func records(_ count: Int, seed: UInt64 = 42) -> [Envelope] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { number in
            func phrase(_ length: Int) -> String {
                (0..<length).map { _ in
                    random.next() % 9 == 0
                        ? hyphenated[Int(random.next() % UInt64(hyphenated.count))] : words[Int(random.next() % UInt64(words.count))]
                }.joined(separator: " ")
            }
            let title = number % 50 == 0 ? "apache http server module \(number)" : phrase(Int(3 + random.next() % 5))
            let description = phrase(Int(10 + random.next() % 30))
            let section = sections[Int(random.next() % UInt64(sections.count))]
            return Envelope(
                producer: "test",
                resourceType: "packages",
                resourceID: "pkg-\(number)",
                eventType: "created",
                version: 1,
                payload: ["title": .string(title), "description": .string(description), "section": .string(section)]
            )
        }
    }

    /// How many of ``records(_:seed:)``'s first `count` records have "apache http server" in their title.
    static func apacheTitles(in count: Int) -> Int { (count + 49) / 50 }
}
