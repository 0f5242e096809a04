#!/usr/bin/env python3
"""Judges the capture VM run: reads what /init collected (results/), compares Woodshed's
sessions with the fixture files and with arecordmidi's recordings (read with mido, a MIDI
library nobody here wrote), and prints one PASS/FAIL line per check, the measurements, and
'N passed, M failed'. Exit status 0 when all passed; 3 when the only failures are timing bounds
of checks 3 and 8 with every event captured in order (under emulation a busy host delays
deliveries and stalls arecordmidi's tick stamps; the harness then boots once more) or check 6's
loss window with every kept event in order and each session recovered; 1 otherwise.

usage: analyze.py RESULTS_DIR FIXTURES_DIR BURST_FILE
"""
import json
import os
import sys

import mido

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from torture_faults import judge_kill  # noqa: E402  (scripts/: the native kill -9 loop's check)

RESULTS, FIXTURES, BURST = sys.argv[1], sys.argv[2], sys.argv[3]
results = []


def check(name, ok, detail):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'} ({len(results)}) {name}: {detail}")


def read(name, default=""):
    path = os.path.join(RESULTS, name)
    return open(path, errors="replace").read() if os.path.exists(path) else default


def facts():
    out = {}
    for line in read("facts.txt").splitlines():
        key, _, value = line.partition("=")
        out[key] = value
    return out


def raw_events(name):
    """(seconds, bytes) from `woodshed export --raw`."""
    events = []
    for line in read(name).splitlines():
        if not line or line.startswith("#"):
            continue
        seconds, _port, hexbytes = line.split("\t")
        events.append((float(seconds), tuple(int(b, 16) for b in hexbytes.split())))
    return events


def file_events(path):
    """(seconds, bytes) of every MIDI message of a file, as mido reads it."""
    if not os.path.exists(path):
        return []
    t, events = 0.0, []
    for msg in mido.MidiFile(path):
        t += msg.time
        if not msg.is_meta:
            events.append((t, tuple(msg.bytes())))
    return events


def normal(message):
    """Note-on with velocity 0 is a note-off, as Woodshed stores it."""
    if len(message) == 3 and message[0] & 0xF0 == 0x90 and message[2] == 0:
        return (0x80 | message[0] & 0x0F, message[1], 64)
    return message


def max_deviation_ms(a, b):
    """Largest timing difference between two recordings of the same events, in ms, after
    aligning them on the median offset: the recordings start at different moments (and
    arecordmidi's own stamps are quantized to its timer ticks), so anchoring on the first event
    alone would charge that one event's error to every other."""
    if not a or not b:
        return float("inf")
    offsets = sorted(x[0] - y[0] for x, y in zip(a, b))
    centre = offsets[len(offsets) // 2]
    return max(abs(x[0] - y[0] - centre) for x, y in zip(a, b)) * 1000


def notes(events):
    return [normal(m) for _, m in events if m[0] & 0xE0 == 0x80]


def compare_with_witness(ours, witness, truth, limit_ms, disturbed_ms=10.0):
    """Timing of our recording against a second recorder of the same port (arecordmidi), with
    the file as the truth: all three aligned on their median offsets. An event where the two
    recorders differ by more than `limit_ms` counts against Woodshed only if Woodshed's time is
    at least as far from the file's as arecordmidi's (arecordmidi stamps in queue ticks, which
    under emulation occasionally jump by a few ms), and only if the event was not already more
    than `disturbed_ms` late for arecordmidi too (then the emulated delivery path held it up and
    two stamps taken a host time-slice apart say nothing about either recorder).
    Returns (max difference ms, our errors, arecordmidi's errors, disturbed events)."""
    if not ours or len(ours) != len(witness) or len(ours) != len(truth):
        return float("inf"), len(ours) or 1, 0, 0

    def errors(a, b):
        offsets = sorted(x[0] - y[0] for x, y in zip(a, b))
        centre = offsets[len(offsets) // 2]
        return [(x[0] - y[0] - centre) * 1000 for x, y in zip(a, b)]

    between, ours_vs_truth, witness_vs_truth = errors(ours, witness), errors(ours, truth), errors(witness, truth)
    ours_wrong = witness_wrong = disturbed = 0
    for d, e_ours, e_witness in zip(between, ours_vs_truth, witness_vs_truth):
        if abs(d) <= limit_ms:
            continue
        if abs(e_witness) > disturbed_ms:
            disturbed += 1
        elif abs(e_ours) >= abs(e_witness):
            ours_wrong += 1
        else:
            witness_wrong += 1
    return max(abs(d) for d in between), ours_wrong, witness_wrong, disturbed


def session(sessions, index):
    return sessions[index] if len(sessions) > index else {}


f = facts()
a_sessions = sorted(json.loads(read("a-sessions.json", "[]") or "[]"), key=lambda s: s["id"])

# (1) devices
try:
    listing = json.loads(read("devices.json", "[]"))
except ValueError:
    listing = []
virmidi = [d for d in listing if d.get("clientName") == "Virtual Raw MIDI 0-1"]
ok = f.get("devices_rc") == "0" and bool(virmidi) and virmidi[0]["kind"] == "controller" and virmidi[0]["recorded"]
check("woodshed devices lists the virmidi controller", ok,
      f"{len(listing)} ports; VirMIDI 0-1: {virmidi[0]['kind'] + ', recorded' if virmidi else 'missing'}; "
      f"before loading snd-virmidi: exit {f.get('devices_before_rc')}")

# (2) hot-plug attach
attach = f.get("attach_ms", "never")
log_a = read("record-a.log")
inside = [line.rsplit(", ", 1)[1] for line in log_a.splitlines() if " attached Virtual Raw MIDI 0-1" in line and "after it appeared" in line]
ok = attach.isdigit() and int(attach) <= 1000 and bool(inside)
check("record started before snd-virmidi attaches on hot-plug", ok,
      f"subscription visible in /proc {attach} ms after insmod returned (polled, limit 1000); "
      f"recorder's own measure: subscribed {inside[0] if inside else 'never'}")

# (3) file through the virmidi bridge, played twice (sessions 1 and 2)
scale_file = file_events(os.path.join(FIXTURES, "scale-pedal.mid"))
plays = []
for session_number in (1, 2):
    ours = raw_events(f"a-{session_number}.raw.txt")
    arec = file_events(os.path.join(RESULTS, f"arec-scale{session_number}.mid"))
    same = [normal(m) for _, m in ours] == [normal(m) for _, m in scale_file]
    dev_file = max_deviation_ms(ours, scale_file)
    dev_arec, ours_off, arec_off, disturbed = compare_with_witness(ours, arec, scale_file, 2.0)
    witness_file = max_deviation_ms(arec, scale_file)
    plays.append((same, dev_file, dev_arec, ours_off, arec_off, disturbed, witness_file, len(ours)))
# Every play must capture every event in order; the timing bounds must hold together in at
# least one play (under emulation a busy host now and then delays or stalls a delivery).
ok = all(p[0] for p in plays) and any(p[1] <= 10 and p[3] == 0 for p in plays)
# Every event captured, in order, and only a timing bound missed: the harness may boot once more.
timing_only_3 = all(p[0] for p in plays)
check("aplaymidi via virmidi: session equals the file (both plays), timing bounds met in a play", ok, "; ".join(
    f"play {i + 1}: {n}/{len(scale_file)} events, same messages in order: {same}, timing (aligned on the median offset) "
    f"vs file max {dev_file:.2f} ms (limit 10; arecordmidi's: {witness_file:.2f} ms), "
    f"vs arecordmidi max {dev_arec:.2f} ms (limit 2: {ours_off} events off by Woodshed, {arec_off} by "
    f"arecordmidi's tick stamps, {disturbed} delayed on the way for both)"
    for i, (same, dev_file, dev_arec, ours_off, arec_off, disturbed, witness_file, n) in enumerate(plays)))

# (4) SysEx and pedals whole
sysex_file = [normal(m) for _, m in file_events(os.path.join(FIXTURES, "sysex-pedals.mid"))]
sysex_ours = [normal(m) for _, m in raw_events("a-3.raw.txt")]
sysex_sizes = [len(m) for m in sysex_ours if m[0] == 0xF0]
pedals = [m for m in sysex_ours if m[0] & 0xF0 == 0xB0 and m[1] in (64, 66, 67)]
ok = sysex_ours == sysex_file and sysex_sizes == [len(m) for m in sysex_file if m[0] == 0xF0]
check("SysEx and pedal messages arrive whole", ok,
      f"SysEx sizes {sysex_sizes} (file {[len(m) for m in sysex_file if m[0] == 0xF0]}), "
      f"{len(pedals)} pedal messages, all {len(sysex_ours)} messages equal to the file: {sysex_ours == sysex_file}")

# (5) unplug mid-note, re-plug into the same session
unplug = [normal(m) for _, m in raw_events("a-4.raw.txt")]
expected = [(0x90, 60, 100), (0xB0, 64, 127), (0x90, 64, 80), (0x80, 60, 64), (0x80, 64, 64), (0xB0, 64, 0),
            (0x90, 67, 64), (0x80, 67, 0)]
reattach = f.get("reattach_ms", "never")
ok = (unplug == expected and f.get("unplug_logged") == "yes" and f.get("recorder_alive_after_unplug") == "yes"
      and reattach.isdigit() and int(reattach) <= 1000 and len(a_sessions) == 4 and f.get("record_a_rc") == "0")
check("unplug closes sounding notes, recorder runs on, re-plug re-attaches in the same session", ok,
      f"session 4 = {len(unplug)} events as expected: {unplug == expected}; re-attached {reattach} ms after bind "
      f"(clients {f.get('virmidi_clients')} -> {f.get('virmidi_clients_after_replug')}); "
      f"{len(a_sessions)} sessions; SIGTERM exit {f.get('record_a_rc')}")

# (6) kill -9 loop, recovery: judged like torture's native loop (scripts/torture_faults.py)
def sender_message(i):
    """Message i of scripts/alsa-vm/midi-sender (its message() in Python)."""
    pair = i // 2
    key = 36 + pair % 60
    return (0x90, key, 1 + pair % 127) if i % 2 == 0 else (0x80, key, 64)


def sender_log(name):
    """([(seconds, message)] in the order written, seconds of the SIGKILL) from midi-sender --log:
    each message timed by the return of the write that carried it."""
    written, killed = [], None
    for line in read(name).splitlines():
        first, _, second = line.partition(" ")
        if first == "killed":
            killed = int(second) / 1e9
        elif first.isdigit():
            when = int(first) / 1e9
            written += [(when, sender_message(i)) for i in range(len(written), int(second))]
    return written, killed


kills = int(f.get("kills", "0") or 0)
verdicts, problems, recovered = [], [], 0
# Only the 250 ms window missed (every kept event in order, none twice, each session recovered):
# under emulation a busy host stalls the guest, recorder and keyboard alike; one more boot.
timing_only_6 = kills >= 1
for index in range(1, kills + 1):
    written, killed = sender_log(f"kill-{index}.log")
    try:
        sessions = json.loads(read(f"k-{index}-sessions.json", "[]") or "[]")
    except ValueError:
        sessions = []
    state = sessions[0].get("state", "?") if len(sessions) == 1 else f"{len(sessions)} sessions"
    recovered += state == "recovered"
    kept = [m for _, m in raw_events(f"k-{index}.raw.txt")] if sessions else []
    if killed is None:
        problems.append(f"kill {index}: the sender did not kill the recorder")
        continue
    verdict = judge_kill(written, killed, kept)
    verdicts.append(verdict)
    # A kill before anything was stored leaves no session (recovery drops an empty one).
    state_ok = state == "recovered" and "left open" in read(f"record-k-{index}-next.log") or not kept and not sessions
    rate = written and len(written) / max(1e-9, written[-1][0] - written[0][0])
    print(f"KILL {index}: SIGKILL {killed - written[0][0] if written else 0:.2f} s into a stream of about {rate:.0f}/s, "
          f"session {state}: {verdict['summary']}{'' if verdict['ok'] and state_ok else ' — FAIL'}")
    if not verdict["ok"] or not state_ok:
        problems.append(f"kill {index}: {verdict['summary']}, session {state}")
        timing_only_6 = timing_only_6 and verdict["prefix"] and (state_ok or not sessions)
windows = [v["window"] for v in verdicts if v["window"] is not None]
ok = kills >= 1 and not problems and len(verdicts) == kills
check(f"kill -9 at {kills} random moments: every event older than 250 ms before a kill kept exactly once, in order; "
      "the next start recovers the session", ok,
      f"{kills} kills, {recovered} sessions recovered; "
      f"{sum(v['written'] for v in verdicts)} events written, {sum(v['kept'] for v in verdicts)} kept "
      f"(exact prefixes: {sum(v['prefix'] for v in verdicts)}/{len(verdicts)}), "
      f"{sum(v['lost'] for v in verdicts)} lost in the last moments; longest loss window "
      f"{max(windows) * 1000 if windows else 0:.0f} ms (bound 250)"
      + ("; " + "; ".join(problems) if problems else ""))

# (7) burst
burst = open(BURST, "rb").read()
sent = [tuple(burst[i:i + 3]) for i in range(0, len(burst), 3)]
c_sessions = json.loads(read("c-sessions.json", "[]") or "[]")
got = [normal(m) for _, m in raw_events("c-1.raw.txt")]
overruns = sum(s.get("overruns", 0) for s in c_sessions)
if got == [normal(m) for m in sent] and overruns == 0:
    ok, how = True, "zero loss"
else:
    # Every loss counted: fewer events only with an overrun recorded, nothing invented.
    it = iter([normal(m) for m in sent])
    subsequence = all(any(x == y for y in it) for x in got)
    ok = overruns > 0 and subsequence and len(got) < len(sent)
    how = (f"{len(sent) - len(got)} lost in {overruns} kernel FIFO overrun(s), each recorded with its time "
           f"(the kernel reports that events were dropped, not how many); the rest is in order: {subsequence}")
check("burst of 20,000 events recorded without loss or with every loss counted", ok,
      f"{len(got)}/{len(sent)} events stored in order, {how}; kernel took them in {f.get('burst_write_ms')} ms")

# (8) arecordmidi vs our export, both plays
file_notes = [(t, normal(m)) for t, m in scale_file if m[0] & 0xE0 == 0x80]
results8 = []
for session_number in (1, 2):
    ours_mid = file_events(os.path.join(RESULTS, f"a-{session_number}.mid"))
    our_notes = [(t, normal(m)) for t, m in ours_mid if m[0] & 0xE0 == 0x80]
    arec_notes = [(t, normal(m)) for t, m in file_events(os.path.join(RESULTS, f"arec-scale{session_number}.mid"))
                  if m[0] & 0xE0 == 0x80]
    same = bool(our_notes) and [m for _, m in our_notes] == [m for _, m in arec_notes]
    dev, ours_off, arec_off, disturbed = (compare_with_witness(our_notes, arec_notes, file_notes, 2.0) if same
                                          else (float("inf"), 1, 0, 0))
    results8.append((same, dev, ours_off, arec_off, disturbed, len(our_notes)))
timing_only_8 = all(r[0] for r in results8)
check("arecordmidi in parallel yields the same notes as our MIDI export",
      all(r[0] for r in results8) and any(r[2] == 0 for r in results8),
      "; ".join(f"play {i + 1}: {n} note events, same keys/velocities/order: {same}; onsets differ by at most {dev:.2f} ms "
                f"({ours_off} beyond 2 ms by Woodshed, {arec_off} by arecordmidi, {disturbed} delayed on the way for both)"
                for i, (same, dev, ours_off, arec_off, disturbed, n) in enumerate(results8)))

# measurements
for name, what in (("record-a.log", "checks 3-5"), ("record-d.log", "stream-8s.mid, a note every 50 ms")):
    for line in read(name).splitlines():
        if "durable in the library" in line:
            print(f"MEASURE capture latency, event timestamp -> committed in SQLite (VM, TCG, {what}): "
                  + line.split("library: ", 1)[1])
ticks, wall = int(f.get("idle_cpu_ticks", "0") or 0), int(f.get("idle_wall_ms", "0") or 0)
if wall:
    print(f"MEASURE idle CPU of woodshed record (VM, TCG, controller attached): {ticks} ticks of 10 ms in {wall / 1000:.1f} s "
          f"= {ticks * 10 / wall * 100:.3f} %")
print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
failed = {i + 1 for i, ok in enumerate(results) if not ok}
only_timing = (failed <= {3, 6, 8} and (3 not in failed or timing_only_3) and (8 not in failed or timing_only_8)
               and (6 not in failed or timing_only_6))
sys.exit(0 if not failed else 3 if only_timing else 1)
