internal import CALSA
import MIDICore

/// What one sequencer event means to Woodshed, copied out of the `snd_seq_event_t` (whose
/// variable-length data alsa-lib reuses on the next read).
enum SequencerInput: Hashable, Sendable {
    /// One event can stand for several MIDI messages (14-bit controllers, RPN/NRPN).
    case midi([MIDIMessage])
    /// A piece of a SysEx message; see ``SysExAssembler``.
    case sysExChunk([UInt8])
    case announcement(Announcement)
    /// An event type Woodshed does not record (queue control, echo, user events).
    case ignored(type: UInt8)
}

/// What the System Announce port (0:1) reports.
enum Announcement: Hashable, Sendable {
    case clientStart(UInt8)
    case clientExit(UInt8)
    case clientChange(UInt8)
    case portStart(SequencerAddress)
    case portExit(SequencerAddress)
    case portChange(SequencerAddress)
    case subscribed(sender: SequencerAddress, destination: SequencerAddress)
    case unsubscribed(sender: SequencerAddress, destination: SequencerAddress)
}

/// A decoded event: who sent it, its real-time stamp if it has one, and what it means.
struct DecodedSequencerEvent: Hashable, Sendable {
    var source: SequencerAddress
    /// Queue and real time (nanoseconds since that queue started), when the event is stamped in real time.
    var stamp: (queue: UInt8, nanoseconds: Int64)?
    var input: SequencerInput

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.source == rhs.source && lhs.stamp?.queue == rhs.stamp?.queue
            && lhs.stamp?.nanoseconds == rhs.stamp?.nanoseconds && lhs.input == rhs.input
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(source)
        hasher.combine(stamp?.queue)
        hasher.combine(stamp?.nanoseconds)
        hasher.combine(input)
    }
}

/// Turns `snd_seq_event_t` into Swift values, the way arecordmidi writes events to a file.
enum SequencerEventDecoder {
    /// Decodes `event`. O(1), or O(length) for SysEx (the bytes are copied).
    static func decode(_ event: UnsafePointer<snd_seq_event_t>) -> DecodedSequencerEvent {
        let ev = event.pointee
        let source = SequencerAddress(client: ev.source.client, port: ev.source.port)
        var stamp: (UInt8, Int64)? = nil
        if calsa_ev_is_real_time(event) != 0 {
            let time = ev.time.time
            stamp = (ev.queue, Int64(time.tv_sec) * .nanosecondsPerSecond + Int64(time.tv_nsec))
        }
        return DecodedSequencerEvent(source: source, stamp: stamp, input: input(of: event))
    }

    private static func input(of event: UnsafePointer<snd_seq_event_t>) -> SequencerInput {
        let ev = event.pointee
        let type = UInt32(ev.type)
        let note = ev.data.note
        let control = ev.data.control
        let channel = control.channel & 0x0F
        func voice(_ status: UInt8, _ data1: UInt8, _ data2: UInt8 = 0) -> SequencerInput {
            .midi(MIDIMessage.channelVoice(status: status | channel, data1: data1, data2: data2).map { [$0] } ?? [])
        }
        func system(_ status: UInt8, _ data1: UInt8 = 0, _ data2: UInt8 = 0) -> SequencerInput {
            .midi(MIDIMessage.system(status: status, data1: data1, data2: data2).map { [$0] } ?? [])
        }
        func cc(_ controller: UInt8, _ value: Int32) -> MIDIMessage {
            .controlChange(
                channel: channel,
                controller: controller & 0x7F,
                value: UInt8(truncatingIfNeeded: value) & 0x7F
            )
        }
        switch type {
        case SND_SEQ_EVENT_NOTEON.rawValue, SND_SEQ_EVENT_NOTE.rawValue:
            return .midi(
                MIDIMessage.channelVoice(status: 0x90 | note.channel & 0x0F, data1: note.note, data2: note.velocity)
                    .map { [$0] } ?? []
            )
        case SND_SEQ_EVENT_NOTEOFF.rawValue:
            return .midi([.noteOff(channel: note.channel & 0x0F, key: note.note & 0x7F, velocity: note.velocity & 0x7F)]
            )
        case SND_SEQ_EVENT_KEYPRESS.rawValue:
            return .midi([
                .polyPressure(channel: note.channel & 0x0F, key: note.note & 0x7F, pressure: note.velocity & 0x7F)
            ])
        case SND_SEQ_EVENT_CONTROLLER.rawValue:
            return .midi([cc(UInt8(truncatingIfNeeded: control.param), control.value)])
        case SND_SEQ_EVENT_PGMCHANGE.rawValue:
            return voice(0xC0, UInt8(truncatingIfNeeded: control.value))
        case SND_SEQ_EVENT_CHANPRESS.rawValue:
            return voice(0xD0, UInt8(truncatingIfNeeded: control.value))
        case SND_SEQ_EVENT_PITCHBEND.rawValue:
            // The sequencer centres bend at 0 (-8192...8191); MIDI centres it at 8192.
            let value = UInt16(clamping: min(max(Int(control.value) + 8192, 0), 16383))
            return .midi([.pitchBend(channel: channel, value: value)])
        case SND_SEQ_EVENT_CONTROL14.rawValue:
            let param = UInt8(truncatingIfNeeded: control.param) & 0x7F
            guard param < 32 else { return .midi([cc(param, control.value)]) }
            return .midi([cc(param, control.value >> 7), cc(param + 32, control.value)])
        case SND_SEQ_EVENT_NONREGPARAM.rawValue, SND_SEQ_EVENT_REGPARAM.rawValue:
            let registered = type == SND_SEQ_EVENT_REGPARAM.rawValue
            let param = Int32(bitPattern: control.param)
            return .midi([
                cc(registered ? 101 : 99, param >> 7), cc(registered ? 100 : 98, param),
                cc(6, control.value >> 7), cc(38, control.value),
            ])
        case SND_SEQ_EVENT_SONGPOS.rawValue:
            return system(
                0xF2,
                UInt8(truncatingIfNeeded: control.value) & 0x7F,
                UInt8(truncatingIfNeeded: control.value >> 7)
            )
        case SND_SEQ_EVENT_SONGSEL.rawValue:
            return system(0xF3, UInt8(truncatingIfNeeded: control.value))
        case SND_SEQ_EVENT_QFRAME.rawValue:
            return system(0xF1, UInt8(truncatingIfNeeded: control.value))
        case SND_SEQ_EVENT_TUNE_REQUEST.rawValue: return system(0xF6)
        case SND_SEQ_EVENT_CLOCK.rawValue: return system(0xF8)
        case SND_SEQ_EVENT_START.rawValue: return system(0xFA)
        case SND_SEQ_EVENT_CONTINUE.rawValue: return system(0xFB)
        case SND_SEQ_EVENT_STOP.rawValue: return system(0xFC)
        case SND_SEQ_EVENT_SENSING.rawValue: return system(0xFE)
        case SND_SEQ_EVENT_RESET.rawValue: return system(0xFF)
        case SND_SEQ_EVENT_SYSEX.rawValue:
            return .sysExChunk(variableData(of: event))
        default:
            return announcement(of: event).map { .announcement($0) } ?? .ignored(type: ev.type)
        }
    }

    private static func announcement(of event: UnsafePointer<snd_seq_event_t>) -> Announcement? {
        let ev = event.pointee
        let addr = SequencerAddress(client: ev.data.addr.client, port: ev.data.addr.port)
        let sender = SequencerAddress(client: ev.data.connect.sender.client, port: ev.data.connect.sender.port)
        let destination = SequencerAddress(client: ev.data.connect.dest.client, port: ev.data.connect.dest.port)
        switch UInt32(ev.type) {
        case SND_SEQ_EVENT_CLIENT_START.rawValue: return .clientStart(addr.client)
        case SND_SEQ_EVENT_CLIENT_EXIT.rawValue: return .clientExit(addr.client)
        case SND_SEQ_EVENT_CLIENT_CHANGE.rawValue: return .clientChange(addr.client)
        case SND_SEQ_EVENT_PORT_START.rawValue: return .portStart(addr)
        case SND_SEQ_EVENT_PORT_EXIT.rawValue: return .portExit(addr)
        case SND_SEQ_EVENT_PORT_CHANGE.rawValue: return .portChange(addr)
        case SND_SEQ_EVENT_PORT_SUBSCRIBED.rawValue: return .subscribed(sender: sender, destination: destination)
        case SND_SEQ_EVENT_PORT_UNSUBSCRIBED.rawValue: return .unsubscribed(sender: sender, destination: destination)
        default: return nil
        }
    }

    /// Copies the event's variable-length payload (it lives in alsa-lib's input buffer).
    private static func variableData(of event: UnsafePointer<snd_seq_event_t>) -> [UInt8] {
        guard calsa_ev_is_variable(event) != 0 else { return [] }
        let ext = event.pointee.data.ext
        guard let pointer = ext.ptr, ext.len > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: Int(ext.len)).bindMemory(to: UInt8.self))
    }
}
