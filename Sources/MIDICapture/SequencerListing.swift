/// A snapshot of every sequencer port, for `woodshed devices`.
public struct SequencerListing: Sendable {
    /// One listed port with what Woodshed would do with it.
    public struct Entry: Hashable, Sendable {
        public var port: SequencerPort
        public var kind: PortKind
        /// Whether `woodshed record` with the same selection would record this port now.
        public var recorded: Bool
    }

    public var entries: [Entry]

    /// Lists every port except the short-lived client that does the listing.
    /// O(clients + ports) kernel queries.
    /// - Throws: ``CaptureError/noSequencer`` without /dev/snd/seq, ``ALSAError`` if alsa-lib fails.
    public static func current(selection: SourceSelection = .controllers) throws -> SequencerListing {
        let sequencer = try Sequencer(clientName: "Woodshed devices")
        let ports = sequencer.ports().filter { $0.address.client != sequencer.clientID }
        return SequencerListing(ports: ports, selection: selection, ownClient: sequencer.clientID)
    }

    /// Classifies `ports` as the recorder (client `ownClient`) would. O(ports² × specs).
    public init(ports: [SequencerPort], selection: SourceSelection, ownClient: UInt8?) {
        entries = ports.sorted { $0.address < $1.address }.map { port in
            Entry(
                port: port,
                kind: port.kind(ownClient: ownClient),
                recorded: selection.includes(port, ownClient: ownClient, among: ports)
            )
        }
    }

    /// Whether the sequencer device exists on this machine (without opening it).
    public static var isAvailable: Bool { SequencerDevice.isPresent }
}
