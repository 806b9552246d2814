import AsyncHTTPClient
import Foundation
import NIOCore

/// A headless Chromium driven through chromedriver's W3C WebDriver protocol: open pages, find and click elements,
/// type, run a script, take screenshots. The test's own browser, as a person at the console would use it.
final class BrowserSession: Sendable {
    private let driver: Process
    private let endpoint: String
    private let session: String

    /// chromedriver from `CHROMEDRIVER`, else Debian's; Chromium from `CHROMIUM`, else Debian's.
    private static func tool(_ variable: String, default path: String) throws -> String {
        let candidate = ProcessInfo.processInfo.environment[variable] ?? path
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw CLITestFailure("\(candidate) is missing: run scripts/setup (it installs chromium and chromium-driver), or set \(variable)")
        }
        return candidate
    }

    /// Starts chromedriver on a free port and a headless Chromium session with its profile in `profile`.
    static func start(profile: String) async throws -> BrowserSession {
        let port = try FreePort.claim()
        let driver = Process()
        driver.executableURL = URL(fileURLWithPath: try tool("CHROMEDRIVER", default: "/usr/bin/chromedriver"))
        driver.arguments = ["--port=\(port)"]
        driver.standardOutput = FileHandle.nullDevice
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        let endpoint = "http://127.0.0.1:\(port)"
        let capabilities: [String: Any] = [
            "browserName": "chrome",
            "goog:chromeOptions": [
                "binary": try tool("CHROMIUM", default: "/usr/bin/chromium"),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                    "--user-data-dir=\(profile)", "--no-first-run",
                ],
            ],
        ]
        do {
            let deadline = ContinuousClock.now + .seconds(30)
            while true {
                do {
                    _ = try await call(endpoint, "GET", "/status")
                    break
                } catch {
                    guard ContinuousClock.now < deadline else { throw CLITestFailure("chromedriver did not answer on \(endpoint): \(error)") }
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            let created = try await call(endpoint, "POST", "/session", ["capabilities": ["alwaysMatch": capabilities]])
            guard let session = (created as? [String: Any])?["sessionId"] as? String else {
                throw CLITestFailure("chromedriver made no session: \(String(describing: created))")
            }
            return BrowserSession(driver: driver, endpoint: endpoint, session: session)
        } catch {
            driver.terminate()
            throw error
        }
    }

    private init(driver: Process, endpoint: String, session: String) {
        self.driver = driver
        self.endpoint = endpoint
        self.session = session
    }

    /// One WebDriver command; returns its `value`, throws the driver's error.
    private static func call(_ endpoint: String, _ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        // AsyncHTTPClient rather than URLSession: on Linux, URLSession fails on chromedriver's answers ("Failed
        // writing header").
        var request = HTTPClientRequest(url: endpoint + path)
        request.method = .init(rawValue: method)
        if let body {
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let data = Data((try await response.body.collect(upTo: 64 << 20)).readableBytesView)
        let decoded = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [String: Any]
        let value = decoded?["value"]
        if response.status.code >= 400 {
            throw CLITestFailure("WebDriver \(method) \(path): \(response.status.code) \(String(describing: value))")
        }
        return value is NSNull ? nil : value
    }

    @discardableResult
    private func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        try await Self.call(endpoint, method, "/session/\(session)\(path)", body)
    }

    /// Loads `url` in the tab.
    func open(_ url: String) async throws {
        try await command("POST", "/url", ["url": url])
    }

    /// Runs `script` (a function body; `arguments[0]`… are `arguments`) in the page and returns its result.
    func run(_ script: String, _ arguments: [Any] = []) async throws -> Any? {
        try await command("POST", "/execute/sync", ["script": script, "args": arguments])
    }

    /// Runs `script` until it returns a value that is neither `null`, `false` nor an empty string, and returns it;
    /// fails after `timeout` (a liveness bound) naming `what`.
    @discardableResult
    func wait(for what: String, timeout: Duration = .seconds(30), _ script: String, _ arguments: [Any] = []) async throws -> Any {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let value = try await run(script, arguments), !(value as? Bool == false), !(value as? String == "") { return value }
            guard ContinuousClock.now < deadline else {
                let page = (try? await run("return document.body.innerText")) as? String ?? "?"
                throw CLITestFailure("the console did not show \(what) within \(timeout); the page reads:\n\(page)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The element `selector` finds, waiting until it is there.
    private func element(_ selector: String) async throws -> String {
        try await wait(for: "an element \(selector)", "return document.querySelector(arguments[0]) !== null", [selector])
        let found = try await command("POST", "/element", ["using": "css selector", "value": selector]) as? [String: Any]
        guard let reference = found?.values.first as? String else { throw CLITestFailure("no element \(selector)") }
        return reference
    }

    /// Clicks the element `selector` finds, as a pointer would. The console's live views are drawn again every two
    /// seconds, so an element found just before a redraw may be gone when clicked: it is then found again.
    func click(_ selector: String) async throws {
        var attempt = 0
        while true {
            do {
                try await command("POST", "/element/\(try await element(selector))/click", [:])
                return
            } catch let failure as CLITestFailure where failure.description.contains("stale element reference") && attempt < 5 {
                attempt += 1
            }
        }
    }

    /// Empties the field `selector` finds and types `text` into it, key by key.
    func type(_ text: String, into selector: String) async throws {
        let reference = try await element(selector)
        try await command("POST", "/element/\(reference)/clear", [:])
        try await command("POST", "/element/\(reference)/value", ["text": text])
    }

    /// The text of the element `selector` finds.
    func text(_ selector: String) async throws -> String {
        try await wait(for: "an element \(selector)", "return document.querySelector(arguments[0]) !== null", [selector])
        return try await run("return document.querySelector(arguments[0]).innerText", [selector]) as? String ?? ""
    }

    /// Presses and releases each key in turn on the focused element, as a keyboard would: WebDriver key values such
    /// as ``tab`` and ``enter``, or characters.
    func press(_ keys: [String]) async throws {
        let strokes = keys.flatMap { [["type": "keyDown", "value": $0], ["type": "keyUp", "value": $0]] }
        try await command("POST", "/actions", ["actions": [["type": "key", "id": "keyboard", "actions": strokes]]])
    }

    /// The Tab key's WebDriver value.
    static let tab = "\u{E004}"
    /// The Enter key's WebDriver value.
    static let enter = "\u{E007}"

    /// Sets the window's size in CSS pixels, as a phone or a desktop screen would have it.
    func resize(width: Int, height: Int) async throws {
        try await command("POST", "/window/rect", ["width": width, "height": height])
    }

    /// Writes a PNG of the viewport to `path`.
    func screenshot(to path: String) async throws {
        guard let encoded = try await command("GET", "/screenshot") as? String, let png = Data(base64Encoded: encoded) else {
            throw CLITestFailure("chromedriver returned no screenshot")
        }
        try png.write(to: URL(fileURLWithPath: path))
    }

    /// Ends the session and stops chromedriver (and with it Chromium).
    func close() async {
        _ = try? await command("DELETE", "")
        driver.terminate()
        // Polled: `Process.waitUntilExit()` spins a run loop that never sees the exit from inside a task.
        let deadline = ContinuousClock.now + .seconds(10)
        while driver.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if driver.isRunning { kill(driver.processIdentifier, SIGKILL) }
    }
}
