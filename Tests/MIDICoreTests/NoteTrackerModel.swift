@testable import MIDICore

/// The note tracker as it was first written — per-key arrays, a set for sostenuto, a full sort
/// at the end: slow but plain. ``NoteTrackerEquivalenceTests`` hold the fast ``NoteTracker`` to
/// exactly its results.
struct NoteTrackerModel {
    private struct ChannelState: Sendable {
        var sustain = false
        var sostenuto = false
        /// Notes whose key is down, per key, oldest first (indices into `notes`).
        var held: [[Int]] = Array(repeating: [], count: 128)
        /// Notes whose key is up but which a pedal keeps sounding.
        var pedalled: [Int] = []
        /// Notes caught by the sostenuto pedal when it went down.
        var latched: Set<Int> = []

        static let placeholder = ChannelState()
    }

    private var notes: [Note] = []
    private var open: [Bool] = []
    /// Per port/channel state, mutated in place (a copy per message would cost 128 arrays).
    private var channels: [ChannelState] = []
    /// Slot (port × 16 + channel) → index into `channels`, -1 when unused.
    private var channelIndex: [Int] = []
    private var lastTime: Int64 = 0

    /// Note-offs that had no sounding note of that key to end.
    private(set) var unmatchedNoteOffs = 0

    init() {}

    /// Feeds one message; messages must come in time order.
    mutating func consume(_ timed: TimedMessage) {
        let t = timed.time
        lastTime = max(lastTime, t)
        guard let channel = timed.message.channel else { return }
        let slot = Int(timed.port) << 4 | Int(channel)
        if slot >= channelIndex.count { channelIndex += [Int](repeating: -1, count: slot + 1 - channelIndex.count) }
        if channelIndex[slot] < 0 {
            channelIndex[slot] = channels.count
            channels.append(ChannelState())
        }
        let index = channelIndex[slot]
        // Take the state out (leaving a shared placeholder) so it is mutated in place, uniquely.
        var state = ChannelState.placeholder
        swap(&state, &channels[index])
        consume(timed.message, at: t, channel: channel, port: timed.port, state: &state)
        swap(&state, &channels[index])
    }

    private mutating func consume(
        _ message: MIDIMessage,
        at t: Int64,
        channel: UInt8,
        port: UInt16,
        state: inout ChannelState
    ) {
        switch message {
        case .noteOn(_, let key, let velocity):
            state.pedalled.removeAll { index in
                guard notes[index].key == key else { return false }
                close(index, at: t)
                state.latched.remove(index)
                return true
            }
            notes.append(
                Note(onset: t, release: t, end: t, key: key, velocity: velocity, channel: channel, port: port)
            )
            open.append(true)
            state.held[Int(key)].append(notes.count - 1)
        case .noteOff(_, let key, _):
            guard !state.held[Int(key)].isEmpty else {
                unmatchedNoteOffs += 1
                return
            }
            let index = state.held[Int(key)].removeFirst()
            notes[index].release = t
            if state.sustain || state.latched.contains(index) {
                state.pedalled.append(index)
            } else {
                close(index, at: t)
            }
        case .controlChange(_, ControllerNumber.sustain, let value):
            state.sustain = value >= 64
            if !state.sustain { releasePedalled(&state, at: t) }
        case .controlChange(_, ControllerNumber.sostenuto, let value):
            let down = value >= 64
            if down && !state.sostenuto {
                state.latched = Set(state.held.joined())
            } else if !down && state.sostenuto {
                state.latched.removeAll()
                releasePedalled(&state, at: t)
            }
            state.sostenuto = down
        case .controlChange(_, ControllerNumber.allSoundOff, _):
            silence(&state, at: t)
        case .controlChange(_, ControllerNumber.allNotesOff, _):
            for key in 0..<128 {
                for index in state.held[key] {
                    notes[index].release = t
                    if state.sustain || state.latched.contains(index) {
                        state.pedalled.append(index)
                    } else {
                        close(index, at: t)
                    }
                }
                state.held[key].removeAll()
            }
        default:
            break
        }
    }

    /// Ends every note still sounding at `time` (default: the last message's time) and returns
    /// all notes sorted by onset, then key.
    mutating func finish(at time: Int64? = nil) -> [Note] {
        let end = max(time ?? lastTime, 0)
        for index in notes.indices where open[index] {
            if notes[index].release == notes[index].onset && isHeld(index) {
                notes[index].release = max(end, notes[index].onset)
            }
            close(index, at: max(end, notes[index].onset))
        }
        channels.removeAll()
        channelIndex.removeAll()
        let result = notes.sorted { ($0.onset, $0.key, $0.port) < ($1.onset, $1.key, $1.port) }
        notes.removeAll()
        open.removeAll()
        return result
    }

    /// Ends, at `time`, every note of `port` that still sounds (a device unplugged mid-note).
    mutating func closeAll(port: UInt16, at time: Int64) {
        for (slot, stateIndex) in channelIndex.enumerated() where stateIndex >= 0 && slot >> 4 == Int(port) {
            var state = ChannelState.placeholder
            swap(&state, &channels[stateIndex])
            silence(&state, at: time)
            swap(&state, &channels[stateIndex])
        }
    }

    /// Ends every held and pedalled note of one port/channel at `t` (keys released at `t`).
    private mutating func silence(_ state: inout ChannelState, at t: Int64) {
        for key in 0..<128 {
            for index in state.held[key] {
                notes[index].release = t
                close(index, at: t)
            }
            state.held[key].removeAll()
        }
        for index in state.pedalled { close(index, at: t) }
        state.pedalled.removeAll()
        state.latched.removeAll()
    }

    /// Keys currently sounding (held or pedalled) on any port/channel. O(open notes).
    var soundingCount: Int { open.lazy.filter { $0 }.count }

    private func isHeld(_ index: Int) -> Bool {
        let note = notes[index]
        let slot = Int(note.port) << 4 | Int(note.channel)
        guard slot < channelIndex.count, channelIndex[slot] >= 0 else { return false }
        return channels[channelIndex[slot]].held[Int(note.key)].contains(index)
    }

    private mutating func releasePedalled(_ state: inout ChannelState, at t: Int64) {
        state.pedalled.removeAll { index in
            if state.latched.contains(index) && state.sostenuto { return false }
            if state.sustain { return false }
            close(index, at: t)
            return true
        }
    }

    private mutating func close(_ index: Int, at t: Int64) {
        guard open[index] else { return }
        notes[index].end = max(t, notes[index].release)
        open[index] = false
    }
}
