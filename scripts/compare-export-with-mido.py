#!/usr/bin/env python3
"""Round-trip check: import MIDI files into a fresh library, export them again, and compare the
exported notes and controller events with what mido reads from the originals.

usage: scripts/compare-export-with-mido.py [WOODSHED_BINARY] FILE.mid...
       (default binary: .build/debug/woodshed; needs `pip install mido`)

Notes are paired per (channel, key) first-in-first-out, without pedals, exactly as written in the
file; a note matches when channel, key and velocity are equal and onset and offset differ by at
most 1 ms. Control changes, aftertouch, pitch bend, program changes and SysEx are compared by
value with the same time tolerance. Prints one line per file and exits 1 on any mismatch.
"""
import os, subprocess, sys, tempfile
from collections import defaultdict, deque

import mido

TOLERANCE = 0.001  # seconds


def events(path):
    """(notes, others) with absolute times in seconds, from mido's merged track iteration."""
    notes, others, t = [], [], 0.0
    open_notes = defaultdict(deque)
    for msg in mido.MidiFile(path):
        t += msg.time
        if msg.is_meta:
            continue
        if msg.type == "note_on" and msg.velocity > 0:
            open_notes[(msg.channel, msg.note)].append((t, msg.velocity))
        elif msg.type in ("note_on", "note_off"):
            q = open_notes[(msg.channel, msg.note)]
            if q:
                onset, vel = q.popleft()
                notes.append((onset, t, msg.channel, msg.note, vel))
        else:
            others.append((t, msg.type, tuple(msg.bytes())))
    for (ch, key), q in open_notes.items():
        for onset, vel in q:
            notes.append((onset, t, ch, key, vel))
    return sorted(notes), sorted(others)


def compare(a, b, key_fields, time_fields):
    """Greedy match in order; returns the number of unmatched items on either side."""
    by_key = defaultdict(list)
    for item in b:
        by_key[key_fields(item)].append(item)
    unmatched = 0
    worst = 0.0
    for item in a:
        candidates = by_key.get(key_fields(item), [])
        best = None
        for i, c in enumerate(candidates):
            d = max(abs(x - y) for x, y in zip(time_fields(item), time_fields(c)))
            if d <= TOLERANCE and (best is None or d < best[1]):
                best = (i, d)
        if best is None:
            unmatched += 1
        else:
            worst = max(worst, best[1])
            candidates.pop(best[0])
    unmatched += sum(len(v) for v in by_key.values())
    return unmatched, worst


def main():
    args = sys.argv[1:]
    binary = ".build/debug/woodshed"
    if args and not args[0].lower().endswith((".mid", ".midi")):
        binary = args.pop(0)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, WOODSHED_LIBRARY=os.path.join(tmp, "library.sqlite"))
        for index, path in enumerate(args, start=1):
            subprocess.run([binary, "import", path], env=env, check=True, stdout=subprocess.DEVNULL)
            out = os.path.join(tmp, f"export{index}.mid")
            subprocess.run([binary, "export", str(index), "-o", out], env=env, check=True, stdout=subprocess.DEVNULL)
            n1, o1 = events(path)
            n2, o2 = events(out)
            note_miss, note_dt = compare(n1, n2, lambda n: (n[2], n[3], n[4]), lambda n: (n[0], n[1]))
            other_miss, other_dt = compare(o1, o2, lambda o: o[1:], lambda o: (o[0],))
            ok = note_miss == 0 and other_miss == 0
            failures += not ok
            print(f"{'OK  ' if ok else 'FAIL'} {os.path.basename(path)}: {len(n1)} notes, {len(o1)} other events; "
                  f"unmatched notes {note_miss}, unmatched others {other_miss}; "
                  f"max |Δt| notes {note_dt * 1000:.3f} ms, others {other_dt * 1000:.3f} ms")
    print(f"{len(args) - failures} of {len(args)} files round-trip within {TOLERANCE * 1000:.0f} ms")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
