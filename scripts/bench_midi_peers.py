#!/usr/bin/env python3
"""Peer side of scripts/bench-midi-io: read each file into paired notes with mido, pretty_midi
and symusic (best of 5, each peer in its own process so peak memory is its own); print JSON lines."""
import json, os, resource, subprocess, sys, time

PEER_CODE = r'''
import json, resource, sys, time
from collections import defaultdict, deque
tool, path = sys.argv[1], sys.argv[2]

def mido_notes(path):
    import mido
    t, notes, held = 0.0, 0, defaultdict(deque)
    for msg in mido.MidiFile(path):
        t += msg.time
        if msg.type == "note_on" and msg.velocity > 0:
            held[(msg.channel, msg.note)].append(t)
        elif msg.type in ("note_on", "note_off") and held[(msg.channel, msg.note)]:
            held[(msg.channel, msg.note)].popleft(); notes += 1
    return notes, None

def pretty_notes(path):
    import pretty_midi
    return sum(len(i.notes) for i in pretty_midi.PrettyMIDI(path).instruments), None

def symusic_notes(path):
    import symusic
    score = symusic.Score(path, ttype="second")
    return sum(len(t.notes) for t in score.tracks), score

readers = {"mido": mido_notes, "pretty_midi": pretty_notes, "symusic": symusic_notes}
best, notes = float("inf"), 0
for _ in range(5):
    start = time.perf_counter(); notes, score = readers[tool](path); best = min(best, time.perf_counter() - start)
write = None
if tool == "symusic":
    import tempfile, os
    out = tempfile.mktemp(suffix=".mid"); w = float("inf")
    for _ in range(5):
        start = time.perf_counter(); score.dump_midi(out); w = min(w, time.perf_counter() - start)
    os.remove(out); write = w
print(json.dumps({"tool": tool, "file": path.split("/")[-1], "notes": notes, "readSeconds": best,
                  "writeSeconds": write, "peakRSSkB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
'''

for path in sys.argv[1:]:
    for tool in ("mido", "pretty_midi", "symusic"):
        result = subprocess.run([sys.executable, "-c", PEER_CODE, tool, path], capture_output=True, text=True)
        if result.returncode == 0:
            print(result.stdout.strip())
        else:
            last = (result.stderr.strip().splitlines() or ["failed"])[-1]
            print(json.dumps({"tool": tool, "file": path.split("/")[-1], "error": last}))
