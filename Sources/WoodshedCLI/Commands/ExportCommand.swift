import ArgumentParser
import Foundation
import MIDICore
import PracticeLibrary
import SessionStore

/// `woodshed export ID -o FILE.mid [--take N | --from T --to T]` and `woodshed export ID --raw`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a session as a Standard MIDI File, or dump its raw event log.",
        discussion: """
            The MIDI file is format 1: a tempo track (60 bpm, 1000 ticks per quarter note, so \
            one tick is 1 ms) and one track per input device, with every event at its \
            recorded time. mido, aplaymidi and DAWs read it.

            --take N writes take N alone (takes counted 1, 2, 3 … in time order over the \
            session, as `woodshed report` counts them); --from and --to (seconds or m:ss) the \
            notes that start in that range. Either way each note keeps its own end, times \
            start at 0, and the pedal and programs in effect at the start come first — the \
            same notes the journal (`woodshed serve`) plays.

            --raw prints one line per stored event: seconds from the session start, port, \
            and the message bytes in hex — exactly what was received.

            Examples:
              woodshed export 3 -o tuesday.mid
              woodshed export 3 --take 7 -o take7.mid
              woodshed export 3 --from 1:12 --to 1:40 -o bars.mid
              woodshed export 3 --raw | less
            """
    )

    @Argument(help: ArgumentHelp("The session id (see `woodshed sessions`).", valueName: "id"))
    var id: Int64

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Write to this file (required for MIDI; --raw prints to stdout without it).",
            valueName: "file"
        )
    )
    var output: String?

    @Option(help: ArgumentHelp("Export only this take (1 = the session's first).", valueName: "n"))
    var take: Int?

    @Option(help: ArgumentHelp("Export the notes starting from this time (seconds or m:ss).", valueName: "time"))
    var from: String?

    @Option(help: ArgumentHelp("… up to this time (seconds or m:ss; default: the end).", valueName: "time"))
    var to: String?

    @Flag(name: .long, help: "Dump the raw event log as text instead of a MIDI file.")
    var raw = false

    @Flag(name: .long, help: "Replace the output file if it exists.")
    var force = false

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        if !raw && output == nil {
            throw ValidationError("say where to write the MIDI file with -o FILE.mid (or use --raw)")
        }
        if raw && (take != nil || from != nil || to != nil) {
            throw ValidationError("--raw dumps the whole log; --take, --from and --to choose what a MIDI file holds")
        }
        if take != nil && (from != nil || to != nil) {
            throw ValidationError("give --take N or --from/--to, not both")
        }
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, SessionExcerpt.seconds(value) == nil {
                throw ValidationError("\(name) \(value) is not a time: give seconds (72.5) or m:ss (1:12)")
            }
        }
    }

    /// What the options select.
    var selection: SessionExcerpt.Selection {
        if let take { return .take(take) }
        if from != nil || to != nil {
            return .range(from: from.flatMap(SessionExcerpt.seconds) ?? 0, to: to.flatMap(SessionExcerpt.seconds))
        }
        return .whole
    }

    func run() throws {
        let store = try library.openReadOnly()
        let session = try store.session(id)
        let events = try store.events(session: id)
        let ports = try store.ports(session: id)
        if raw {
            let text = Self.rawLog(session: session, ports: ports, events: events)
            if let output {
                try FileIO.write(Array(text.utf8), to: output, overwrite: force)
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            return
        }
        guard let output else { return }
        if selection != .whole {
            try writeExcerpt(session: session, ports: ports, store: store, to: output)
            return
        }
        let messages = events.compactMap(\.timedMessage)
        var names = ports.map(\.name)
        let highestPort = Int(messages.map(\.port).max() ?? 0)
        while names.count <= highestPort { names.append("port \(names.count)") }
        let file = StandardMIDIFile(
            performance: messages,
            portNames: names,
            title: session.title ?? "Woodshed session \(session.id), \(Formatting.localDateTime(session))"
        )
        try FileIO.write(file.encoded(), to: output, overwrite: force)
        let skipped = events.count - messages.count
        print(
            "wrote \(output): session \(id), \(Formatting.plural(messages.count, "event")), \(Formatting.duration(session.durationNs))"
                + (skipped > 0 ? " (\(Formatting.plural(skipped, "undecodable event")) left out)" : "")
        )
    }

    /// `--take` / `--from --to`: the excerpt's messages as a MIDI file.
    func writeExcerpt(session: SessionInfo, ports: [PortInfo], store: Library, to output: String) throws {
        let excerpt = try SessionExcerpt.load(selection, sessionID: id, in: store)
        var names = ports.map(\.name)
        let highestPort = Int(excerpt.messages.map(\.port).max() ?? 0)
        while names.count <= highestPort { names.append("port \(names.count)") }
        let title = (session.title ?? "Woodshed session \(session.id), \(Formatting.localDateTime(session))")
        let file = StandardMIDIFile(
            performance: excerpt.messages,
            portNames: names,
            title: "\(title), \(excerpt.label)"
        )
        try FileIO.write(file.encoded(), to: output, overwrite: force)
        let clock = Formatting.duration((excerpt.notes.map(\.end).max() ?? excerpt.start) - excerpt.start)
        print(
            "wrote \(output): session \(id), \(excerpt.label) from \(Formatting.duration(excerpt.start)), "
                + "\(Formatting.plural(excerpt.notes.count, "note")), \(clock)"
        )
    }

    static func rawLog(session: SessionInfo, ports: [PortInfo], events: [RawEvent]) -> String {
        var lines = [
            "# woodshed raw event log: session \(session.id), start \(session.startISO8601), "
                + Formatting.plural(events.count, "event")
        ]
        for port in ports {
            lines.append("# port \(port.port): \(Formatting.escaped(port.name)) \(Formatting.escaped(port.address))")
        }
        lines.append("# seconds\tport\tbytes")
        for event in events {
            let hex = event.bytes.map { byte in
                let digits = Array("0123456789ABCDEF")
                return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
            }.joined(separator: " ")
            lines.append("\(Formatting.seconds(event.time, decimals: 9))\t\(event.port)\t\(hex)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
