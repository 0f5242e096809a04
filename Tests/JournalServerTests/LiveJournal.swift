import Foundation
import Hummingbird
import SessionStore

@testable import JournalServer

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `JournalServer.application` listening on 127.0.0.1 port 0 (a free port the OS picks) for the
/// length of `body`, with a client that talks to it over loopback and does not follow redirects.
enum LiveJournal {
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: String
        func header(_ name: String) -> String? {
            headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    final class Client: Sendable {
        let port: Int
        let session: URLSession
        /// The origin of the journal's own pages.
        var origin: String { "http://127.0.0.1:\(port)" }

        init(port: Int) {
            self.port = port
            session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)
        }

        func get(_ path: String) async throws -> Reply {
            try await send(URLRequest(url: URL(string: origin + path)!))
        }

        /// A form POST; `origin` nil sends no Origin header.
        func post(
            _ path: String,
            _ form: String,
            origin: String?,
            headers: [String: String] = [:]
        ) async throws -> Reply {
            var request = URLRequest(url: URL(string: self.origin + path)!)
            request.httpMethod = "POST"
            request.httpBody = Data(form.utf8)
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            if let origin { request.setValue(origin, forHTTPHeaderField: "Origin") }
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            return try await send(request)
        }

        func send(_ request: URLRequest) async throws -> Reply {
            let (data, response) = try await session.data(for: request)
            let http = response as! HTTPURLResponse
            var headers: [String: String] = [:]
            for (key, value) in http.allHeaderFields { headers["\(key)"] = "\(value)" }
            return Reply(status: http.statusCode, headers: headers, body: String(decoding: data, as: UTF8.self))
        }
    }

    final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
        func urlSession(
            _ session: URLSession,
            task: URLSessionTask,
            willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest,
            completionHandler: @escaping (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }

    /// Runs the journal over `library` while `body` talks to it, then shuts it down.
    static func serve<T: Sendable>(_ library: Library, _ body: @Sendable (Client) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        // Pages read through read-only connections, as `woodshed serve` does.
        let readers = try library.path.map { try Library.readers(path: $0) }
        let app = JournalServer.application(
            library: library,
            readers: readers,
            configuration: .init(host: "127.0.0.1", port: 0)
        ) { port in
            continuation.yield(port)
        }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.runService(gracefulShutdownSignals: [])
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let result = try await body(Client(port: port))
            group.cancelAll()
            return result
        }
    }
}
