"""The torture corpus: hostile MIDI files built by hand and seeded mutants of the project's own
MIDI files, for scripts/torture. Standard library only; the same corpus for the same seed.

hostile_cases() yields (name, bytes) for the cases issue 10 names: absurd delta times, notes
that never end, a million notes at one instant, controller floods, a header claiming 65,535
tracks with none, velocity-0 note-ons, long SysEx, lone note-offs/controllers/SysEx, control
characters in names, and timing fields at their limits. mutants(bases, count, seed) yields
(name, bytes): bit flips, byte and range replacement, insertions, deletions, truncations,
interesting values in header and length fields, VLQ delta times at their maximum.
"""
import random
import struct


def vlq(value):
    """A MIDI variable-length quantity (value < 2**28)."""
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


def track(events, eot_delta=0):
    """An MTrk chunk from raw (delta, bytes) events, end-of-track appended."""
    body = b"".join(vlq(delta) + data for delta, data in events) + vlq(eot_delta) + b"\xff\x2f\x00"
    return b"MTrk" + struct.pack(">I", len(body)) + body


def smf(tracks, division=480, fmt=None, claimed=None):
    fmt = (0 if len(tracks) == 1 else 1) if fmt is None else fmt
    count = len(tracks) if claimed is None else claimed
    return b"MThd" + struct.pack(">IHHH", 6, fmt, count, division) + b"".join(tracks)


def tempo(us):
    return b"\xff\x51\x03" + struct.pack(">I", us)[1:]


def notes(count, delta, length, key=lambda i: 36 + i % 48):
    events = []
    for i in range(count):
        events.append((delta, bytes([0x90, key(i), 80])))
        events.append((length, bytes([0x80, key(i), 0])))
    return events


def hostile_cases():
    """Hand-built files that once broke, or could break, a stage after the reader."""
    slowest = tempo(0xFFFFFF)
    yield "absurd-delta", smf([track([(0, slowest)] + notes(3200, 0x0FFFFFFF, 10))], division=1)
    yield "absurd-delta-one", smf([track(notes(20, 240, 240) + [(0x0FFFFFFF, b"\x90\x3c\x40"), (10, b"\x80\x3c\x40")])])
    yield "absurd-eot", smf([track(notes(50, 240, 240), eot_delta=0x0FFFFFFF)], division=1)
    yield "absurd-smpte", smf([track(notes(200, 0x0FFFFFFF, 1))], division=0xE801)
    # 100,000 note-ons 1 ms apart that never end (1 tick = 1 ms at 1,000 ticks per 1 s quarter).
    never = [(0, tempo(1_000_000))] + [(1, bytes([0x90 | (i % 16), 21 + i % 88, 64])) for i in range(100_000)]
    yield "never-ending-100k", smf([track(never)], division=1000)
    yield "never-ending-absurd", smf([track([(0, slowest), (0, b"\x90\x3c\x40"), (0x0FFFFFFF, b"\xb0\x07\x40")])], 1)
    # A million notes at one instant (running status: 3 bytes a message).
    body = b"\x00\x90\x3c\x40" + b"\x00\x3c\x40" * 999_999 + b"\x00\x3c\x00" * 1_000_000
    yield "million-at-one-instant", smf([b"MTrk" + struct.pack(">I", len(body) + 4) + body + b"\x00\xff\x2f\x00"])
    chord = b"".join(b"\x00" + bytes([0x90 | ch, k, 90]) for ch in range(16) for k in range(128))
    chord += b"".join(b"\x00" + bytes([0x80 | ch, k, 0]) for ch in range(16) for k in range(128))
    yield "every-key-every-channel", smf([b"MTrk" + struct.pack(">I", len(chord) + 4) + chord + b"\x00\xff\x2f\x00"])
    flood = [(0, bytes([0xB0, 64, 127 * (i % 2)])) for i in range(300_000)]
    yield "controller-flood", smf([track(notes(10, 240, 240) + flood + notes(10, 240, 240))])
    yield "controller-flood-spread", smf([track([(1, bytes([0xB0 | (i % 16), i % 128, i % 128])) for i in range(200_000)])])
    yield "pedal-flood", smf([track(notes(200, 10, 10) + [(1, bytes([0xB0, 64 + (i % 3), 127 * (i % 2)])) for i in range(100_000)])])
    yield "tracks-claimed-none", smf([], claimed=65535)
    yield "tracks-claimed-more", smf([track(notes(10, 240, 240))], fmt=1, claimed=65535)
    yield "velocity-zero-note-ons", smf([track([(240, b"\x90\x3c\x40"), (240, b"\x90\x3c\x00")] * 50)])
    yield "lone-note-off", smf([track([(0, b"\x80\x3c\x40")])])
    yield "lone-controller", smf([track([(0, b"\xb0\x40\x7f"), (480, b"\xb0\x40\x00")])])
    yield "lone-sysex", smf([track([(0, b"\xf0\x05\x7e\x7f\x09\x01\xf7")])])
    sysex = b"\x43" * (3 * 1024 * 1024)
    yield "long-sysex", smf([track([(0, b"\xf0" + vlq(len(sysex) + 1) + sysex + b"\xf7")] + notes(4, 240, 240))])
    name = b"\x1b[31mred\x07\x1b]0;title\x07\x9b2J"
    yield "escape-names", smf([track([(0, b"\xff\x03" + vlq(len(name)) + name)] + notes(8, 240, 240))])
    yield "escape-\x1b[2J-file-name", smf([track(notes(8, 240, 240))])
    yield "zero-division", smf([track(notes(10, 240, 240))], division=0)
    yield "zero-tempo", smf([track([(0, tempo(0))] + notes(10, 240, 240))])
    yield "smpte-zero", smf([track(notes(10, 240, 240))], division=0x8000)
    yield "tempo-changes-flood", smf([track([(1, tempo(1 + i)) for i in range(100_000)] + notes(20, 240, 240))])
    yield "all-keys-held-pedal", smf([track([(0, b"\xb0\x40\x7f")] + notes(5000, 1, 1) + [(0x0FFFFFF, b"\xb0\x40\x00")])])
    many = [track([(0, b"\xff\x03\x01T")] + notes(1, 10, 10)) for _ in range(2000)]
    yield "two-thousand-tracks", smf(many, fmt=1)
    yield "format2-absurd", smf([track(notes(20, 0x0FFFFFFF, 1)), track(notes(20, 1, 0x0FFFFFFF))], fmt=2, division=1)
    yield "empty", b""
    yield "header-only", b"MThd" + struct.pack(">IHHH", 6, 0, 1, 480)
    yield "not-midi", b"RIFF\x00\x00\x00\x00RMIDdata" + bytes(range(256))


def base_files(rng):
    """Small well-formed files to mutate, besides the project's fixtures."""
    yield smf([track([(0, tempo(500_000))] + notes(64, 120, 100))])
    yield smf([track([(0, tempo(400_000))]), track(notes(40, 96, 90)), track(notes(30, 128, 64, lambda i: 40 + i % 12))])
    events = []
    for i in range(120):
        events.append((rng.randrange(0, 200), bytes([0x90 | rng.randrange(2), rng.randrange(21, 109), rng.randrange(1, 128)])))
        if i % 7 == 0:
            events.append((rng.randrange(0, 50), bytes([0xB0, 64, rng.choice([0, 127])])))
        events.append((rng.randrange(0, 200), bytes([0x80, events[-1][1][1] if events[-1][1][0] < 0xB0 else 60, 0])))
    yield smf([track(events)], division=0xE728)


INTERESTING = [0, 1, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFF, 0x8000, 0xFFFFFF, 0x7FFFFFFF, 0xFFFFFFFF]


def mutate(rng, data):
    data = bytearray(data)
    for _ in range(rng.choice([1, 1, 1, 2, 3, 5, 10])):
        kind = rng.randrange(9)
        if not data:
            data += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 32)))
            continue
        at = rng.randrange(len(data))
        if kind == 0:
            data[at] ^= 1 << rng.randrange(8)
        elif kind == 1:
            data[at] = rng.randrange(256)
        elif kind == 2:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
        elif kind == 3:
            del data[at : at + rng.randrange(1, 32)]
        elif kind == 4:
            del data[rng.randrange(len(data)) :]
        elif kind == 5:
            value = rng.choice(INTERESTING)
            width = rng.choice([1, 2, 4])
            data[at : at + width] = (value & ((1 << (8 * width)) - 1)).to_bytes(width, "big")
        elif kind == 6:
            data[at:at] = b"\x8f\xff\xff\x7f"  # the largest delta time
        elif kind == 7:
            other = rng.randrange(len(data))
            size = rng.randrange(1, 64)
            data[at : at + size] = data[other : other + size]
        else:
            data[at:at] = bytes([rng.choice([0x90, 0xB0, 0xF0, 0xFF, 0xF7, 0x80])]) + bytes(
                rng.randrange(128) for _ in range(rng.randrange(0, 4))
            )
    return bytes(data)


def mutants(bases, count, seed):
    rng = random.Random(seed)
    for index in range(count):
        yield f"mutant-{seed}-{index:05d}", mutate(rng, rng.choice(bases))
