@testable import MIDICore

/// The Standard MIDI File writer as it was first written — a sort of every track, an array per
/// event: slow but plain. ``MIDIFileWriterEquivalenceTests`` hold ``StandardMIDIFile/encoded()``
/// to exactly its bytes.
extension StandardMIDIFile {
    func encodedByModel() -> [UInt8] {
        var out: [UInt8] = Array("MThd".utf8)
        appendUInt32(6, to: &out)
        appendUInt16(format.rawValue, to: &out)
        appendUInt16(UInt16(clamping: tracks.count), to: &out)
        switch division {
        case .ticksPerQuarter(let ppq):
            appendUInt16(ppq & 0x7FFF, to: &out)
        case .smpte(let fps, let ticksPerFrame):
            out.append(UInt8(truncatingIfNeeded: 256 - Int(fps)))
            out.append(ticksPerFrame)
        }
        for track in tracks {
            let body = Self.encodeByModel(track)
            out += Array("MTrk".utf8)
            appendUInt32(UInt32(body.count), to: &out)
            out += body
        }
        return out
    }

    static func encodeByModel(_ track: Track) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(track.events.count * 4)
        var previousTick: UInt64 = 0
        var runningStatus: UInt8 = 0
        let ordered = track.events.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }
        var wroteEnd = false
        for (_, event) in ordered where !wroteEnd {
            appendVariableLengthByModel(UInt32(clamping: event.tick - previousTick), to: &out)
            previousTick = event.tick
            switch event.kind {
            case .midi(.sysEx(let payload)):
                let bytes = payload.bytes
                out.append(0xF0)
                let body = bytes.first == 0xF0 ? Array(bytes.dropFirst()) : bytes
                appendVariableLengthByModel(UInt32(body.count), to: &out)
                out += body
                runningStatus = 0
            case .midi(let message):
                let bytes = message.bytes
                if bytes[0] < 0xF0 && bytes[0] == runningStatus {
                    out += bytes.dropFirst()
                } else {
                    out += bytes
                    runningStatus = bytes[0] < 0xF0 ? bytes[0] : 0
                }
            case .meta(let meta):
                let (type, data) = meta.encoded
                out += [0xFF, type]
                appendVariableLengthByModel(UInt32(data.count), to: &out)
                out += data
                runningStatus = 0
                wroteEnd = meta == .endOfTrack
            case .escape(let bytes):
                out.append(0xF7)
                appendVariableLengthByModel(UInt32(bytes.count), to: &out)
                out += bytes
                runningStatus = 0
            }
        }
        if !wroteEnd {
            out += [0x00, 0xFF, 0x2F, 0x00]
        }
        return out
    }

    static func appendVariableLengthByModel(_ value: UInt32, to out: inout [UInt8]) {
        let value = min(value, 0x0FFF_FFFF)
        var groups: [UInt8] = [UInt8(value & 0x7F)]
        var rest = value >> 7
        while rest > 0 {
            groups.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        out += groups.reversed()
    }

    private func appendUInt16(_ value: UInt16, to out: inout [UInt8]) {
        out += [UInt8(value >> 8), UInt8(value & 0xFF)]
    }

    private func appendUInt32(_ value: UInt32, to out: inout [UInt8]) {
        out += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
