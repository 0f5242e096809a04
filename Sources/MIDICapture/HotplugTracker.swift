/// Decides which ports to subscribe to as controllers come and go, from what the System
/// Announce port (0:1) reports. Pure state, no alsa-lib: the capture thread feeds it and carries
/// out its ``Action``s, and tests feed it synthetic announcements.
///
/// Devices are identified by ``SequencerPort/deviceName``: a keyboard unplugged and plugged in
/// again comes back under a new client number with the same names, and gets its old
/// ``CaptureDevice/id`` back. All operations are O(ports) at most.
struct HotplugTracker: Sendable {
    enum Action: Hashable, Sendable {
        /// Subscribe to `device.address`, then report it attached.
        case attach(CaptureDevice, again: Bool)
        /// Report `device` gone (its subscription went with it).
        case detach(CaptureDevice)
    }

    let selection: SourceSelection
    let ownClient: UInt8
    /// Every port currently known, for `--port` name resolution and kinds.
    private(set) var known: [SequencerAddress: SequencerPort] = [:]
    /// Ports we are subscribed to.
    private(set) var attached: [SequencerAddress: CaptureDevice] = [:]
    /// Devices seen in this run, by name; ids are handed out in order of first attachment.
    private var ids: [String: Int] = [:]
    private var nextID = 0

    init(selection: SourceSelection, ownClient: UInt8) {
        self.selection = selection
        self.ownClient = ownClient
    }

    /// One announcement from System Announce 0:1. `port` looks up a port's current description
    /// in the sequencer (nil when it is already gone); `ports` lists every port (for a client
    /// change). This is the whole hot-plug state machine; the capture thread only carries out
    /// the actions.
    mutating func handle(
        _ announcement: Announcement,
        port: (SequencerAddress) -> SequencerPort?,
        ports: () -> [SequencerPort]
    ) -> [Action] {
        switch announcement {
        case .portStart(let address), .portChange(let address):
            return port(address).map { portAppeared($0) } ?? []
        case .clientChange(let client):
            return ports().filter { $0.address.client == client }.flatMap { portAppeared($0) }
        case .portExit(let address):
            return portExited(address)
        case .clientExit(let client):
            return clientExited(client)
        case .unsubscribed(let sender, let destination):
            return unsubscribed(sender: sender, destination: destination)
        case .clientStart, .subscribed:
            return []
        }
    }

    /// A port exists (found at start, or announced by PORT_START / PORT_CHANGE).
    mutating func portAppeared(_ port: SequencerPort) -> [Action] {
        known[port.address] = port
        guard attached[port.address] == nil,
            selection.includes(port, ownClient: ownClient, among: Array(known.values))
        else { return [] }
        let (device, again) = device(for: port)
        attached[port.address] = device
        return [.attach(device, again: again)]
    }

    /// The subscription for `address` failed: forget the attachment so a later announcement retries.
    mutating func attachFailed(_ address: SequencerAddress) {
        attached[address] = nil
    }

    /// PORT_EXIT.
    mutating func portExited(_ address: SequencerAddress) -> [Action] {
        known[address] = nil
        guard let device = attached.removeValue(forKey: address) else { return [] }
        return [.detach(device)]
    }

    /// CLIENT_EXIT: every port of the client is gone (the kernel may not announce each one).
    mutating func clientExited(_ client: UInt8) -> [Action] {
        known = known.filter { $0.key.client != client }
        let gone = attached.filter { $0.key.client == client }.sorted { $0.key < $1.key }
        for (address, _) in gone { attached[address] = nil }
        return gone.map { .detach($0.value) }
    }

    /// PORT_UNSUBSCRIBED from `sender` to one of our ports: someone disconnected us (aconnect -d),
    /// or the kernel dropped the subscription before the port exit.
    mutating func unsubscribed(sender: SequencerAddress, destination: SequencerAddress) -> [Action] {
        guard destination.client == ownClient, let device = attached.removeValue(forKey: sender) else { return [] }
        return [.detach(device)]
    }

    /// The device an event from `source` belongs to. Events can come from ports we did not
    /// subscribe to (another program connected them to us): they are adopted, since Woodshed
    /// keeps everything it is sent. `port` describes the source when it is known.
    mutating func device(sending source: SequencerAddress, port: @autoclosure () -> SequencerPort?) -> CaptureDevice? {
        if let device = attached[source] { return device }
        guard source != .systemAnnounce, source.client != ownClient, let port = port() else { return nil }
        known[source] = port
        let (device, _) = device(for: port)
        attached[source] = device
        return device
    }

    private mutating func device(for port: SequencerPort) -> (CaptureDevice, again: Bool) {
        var name = port.deviceName
        // Two identical keyboards plugged in at once share a name: the second gets "#2".
        var suffix = 2
        while let id = ids[name], attached.values.contains(where: { $0.id == id }) {
            name = "\(port.deviceName) #\(suffix)"
            suffix += 1
        }
        let kind = port.kind(ownClient: ownClient)
        if let id = ids[name] {
            return (CaptureDevice(id: id, name: name, address: port.address, kind: kind), true)
        }
        let id = nextID
        nextID += 1
        ids[name] = id
        return (CaptureDevice(id: id, name: name, address: port.address, kind: kind), false)
    }
}
