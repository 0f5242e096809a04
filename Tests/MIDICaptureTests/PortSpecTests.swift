import Testing

@testable import MIDICapture

private func port(_ client: UInt8, _ port: UInt8, _ clientName: String, _ portName: String) -> SequencerPort {
    SequencerPort(
        address: SequencerAddress(client: client, port: port),
        clientName: clientName,
        portName: portName,
        isKernelClient: true,
        card: 1,
        capabilities: SequencerPort.Capability.read | SequencerPort.Capability.subscribeRead,
        typeBits: SequencerPort.TypeBit.midiGeneric
    )
}

private let ports = [
    port(14, 0, "Midi Through", "Midi Through Port-0"),
    port(20, 0, "Keystation 49", "Keystation 49 MIDI 1"),
    port(20, 1, "Keystation 49", "Keystation 49 MIDI 2"),
    port(24, 0, "Keystation", "Keystation Mini"),
    port(28, 0, "Virtual Raw MIDI 0-1", "VirMIDI 0-1"),
]

@Test(arguments: [
    ("20:0", PortSpec.Client.number(20), UInt8?.some(0)),
    ("20.1", .number(20), 1),
    ("20", .number(20), nil),
    ("Keystation", .name("Keystation"), nil),
    ("Keystation 49:1", .name("Keystation 49"), 1),
    ("'Virtual Raw MIDI 0-1':0", .name("Virtual Raw MIDI 0-1"), 0),
    ("\"a:b.c\"", .name("a:b.c"), nil),
])
func parsesAddressForms(text: String, client: PortSpec.Client, port: UInt8?) throws {
    let spec = try PortSpec(parsing: text)
    #expect(spec.client == client)
    #expect(spec.port == port)
}

@Test(arguments: [
    ("", PortSpecError.emptyName("")),
    (":1", .emptyName(":1")),
    ("'open", .unterminatedQuote("'open")),
    ("20:x", .badPort("20:x")),
    ("20:300", .badPort("20:300")),
    ("'name'x", .badPort("'name'x")),
])
func rejectsBadArguments(text: String, error: PortSpecError) {
    #expect(throws: error) { try PortSpec(parsing: text) }
}

@Test func exactClientNameWinsOverEarlierPrefix() throws {
    // "Keystation" is a prefix of client 20's name, but client 24 is named exactly that.
    #expect(try PortSpec(parsing: "Keystation").resolve(in: ports) == SequencerAddress(client: 24, port: 0))
}

@Test func prefixMatchesFirstClientInNumberOrder() throws {
    #expect(try PortSpec(parsing: "Keys").resolve(in: ports) == SequencerAddress(client: 20, port: 0))
    #expect(try PortSpec(parsing: "Keys:1").resolve(in: ports) == SequencerAddress(client: 20, port: 1))
}

@Test func numbersResolveWithoutLookup() throws {
    #expect(try PortSpec(parsing: "99:3").resolve(in: []) == SequencerAddress(client: 99, port: 3))
}

@Test func portNamesAreTriedAfterClientNames() throws {
    #expect(try PortSpec(parsing: "VirMIDI 0-1").resolve(in: ports) == SequencerAddress(client: 28, port: 0))
    #expect(try PortSpec(parsing: "Keystation 49 MIDI 2").resolve(in: ports) == SequencerAddress(client: 20, port: 1))
    #expect(try PortSpec(parsing: "Nothing").resolve(in: ports) == nil)
}

@Test func nameSpecsFollowARePluggedDevice() throws {
    let spec = try PortSpec(parsing: "Virtual Raw MIDI 0-1")
    let replugged = [port(31, 0, "Virtual Raw MIDI 0-1", "VirMIDI 0-1")]
    #expect(spec.matches(replugged[0], among: replugged))
    #expect(!spec.matches(ports[4], among: replugged))
}
