public import MIDICore

/// A `--port` argument: which sequencer port to record, as `snd_seq_parse_address` reads it.
///
/// Accepted forms (as in `aconnect`, `aseqdump -p`, `arecordmidi -p`):
/// - `20:0` or `20.0` — client and port numbers; `20` alone means port 0;
/// - `Keystation` or `Keystation:1` — a client name, exact or a prefix (the first client whose
///   name starts with it, in client-number order), and a port number (default 0);
/// - `'Virtual Raw MIDI 0-1':0` — a quoted name may contain `:` and `.`.
///
/// Woodshed adds one rule after alsa-lib's: when no client name matches, a port name (exact,
/// then prefix) is tried, because port names are what most programs show.
///
/// Names are matched again every time a port appears, so a device that is re-plugged under a
/// new client number is found again.
public struct PortSpec: Hashable, Sendable, CustomStringConvertible {
    public enum Client: Hashable, Sendable {
        case number(UInt8)
        case name(String)
    }

    public var client: Client
    /// Port number; `nil` when the argument named none (port 0 for client matches).
    public var port: UInt8?
    /// The argument as given.
    public var text: String

    /// Parses one `--port` argument. O(length).
    /// - Throws: ``PortSpecError`` for an empty name, an unterminated quote or a bad port number.
    public init(parsing text: String) throws(PortSpecError) {
        self.text = text
        var rest = Substring(text)
        let clientPart: Substring
        if let quote = rest.first, quote == "\"" || quote == "'" {
            rest = rest.dropFirst()
            guard let close = rest.firstIndex(of: quote) else { throw .unterminatedQuote(text) }
            clientPart = rest[..<close]
            rest = rest[rest.index(after: close)...]
            if let separator = rest.first {
                guard separator == ":" || separator == "." else { throw .badPort(text) }
            }
            self.client = .name(String(clientPart))
        } else {
            let separatorIndex = rest.firstIndex { $0 == ":" || $0 == "." } ?? rest.endIndex
            clientPart = rest[..<separatorIndex]
            rest = rest[separatorIndex...]
            if let number = UInt8(clientPart) {
                self.client = .number(number)
            } else {
                self.client = .name(String(clientPart))
            }
        }
        guard !clientPart.isEmpty else { throw .emptyName(text) }
        if rest.isEmpty {
            self.port = nil
        } else {
            guard let number = UInt8(rest.dropFirst()) else { throw .badPort(text) }
            self.port = number
        }
    }

    public var description: String { text }

    /// Whether `port` is the port this spec names, among `ports` (all ports currently known, used
    /// for alsa-lib's "first prefix match" rule). O(ports).
    public func matches(_ port: SequencerPort, among ports: [SequencerPort]) -> Bool {
        resolve(in: ports) == port.address
    }

    /// The address this spec names among `ports`, or `nil` when nothing matches. O(ports).
    public func resolve(in ports: [SequencerPort]) -> SequencerAddress? {
        let wantedPort = port ?? 0
        switch client {
        case .number(let number):
            return SequencerAddress(client: number, port: wantedPort)
        case .name(let name):
            // Clients in number order, each once (alsa-lib walks snd_seq_query_next_client).
            var clients: [(UInt8, String)] = []
            for candidate in ports.sorted(by: { $0.address < $1.address })
            where clients.last?.0 != candidate.address.client {
                clients.append((candidate.address.client, candidate.clientName))
            }
            if let exact = clients.first(where: { $0.1 == name }) ?? clients.first(where: { $0.1.hasPrefix(name) }) {
                return SequencerAddress(client: exact.0, port: wantedPort)
            }
            let byAddress = ports.sorted { $0.address < $1.address }
            let portMatch =
                byAddress.first { $0.portName == name && (port == nil || $0.address.port == port) }
                ?? byAddress.first { $0.portName.hasPrefix(name) && (port == nil || $0.address.port == port) }
            return portMatch?.address
        }
    }
}

/// Why a `--port` argument could not be read.
public enum PortSpecError: UserFacingError, Hashable, Sendable {
    case emptyName(String)
    case unterminatedQuote(String)
    case badPort(String)

    public var exitStatus: ExitStatus { .userError }

    public var message: String {
        switch self {
        case .emptyName(let text):
            return "invalid port '\(text)': give client:port (e.g. 20:0) or a client name"
        case .unterminatedQuote(let text):
            return "invalid port '\(text)': the quote is not closed"
        case .badPort(let text):
            return "invalid port '\(text)': the port after ':' must be a number 0...255"
        }
    }
}
