import ArgumentParser
import Foundation
import MIDICapture
import PracticeLibrary

/// `woodshed devices`: every sequencer port and whether `woodshed record` would record it.
struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List MIDI ports of the ALSA sequencer and which ones Woodshed records.",
        discussion: """
            Kinds: controller (a device someone plays: USB, PCI or virtual MIDI cards, hardware \
            ports), software (a program's port; recorded with --all), system (System, Midi \
            Through, Woodshed itself; never recorded unless named with --port).

            Capabilities: R = others can subscribe to read it (an input for Woodshed), W = to write.

            Examples:
              woodshed devices
              woodshed devices --json | jq '.[] | select(.recorded)'
              woodshed devices --port 'Digital Piano'
            """
    )

    @Flag(name: .long, help: "Print JSON (an array of ports) for scripts.")
    var json = false

    @Flag(name: .long, help: "Show what `woodshed record --all` would record.")
    var all = false

    @Option(
        name: .customLong("port"),
        help: ArgumentHelp("Show what `woodshed record --port` would record; repeatable.", valueName: "port")
    )
    var ports: [String] = []

    func validate() throws {
        if all && !ports.isEmpty { throw ValidationError("--all and --port exclude each other") }
    }

    func run() throws {
        let selection: SourceSelection =
            all ? .all : ports.isEmpty ? .controllers : .ports(try ports.map { try PortSpec(parsing: $0) })
        let listing = try SequencerListing.current(selection: selection)
        print(json ? try Self.json(listing) : Self.table(listing))
    }

    static func table(_ listing: SequencerListing) -> String {
        var rows = [["PORT", "CLIENT", "PORT NAME", "KIND", "CAPS", "RECORD"]]
        for entry in listing.entries {
            rows.append([
                entry.port.address.description,
                // Names come from the devices (a USB descriptor): control characters shown escaped.
                Formatting.escaped(entry.port.clientName),
                Formatting.escaped(entry.port.portName),
                entry.kind.rawValue,
                entry.port.capabilityFlags,
                entry.recorded ? "yes" : "no",
            ])
        }
        var text = Formatting.table(rows)
        if !listing.entries.contains(where: \.recorded) {
            text += "\nNo controller found: plug in a MIDI keyboard (it is picked up while recording too)."
        }
        return text
    }

    static func json(_ listing: SequencerListing) throws -> String {
        struct Entry: Encodable {
            var address: String
            var client: Int
            var port: Int
            var clientName: String
            var portName: String
            var kind: String
            var capabilities: String
            var kernelClient: Bool
            var card: Int?
            var recorded: Bool
        }
        let entries = listing.entries.map {
            Entry(
                address: $0.port.address.description,
                client: Int($0.port.address.client),
                port: Int($0.port.address.port),
                clientName: $0.port.clientName,
                portName: $0.port.portName,
                kind: $0.kind.rawValue,
                capabilities: $0.port.capabilityFlags,
                kernelClient: $0.port.isKernelClient,
                card: $0.port.card,
                recorded: $0.recorded
            )
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(entries), as: UTF8.self)
    }
}
