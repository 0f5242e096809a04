public import MIDICore

/// Which keys and pedals are down on each device, so that notes of an unplugged device can be
/// ended at the moment it went away.
///
/// ``release(device:at:)`` returns the note-offs and pedal releases that end everything still
/// sounding; the recorder stores them like any message, so every reader of the session (export,
/// analysis) sees closed notes. O(1) per message; release is O(sounding notes).
public struct SoundingNotes: Sendable {
    private struct Slot: Hashable {
        var device: Int
        var channel: UInt8
    }

    /// Keys down per slot: key → how many note-ons are unmatched (a stuck controller can repeat).
    private var held: [Slot: [UInt8: Int]] = [:]
    /// Sustain (64), sostenuto (66) and soft (67) pedals down per slot.
    private var pedals: [Slot: Set<UInt8>] = [:]
    private static let pedalControllers: Set<UInt8> = [
        ControllerNumber.sustain, ControllerNumber.sostenuto, ControllerNumber.soft,
    ]

    public init() {}

    public mutating func observe(_ captured: CapturedMessage) {
        guard let channel = captured.message.channel else { return }
        let slot = Slot(device: captured.device, channel: channel)
        switch captured.message {
        case .noteOn(_, let key, _):
            held[slot, default: [:]][key, default: 0] += 1
        case .noteOff(_, let key, _):
            guard let count = held[slot]?[key] else { return }
            held[slot]![key] = count > 1 ? count - 1 : nil
        case .controlChange(_, let controller, let value) where Self.pedalControllers.contains(controller):
            if value >= 64 { pedals[slot, default: []].insert(controller) } else { pedals[slot]?.remove(controller) }
        case .controlChange(_, ControllerNumber.allNotesOff, _), .controlChange(_, ControllerNumber.allSoundOff, _):
            held[slot] = nil
        default:
            break
        }
    }

    /// Keys currently down on `device`.
    public func soundingCount(device: Int) -> Int {
        held.filter { $0.key.device == device }.values.reduce(0) { $0 + $1.values.reduce(0, +) }
    }

    /// Messages that end everything `device` still sounds, stamped `time`, and forgets its state:
    /// a note-off (velocity 64) per key down, then a release per pedal down.
    public mutating func release(device: Int, at time: Nanoseconds) -> [CapturedMessage] {
        var messages: [CapturedMessage] = []
        for slot in held.keys.filter({ $0.device == device }).sorted(by: { $0.channel < $1.channel }) {
            for (key, count) in held[slot]!.sorted(by: { $0.key < $1.key }) {
                for _ in 0..<count {
                    messages.append(
                        CapturedMessage(
                            time: time,
                            device: device,
                            message: .noteOff(channel: slot.channel, key: key, velocity: 64)
                        )
                    )
                }
            }
            held[slot] = nil
        }
        for slot in pedals.keys.filter({ $0.device == device }).sorted(by: { $0.channel < $1.channel }) {
            for controller in pedals[slot]!.sorted() {
                messages.append(
                    CapturedMessage(
                        time: time,
                        device: device,
                        message: .controlChange(channel: slot.channel, controller: controller, value: 0)
                    )
                )
            }
            pedals[slot] = nil
        }
        return messages
    }
}
