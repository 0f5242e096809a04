/// A sequencer port address, `client:port` (client 0...255 is the sequencer's numbering).
public struct SequencerAddress: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public var client: UInt8
    public var port: UInt8

    public init(client: UInt8, port: UInt8) {
        self.client = client
        self.port = port
    }

    /// The System client's announce port, where the kernel reports clients and ports coming and going.
    public static let systemAnnounce = SequencerAddress(client: 0, port: 1)

    public var description: String { "\(client):\(port)" }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.client, lhs.port) < (rhs.client, rhs.port) }
}

/// What a port is, for deciding whether Woodshed records it by default.
public enum PortKind: String, Hashable, Sendable, Codable {
    /// A device someone plays: a kernel client with a sound card (USB, PCI, virmidi), or a port
    /// that says it is hardware. Recorded by default.
    case controller
    /// A program's port (a synth, a sequencer, a virtual keyboard). Recorded with `--all`.
    case software
    /// The sequencer's own plumbing (System, Midi Through) and Woodshed itself. Never recorded by default.
    case system
}

/// Everything Woodshed needs to know about one sequencer port, copied out of alsa-lib.
public struct SequencerPort: Hashable, Sendable {
    public var address: SequencerAddress
    public var clientName: String
    public var portName: String
    /// True for kernel clients (drivers), false for user-space programs.
    public var isKernelClient: Bool
    /// The sound card number of a kernel client, `nil` for clients without a card.
    public var card: Int?
    /// `SND_SEQ_PORT_CAP_*` bits.
    public var capabilities: UInt32
    /// `SND_SEQ_PORT_TYPE_*` bits.
    public var typeBits: UInt32

    public init(
        address: SequencerAddress,
        clientName: String,
        portName: String,
        isKernelClient: Bool,
        card: Int?,
        capabilities: UInt32,
        typeBits: UInt32
    ) {
        self.address = address
        self.clientName = clientName
        self.portName = portName
        self.isKernelClient = isKernelClient
        self.card = card
        self.capabilities = capabilities
        self.typeBits = typeBits
    }

    // Values of alsa-lib's SND_SEQ_PORT_CAP_* and SND_SEQ_PORT_TYPE_* (stable kernel ABI), kept
    // here so that selection rules stay pure and testable without CALSA.
    public enum Capability {
        public static let read: UInt32 = 1 << 0
        public static let write: UInt32 = 1 << 1
        public static let subscribeRead: UInt32 = 1 << 5
        public static let subscribeWrite: UInt32 = 1 << 6
        public static let noExport: UInt32 = 1 << 7
    }

    public enum TypeBit {
        public static let specific: UInt32 = 1 << 0
        public static let midiGeneric: UInt32 = 1 << 1
        public static let hardware: UInt32 = 1 << 16
        public static let software: UInt32 = 1 << 17
        public static let synthesizer: UInt32 = 1 << 18
        public static let port: UInt32 = 1 << 19
        public static let application: UInt32 = 1 << 20
    }

    /// Name of the kernel's Midi Through client (snd-seq-dummy), which only echoes what others send.
    public static let midiThroughClientName = "Midi Through"
    /// Woodshed's own clients are named so (the recorder, `woodshed devices`).
    public static let woodshedClientPrefix = "Woodshed"

    /// Whether another client can subscribe to this port to receive what it sends.
    public var isReadable: Bool {
        capabilities & Capability.read != 0 && capabilities & Capability.subscribeRead != 0
            && capabilities & Capability.noExport == 0
    }

    /// Capabilities as the short flags `aconnect -l`-style tools show: r (read), w (write),
    /// R/W when others may subscribe.
    public var capabilityFlags: String {
        var flags = ""
        if capabilities & Capability.subscribeRead != 0 {
            flags += "R"
        } else if capabilities & Capability.read != 0 {
            flags += "r"
        }
        if capabilities & Capability.subscribeWrite != 0 {
            flags += "W"
        } else if capabilities & Capability.write != 0 {
            flags += "w"
        }
        return flags.isEmpty ? "-" : flags
    }

    /// The kind of this port, seen from a Woodshed client numbered `ownClient`.
    ///
    /// System (client 0), Midi Through and Woodshed itself (any user client named "Woodshed…") are `.system`. Kernel clients with a
    /// card (USB, PCI, virmidi) and hardware-type ports are `.controller`. The rest is `.software`.
    public func kind(ownClient: UInt8?) -> PortKind {
        if address.client == 0 || clientName == Self.midiThroughClientName || address.client == ownClient
            || (!isKernelClient && clientName.hasPrefix(Self.woodshedClientPrefix))
        {
            return .system
        }
        if isKernelClient && card != nil { return .controller }
        let hardwareBits = TypeBit.hardware | TypeBit.port | TypeBit.specific
        if typeBits & hardwareBits != 0 && typeBits & (TypeBit.software | TypeBit.application) == 0 {
            return .controller
        }
        return .software
    }

    /// A stable name for a device across unplug and re-plug (the client number may change, the
    /// names do not): "client name / port name".
    public var deviceName: String { "\(clientName) / \(portName)" }
}
