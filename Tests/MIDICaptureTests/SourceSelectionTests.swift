import Testing

@testable import MIDICapture

private typealias Cap = SequencerPort.Capability
private typealias Kind = SequencerPort.TypeBit

private func port(
    _ client: UInt8,
    _ clientName: String,
    kernel: Bool = true,
    card: Int? = nil,
    caps: UInt32 = Cap.read | Cap.subscribeRead | Cap.write | Cap.subscribeWrite,
    type: UInt32 = Kind.midiGeneric,
    portNumber: UInt8 = 0
) -> SequencerPort {
    SequencerPort(
        address: SequencerAddress(client: client, port: portNumber),
        clientName: clientName,
        portName: "\(clientName) port",
        isKernelClient: kernel,
        card: card,
        capabilities: caps,
        typeBits: type
    )
}

private let timer = port(0, "System", caps: Cap.read | Cap.subscribeRead)
private let announce = port(0, "System", caps: Cap.read | Cap.subscribeRead, portNumber: 1)
private let through = port(14, "Midi Through", type: Kind.midiGeneric | Kind.software)
private let usbKeyboard = port(20, "Keystation 49", card: 1, type: Kind.midiGeneric | Kind.hardware | Kind.port)
private let virmidi = port(24, "Virtual Raw MIDI 2-0", card: 2, type: Kind.midiGeneric | Kind.software | Kind.port)
private let synth = port(
    128,
    "FLUID Synth",
    kernel: false,
    caps: Cap.write | Cap.subscribeWrite,
    type: Kind.synthesizer
)
private let vmpk = port(129, "VMPK Output", kernel: false, type: Kind.midiGeneric | Kind.application)
private let userDriver = port(130, "ttymidi", kernel: false, type: Kind.midiGeneric | Kind.hardware)
private let ourselves = port(131, "Woodshed", kernel: false, caps: Cap.write | Cap.subscribeWrite)
private let otherWoodshed = port(132, "Woodshed devices", kernel: false)
private let hidden = port(25, "Hidden", card: 3, caps: Cap.read | Cap.subscribeRead | Cap.noExport)
private let all = [
    timer, announce, through, usbKeyboard, virmidi, synth, vmpk, userDriver, ourselves, otherWoodshed, hidden,
]

@Test func kindsFollowTheRules() {
    #expect(timer.kind(ownClient: 131) == .system)
    #expect(through.kind(ownClient: 131) == .system)
    #expect(ourselves.kind(ownClient: 131) == .system)
    #expect(otherWoodshed.kind(ownClient: 131) == .system)
    #expect(usbKeyboard.kind(ownClient: 131) == .controller)
    #expect(virmidi.kind(ownClient: 131) == .controller)
    #expect(userDriver.kind(ownClient: 131) == .controller)
    #expect(vmpk.kind(ownClient: 131) == .software)
    #expect(synth.kind(ownClient: 131) == .software)
}

@Test func defaultRecordsReadableControllersOnly() {
    let chosen = SourceSelection.controllers.select(from: all, ownClient: 131).map(\.address.client)
    #expect(chosen == [20, 24, 130])
}

@Test func allAddsReadableSoftwarePortsButNeverSystem() {
    let chosen = SourceSelection.all.select(from: all, ownClient: 131).map(\.address.client)
    #expect(chosen == [20, 24, 129, 130])
}

@Test func explicitPortsRecordExactlyWhatTheyName() throws {
    let selection = SourceSelection.ports([try PortSpec(parsing: "14:0"), try PortSpec(parsing: "VMPK")])
    #expect(selection.select(from: all, ownClient: 131).map(\.address.client) == [14, 129])
    // Never ourselves, even when named.
    let selfNamed = SourceSelection.ports([try PortSpec(parsing: "131:0")])
    #expect(selfNamed.select(from: all, ownClient: 131).isEmpty)
}

@Test func unmatchedSpecsAreReported() throws {
    let selection = SourceSelection.ports([try PortSpec(parsing: "Keystation"), try PortSpec(parsing: "Roland")])
    #expect(selection.unmatchedSpecs(in: all).map(\.text) == ["Roland"])
}

@Test func capabilityFlagsReadLikeAconnect() {
    #expect(usbKeyboard.capabilityFlags == "RW")
    #expect(synth.capabilityFlags == "W")
    #expect(port(1, "x", caps: Cap.read).capabilityFlags == "r")
}

@Test func listingMarksWhatWouldBeRecorded() {
    let listing = SequencerListing(ports: all, selection: .controllers, ownClient: 131)
    #expect(listing.entries.filter(\.recorded).map(\.port.address.client) == [20, 24, 130])
    #expect(listing.entries.first { $0.port.address.client == 14 }?.kind == .system)
}
