#!/usr/bin/env python3
"""The peers' side of the MIDI benchmark (scripts/bench): read files into paired notes and write
them back with symusic, mido and pretty_midi, printing one JSON line per tool and file (or per
tool and folder), with the same fields as `woodshed-bench midi`. Each tool runs in a process of
its own, so the peak memory is its own (it includes the Python interpreter).

usage: midi_peers.py [--repeats N] [--together] [--tools a,b] FILE...
  one record per tool and file; --together reads all files in one process per tool (a corpus),
  otherwise each file gets a process of its own (its peak memory is then its own)
"""
import json, os, subprocess, sys, tempfile

TOOLS = ("symusic", "mido", "pretty_midi")

WORKER = r'''
import json, os, resource, sys, tempfile, time
from collections import defaultdict, deque
tool, repeats, paths = sys.argv[1], int(sys.argv[2]), sys.argv[3:]

def mido_read(path):
    import mido
    midi = mido.MidiFile(path)
    t, notes, held = 0.0, 0, defaultdict(deque)
    for msg in midi:  # merged tracks, times in seconds through the tempo map
        t += msg.time
        if msg.type == "note_on" and msg.velocity > 0:
            held[(msg.channel, msg.note)].append(t)
        elif msg.type in ("note_on", "note_off") and held[(msg.channel, msg.note)]:
            held[(msg.channel, msg.note)].popleft(); notes += 1
    return midi, notes

def pretty_read(path):
    import pretty_midi
    midi = pretty_midi.PrettyMIDI(path)
    return midi, sum(len(i.notes) for i in midi.instruments)

def symusic_read(path):
    import symusic
    score = symusic.Score(path, ttype="second")
    return score, sum(len(t.notes) for t in score.tracks)

read = {"mido": mido_read, "pretty_midi": pretty_read, "symusic": symusic_read}[tool]
def write(obj, out):
    if tool == "symusic": obj.dump_midi(out)
    elif tool == "mido": obj.save(out)
    else: obj.write(out)

out = os.path.join(tempfile.gettempdir(), f"midi-peers-{os.getpid()}.mid")
try:  # a first, untimed read: imports and first-call set-up are not the file's
    read(paths[0])
except Exception:
    pass
for path in paths:
    try:
        best, obj, notes = float("inf"), None, 0
        with open(path, "rb") as f: size = len(f.read())
        # Best of `repeats` runs, but no more runs once 3 s are spent (mido on 10 hours).
        spent = 0.0
        for _ in range(repeats):
            start = time.perf_counter(); obj, notes = read(path); took = time.perf_counter() - start
            best, spent = min(best, took), spent + took
            if spent > 3: break
        wbest, spent = float("inf"), 0.0
        for _ in range(repeats):
            start = time.perf_counter(); write(obj, out); took = time.perf_counter() - start
            wbest, spent = min(wbest, took), spent + took
            if spent > 3: break
        record = {"file": path, "bytes": size, "notes": notes, "readSeconds": best, "writeSeconds": wbest}
    except Exception as error:
        record = {"file": path, "error": f"{type(error).__name__}: {error}"[:160]}
    record["peakRSSBytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(record), flush=True)
if os.path.exists(out): os.remove(out)
'''


def worker(tool, repeats, paths):
    """Runs one tool over paths in its own process; yields its records (or one error)."""
    result = subprocess.run([sys.executable, "-c", WORKER, tool, str(repeats)] + paths, capture_output=True, text=True)
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 and not records:
        last = (result.stderr.strip().splitlines() or ["failed"])[-1]
        records = [{"file": p, "error": last[:160]} for p in paths]
    return records


def main():
    args = sys.argv[1:]
    repeats, together, tools = 5, False, TOOLS
    while args and args[0].startswith("--"):
        flag = args.pop(0)
        if flag == "--repeats": repeats = int(args.pop(0))
        elif flag == "--together": together = True
        elif flag == "--tools": tools = tuple(args.pop(0).split(","))
    for tool in tools:
        for paths in ([args] if together else [[p] for p in args]):
            for record in worker(tool, repeats, paths):
                record.update(tool=tool, file=os.path.basename(record["file"]))
                print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
