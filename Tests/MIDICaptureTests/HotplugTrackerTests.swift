import CALSA
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

/// An announcement as the kernel sends it from System Announce 0:1, decoded like the capture
/// thread decodes it.
private func announced(_ type: snd_seq_event_type, client: UInt8, port: UInt8 = 0) -> Announcement? {
    var ev = snd_seq_event_t()
    let decoded = withUnsafeMutablePointer(to: &ev) { pointer in
        calsa_ev_clear(pointer)
        calsa_ev_set_source(pointer, 0, 1)
        if type == SND_SEQ_EVENT_PORT_UNSUBSCRIBED {
            calsa_ev_set_connect_data(
                pointer,
                snd_seq_event_type_t(type.rawValue),
                snd_seq_addr_t(client: client, port: port),
                snd_seq_addr_t(client: 128, port: 0)
            )
        } else {
            calsa_ev_set_address_data(pointer, snd_seq_event_type_t(type.rawValue), client, port)
        }
        return SequencerEventDecoder.decode(pointer)
    }
    guard decoded.source == .systemAnnounce, case .announcement(let announcement) = decoded.input else { return nil }
    return announcement
}

@Test func announcementsFromTheKernelDriveUnplugAndReplug() throws {
    // What the sequencer would answer: the virmidi port under client 20, later under 21.
    var present: [SequencerAddress: SequencerPort] = [:]
    var tracker = HotplugTracker(selection: .controllers, ownClient: 128)
    func feed(_ type: snd_seq_event_type, client: UInt8, port: UInt8 = 0) throws -> [HotplugTracker.Action] {
        let announcement = try #require(announced(type, client: client, port: port))
        return tracker.handle(announcement, port: { present[$0] }, ports: { Array(present.values) })
    }

    // Plugged in: CLIENT_START, then PORT_START.
    present[SequencerAddress(client: 20, port: 0)] = virmidi(client: 20)
    #expect(try feed(SND_SEQ_EVENT_CLIENT_START, client: 20).isEmpty)
    let plugged = try feed(SND_SEQ_EVENT_PORT_START, client: 20)
    guard case .attach(let device, again: false) = plugged.first, plugged.count == 1 else {
        Issue.record("expected one first attach, got \(plugged)")
        return
    }
    #expect(device.id == 0 && device.address == SequencerAddress(client: 20, port: 0))
    #expect(try feed(SND_SEQ_EVENT_PORT_CHANGE, client: 20).isEmpty)

    // Unplugged (the card unbound): our subscription ends, then the port and the client exit.
    present = [:]
    #expect(try feed(SND_SEQ_EVENT_PORT_UNSUBSCRIBED, client: 20) == [.detach(device)])
    #expect(try feed(SND_SEQ_EVENT_PORT_EXIT, client: 20).isEmpty)
    #expect(try feed(SND_SEQ_EVENT_CLIENT_EXIT, client: 20).isEmpty)
    #expect(tracker.attached.isEmpty && tracker.known.isEmpty)

    // A port announced but gone before we looked is ignored.
    #expect(try feed(SND_SEQ_EVENT_PORT_START, client: 30).isEmpty)

    // Plugged in again under a new client number: the same device, again.
    present[SequencerAddress(client: 21, port: 0)] = virmidi(client: 21)
    let replugged = try feed(SND_SEQ_EVENT_PORT_START, client: 21)
    guard case .attach(let again, again: true) = replugged.first, replugged.count == 1 else {
        Issue.record("expected one re-attach, got \(replugged)")
        return
    }
    #expect(again.id == device.id && again.address == SequencerAddress(client: 21, port: 0))

    // A client change lists the client's ports: only the new one is attached.
    var second = virmidi(client: 21)
    second.address.port = 1
    second.portName = "VirMIDI 0-1 b"
    present[second.address] = second
    let changed = try feed(SND_SEQ_EVENT_CLIENT_CHANGE, client: 21)
    #expect(changed.count == 1 && tracker.attached.count == 2)

    // Gone without unsubscribing first: CLIENT_EXIT detaches every port of the client.
    present = [:]
    #expect(try feed(SND_SEQ_EVENT_CLIENT_EXIT, client: 21).count == 2)
    #expect(tracker.attached.isEmpty)
}
