import FoundationEssentials
import SluiceCore

/// A node URL split from the credentials it may carry (`https://user:password@host:9200`): requests go to ``base``
/// with the credentials as basic authentication, and errors and logs only ever show ``base`` or
/// ``ElasticsearchConfiguration/redacted(_:)``.
struct NodeURL: Sendable, Hashable {
    /// The URL without its userinfo and without a trailing slash.
    let base: String
    /// The user of the userinfo, percent-decoded; `nil` without userinfo.
    let user: String?
    /// The password of the userinfo, percent-decoded; `nil` without one.
    let password: String?

    /// Splits `url`; a URL without userinfo is kept as it is (less a trailing slash).
    init(_ url: String) {
        var base = url
        var user: String?
        var password: String?
        if let parts = Self.userinfo(of: url) {
            base = String(url[..<parts.authority.lowerBound]) + String(url[parts.host...])
            let userinfo = url[parts.authority.lowerBound..<url.index(before: parts.host)]
            let colon = userinfo.firstIndex(of: ":")
            user = Self.decoded(userinfo[..<(colon ?? userinfo.endIndex)])
            password = colon.map { Self.decoded(userinfo[userinfo.index(after: $0)...]) }
        }
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.user = user
        self.password = password
    }

    /// The `Authorization` header the userinfo stands for; `nil` without userinfo.
    var authorization: String? {
        user.map { ElasticsearchConfiguration.Authentication.basic(username: $0, password: password ?? "").headerValue ?? "" }
    }

    /// `url` with the password of its userinfo, if any, replaced by `<redacted>`.
    static func redacted(_ url: String) -> String {
        guard let parts = userinfo(of: url) else { return url }
        let userinfo = url[parts.authority.lowerBound..<url.index(before: parts.host)]
        let user = userinfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let shown = user.count > 1 ? "\(user[0]):<redacted>" : String(userinfo)
        return String(url[..<parts.authority.lowerBound]) + shown + "@" + String(url[parts.host...])
    }

    /// Where the authority starts and where its host starts (after the `@`), when the URL has userinfo.
    private static func userinfo(of url: String) -> (authority: Range<String.Index>, host: String.Index)? {
        guard let scheme = url.firstRange(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        let end = rest.firstIndex { "/?#".contains($0) } ?? rest.endIndex
        guard let at = rest[..<end].lastIndex(of: "@") else { return nil }
        return (scheme.upperBound..<end, url.index(after: at))
    }

    private static func decoded(_ text: Substring) -> String {
        text.percentDecoded() ?? String(text)
    }
}

extension ElasticsearchConfiguration {
    /// `url` with the password of its userinfo (`https://user:password@host`), if any, replaced by `<redacted>`: how a
    /// node URL is shown in errors, logs and statuses.
    public static func redacted(_ url: String) -> String {
        NodeURL.redacted(url)
    }
}
