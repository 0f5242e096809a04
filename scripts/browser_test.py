"""The journal in a real browser: headless Chromium driven by Selenium through every page of a
running `woodshed serve`. Run by scripts/browser-test, which builds, fills the throwaway library
and starts the server; see there.

usage: browser_test.py URL LIBRARY WOODSHED OUT_DIR

One function per check, listed in CHECKS in the order they run (later checks see the edits of
earlier ones). A check gets the Run and raises Failure (or any exception) to fail; it may record
what it measured with run.note(...). Add a page's check by writing check_<page>(run) and putting
it in CHECKS. Prints one line per check and 'N passed, M failed'; exits 1 on any failure.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


class Failure(Exception):
    pass


class Run:
    """What every check uses: the browser, the server's URL, the library and a place for files."""

    def __init__(self, url, library, woodshed, out):
        self.url = url.rstrip("/")
        self.library = library
        self.woodshed = woodshed
        self.out = out
        self.notes = []
        options = webdriver.ChromeOptions()
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--autoplay-policy=no-user-gesture-required", "--window-size=1280,900",
                     "--hide-scrollbars", "--mute-audio"):
            options.add_argument(flag)
        binary = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
        if binary:
            options.binary_location = binary
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = webdriver.ChromeService(
            executable_path=os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver") or "chromedriver")
        self.driver = webdriver.Chrome(options=options, service=service)
        self.driver.set_page_load_timeout(60)
        self.driver.set_script_timeout(60)

    # --- helpers ---------------------------------------------------------------------------
    def open(self, path, expect_status_error=False):
        """Load path; its console must stay clean (but for the failed load itself when the
        page is meant to be an error)."""
        self.driver.get(self.url + path)
        if expect_status_error:
            self.driver.get_log("browser")
        else:
            self.expect_clean_console(path)
        return self.driver

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def text(self, css):
        return self.find(css).text

    def wait(self, condition, seconds, what):
        try:
            # A page replaced while the condition reads it (after a form's submit) is asked again.
            return WebDriverWait(self.driver, seconds, poll_frequency=0.1,
                                 ignored_exceptions=(WebDriverException,)).until(lambda _: condition())
        except Exception as error:
            raise Failure(f"waited {seconds} s for {what}") from error

    def note(self, text):
        self.notes.append(text)

    def fetch_json(self, path):
        """GET path from the page (same origin) and return (status, JSON)."""
        return self.driver.execute_async_script(
            "var done = arguments[1]; fetch(arguments[0]).then(r => r.json().then(b => done([r.status, b])))"
            ".catch(e => done([0, String(e)]));", path)

    def expect_clean_console(self, where):
        """No JavaScript error and no Content-Security-Policy violation on the page."""
        bad = [entry["message"] for entry in self.driver.get_log("browser")
               if entry["level"] == "SEVERE" and "favicon.ico" not in entry["message"]]
        if bad:
            raise Failure(f"console errors on {where}: {bad[:3]}")

    def woodshed_cli(self, *arguments):
        return subprocess.run([self.woodshed, *arguments, "--library", self.library],
                              capture_output=True, text=True, check=True).stdout

    def screenshot(self, name):
        """Desktop (1280 px) and phone (390 px, 2×) pictures of the whole page in OUT_DIR."""
        for label, width, height, scale, mobile in (("desktop", 1280, 900, 1, False),
                                                    ("phone", 390, 844, 2, True)):
            metrics = {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile}
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
            time.sleep(0.2)
            full = self.driver.execute_script("return document.documentElement.scrollHeight")
            metrics["height"] = min(int(full), 5000)
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
            time.sleep(0.2)
            shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
            path = os.path.join(self.out, f"{name}-{label}.png")
            with open(path, "wb") as file:
                import base64
                file.write(base64.b64decode(shot["data"]))
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def session_with_most_takes(self):
        best = (0, None)
        for line in self.woodshed_cli("sessions").splitlines()[1:]:
            session = line.split()[0]
            takes = len(self.session_takes(session))
            best = max(best, (takes, session), key=lambda pair: pair[0])
        return best[1]

    def session_takes(self, session):
        self.open(f"/sessions/{session}")
        return [element.get_attribute("data-play-take") for element in self.find_all(".take button")]

    def player(self, attribute):
        return self.find("#player").get_attribute(attribute)


# --- the checks, one per page or feature ------------------------------------------------------

def check_navigation(run):
    """Home, then the navigation links to Pieces and Sessions and back, each page titled."""
    run.open("/")
    if run.text("h1") != "Your practice":
        raise Failure(f"home's title is {run.text('h1')!r}")
    run.wait(lambda: run.find_all(".heat"), 5, "the heat map")
    run.screenshot("home")
    for link, title in (("Pieces", "Pieces"), ("Sessions", "Sessions"), ("Home", "Your practice")):
        run.driver.find_element(By.LINK_TEXT, link).click()
        run.wait(lambda: run.text("h1") == title, 10, f"the {title} page")
        run.expect_clean_console(link)
    run.open("/pieces")
    run.screenshot("pieces")
    run.open("/sessions")
    rows = run.find_all("main table tbody tr") or run.find_all("main table tr")
    if len(rows) < 8:
        raise Failure(f"the sessions list shows {len(rows)} rows")
    run.screenshot("sessions")
    run.note(f"{len(rows)} session rows")


def check_piece_rename(run):
    """Rename piece 1 from its page; the page and the pieces list show the new name."""
    run.open("/pieces/1")
    field = run.find('form[action="/pieces/1/name"] input[name="name"]')
    field.clear()
    field.send_keys("Nocturne <in G minor> & \"friends\"")
    field.submit()
    run.wait(lambda: run.text("h1") == "Nocturne <in G minor> & \"friends\"", 10, "the new name as the title")
    run.open("/pieces")
    if "Nocturne <in G minor>" not in run.text("main"):
        raise Failure("the pieces list does not show the new name")
    run.open("/pieces/1")
    run.screenshot("piece")


def check_piece_merge(run):
    """Merge another piece into piece 1 from its page: one piece fewer, its sessions on piece 1."""
    before = len(run.woodshed_cli("pieces").strip().splitlines()) - 1
    run.open("/pieces/1")
    choice = Select(run.find('form[action="/pieces/1/merge"] select[name="other"]'))
    other = choice.options[-1].get_attribute("value")
    choice.select_by_value(other)
    run.find('form[action="/pieces/1/merge"]').submit()
    run.wait(lambda: run.driver.current_url.endswith("/pieces/1"), 10, "the piece page after merging")
    after = len(run.woodshed_cli("pieces").strip().splitlines()) - 1
    if after != before - 1:
        raise Failure(f"pieces before {before}, after merging {after}")
    run.open(f"/pieces/{other}")
    if not run.driver.current_url.endswith("/pieces/1"):
        raise Failure(f"the merged piece {other} does not lead to piece 1")
    run.note(f"merged piece {other} into 1 ({before} → {after} pieces)")


def check_session_tag(run):
    """Add a tag on a session page, see it, find the session by it, remove it."""
    run.open("/sessions/2")
    field = run.find('nav.wbar input[name="add"]')
    field.send_keys("lesson")
    field.submit()
    run.wait(lambda: "lesson" in run.text("nav.wbar"), 10, "the tag on the page")
    run.open("/sessions?tag=lesson")
    if "practice-02.mid" not in run.text("main"):
        raise Failure("the session is not found by its new tag")


def check_play_take(run):
    """Play a take at 2×: every note of it is scheduled on a running AudioContext, the count
    equal to the notes the endpoint serves and the notes `woodshed export --take` writes."""
    session = run.session_with_most_takes()
    run.session = session
    takes = run.session_takes(session)
    take = takes[len(takes) // 2]
    status, doc = run.fetch_json(f"/sessions/{session}/notes?take={take}")
    if status != 200 or not doc["notes"]:
        raise Failure(f"notes of take {take}: {status} {doc}")
    expected = len(doc["notes"])
    Select(run.find("#player-speed")).select_by_value("2")
    run.find(f'.take button[data-play-take="{take}"]').click()
    length = (doc["end"] - doc["start"]) / 2
    run.wait(lambda: run.player("data-state") == "playing", 10, "the player to start")
    time.sleep(min(1.5, length / 3))
    run.screenshot("session-playing")
    run.wait(lambda: run.player("data-state") == "done", length + 15, "the take to finish")
    player = run.driver.execute_script("return window.woodshedPlayer")
    scheduled = int(run.player("data-scheduled"))
    if scheduled != expected or int(run.player("data-total")) != expected:
        raise Failure(f"take {take}: {scheduled} notes scheduled, the endpoint has {expected}")
    if player["audio"] != "running" or player["audioTime"] < length:
        raise Failure(f"the AudioContext is {player['audio']} at {player['audioTime']:.2f} s")
    exported = export_note_count(run, session, ["--take", take])
    if exported != expected:
        raise Failure(f"woodshed export --take {take} wrote {exported} notes, the page played {expected}")
    run.note(f"session {session} take {take}: {scheduled} of {expected} notes scheduled "
             f"(export: {exported}), AudioContext {player['audio']} at {player['audioTime']:.1f} s")


def export_note_count(run, session, selection):
    """Notes in the MIDI file `woodshed export` writes for `selection`, read by mido."""
    import mido
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "excerpt.mid")
        subprocess.run([run.woodshed, "export", str(session), *selection, "-o", path, "--library", run.library],
                       check=True, capture_output=True)
        return sum(1 for message in mido.MidiFile(path)
                   if message.type == "note_on" and message.velocity > 0)


def check_click_to_play(run):
    """A click in the middle of the piano roll plays from there; Stop stops it."""
    session = run.session
    run.open(f"/sessions/{session}")
    roll = run.find(".roll svg")
    webdriver.ActionChains(run.driver).move_to_element_with_offset(roll, 0, 0).click().perform()
    run.wait(lambda: run.player("data-state") == "playing" and int(run.player("data-scheduled")) > 0,
             10, "notes scheduled after a click on the roll")
    label = run.driver.execute_script("return window.woodshedPlayer.label")
    run.find("#player-stop").click()
    run.wait(lambda: run.player("data-state") == "stopped", 5, "the player to stop")
    status, doc = run.fetch_json(f"/sessions/{session}/notes?from={label.split()[-1]}")
    if status != 200:
        raise Failure(f"notes from {label}: {status}")
    exported = export_note_count(run, session, ["--from", label.split()[-1]])
    if exported != len(doc["notes"]):
        raise Failure(f"export --from {label.split()[-1]} wrote {exported} notes, the endpoint {len(doc['notes'])}")
    # A drag over a fifth of the timeline plays that stretch: the notes starting in it.
    timeline = run.find(".timeline svg")
    width = timeline.size["width"]
    webdriver.ActionChains(run.driver).move_to_element_with_offset(timeline, -width // 10, 0).click_and_hold() \
        .move_by_offset(width // 5, 0).release().perform()
    run.wait(lambda: "–" in (run.driver.execute_script("return window.woodshedPlayer.label") or ""), 10,
             "a stretch to play after a drag")
    query = run.driver.execute_script("return window.woodshedPlayer.query")
    status, stretch = run.fetch_json(f"/sessions/{session}/notes?{query}")
    run.wait(lambda: run.player("data-total") == str(len(stretch["notes"])), 5, "the stretch's notes")
    run.find("#player-stop").click()
    run.note(f"click → {label}, {len(doc['notes'])} notes from there (export: {exported}); "
             f"drag → {query}: {len(stretch['notes'])} notes")


def check_compare(run):
    """Tick two takes and compare: both takes' rolls (every note drawn) and speed curves."""
    session = run.session
    run.open(f"/sessions/{session}")
    # Two takes of one passage, as a musician would compare them.
    rows = [row.find_elements(By.CSS_SELECTOR, '.take input[name="take"]') for row in run.find_all(".passage-row")]
    boxes = max(rows, key=len)
    if len(boxes) < 2:
        raise Failure("no passage with two takes in the session")
    first, second = boxes[0], boxes[-1]
    numbers = [first.get_attribute("value"), second.get_attribute("value")]
    first.click()
    second.click()
    run.find("#compare-button").click()
    run.wait(lambda: "/compare" in run.driver.current_url, 10, "the compare page")
    run.expect_clean_console("compare")
    for number in numbers:
        sections = run.find_all(f'#compare section[data-take="{number}"]')
        if not sections:
            raise Failure(f"take {number} is missing from the compare view")
        status, doc = run.fetch_json(f"/sessions/{session}/notes?take={number}")
        drawn = sections[0].find_element(By.CSS_SELECTOR, ".roll path.held").get_attribute("d").count("M")
        if drawn != len(doc["notes"]):
            raise Failure(f"take {number}: {drawn} notes drawn, {len(doc['notes'])} in the take")
    curves = [c for c in run.find_all("#compare polyline.curve") if len(c.get_attribute("points").split()) > 2]
    if len(curves) != 2:
        raise Failure(f"{len(curves)} speed curves with points")
    run.find(f'#compare button[data-play-take="{numbers[1]}"]').click()
    run.wait(lambda: int(run.player("data-scheduled")) > 0, 10, "the second take to play")
    run.find("#player-stop").click()
    run.screenshot("compare")
    run.note(f"compared takes {numbers[0]} and {numbers[1]} of session {session}")


def check_synth_levels(run):
    """The synth rendered offline (OfflineAudioContext, the page's own code) for the session's
    take with the most notes: sound comes out, and it stays under full scale (no clipping)."""
    import math
    run.open(f"/sessions/{run.session}")
    counts = {}
    for button in run.find_all(".take button"):
        take = button.get_attribute("data-play-take")
        counts[take] = len(run.fetch_json(f"/sessions/{run.session}/notes?take={take}")[1]["notes"])
    takes = sorted(counts, key=counts.get, reverse=True)[:1]
    loudest = (0, None, None)
    for take in takes:
        result = run.driver.execute_async_script(
            "var done = arguments[1]; window.woodshedPlayer.render(arguments[0]).then(done, e => done(String(e)));",
            f"take={take}")
        if not isinstance(result, dict):
            raise Failure(f"take {take} did not render: {result}")
        if result["rms"] < 0.005:
            raise Failure(f"take {take} is silent: RMS {result['rms']:.4f}")
        if result["peak"] >= 1:
            raise Failure(f"take {take} clips: peak {result['peak']:.3f}")
        if result["peak"] > loudest[0]:
            loudest = (result["peak"], take, result)
    peak, take, result = loudest
    run.note(f"take {take} ({counts[take]} notes, {result['seconds']:.1f} s) rendered offline: "
             f"peak {20 * math.log10(peak):.1f} dBFS, RMS {20 * math.log10(result['rms']):.1f} dBFS")


def check_errors_and_escaping(run):
    """A missing page is a 404 page; a bad notes query is a JSON error; no name unescaped."""
    run.open("/sessions/9999", expect_status_error=True)
    if "404" not in run.text("main"):
        raise Failure("no 404 page for a missing session")
    status, body = run.fetch_json(f"/sessions/{run.session}/notes?take=9999")
    run.driver.get_log("browser")  # the 400 just asked for
    if status != 400 or "no take 9999" not in body.get("error", ""):
        raise Failure(f"take 9999: {status} {body}")
    for path in ("/", "/pieces", "/pieces/1", f"/sessions/{run.session}"):
        run.open(path)
        if run.driver.execute_script("return document.querySelectorAll('in, friends').length"):
            raise Failure(f"a piece name became markup on {path}")


def check_week_goal(run):
    """Set a goal of minutes per week on Home: this week is shown against it, with a bar."""
    run.open("/")
    field = run.find('form[action="/goals/week"] input[name="minutes"]')
    field.clear()
    field.send_keys("240")
    field.submit()
    run.wait(lambda: run.find_all(".progress"), 10, "the week's progress against the goal")
    tile = run.find(".tiles .tile").text
    if "of 4 h 00 min" not in tile:
        raise Failure(f"the week's tile does not name the goal: {tile!r}")
    run.screenshot("home-goal")
    run.note(tile.replace("\n", " · "))


def check_tempo_goal(run):
    """A passage chart on piece 1: set its target tempo; the chart draws the target line."""
    run.open("/pieces/1")
    charts = run.find_all("figure.chart")
    if not charts:
        raise Failure("piece 1 shows no passage chart")
    chart = charts[0]
    label = chart.find_element(By.CSS_SELECTOR, "h3").text
    dots = len(chart.find_elements(By.CSS_SELECTOR, "circle.tempo-dot"))
    field = chart.find_element(By.CSS_SELECTOR, 'input[name="tempo"]')
    field.clear()
    field.send_keys("4")
    field.submit()
    run.wait(lambda: run.find_all("figure.chart line.target"), 10, "the target line on the chart")
    caption = run.find("figure.chart figcaption").text
    if "target 4" not in caption:
        raise Failure(f"the chart's caption does not show the target: {caption!r}")
    run.note(f"{len(charts)} passage charts; {label!r}: {dots} tempo points, target set")


def check_delete_session(run):
    """Delete a session from the list: a confirmation page first, the session gone after."""
    sessions = [line.split()[0] for line in run.woodshed_cli("sessions").splitlines()[1:]]
    victim = next(id for id in reversed(sessions) if id != str(getattr(run, "session", "")))
    run.open("/sessions")
    run.find(f'a[href="/sessions/{victim}/delete"]').click()
    run.wait(lambda: run.text("h1") == "Delete this session?", 10, "the confirmation page")
    if victim not in [line.split()[0] for line in run.woodshed_cli("sessions").splitlines()[1:]]:
        raise Failure("the confirmation page deleted the session")
    run.screenshot("delete-confirm")
    run.find("form.confirm button").click()
    run.wait(lambda: run.driver.current_url.endswith("/sessions"), 10, "the sessions list after deleting")
    left = [line.split()[0] for line in run.woodshed_cli("sessions").splitlines()[1:]]
    if victim in left or len(left) != len(sessions) - 1:
        raise Failure(f"session {victim} is still there")
    run.open(f"/sessions/{victim}", expect_status_error=True)
    if "404" not in run.text("main"):
        raise Failure(f"session {victim}'s page is not a 404 after deleting")
    run.note(f"deleted session {victim} ({len(sessions)} → {len(left)})")


def check_live(run):
    """While `woodshed record --from FIFO` records, Home's live block appears and follows the
    notes without a reload (a marker set on the page survives), and goes when it stops."""
    run.open("/")
    if run.find("#live").is_displayed():
        raise Failure("the live block shows with nothing being recorded")
    run.driver.execute_script("window.stillTheSamePage = true")
    folder = tempfile.mkdtemp(prefix="woodshed-live-")
    fifo = os.path.join(folder, "keys")
    os.mkfifo(fifo)
    recorder = subprocess.Popen([run.woodshed, "record", "--from", fifo, "--library", run.library, "--quiet"])
    try:
        with open(fifo, "wb", buffering=0) as keys:
            keys.write(bytes([0x90, 60, 90, 0x90, 64, 90]))
            run.wait(lambda: run.find("#live").is_displayed() and "2 notes" in run.text("#live"), 15,
                     "the live block with 2 notes")
            keys.write(bytes([0x80, 60, 0, 0x80, 64, 0, 0x90, 67, 90, 0x90, 72, 90, 0x90, 76, 90]))
            run.wait(lambda: "5 notes" in run.text("#live"), 15, "the live block with 5 notes")
            rects = len(run.find_all("#live svg rect"))
            if rects < 5:
                raise Failure(f"the live piano roll has {rects} notes")
            if not run.driver.execute_script("return window.stillTheSamePage === true"):
                raise Failure("the page was reloaded")
            run.screenshot("home-live")
            keys.write(bytes([0x80, 67, 0, 0x80, 72, 0, 0x80, 76, 0]))
        recorder.wait(timeout=30)
        run.wait(lambda: not run.find("#live").is_displayed(), 15, "the live block to go after recording")
    finally:
        if recorder.poll() is None:
            recorder.kill()
        shutil.rmtree(folder, ignore_errors=True)
    run.expect_clean_console("home while recording")
    run.note(f"live block followed 2 → 5 notes, {rects} notes in its roll, no reload")


CHECKS = [
    check_navigation,
    check_piece_rename,
    check_piece_merge,
    check_session_tag,
    check_play_take,
    check_click_to_play,
    check_compare,
    check_synth_levels,
    check_errors_and_escaping,
    check_week_goal,
    check_tempo_goal,
    check_delete_session,
    check_live,
]


def main():
    if len(sys.argv) != 5:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    url, library, woodshed, out = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    try:
        run = Run(url, library, woodshed, out)
    except WebDriverException as error:
        print(f"browser-test: cannot start Chromium through chromedriver: {error.msg}", file=sys.stderr)
        return 1
    passed = failed = 0
    try:
        for check in CHECKS:
            started = time.monotonic()
            run.notes = []
            try:
                check(run)
                passed += 1
                detail = "; ".join(run.notes)
                print(f"ok   {check.__name__} ({time.monotonic() - started:.1f} s){': ' + detail if detail else ''}")
            except Exception as error:
                failed += 1
                name = os.path.join(out, f"failed-{check.__name__}.png")
                try:
                    run.driver.save_screenshot(name)
                except WebDriverException:
                    pass
                print(f"FAIL {check.__name__}: {type(error).__name__}: {error} (page: {run.driver.current_url})")
            sys.stdout.flush()
    finally:
        run.driver.quit()
    print(f"{passed} passed, {failed} failed; screenshots in {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
