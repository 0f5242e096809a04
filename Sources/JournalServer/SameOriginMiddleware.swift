import HTTPTypes
import Hummingbird

/// Refuses cross-site edits and, on loopback, requests for another host name.
///
/// Every request that is not GET or HEAD must come from a page of this server: its `Origin`
/// (or, without one, its `Referer`) must name the `Host` it was sent to, and a browser's
/// `Sec-Fetch-Site` must not say `cross-site` or `same-site`. A form on another site that posts
/// to `http://127.0.0.1:8080/…` is answered 403 and changes nothing. On a loopback address the
/// `Host` itself must be a loopback name too, so a DNS-rebound name cannot read the journal.
struct SameOriginMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Whether the server listens on loopback only (then Host must be a loopback name).
    var loopbackOnly: Bool

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let host = request.head.authority
        if let reason = Self.misdirectedReason(host: host, loopbackOnly: loopbackOnly) {
            return Self.refusal(.misdirectedRequest, reason)
        }
        if request.method == .get || request.method == .head { return try await next(request, context) }
        if let reason = Self.crossOriginReason(
            host: host,
            origin: request.headers[.origin],
            referer: request.headers[.referer],
            fetchSite: request.headers[values: HTTPField.Name("Sec-Fetch-Site")!].first
        ) {
            return Self.refusal(.forbidden, reason)
        }
        return try await next(request, context)
    }

    /// Why a request for `host` is refused on a loopback-only server (a DNS-rebound name), or nil.
    static func misdirectedReason(host: String?, loopbackOnly: Bool) -> String? {
        guard loopbackOnly, let host, !JournalServer.isLoopback(hostName(host)) else { return nil }
        return "this journal answers only to localhost or 127.0.0.1, not to \(hostName(host))"
    }

    /// Why an edit is refused, or nil when it comes from this server's own pages.
    static func crossOriginReason(host: String?, origin: String?, referer: String?, fetchSite: String?) -> String? {
        guard let host, !host.isEmpty else { return "an edit without a Host header is refused" }
        if let fetchSite, fetchSite == "cross-site" || fetchSite == "same-site" {
            return "an edit from another site is refused (Sec-Fetch-Site: \(fetchSite))"
        }
        if let origin, origin != "null" {
            return authority(of: origin) == host.lowercased()
                ? nil : "an edit from \(origin) is refused: only pages of http://\(host) may edit"
        }
        if let referer {
            return authority(of: referer) == host.lowercased()
                ? nil : "an edit from another page is refused: only pages of http://\(host) may edit"
        }
        return "an edit without Origin or Referer is refused: use the journal's own pages"
    }

    /// "http://127.0.0.1:8080/x" → "127.0.0.1:8080" (lowercased).
    static func authority(of url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        return String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }).lowercased()
    }

    /// "127.0.0.1:8080" → "127.0.0.1", "[::1]:80" → "[::1]".
    static func hostName(_ authority: String) -> String {
        if authority.hasPrefix("["), let end = authority.firstIndex(of: "]") {
            return String(authority[...end])
        }
        return String(authority.prefix { $0 != ":" })
    }

    static func refusal(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Pages.errorResponse(status: status, message: message)
    }
}
