/// Which sequencer ports Woodshed records.
///
/// - `.controllers` (the default): every readable controller port (see ``PortKind``);
/// - `.all`: controllers and every readable software port;
/// - `.ports(specs)`: exactly the ports the `--port` arguments name, whatever their kind
///   (except Woodshed itself), so `--port 14:0` can record Midi Through on purpose.
///
/// System ports (System, Midi Through) and Woodshed's own ports are never recorded unless named.
public enum SourceSelection: Hashable, Sendable {
    case controllers
    case all
    case ports([PortSpec])

    /// Whether Woodshed (client `ownClient`) should record `port`, given every port currently
    /// known (for name resolution). O(ports × specs).
    public func includes(_ port: SequencerPort, ownClient: UInt8?, among ports: [SequencerPort]) -> Bool {
        guard port.address.client != ownClient, port.isReadable else { return false }
        switch self {
        case .controllers:
            return port.kind(ownClient: ownClient) == .controller
        case .all:
            return port.kind(ownClient: ownClient) != .system
        case .ports(let specs):
            return specs.contains { $0.matches(port, among: ports) }
        }
    }

    /// The ports to record among `ports`, in address order. O(ports² × specs) at worst.
    public func select(from ports: [SequencerPort], ownClient: UInt8?) -> [SequencerPort] {
        ports.filter { includes($0, ownClient: ownClient, among: ports) }.sorted { $0.address < $1.address }
    }

    /// `--port` specs that name nothing among `ports` (to warn about at start). O(ports × specs).
    public func unmatchedSpecs(in ports: [SequencerPort]) -> [PortSpec] {
        guard case .ports(let specs) = self else { return [] }
        return specs.filter { spec in
            guard let address = spec.resolve(in: ports) else { return true }
            return !ports.contains { $0.address == address }
        }
    }
}
