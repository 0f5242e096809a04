public import Hummingbird
public import Logging
import NIOCore
public import SessionStore

/// The practice journal in the browser (`woodshed serve`): one Hummingbird process over the
/// session library, while `woodshed record` may be writing to it. Pages read through the
/// library's WAL reader pool; edits (POST only, same origin only) go through PracticeLibrary's
/// writer API, the same calls the CLI makes. Templates, CSS and the little JavaScript there is
/// ship inside the binary (the EmbedTemplates plugin), so nothing is fetched from anywhere.
public enum JournalServer {
    /// Where to listen.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int

        public init(host: String = "127.0.0.1", port: Int = 8080) {
            self.host = host
            self.port = port
        }

        /// Whether `host` only reaches this machine: `localhost`, 127.0.0.0/8 or `::1`.
        public var isLoopback: Bool { JournalServer.isLoopback(host) }
    }

    /// Whether `host` names the loopback interface.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare.lowercased() == "localhost" || bare == "::1" { return true }
        // 127.0.0.0/8 written as four numbers (not a name such as 127.example.com).
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// The warning `serve` prints for a host other machines can reach.
    public static func exposureWarning(host: String) -> String? {
        guard !isLoopback(host) else { return nil }
        return "warning: listening on \(host): anyone who can reach this machine can read and edit "
            + "your practice journal (there is no authentication) — use the default 127.0.0.1 unless you mean it"
    }

    /// The application serving `library`: pages read through `readers` (``Library/readers(path:)``
    /// over the same file; `library` itself when nil), edits write through `library`. `onRunning` is called with the bound port once the
    /// server listens (port 0 in `configuration` picks a free one).
    public static func application(
        library: Library,
        readers: Library? = nil,
        configuration: Configuration,
        logger: Logger = Logger(label: "woodshed.serve"),
        onRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SameOriginMiddleware(loopbackOnly: configuration.isLoopback))
        JournalRoutes(library: library, readers: readers ?? library).register(on: router)
        return Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "woodshed"
            ),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
    }

    /// Serves `library` until the process is interrupted (SIGINT or SIGTERM).
    public static func run(
        library: Library,
        readers: Library? = nil,
        configuration: Configuration,
        onRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) async throws {
        var logger = Logger(label: "woodshed.serve")
        logger.logLevel = .warning
        let app = application(
            library: library,
            readers: readers,
            configuration: configuration,
            logger: logger,
            onRunning: onRunning
        )
        try await app.runService()
    }
}
