import Foundation
import SessionStore
import Testing
import WoodshedCLI

@testable import JournalServer

#if canImport(Glibc)
import Glibc
#endif

/// Home's live block while `woodshed record --from FIFO` records (in this process): `/live`,
/// the server-sent events of `/live/events` and Home itself show the session as it grows, read
/// through the journal's read-only connections while the recorder writes.
@Suite("Journal live session")
struct JournalLiveTests {
    @Test("while record --from FIFO runs, /live and its event stream show the session; after, nothing")
    func liveWhileRecording() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "journal-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "library.sqlite").path
        let fifo = folder.appending(path: "keys").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let library = try Library(path: path)
        try await LiveJournal.serve(library) { (client: LiveJournal.Client) async throws in
            #expect(try await client.get("/live").body == "{\"session\":null}")
            #expect(try await client.get("/").body.contains("id=\"live\" aria-live=\"polite\" hidden"))
            let recorder = Task {
                await WoodshedMain.run(arguments: ["record", "--from", fifo, "--library", path, "--quiet"])
            }
            // Opening the FIFO for writing waits for the recorder to open it for reading.
            let writer = await Task.detached { open(fifo, O_WRONLY) }.value
            #expect(writer >= 0)
            let stream = Task { try await client.get("/live/events") }
            let keys: [UInt8] = [0x90, 60, 100, 0x90, 64, 100, 0x90, 67, 100]
            #expect(keys.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) } == keys.count)
            var live = ""
            for _ in 0..<100 {
                live = try await client.get("/live").body
                if live.contains("\"notes\":\"3 notes\"") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(live.contains("\"notes\":\"3 notes\""))
            #expect(live.contains("\"rects\":[{"))
            let home = try await client.get("/").body
            #expect(home.contains("id=\"live\" aria-live=\"polite\">"))
            #expect(home.contains("<script src=\"/live.js\" defer></script>"))
            #expect(home.contains("<rect x="))
            let script = try await client.get("/live.js")
            #expect(script.header("Content-Type") == "text/javascript; charset=utf-8")
            #expect(script.body.contains("new EventSource(\"/live/events\")"))

            // Long enough for the event stream's next message (one a second).
            try await Task.sleep(for: .milliseconds(1500))
            let offs: [UInt8] = [0x80, 60, 0, 0x80, 64, 0, 0x80, 67, 0]
            #expect(offs.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) } == offs.count)
            close(writer)
            #expect(await recorder.value == 0)
            let events = try await stream.value
            #expect(events.header("Content-Type") == "text/event-stream")
            #expect(events.body.hasPrefix("retry: 500\n\n"))
            #expect(events.body.contains("data: {\"session\":{"))
            #expect(events.body.contains("\"notes\":\"3 notes\""))
            #expect(try await client.get("/live").body == "{\"session\":null}")
        }
        #expect(try library.sessions().map(\.noteCount) == [3])
    }
}
