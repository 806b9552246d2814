/// The console's files, embedded in the binary when it is built (the `Assets` folder), by the name they are served
/// under: `/` is `index.html`, every other file is `/console/<name>`.
enum ConsoleAssets {
    static let index = ConsoleAsset(bytes: PackageResources.index_html, contentType: "text/html; charset=utf-8")

    static let files: [String: ConsoleAsset] = [
        "console.css": ConsoleAsset(bytes: PackageResources.console_css, contentType: "text/css; charset=utf-8"),
        "app.js": script(PackageResources.app_js),
        "api.js": script(PackageResources.api_js),
        "chart.js": script(PackageResources.chart_js),
        "deadletters.js": script(PackageResources.deadletters_js),
        "dom.js": script(PackageResources.dom_js),
        "live.js": script(PackageResources.live_js),
        "overview.js": script(PackageResources.overview_js),
        "pipeline.js": script(PackageResources.pipeline_js),
        "search.js": script(PackageResources.search_js),
    ]

    private static func script(_ bytes: [UInt8]) -> ConsoleAsset {
        ConsoleAsset(bytes: bytes, contentType: "text/javascript; charset=utf-8")
    }
}
