import Foundation
import PracticeSimulator

/// Standard MIDI Files of every kind a reader meets, written byte by byte by rule (not by
/// Woodshed's writer, which always writes format 1 with running status): formats 0, 1 and 2;
/// ticks per quarter from 24 to 1000 and SMPTE divisions (24, 25, 29.97 drop and 30 frames per
/// second); with and without running status; note-offs as 0x80 or as note-on velocity 0; tempo
/// maps of up to 20 changes; SysEx, pedals, pitch bends, program changes, several channels;
/// from 10 to 20,000 notes. The same files on every machine.
enum SMFCorpus {
    /// `count` files, named after what they are.
    static func files(count: Int) -> [(name: String, bytes: [UInt8])] {
        (0..<count).map { index in
            var random = SeededGenerator(seed: 0xC0_FFEE &+ UInt64(index))
            let format = index % 3
            let smpte = index % 5 == 4
            let runningStatus = index % 2 == 0
            let zeroVelocityOffs = index / 2 % 2 == 1
            let notes = Int(10 * pow(2000, Double.random(in: 0...1, using: &random)))
            let division: [UInt8]
            let name: String
            if smpte {
                let fps = [24, 25, 29, 30][index / 5 % 4]
                let ticksPerFrame = [4, 10, 40, 80, 100][index / 20 % 5]
                division = [UInt8(truncatingIfNeeded: 256 - fps), UInt8(ticksPerFrame)]
                name = "smpte\(fps)x\(ticksPerFrame)"
            } else {
                let ppq = [24, 48, 96, 120, 192, 240, 384, 480, 960, 1000][index % 10]
                division = [UInt8(ppq >> 8), UInt8(ppq & 0xFF)]
                name = "ppq\(ppq)"
            }
            let trackCount = format == 0 ? 1 : 2 + index % 3
            var tracks: [[Event]] = (0..<trackCount).map { track in
                var events: [Event] = [Event(tick: 0, bytes: [0xFF, 0x03, 7] + Array("track \(track)".prefix(7).utf8))]
                if format != 1 || track == 0 { events += tempoMap(&random, ticksPerBeat: 480) }
                return events
            }
            if index % 4 == 0 { tracks[0].append(Event(tick: 0, bytes: [0xF0, 5, 0x7E, 0x7F, 0x09, 0x01, 0xF7])) }
            // Notes go to the tracks that play: all but a format-1 conductor track.
            let playing = format == 1 ? Array(1..<trackCount) : Array(0..<trackCount)
            for (slot, track) in playing.enumerated() {
                tracks[track] += performance(
                    notes: notes / playing.count + 1,
                    channel: UInt8(slot % 16),
                    zeroVelocityOffs: zeroVelocityOffs,
                    random: &random
                )
            }
            let bytes = smf(format: format, division: division, tracks: tracks, runningStatus: runningStatus)
            return (
                String(format: "%03d-f%d-%@-%@-%05d.mid", index, format, name, runningStatus ? "rs" : "full", notes),
                bytes
            )
        }
    }

    /// An event at an absolute tick; `bytes` start with the status byte (0xFF meta type length
    /// data, 0xF0 length data, or a channel message).
    struct Event {
        var tick: Int
        var bytes: [UInt8]
    }

    private static func tempoMap(_ random: inout SeededGenerator, ticksPerBeat: Int) -> [Event] {
        var events: [Event] = []
        var tick = 0
        for _ in 0..<Int.random(in: 0...20, using: &random) {
            let tempo = Int.random(in: 300_000...1_200_000, using: &random)
            events.append(
                Event(
                    tick: tick,
                    bytes: [0xFF, 0x51, 3, UInt8(tempo >> 16), UInt8(tempo >> 8 & 0xFF), UInt8(tempo & 0xFF)]
                )
            )
            tick += Int.random(in: 1...64, using: &random) * ticksPerBeat
        }
        return events
    }

    /// Notes with overlapping lengths, a sustain pedal, now and then a pitch bend or program change.
    private static func performance(
        notes: Int,
        channel: UInt8,
        zeroVelocityOffs: Bool,
        random: inout SeededGenerator
    ) -> [Event] {
        var events: [Event] = []
        var tick = 0
        for note in 0..<notes {
            let key = UInt8.random(in: 28...100, using: &random)
            let length = Int.random(in: 10...900, using: &random)
            events.append(Event(tick: tick, bytes: [0x90 | channel, key, UInt8.random(in: 1...127, using: &random)]))
            events.append(
                Event(
                    tick: tick + length,
                    bytes: zeroVelocityOffs ? [0x90 | channel, key, 0] : [0x80 | channel, key, 64]
                )
            )
            if note % 16 == 0 {
                events.append(Event(tick: tick, bytes: [0xB0 | channel, 64, 0]))
                events.append(Event(tick: tick + 5, bytes: [0xB0 | channel, 64, 127]))
            }
            if note % 97 == 0 {
                events.append(
                    Event(tick: tick, bytes: [0xE0 | channel, UInt8.random(in: 0...127, using: &random), 64])
                )
            }
            if note % 500 == 0 { events.append(Event(tick: tick, bytes: [0xC0 | channel, UInt8(note / 500 % 128)])) }
            tick += Int.random(in: 0...240, using: &random)
        }
        return events
    }

    /// The file's bytes: each track's events in tick order, then an end-of-track.
    private static func smf(format: Int, division: [UInt8], tracks: [[Event]], runningStatus: Bool) -> [UInt8] {
        func bigEndian(_ value: Int, _ count: Int) -> [UInt8] {
            (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * (count - 1 - $0))) }
        }
        func variableLength(_ value: Int) -> [UInt8] {
            var bytes = [UInt8(value & 0x7F)]
            var rest = value >> 7
            while rest > 0 {
                bytes.insert(UInt8(rest & 0x7F) | 0x80, at: 0)
                rest >>= 7
            }
            return bytes
        }
        var out: [UInt8] = Array("MThd".utf8) + bigEndian(6, 4) + bigEndian(format, 2) + bigEndian(tracks.count, 2)
        out += division
        for track in tracks {
            var body: [UInt8] = []
            var previous = 0
            var status: UInt8 = 0
            let ordered = track.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }
            for (_, event) in ordered {
                body += variableLength(event.tick - previous)
                previous = event.tick
                let first = event.bytes[0]
                if first < 0xF0 {
                    body += runningStatus && first == status ? Array(event.bytes.dropFirst()) : event.bytes
                    status = first
                } else {
                    body += event.bytes
                    status = 0
                }
            }
            body += [0x00, 0xFF, 0x2F, 0x00]
            out += Array("MTrk".utf8) + bigEndian(body.count, 4) + body
        }
        return out
    }
}
