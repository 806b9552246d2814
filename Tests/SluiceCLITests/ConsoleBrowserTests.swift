import Foundation
import SluiceCore
import Testing

/// The web console in a real headless Chromium against a running `sluice run` with authentication: a missing and a
/// wrong token are shown as such; the overview's numbers match `/pipelines` and its chart moves with ingested
/// records; a bad record shows up in dead letters with its payload and, replayed after the configuration is fixed,
/// leaves them empty; a search shows highlighted hits; pause and resume go through. A screenshot of each page is
/// written to `.build/console-screenshots/` for a reviewer.
@Suite(.serialized) struct ConsoleBrowserTests {
    static let adminToken = "console-admin-token-0123456789"

    static func config(port: Int, strict: Bool) -> String {
        let validation = strict ? "\n    transforms: [{validate: {required: [payload.title], types: {payload.title: string}}}]" : ""
        return """
            transport: sqlite
            data_dir: state
            index_shards: 1
            server:
              listen: "127.0.0.1:\(port)"
              auth: {tokens: [{name: operator, token: "\(adminToken)", scopes: [admin]}]}
            log: {level: info, format: text}
            pipelines:
              - name: notes
                source: {type: http}
                record: {id_field: id}\(validation)
                sink: {type: search_index, index: notes, fields: [title]}
                batch: {max_records: 100, max_age: 20ms}
            """
    }

    /// Where the screenshots go: `.build/console-screenshots/` of the package.
    static let screenshots: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/console-screenshots").path
    }()

    static func start(in directory: ScratchDirectory, port: Int, strict: Bool) async throws -> SluiceProcess {
        try directory.write("sluice.yaml", config(port: port, strict: strict))
        let process = try SluiceProcess(["run", "sluice.yaml"], in: directory.path)
        do {
            try await HTTP.poll("http://127.0.0.1:\(port)/readyz", "ready") { $0.status == 200 }
        } catch {
            process.killIfRunning()
            throw CLITestFailure("\(error)\n--- sluice run:\n\(process.text)")
        }
        return process
    }

    /// The pipeline `name` as `/pipelines` shows it.
    static func status(_ base: String, _ name: String) async throws -> JSONValue {
        let answer = try await HTTP.send("GET", "\(base)/pipelines/\(name)", token: adminToken)
        guard answer.status == 200, let json = answer.json else { throw CLITestFailure("GET /pipelines/\(name): \(answer.status) \(answer.body)") }
        return json
    }

    /// Asks `/pipelines/notes` until `condition` holds, or fails after a minute (a liveness bound).
    static func waitForNotes(_ base: String, _ what: String, until condition: (JSONValue) -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        var last: JSONValue?
        while ContinuousClock.now < deadline {
            if let notes = try? await status(base, "notes") {
                if condition(notes) { return }
                last = notes
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CLITestFailure("notes: \(what) did not happen within a minute; last status: \(String(describing: last))")
    }

    @Test func consoleInABrowser() async throws {
        let directory = try ScratchDirectory("console")
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: Self.screenshots, withIntermediateDirectories: true)
        let port = try FreePort.claim()
        let base = "http://127.0.0.1:\(port)"
        var sluice = try await Self.start(in: directory, port: port, strict: true)
        defer { sluice.killIfRunning() }
        let browser = try await BrowserSession.start(profile: "\(directory.path)/chromium")
        do {
            try await scenario(browser, base: base, directory: directory, sluice: &sluice, port: port)
            await browser.close()
        } catch {
            try? await browser.screenshot(to: "\(Self.screenshots)/failure.png")
            await browser.close()
            throw CLITestFailure("\(error)\n--- sluice run:\n\(sluice.text)")
        }
    }

    /// Every button, field and link on the page has a name a screen reader can say: its text, its label or an
    /// `aria-label`.
    private func checkControlsAreLabelled(_ browser: BrowserSession, on page: String) async throws {
        let unnamed = try await browser.run(
            """
            return [...document.querySelectorAll('button, input, select, a')]
              .filter(e => e.offsetParent !== null || e === document.activeElement)
              .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
              .map(e => e.outerHTML)
            """
        )
        #expect((unnamed as? [Any])?.isEmpty == true, "controls without a name on \(page): \(String(describing: unnamed))")
    }

    private func shot(_ browser: BrowserSession, _ name: String) async throws {
        try await browser.screenshot(to: "\(Self.screenshots)/\(name).png")
    }

    private func scenario(
        _ browser: BrowserSession,
        base: String,
        directory: ScratchDirectory,
        sluice: inout SluiceProcess,
        port: Int
    )
        async throws
    {
        // No token yet: the API answers 401 and the console asks for one, saying why.
        try await browser.open("\(base)/")
        let reason = try await browser.wait(
            for: "the token dialog",
            "return document.getElementById('token-dialog').open && document.getElementById('token-reason').textContent"
        )
        #expect("\(reason)".contains("no bearer token"))
        try await shot(browser, "01-token-required")

        // A wrong token: refused, and the dialog says so.
        try await browser.type("not-the-right-token-at-all", into: "#token-input")
        try await browser.click("#token-form button[value=save]")
        let refused = try await browser.wait(
            for: "the refusal of a wrong token",
            "const r = document.getElementById('token-reason').textContent; return document.getElementById('token-dialog').open && r.includes('not valid') && r"
        )
        #expect("\(refused)".contains("the bearer token is not valid"))
        try await shot(browser, "02-wrong-token")

        // The right token: the overview.
        try await browser.type(Self.adminToken, into: "#token-input")
        try await browser.click("#token-form button[value=save]")
        try await browser.wait(for: "the notes pipeline", "return document.querySelector('[data-pipeline=\"notes\"]') !== null")
        #expect(try await browser.text("[data-pipeline=notes] h2").contains("running"))

        // Records in: the card's counters follow /pipelines, and the chart draws a rate above zero.
        let titles = (1...40).map { "{\"id\":\"n\($0)\",\"title\":\"harbour lights \($0)\"}" } + ["{\"id\":\"bad\",\"title\":42}"]
        let ingest = try await HTTP.send("POST", "\(base)/ingest/notes", body: titles.joined(separator: "\n"), token: Self.adminToken)
        #expect(ingest.json?["accepted"] == .int(41), "\(ingest.status) \(ingest.body)")
        try await Self.waitForNotes(base, "40 records out and 1 dead letter") { notes in
            notes["counters"]?["records_out"] == .int(40) && notes["counters"]?["records_dlq"] == .int(1)
        }
        let status = try await Self.status(base, "notes")
        try await browser.wait(
            for: "the counters of /pipelines on the card",
            "return document.querySelector('[data-pipeline=notes] [data-field=records_out]').textContent === arguments[0]",
            ["\(status["counters"]?["records_out"]?.intValue ?? -1)"]
        )
        #expect(try await browser.text("[data-pipeline=notes] [data-field=records_in]") == "\(status["counters"]?["records_in"]?.intValue ?? -1)")
        #expect(try await browser.text("[data-pipeline=notes] [data-field=records_dlq]") == "1")
        try await browser.wait(
            for: "a rate above zero in the chart",
            "const line = document.querySelector('[data-pipeline=notes] polyline.in'); return line !== null && line.getAttribute('points').split(' ').some(p => Number(p.split(',')[1]) < 79)"
        )
        try await shot(browser, "03-overview")
        try await checkControlsAreLabelled(browser, on: "the overview")

        // By keyboard alone: from the skip link, Tab reaches the sections in order, and Enter follows a link.
        try await browser.run("document.querySelector('.skip').focus()")
        try await browser.press([BrowserSession.tab])
        #expect(try await browser.run("return document.activeElement.textContent") as? String == "Overview")
        try await browser.press([BrowserSession.tab])
        #expect(try await browser.run("return document.activeElement.textContent") as? String == "Dead letters")
        try await browser.press([BrowserSession.enter])
        try await browser.wait(for: "the dead letters by keyboard", "return location.hash === '#/dlq'")
        try await browser.open("\(base)/#/")

        // The pipeline's page: steps, pause and resume through the admin API.
        try await browser.click("[data-pipeline=notes] h2 a")
        try await browser.wait(
            for: "the pipeline page",
            "return document.querySelector('#pause-resume') !== null && document.querySelector('ol.steps') !== null"
        )
        #expect(try await browser.text("ol.steps").contains("validate"))
        try await browser.click("#pause-resume")
        try await Self.waitForNotes(base, "the pause") { $0["state"] == .string("paused") }
        try await browser.wait(for: "the paused state", "return document.querySelector('h1 .state').textContent === 'paused'")
        try await shot(browser, "04-pipeline-paused")
        try await browser.click("#pause-resume")
        try await Self.waitForNotes(base, "the resume") { $0["state"] == .string("running") }

        // Dead letters: the bad record with its reason and payload.
        try await browser.open("\(base)/#/dlq?pipeline=notes")
        try await browser.wait(for: "one dead letter", "return document.querySelectorAll('#dlq-table tbody tr').length === 1")
        #expect(try await browser.text("#dlq-table tbody tr").contains("payload.title"))
        try await shot(browser, "05-dead-letters")
        try await checkControlsAreLabelled(browser, on: "the dead letters")
        try await browser.click("#dlq-table tbody tr td:nth-child(2) a")
        let payload = try await browser.text("#dlq-payload")
        #expect(payload.contains("42") && payload.contains("bad"))
        try await shot(browser, "06-dead-letter")

        // The fix: titles may be numbers now. Sluice restarts on the same address; the tab keeps its token.
        sluice.send(SIGTERM)
        #expect(try await sluice.waitForExit() == 0)
        sluice = try await Self.start(in: directory, port: port, strict: false)
        try await browser.open("\(base)/#/dlq?pipeline=notes")
        try await browser.click("#dlq-replay-all")
        let replayed = try await browser.wait(
            for: "the replay's result",
            "const r = document.querySelector('.result'); return r && r.textContent.startsWith('Replayed') && r.textContent"
        )
        #expect("\(replayed)" == "Replayed 1 dead letter.")
        try await browser.wait(for: "an empty dead letter list", "return document.getElementById('dlq-empty') !== null")
        try await shot(browser, "07-replayed")
        let left = try await HTTP.send("GET", "\(base)/dlq?pipeline=notes", token: Self.adminToken)
        #expect(left.json?["count"] == .int(0))

        // Search: hits with the query's word marked.
        try await Self.waitForNotes(base, "the replayed record indexed") { $0["counters"]?["records_out"] == .int(1) }
        try await browser.open("\(base)/#/search")
        try await browser.type("harbour", into: "#search-query")
        try await browser.click("form[role=search] button[type=submit]")
        let total = try await browser.wait(for: "the search total", "const t = document.getElementById('search-total'); return t && t.textContent")
        #expect("\(total)" == "Hits 1–10 of 40")
        #expect(try await browser.run("return document.querySelectorAll('.hits mark').length") as? Int ?? 0 >= 10)
        try await shot(browser, "08-search")
        try await checkControlsAreLabelled(browser, on: "the search")
        try await browser.click("#search-next")
        try await browser.wait(
            for: "the second page",
            "const t = document.getElementById('search-total'); return t && t.textContent === 'Hits 11–20 of 40'"
        )

        // On a phone's width the overview fits without scrolling sideways.
        try await browser.resize(width: 390, height: 844)
        try await browser.open("\(base)/#/")
        try await browser.wait(for: "the notes card", "return document.querySelector('[data-pipeline=notes]') !== null")
        let fits = try await browser.run("return document.documentElement.scrollWidth <= window.innerWidth") as? Bool
        #expect(fits == true, "the overview is wider than a 390 px screen")
        try await shot(browser, "09-overview-phone")
    }
}
