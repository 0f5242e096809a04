import ArgumentParser
import Foundation
import JournalServer
import PracticeLibrary
import SessionStore

/// `woodshed serve`: the practice journal in the browser, over the same library.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Show the practice journal in the browser: a year of practice, pieces, sessions.",
        discussion: """
            Serves a local web page over the library while `woodshed record` may be writing to it: \
            the home page (minutes per day over the last year, this week, the streak, recent \
            sessions, pieces waiting for you), each piece's history, each session's report, and \
            lists of pieces and sessions with search. Pieces can be renamed and merged, and \
            session tags added and removed, from the pages. Everything ships inside woodshed: \
            nothing is fetched from the network.

            It listens on 127.0.0.1 (this computer only) unless --host says otherwise. There is \
            no login: any other host makes the journal readable and editable by everyone who \
            can reach this computer. Stop it with Ctrl-C.

            Examples:
              woodshed serve
              woodshed serve --port 8090 --open
            """
    )

    @Option(name: .long, help: ArgumentHelp("The port to listen on (0 picks a free one).", valueName: "port"))
    var port: Int = 8080

    @Option(name: .long, help: ArgumentHelp("The address to listen on.", valueName: "host"))
    var host: String = "127.0.0.1"

    @Flag(name: .long, help: "Open the journal in the default browser (xdg-open).")
    var open = false

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port \(port) is not a port (0–65535)") }
        guard !host.isEmpty else { throw ValidationError("--host needs an address, e.g. 127.0.0.1") }
    }

    func run() async throws {
        let store = try library.open()
        // A piece's page reads the summaries stored with each analysis; a library analysed
        // before they were kept gets them here, once, before the first page (stored reports
        // are read, nothing is analysed again).
        try AnalysisSummaries.fill(in: store) { done, total in
            guard done == 0 else { return }
            let line = "woodshed serve: summarising \(total) analysed sessions for the piece pages (once)\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
        if let warning = JournalServer.exposureWarning(host: host) { Terminal.printError(warning) }
        let configuration = JournalServer.Configuration(host: host, port: port)
        let (host, open, path) = (host, open, library.path)
        // Pages read through read-only connections; only edits use the writer.
        let readers = try Library.readers(path: library.path)
        try await JournalServer.run(library: store, readers: readers, configuration: configuration) { port in
            let shown = host.contains(":") ? "[\(host)]" : host
            let url = "http://\(shown == "0.0.0.0" ? "127.0.0.1" : shown):\(port)/"
            // Unbuffered: standard output may be a pipe or the journal (systemd); say it now.
            let line = "woodshed serve: the journal of \(path) is at \(url) (Ctrl-C stops it)\n"
            FileHandle.standardOutput.write(Data(line.utf8))
            if open { Self.openBrowser(url) }
        }
    }

    /// Opens `url` with xdg-open; says so when that is not possible.
    static func openBrowser(_ url: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xdg-open", url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            Terminal.printError(
                "could not open a browser (xdg-open: \(error.localizedDescription)) — open \(url) yourself"
            )
        }
    }
}
