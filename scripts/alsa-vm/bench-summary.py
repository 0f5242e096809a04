#!/usr/bin/env python3
"""Reads what the kernel-path benchmark VM measured (scripts/alsa-vm/bench: "key value" lines),
adds what follows from it — events lost, the rate the sender kept, the recorder's CPU share while
streaming and idle — to the same file for Benchmarks/bench.py, and prints it with the goals.
Exit status 0 when the measurements are complete (goals missed are reported, not failed), 1 when
something is missing.

usage: bench-summary.py RESULTS_FILE
"""
import sys

path = sys.argv[1]
facts = {}
for line in open(path):
    key, _, value = line.strip().partition(" ")
    if key:
        facts[key] = value


def number(key):
    try:
        return float(facts[key])
    except (KeyError, ValueError):
        return None


needed = ["sent", "stored", "sender_seconds", "window_ms", "recorder_cpu_ticks", "guest_busy_ticks",
          "idle_cpu_ticks", "idle_wall_ms", "clock_ticks_per_second"]
missing = [key for key in needed if number(key) is None]
if missing:
    print(f"FAIL: the benchmark VM did not measure {', '.join(missing)} (see .vm/console.log)")
    sys.exit(1)

tick = 1 / number("clock_ticks_per_second")
derived = {
    "lost": int(number("sent") - number("stored")),
    "sent_per_second": round(number("sent") / number("sender_seconds")),
    "recorder_cpu_percent": round(100 * number("recorder_cpu_ticks") * tick / (number("window_ms") / 1000), 2),
    "guest_busy_percent": round(100 * number("guest_busy_ticks") * tick / (number("window_ms") / 1000), 2),
    "idle_cpu_percent": round(100 * number("idle_cpu_ticks") * tick / (number("idle_wall_ms") / 1000), 3),
}
if number("guest_md5_ms") and number("host_md5_ms"):
    derived["emulation_factor"] = round(number("guest_md5_ms") / max(number("host_md5_ms"), 1), 1)
with open(path, "a") as out:
    for key, value in derived.items():
        out.write(f"{key} {value}\n")

print(f"MEASURE (qemu TCG, 1 emulated CPU; host load {facts.get('host_load_before', '?')} → {facts.get('host_load_after', '?')})")
print(f"  stream: {int(number('sent')):,} events sent in {number('sender_seconds'):.1f} s "
      f"({derived['sent_per_second']:,}/s), {int(number('stored')):,} stored, {derived['lost']:,} lost "
      f"({facts.get('overruns', '?')} overruns reported) — goal 0 lost: {'met' if derived['lost'] == 0 else 'MISSED'}")
print(f"  stream: woodshed record used {derived['recorder_cpu_percent']:.1f} % of the emulated CPU "
      f"(the whole guest {derived['guest_busy_percent']:.1f} %) over {number('window_ms') / 1000:.1f} s")
if "emulation_factor" in derived:
    print(f"  emulation: md5sum of the woodshed binary took {derived['emulation_factor']}× the host's time in the guest")
if facts.get("summary", "yes") != "yes":
    print(f"  the stream recorder gave no session summary: {facts['summary']}")
print(f"  idle: {derived['idle_cpu_percent']:.3f} % CPU over {number('idle_wall_ms') / 1000:.1f} s "
      f"({int(number('idle_cpu_ticks'))} ticks of {tick * 1000:.0f} ms) — goal < 0.5 %: "
      f"{'met' if derived['idle_cpu_percent'] < 0.5 else 'MISSED'}")
