import Foundation
import Hummingbird
import NIOCore
import SessionStore

/// The live block of Home: `/live` answers the session being recorded as JSON (`{"session":
/// null}` when none), `/live/events` sends the same as server-sent events once a second while
/// it changes, and `/live.js` is the script that redraws the block from them.
extension JournalRoutes {
    /// How long one event stream lasts before the browser reconnects (EventSource does that by
    /// itself): a server stopping waits for open responses, so none is endless.
    static let liveStreamSeconds = 10

    struct LiveMessage: Codable {
        var session: LiveSession?

        /// `{"session": null}` when nothing is recorded (not `{}`).
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(session, forKey: .session)
        }
    }

    func registerLive(on router: Router<BasicRequestContext>) {
        router.get("/live.js") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/javascript; charset=utf-8"
            headers[.cacheControl] = "max-age=3600"
            let script = EmbeddedTemplates.files.first { $0.name == "live-js" }?.text ?? ""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: script)))
        }
        router.get("/live") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.cacheControl] = "no-store"
            do {
                let message = try Self.liveJSON(readers)
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: message)))
            } catch {
                return Pages.errorResponse(for: error)
            }
        }
        router.get("/live/events") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/event-stream"
            headers[.cacheControl] = "no-store"
            let readers = readers
            return Response(
                status: .ok,
                headers: headers,
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "retry: 500\n\n"))
                    var last = ""
                    for second in 0..<Self.liveStreamSeconds {
                        if second > 0 { try await Task.sleep(for: .seconds(1)) }
                        let message = (try? Self.liveJSON(readers)) ?? "{\"session\":null}"
                        // Sent when it changed, and once a second while recording (elapsed time).
                        if message != last {
                            try await writer.write(ByteBuffer(string: "data: \(message)\n\n"))
                            last = message
                        }
                    }
                    try await writer.finish(nil)
                }
            )
        }
    }

    /// The live message as one line of JSON (no newline inside, as an SSE data line needs).
    static func liveJSON(_ library: Library) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(LiveMessage(session: try LiveSession.current(in: library)))
        return String(decoding: data, as: UTF8.self)
    }
}
