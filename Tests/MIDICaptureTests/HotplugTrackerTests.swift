import Testing

@testable import MIDICapture

private func virmidi(client: UInt8, name: String = "Virtual Raw MIDI 0-1") -> SequencerPort {
    SequencerPort(
        address: SequencerAddress(client: client, port: 0),
        clientName: name,
        portName: "VirMIDI 0-1",
        isKernelClient: true,
        card: 0,
        capabilities: SequencerPort.Capability.read | SequencerPort.Capability.subscribeRead,
        typeBits: SequencerPort.TypeBit.midiGeneric
    )
}

private func software(client: UInt8) -> SequencerPort {
    SequencerPort(
        address: SequencerAddress(client: client, port: 0),
        clientName: "VMPK Output",
        portName: "out",
        isKernelClient: false,
        card: nil,
        capabilities: SequencerPort.Capability.read | SequencerPort.Capability.subscribeRead,
        typeBits: SequencerPort.TypeBit.application
    )
}

@Test func controllerPluggedInIsAttached() {
    var tracker = HotplugTracker(selection: .controllers, ownClient: 128)
    let actions = tracker.portAppeared(virmidi(client: 17))
    guard case .attach(let device, let again) = actions.first else {
        Issue.record("expected an attach, got \(actions)")
        return
    }
    #expect(device.id == 0 && !again && device.address == SequencerAddress(client: 17, port: 0))
    // A PORT_CHANGE for an attached port does not attach twice.
    #expect(tracker.portAppeared(virmidi(client: 17)).isEmpty)
}

@Test func softwarePortsWaitForAll() {
    var controllersOnly = HotplugTracker(selection: .controllers, ownClient: 128)
    #expect(controllersOnly.portAppeared(software(client: 129)).isEmpty)
    var all = HotplugTracker(selection: .all, ownClient: 128)
    #expect(all.portAppeared(software(client: 129)).count == 1)
}

@Test func unplugDetachesAndReplugUnderANewNumberReattachesTheSameDevice() {
    var tracker = HotplugTracker(selection: .controllers, ownClient: 128)
    _ = tracker.portAppeared(virmidi(client: 17))
    // Unbinding the card: unsubscribe, port exit, client exit, in that order.
    let unsubscribed = tracker.unsubscribed(
        sender: SequencerAddress(client: 17, port: 0),
        destination: SequencerAddress(client: 128, port: 0)
    )
    #expect(unsubscribed.count == 1)
    #expect(tracker.portExited(SequencerAddress(client: 17, port: 0)).isEmpty)
    #expect(tracker.clientExited(17).isEmpty)
    #expect(tracker.attached.isEmpty)
    let again = tracker.portAppeared(virmidi(client: 20))
    #expect(
        again == [
            .attach(
                CaptureDevice(
                    id: 0,
                    name: "Virtual Raw MIDI 0-1 / VirMIDI 0-1",
                    address: SequencerAddress(client: 20, port: 0),
                    kind: .controller
                ),
                again: true
            )
        ]
    )
}

@Test func clientExitDetachesEveryPortOfTheClient() {
    var tracker = HotplugTracker(selection: .controllers, ownClient: 128)
    var second = virmidi(client: 17)
    second.address.port = 1
    second.portName = "second"
    _ = tracker.portAppeared(virmidi(client: 17))
    _ = tracker.portAppeared(second)
    let actions = tracker.clientExited(17)
    #expect(actions.count == 2)
    #expect(tracker.known.isEmpty)
}

@Test func namedPortIsAttachedWhenItAppearsLater() throws {
    var tracker = HotplugTracker(selection: .ports([try PortSpec(parsing: "Virtual Raw MIDI 0-1")]), ownClient: 128)
    #expect(tracker.portAppeared(virmidi(client: 16, name: "Virtual Raw MIDI 0-0")).isEmpty)
    #expect(tracker.portAppeared(virmidi(client: 17)).count == 1)
}

@Test func twoIdenticalDevicesGetTwoIds() {
    var tracker = HotplugTracker(selection: .controllers, ownClient: 128)
    _ = tracker.portAppeared(virmidi(client: 17))
    let second = tracker.portAppeared(virmidi(client: 18))
    guard case .attach(let device, _) = second.first else {
        Issue.record("expected an attach")
        return
    }
    #expect(device.id == 1 && device.name.hasSuffix("#2"))
}

@Test func failedSubscriptionIsRetriedOnTheNextAnnouncement() {
    var tracker = HotplugTracker(selection: .controllers, ownClient: 128)
    _ = tracker.portAppeared(virmidi(client: 17))
    tracker.attachFailed(SequencerAddress(client: 17, port: 0))
    #expect(tracker.portAppeared(virmidi(client: 17)).count == 1)
}

@Test func eventsFromUnsubscribedSendersAreAdopted() {
    var tracker = HotplugTracker(selection: .controllers, ownClient: 128)
    let device = tracker.device(sending: SequencerAddress(client: 129, port: 0), port: software(client: 129))
    #expect(device?.kind == .software)
    #expect(tracker.device(sending: .systemAnnounce, port: nil) == nil)
}
