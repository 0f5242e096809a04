#!/usr/bin/env python3
"""Writes the capture test files under Fixtures/capture/ byte by byte (no MIDI library), so
that the VM test plays files whose every event is known:

  scale-pedal.mid   program change, a scale with varied velocities, a chord under the sustain
                    pedal, pitch bend, modulation, channel pressure (about 3.4 s)
  sysex-pedals.mid  a GM reset, a 300-byte SysEx (the kernel splits it into chunks), sustain,
                    sostenuto and soft pedals, polyphonic aftertouch (about 1.6 s)
  stream-8s.mid     a note every 50 ms for 8 s (kill -9 test)

Format 0, 1000 ticks per quarter at 60 bpm: one tick is one millisecond; 50 ms lead-in, 100 ms lead-out.
usage: scripts/alsa-vm/make-fixtures.py [OUTDIR]   (default Fixtures/capture)
"""
import os
import struct
import sys

PPQ = 1000
TEMPO = 1_000_000  # µs per quarter: 60 bpm, so ticks are milliseconds


def vlq(value):
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.insert(0, 0x80 | (value & 0x7F))
        value >>= 7
    return bytes(out)


def smf(events, lead_in=0):
    """events: (ms, bytes) in any order; SysEx given as full F0..F7 bytes. `lead_in` ms of
    silence first: aplaymidi sends events at tick 0 as its queue starts, before its timer runs,
    so they leave with a different delay than the rest."""
    events = [(ms + lead_in, data) for ms, data in events]
    track = vlq(0) + b"\xff\x51\x03" + TEMPO.to_bytes(3, "big")
    now = 0
    for ms, data in sorted(events, key=lambda e: e[0]):  # stable: keeps order at equal times
        track += vlq(ms - now)
        now = ms
        if data[0] == 0xF0:
            track += b"\xf0" + vlq(len(data) - 1) + bytes(data[1:])
        else:
            track += bytes(data)
    # 100 ms before the end of track: aplaymidi stops at the end-of-track tick, and its exit
    # should not race with the delivery of the last event.
    track += vlq(100) + b"\xff\x2f\x00"
    return b"MThd" + struct.pack(">IHHH", 6, 0, 1, PPQ) + b"MTrk" + struct.pack(">I", len(track)) + track


def scale_pedal():
    ev = [(0, [0xC0, 0x01])]
    keys = [60, 62, 64, 65, 67, 69, 71, 72]
    for i, key in enumerate(keys):
        t = 100 + i * 230 + (i % 3) * 7  # uneven, like a person
        ev += [(t, [0x90, key, 30 + i * 12]), (t + 180 - i * 5, [0x80, key, 40])]
    ev += [(2050, [0xB0, 64, 127])]
    for key, vel in ((48, 70), (52, 64), (55, 58)):
        ev += [(2100, [0x90, key, vel]), (2400, [0x80, key, 0])]
    ev += [(2650, [0xB0, 64, 0])]
    ev += [(2700 + i * 40, [0xE0, v & 0x7F, v >> 7]) for i, v in enumerate((8192, 9000, 10000, 12000, 8192))]
    ev += [(2950, [0xB0, 1, 64]), (3000, [0x90, 76, 100]), (3050, [0xD0, 80]), (3300, [0x80, 76, 0]), (3350, [0xB0, 1, 0])]
    return ev


def sysex_pedals():
    long_sysex = [0xF0, 0x7D] + [(i * 7) % 128 for i in range(298)] + [0xF7]
    ev = [(0, [0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7]), (200, long_sysex)]
    ev += [(400, [0x90, 60, 90]), (450, [0xB0, 66, 127]), (500, [0x80, 60, 0]), (520, [0xB0, 64, 100])]
    ev += [(600, [0x90, 64, 80]), (650, [0xA0, 64, 50]), (700, [0xA0, 64, 20]), (750, [0x80, 64, 0])]
    ev += [(800, [0xB0, 67, 127]), (850, [0x90, 67, 40]), (950, [0x80, 67, 0]), (1000, [0xB0, 67, 0])]
    ev += [(1100, [0xB0, 64, 0]), (1150, [0xB0, 66, 0]), (1300, [0xF0, 0x43, 0x10, 0x4C, 0x00, 0x00, 0x7E, 0x00, 0xF7])]
    ev += [(1400, [0x91, 72, 110]), (1600, [0x81, 72, 64])]
    return ev


def stream_8s():
    ev = []
    for i in range(160):
        t = i * 50
        key = 48 + (i % 25)
        ev += [(t, [0x90, key, 20 + (i % 100)]), (t + 35, [0x80, key, 0])]
    return ev


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "Fixtures", "capture")
    os.makedirs(out, exist_ok=True)
    for name, events in (("scale-pedal.mid", scale_pedal()), ("sysex-pedals.mid", sysex_pedals()), ("stream-8s.mid", stream_8s())):
        with open(os.path.join(out, name), "wb") as f:
            f.write(smf(events, lead_in=50))


if __name__ == "__main__":
    main()
