#!/usr/bin/env python3
"""The worker of scripts/bench: runs every benchmark of Woodshed, each measurement in a process
of its own, side by side with its peers, and prints one table — also written, with the machine
and the date, to docs/benchmarks.md.

usage: bench.py --bench BINARY [--python PEERS_PYTHON] [--data DIR] [--out FILE] [--quick]
                [--vm FILE | --vm-skipped REASON]
  --bench   the release woodshed-bench binary
  --python  a Python with symusic, mido and pretty_midi (omitted: no peers, and the table says so)
  --data    where generated inputs go (default: a temporary folder)
  --out     the Markdown file to write (default: none)
  --quick   fewer repeats, no 10-hour runs of the slow peers: for trying the script itself
  --vm      a results file of scripts/alsa-vm-test --bench to include (kernel path)
  --vm-skipped  why the kernel path was not measured (said in its row)
Standard library only.
"""
import datetime, json, math, os, platform, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = os.path.join(ROOT, "Benchmarks", "peers", "midi_peers.py")


def say(text):
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {text}", file=sys.stderr, flush=True)


def records(command):
    """Runs a command that prints JSON lines; returns them (and says what failed)."""
    result = subprocess.run(command, capture_output=True, text=True)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0:
        say(f"{' '.join(os.path.basename(c) for c in command[:3])} failed: {result.stderr.strip()[-300:]}")
    return lines


def shared(name):
    base = os.environ.get("WOODSHED_SHARED") or os.path.join(os.path.dirname(ROOT), "shared")
    folder = os.path.join(base, name)
    return folder if os.path.isdir(folder) else None


# Formatting ----------------------------------------------------------------------------------

def seconds(value):
    if value is None or value != value:
        return "–"
    if value < 1e-3:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1e3:.1f} ms" if value < 0.1 else f"{value * 1e3:.0f} ms"
    return f"{value:.2f} s"


def count(value):
    if value >= 1e6:
        return f"{value / 1e6:.1f} M"
    if value >= 1e4:
        return f"{value / 1e3:.0f} k"
    return f"{value:,.0f}"


def megabytes(value):
    return f"{value / 1048576:.0f} MB" if value else "–"


def fit_exponent(points):
    """Least-squares k in time = c·n^k over (n, time) points."""
    xs = [math.log(n) for n, t in points if n > 0 and t > 0]
    ys = [math.log(t) for n, t in points if n > 0 and t > 0]
    if len(xs) < 2:
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else None


class Table:
    COLUMNS = ["area", "case", "tool", "time", "throughput", "peak RSS", "result"]

    def __init__(self):
        self.rows = []

    def add(self, area, case, tool, time, throughput="", rss="", result=""):
        self.rows.append([area, case, tool, time, throughput, rss, result])

    def markdown(self):
        lines = ["| " + " | ".join(self.COLUMNS) + " |", "|" + "---|" * len(self.COLUMNS)]
        previous = None
        for row in self.rows:
            shown = list(row)
            if previous and row[0] == previous[0]:
                shown[0] = ""
                if row[1] == previous[1]:
                    shown[1] = ""
            lines.append("| " + " | ".join(str(c) for c in shown) + " |")
            previous = row
        return "\n".join(lines)


def mark(ok):
    return "✓" if ok else "✗"


# The benchmarks ------------------------------------------------------------------------------

def best_of(rounds):
    """Per tool and file, the fastest read and write over rounds of records (and the largest peak)."""
    best = {}
    for record in (r for rs in rounds for r in rs):
        key = (record["tool"], record["file"])
        if key not in best or "error" in best[key]:
            best[key] = dict(record)
        elif "error" not in record:
            kept = best[key]
            for field in ("readSeconds", "writeSeconds"):
                kept[field] = min(kept[field], record[field])
            kept["peakRSSBytes"] = max(kept["peakRSSBytes"], record["peakRSSBytes"])
    return best


def midi(table, bench, python, data, quick, notes_out):
    say("MIDI files: generating the 1 h and 10 h performances and the corpus")
    subprocess.run([bench, "midi", "generate", data], check=True)
    corpus = os.path.join(data, "corpus")
    inputs = [("generated 1 h", [os.path.join(data, "synthetic-1h.mid")]),
              ("generated 10 h", [os.path.join(data, "synthetic-10h.mid")]),
              ("corpus: formats 0/1/2, PPQ and SMPTE", sorted(os.path.join(corpus, f) for f in os.listdir(corpus)))]
    for name, label in [("eval-dev", "../shared/eval-dev"), ("real-dev", "../shared/real-dev")]:
        if shared(name):
            folder = shared(name)
            inputs.append((label, sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".mid"))))
    for case, paths in inputs:
        single = len(paths) == 1
        # Woodshed and symusic take turns, three rounds, so that a busy moment of the machine
        # does not land on one of them only; the slow peers run once.
        rounds = []
        for round_ in range(1 if quick else 3):
            say(f"MIDI: {case}, round {round_ + 1}")
            rounds.append(records([bench, "midi", "read-write", "--json", "--repeats", "5" if single else "2"] + paths))
            if python:
                tools = "symusic" if round_ > 0 or (quick and "10 h" in case) else "symusic,mido,pretty_midi"
                rounds.append(records([python, PEERS, "--repeats", "5" if single else "1", "--tools", tools]
                                      + ([] if single else ["--together"]) + paths))
        best = best_of(rounds)
        tools = sorted({tool for tool, _ in best}, key=lambda t: ["woodshed", "symusic", "mido", "pretty_midi"].index(t))
        read_by = {tool: {f for (t, f), r in best.items() if t == tool and "error" not in r} for tool in tools}
        def total(tool, files, field):
            return sum(best[(tool, f)][field] for f in files)
        ours = read_by.get("woodshed", set())
        notes = sum(best[("woodshed", f)]["notes"] for f in ours)
        size = sum(best[("woodshed", f)]["bytes"] for f in ours)
        label = f"{case} ({'' if single else f'{len(paths)} files, '}{size / 1048576:.1f} MB, {notes:,} notes)"
        for tool in tools:
            files = read_by[tool]
            failed = len(paths) - len(files)
            errors = sorted({r["error"].split(":")[0] for (t, _), r in best.items() if t == tool and "error" in r})
            peak = max(r["peakRSSBytes"] for (t, _), r in best.items() if t == tool)
            if not files:
                table.add("SMF read → notes", label, tool, "failed", "", megabytes(peak), ", ".join(errors)[:60])
                continue
            tool_notes = sum(best[(tool, f)]["notes"] for f in files)
            tool_bytes = sum(best[(tool, f)]["bytes"] for f in files)
            for kind, field in (("SMF read → notes", "readSeconds"), ("SMF write", "writeSeconds")):
                time = total(tool, files, field)
                rate = f"{count(tool_notes / time)} notes/s · {tool_bytes / 1048576 / time:.0f} MB/s"
                result = f"{failed} of {len(paths)} files not read ({', '.join(errors)})" if failed else ""
                common = files & read_by.get("symusic", set()) & ours
                if tool == "woodshed" and common and tool != "symusic":
                    ratio = total("symusic", common, field) / total("woodshed", common, field)
                    over = "" if single else f" over the {len(common)} files both read"
                    memory_ok = peak <= max(r["peakRSSBytes"] for (t, _), r in best.items() if t == "symusic")
                    result = (f"{ratio:.2f}× symusic's throughput{over} {mark(ratio >= 1)}"
                              + (f"; memory {mark(memory_ok)}" if single else ""))
                    notes_out.append((kind, case, ratio, memory_ok))
                elif tool != "woodshed" and ours & files:
                    both = ours & files
                    ratio = total("woodshed", both, field) / total(tool, both, field)
                    result = f"{ratio:.2f}× woodshed's" + ("; " + result if result else "")
                table.add(kind, label, tool, seconds(time), rate, megabytes(peak), result)
    if not python:
        table.add("SMF read → notes", "peers", "–", "", "", "", "not measured: symusic, mido and pretty_midi could not be installed")


def analysis(table, bench, data, quick):
    say("analysis: generating sessions")
    folder = os.path.join(data, "sessions")
    names = ["generated-10m", "generated-1h", "generated-3h", "generated-10h",
             "rehearsal-10m", "rehearsal-1h", "rehearsal-3h", "rehearsal-10h", "random-3h"]
    if quick:
        names = [n for n in names if not n.endswith("10h")]
    subprocess.run([bench, "analysis", "generate", folder] + sum((["--scenario", n] for n in names), []), check=True)
    families = {}
    runs = [(n, os.path.join(folder, n + ".mid")) for n in names]
    if shared("real-dev"):
        real = shared("real-dev")
        runs += [("real-dev " + f[:-4], os.path.join(real, f)) for f in sorted(os.listdir(real)) if f.endswith(".mid")]
    for name, path in runs:
        say(f"analysis: {name}")
        long = name.endswith("10h") or name.endswith("3h")
        result = records([bench, "analysis", "run", "--json", "--repeats", "1" if long or quick else "3", path])
        if not result:
            table.add("analysis", name, "woodshed", "failed")
            continue
        r = result[0]
        cpu, wall, hours = r["cpuSeconds"], r["seconds"], max(r["hours"], 1e-9)
        family = name.split("-")[0] if not name.startswith("real-dev") else None
        if family in ("generated", "rehearsal"):
            families.setdefault(family, []).append((r["notes"], cpu))
        per_hour = cpu / hours
        goal = ""
        if name.startswith("real-dev") or family == "rehearsal":
            goal = f"≤ 0.3 s/h {mark(per_hour <= 0.3)}" if hours >= 0.25 else "(short: start-up dominates)"
        memory_ok = r["peakRSSBytes"] <= 100 * 1048576
        goal = ", ".join(g for g in (goal, f"≤ 100 MB {mark(memory_ok)}") if g)
        case = f"{name} ({r['notes']:,} notes, {hours * 60:.0f} min)"
        table.add("analysis", case, "woodshed", f"{seconds(cpu)} CPU ({seconds(wall)} wall)",
                  f"{per_hour:.2f} s/h · {count(r['notes'] / max(cpu, 1e-9))} notes/s", megabytes(r["peakRSSBytes"]), goal)
    for family, points in families.items():
        k = fit_exponent(points)
        if k is not None:
            table.add("analysis", f"{family}: time ∝ notesᵏ over {len(points)} lengths", "woodshed", "", f"k = {k:.2f}", "",
                      f"≤ 1.15 {mark(k <= 1.15)}")
    return folder


def recording(table, bench, quick):
    for rate, duration in [(50_000, 10 if quick else 20), (100_000, 5 if quick else 10)]:
        say(f"recording: {rate:,} events/s for {duration} s")
        result = records([bench, "recording", "--json", "--rate", str(rate), "--seconds", str(duration)])
        if not result:
            table.add("recording path", f"{rate:,} events/s", "woodshed", "failed")
            continue
        r = result[0]
        # Sustained: every event stored, and the player never held back by a full pipe for long
        # (it sent all in its planned time: the recorder took them as they came, give or take
        # the pipe's 64 KB). events/s stored counts on until the session is closed, which reads
        # the session back for its summary — once, at the end, not a rate the recorder sustains.
        sustained = min(r["stored"], r["sent"]) / r["playSeconds"] if r.get("playSeconds") else r["eventsPerSecond"]
        ok = sustained >= 0.97 * rate and r["stored"] >= r["sent"] and r["p99Seconds"] <= 0.25
        goal = f"≥ 50,000/s, p99 ≤ 250 ms {mark(ok)}" if rate == 50_000 else ("keeps up " + mark(ok))
        table.add("recording path", f"{rate:,} events/s for {duration} s: decode → split → SQLite", "woodshed",
                  f"p50 {seconds(r['p50Seconds'])} · p99 {seconds(r['p99Seconds'])} · max {seconds(r['maxSeconds'])}",
                  f"{sustained:,.0f} events/s sustained ({r['stored']:,} stored for {r['sent']:,} sent in {r.get('playSeconds', 0):.1f} s); "
                  f"{r['eventsPerSecond']:,.0f}/s until the session was closed ({r['seconds']:.1f} s); CPU {r['cpuSeconds'] / r['seconds'] * 100:.0f} %",
                  megabytes(r["peakRSSBytes"]), goal)
    result = records([bench, "recording", "--json", "--burst", "100000"])
    if result:
        r = result[0]
        table.add("recording path", "100,000 events in one commit (the store alone)", "woodshed", seconds(r["commitSeconds"]),
                  f"{r['eventsPerSecond']:,.0f} events/s", "", "")


SYMUSIC_RUNS = r'''
import sys, symusic
path, runs, operation = sys.argv[1], int(sys.argv[2]), sys.argv[3]
score = symusic.Score(path, ttype="second")
for _ in range(runs):
    if operation == "read":
        sum(len(track.notes) for track in symusic.Score(path, ttype="second").tracks)
    else:
        score.dump_midi(path + ".out.mid")
'''


def callgrind(command, toggle=None):
    """Instructions a command executes (all of them, or inside functions matching toggle)."""
    out = tempfile.mktemp(prefix="callgrind-")
    flags = ["--collect-atstart=no", f"--toggle-collect={toggle}"] if toggle else []
    result = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + flags + command,
                            capture_output=True, text=True)
    if os.path.exists(out):
        os.remove(out)
    found = [line for line in result.stderr.splitlines() if "Collected :" in line]
    return int(found[-1].split(":")[-1]) if found else None


def instructions(table, bench, python, data):
    """Read and write of the generated 1-hour file counted in instructions (valgrind's
    callgrind), which repeat exactly on a busy machine where times do not: Woodshed inside the
    profiled functions of `woodshed-bench profile`, symusic as the difference between two runs
    and one in a process (imports and start-up cancel out). Python under valgrind takes minutes,
    so the 10-hour file is left to timing."""
    if not shutil.which("valgrind") or not python:
        table.add("SMF instructions (callgrind)", "generated files", "–", "not measured", "", "",
                  "needs valgrind and the peers")
        return
    # valgrind cannot read the release binary's DWARF; its symbols are enough.
    stripped = os.path.join(data, "woodshed-bench-symbols")
    subprocess.run(["strip", "--strip-debug", "-o", stripped, bench], check=True)
    script = os.path.join(data, "symusic_runs.py")
    with open(script, "w") as out:
        out.write(SYMUSIC_RUNS)
    for name in ("synthetic-1h",):
        path = os.path.join(data, name + ".mid")
        case = "generated " + name.split("-")[1].replace("h", " h")
        for operation, kind in (("read", "SMF read → notes"), ("write", "SMF write")):
            say(f"callgrind: {operation} {name}")
            ours = callgrind([stripped, "profile", operation, path], toggle="*profiled*")
            one, two = (callgrind([python, script, path, str(n), operation]) for n in (1, 2))
            theirs = two - one if one and two else None
            if not ours or not theirs:
                table.add(f"{kind} (callgrind)", case, "woodshed", "failed")
                continue
            ratio = theirs / ours
            table.add(f"{kind} (callgrind)", case, "woodshed", f"{ours / 1e6:.1f} M instructions", "", "",
                      f"{ratio:.2f}× symusic's throughput in instructions {mark(ratio >= 1)}")
            table.add(f"{kind} (callgrind)", case, "symusic", f"{theirs / 1e6:.1f} M instructions", "", "",
                      "file I/O included")


def reports(table, bench, sessions, quick):
    for name in ["generated-1h", "rehearsal-1h"] + ([] if quick else ["generated-10h"]):
        path = os.path.join(sessions, name + ".mid")
        if not os.path.exists(path):
            continue
        say(f"reports: {name}")
        result = records([bench, "reports", "--json", path])
        if not result:
            table.add("reports", name, "woodshed", "failed")
            continue
        r = result[0]
        table.add("reports", f"{name} ({r['notes']:,} notes)", "woodshed",
                  f"text {seconds(r['textSeconds'])} · JSON {seconds(r['jsonSeconds'])} · Markdown {seconds(r['markdownSeconds'])} · HTML {seconds(r['htmlSeconds'])}",
                  f"HTML {r['htmlBytes'] / 1048576:.1f} MB · JSON {r['jsonBytes'] / 1024:.0f} KB", megabytes(r["peakRSSBytes"]), "")


def kernel(table, results):
    """Rows from scripts/alsa-vm-test --bench's results ("key value" lines, with what
    scripts/alsa-vm/bench-summary.py derived from them)."""
    facts = {}
    for line in open(results):
        key, _, value = line.strip().partition(" ")
        if key:
            facts[key] = value
    def number(key, default=float("nan")):
        try:
            return float(facts[key])
        except (KeyError, ValueError):
            return default
    area = "through the kernel (qemu VM, TCG: emulated CPU)"
    sent, stored, lost = int(number("sent", 0)), int(number("stored", 0)), int(number("lost", -1))
    table.add(area, f"{int(number('rate', 0)):,} events/s for {number('planned_seconds', 0):.0f} s into a virmidi port",
              "woodshed record",
              f"CPU {number('recorder_cpu_percent'):.1f} % of the emulated CPU (guest {number('guest_busy_percent'):.0f} % busy)",
              f"{sent:,} sent in {number('sender_seconds'):.1f} s ({int(number('sent_per_second', 0)):,}/s); {stored:,} stored; "
              f"{lost:,} lost, {facts.get('overruns', '?')} overruns",
              "", f"0 lost {mark(lost == 0 and sent > 0)}")
    idle = number("idle_cpu_percent")
    table.add(area, f"idle for {number('idle_wall_ms', 0) / 1000:.0f} s, controller attached", "woodshed record",
              f"CPU {idle:.2f} %", f"{int(number('idle_cpu_ticks', 0))} ticks of 10 ms", "", f"< 0.5 % {mark(idle < 0.5)}")


def machine():
    model, cores = "unknown CPU", os.cpu_count()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = "?"
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    return model, cores, commit, (swift[0] if swift else "swift ?")


def main():
    args = sys.argv[1:]
    options = {"--bench": None, "--python": None, "--data": None, "--out": None, "--vm": None, "--vm-skipped": None}
    quick = False
    while args:
        flag = args.pop(0)
        if flag == "--quick":
            quick = True
        elif flag in options and args:
            options[flag] = args.pop(0)
        else:
            sys.exit(__doc__)
    bench = options["--bench"]
    if not bench:
        sys.exit(__doc__)
    data = options["--data"] or tempfile.mkdtemp(prefix="woodshed-bench-")
    os.makedirs(data, exist_ok=True)
    started = datetime.datetime.now().astimezone()
    load_before = os.getloadavg()
    table, midi_results = Table(), []
    midi(table, bench, options["--python"], data, quick, midi_results)
    sessions = analysis(table, bench, data, quick)
    recording(table, bench, quick)
    reports(table, bench, sessions, quick)
    instructions(table, bench, options["--python"], data)
    if options["--vm"] and os.path.exists(options["--vm"]):
        kernel(table, options["--vm"])
    else:
        table.add("through the kernel (qemu VM)", "10,000 events/s for 30 s; 60 s idle", "woodshed record", "not run",
                  "", "", options["--vm-skipped"] or "the VM run wrote no results")
    load_after = os.getloadavg()
    model, cores, commit, swift = machine()
    header = (f"Measured {started:%Y-%m-%d %H:%M %Z} on {model}, {cores} cores, {platform.system()} {platform.release()}; "
              f"{swift}; commit {commit}. Load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
              f"(a shared machine: times are the best of several runs; analysis times are CPU seconds).")
    markdown = table.markdown()
    print(header + "\n\n" + markdown)
    if options["--out"]:
        with open(options["--out"], "w") as out:
            out.write(DOC_HEAD + header + "\n\n" + markdown + "\n" + DOC_TAIL)
        say(f"wrote {options['--out']}")


DOC_HEAD = """# Benchmarks

Written by `scripts/bench` (release builds of the `Benchmarks/` package; peers from PyPI in a
virtual environment in the build folder). Every measurement runs in a process of its own, so
each peak resident memory (VmHWM, or ru_maxrss for the Python peers, interpreter included) is
its own. What each row measures is below the table.

"""

DOC_TAIL = """
## What is measured

- **SMF read → notes**: a file read from disk into paired notes, pedals folded in —
  `Performance(midiFile:)` and its `notes`, what `woodshed import` and `analyze` do; symusic
  `Score(path, ttype="second")`, pretty_midi `PrettyMIDI(path)`, mido `MidiFile(path)` with its
  messages paired by channel and key. **SMF write**: that performance written back as a
  format-1 file (`StandardMIDIFile(performance:).encoded()` and one `write(2)`; symusic
  `dump_midi`, mido `save`, pretty_midi `write`). Best of up to 10 runs (peers: of 5, or of
  what fits in 3 s). The generated files are a two-handed piano performance with the sustain
  pedal every two seconds, as `woodshed export` writes it (1000 ticks per quarter); the corpus
  is 320 files written byte by byte in every format (0, 1, 2), division (PPQ 24–1000, SMPTE
  24/25/29.97/30) and style (running status or not, note-offs as 0x80 or velocity 0, tempo maps
  of up to 20 changes, SysEx, pedals, pitch bend), 10 to 20,000 notes each; throughput over a
  folder is its notes over the summed best times of its files.
- **analysis**: segmenter and analyzer on a session read from a MIDI file, CPU seconds (the
  machine is shared; on an idle one wall time is the same). `generated-*`: the session the
  segmenter was first tuned on (warm-up, passages of 32-bar pieces, run-throughs, free play),
  `rehearsal-*`: real-like rehearsals — whole movements of 2,000–6,000 events in forms whose
  sections return, one practised slowly as a warm-up, one section by section with restarts,
  slow takes, hands apart and joins, one run through from memory and cleaned up; longer
  sessions go on through a repertoire of six movements. `random-3h`: notes that never repeat.
  `real-dev`: the real rehearsals in ../shared/real-dev. k is fitted by least squares to
  log time over log notes.
- **recording path**: in one process, a player thread writes raw MIDI bytes (random keys,
  running status, pedal changes) into a pipe at the rate given; `ByteStreamCaptureSource`
  decodes them on its thread and the `Recorder` (PracticeLibrary, what `woodshed record` runs)
  splits sessions and commits every 100 ms (SQLite WAL, `synchronous=FULL`). Latency: the
  recorder's own histogram, from an event's capture to the end of the commit that stored it;
  sustained events/s: events stored over the time the player took to send them all (a
  recorder that falls behind fills the pipe's 64 KB, about 0.4 s at 50,000/s, and then holds
  the player back, so the player's time grows); the goal needs it ≥ 0.97 × the rate, every
  event stored and p99 ≤ 250 ms. Also shown: events/s until the session is closed and durable,
  which adds the session's close once at the end (it reads the session back for its summary:
  1–2 s for a million events). Stored counts the note-offs the recorder adds for keys still
  down when the stream ends.
- **reports**: the report of an analysed session rendered in each format, best of 3.
- **through the kernel**: `scripts/alsa-vm-test --bench` boots Debian's kernel in qemu with the
  ALSA sequencer and a virmidi card (the sequencer sees it as a USB keyboard). A sender
  (`scripts/alsa-vm/midi-sender`, at real-time priority like a keyboard driver) writes note
  messages for 30 s into the card's raw MIDI device, on a 1 ms grid, while `woodshed record`
  records the card's sequencer port: 1,000 a second, because the emulated guest carries about
  1,600 a second in all (at the issue's 10,000 the sender needed 186 s for 300,000 messages, the
  kernel holding it back; `scripts/alsa-vm-test --bench --rate 10000` for a KVM guest). Lost: sent minus stored (the session summary's
  events; the kernel drops events only when the recorder's input queue overflows). CPU: the
  recorder's user + system time over the stream and one second of drain, as a share of the one
  emulated CPU. Then a fresh recorder with the card attached idles for 60 s. The VM runs under
  TCG (software emulation; the build machines' KVM does not boot a guest), which makes every
  instruction several times dearer than on the host: CPU shares here are upper bounds.

Run `scripts/bench` to measure again (about 20 minutes; `--quick` for a short check, `--no-vm`
to leave out the kernel path). Instruction counts, which do not depend on the machine's load, come
from `valgrind --tool=callgrind` with `woodshed-bench profile` (see `--help`).
"""

if __name__ == "__main__":
    main()
