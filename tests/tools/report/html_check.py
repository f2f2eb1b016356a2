#!/usr/bin/python3
"""The HTML loss-rate page in a real browser.

Usage: html_check.py CUTOVER_SIM [SCREENSHOT_DIR]

Makes a small records file (three scenarios, two of one fault mix, a
numeric setting and a reading, three seeds a row; a refused row with markup
in its params and no acked writes; a cut-off last line), renders it with
`cutover-sim table --format html --headline`, loads the page in headless
Chromium on the linear and on the log scale, and checks that
  - the page refers to nothing outside itself (no src, href, <link>, url()),
  - the browser logged no console message (the page logs none, so any is an
    error: Chromium prints every level as INFO:CONSOLE),
  - sorting by every column, filtering and the scale switch work (#check
    makes the page work them and say so on <body>), and
  - the page's script ran and drew exactly the marks the records call for:
    one dot-and-interval per seed-report row, one heatmap cell per row, one
    dot per run of each row that lost anything, one curve point per row of
    each losing configuration along the numeric setting, one table row per
    row, counted both by the script (data-* on <body>) and in the DOM.
Then it takes a screenshot of the page (not committed: SCREENSHOT_DIR, by
default the working directory) so a regression can be looked at.
Chromium's own noise on stderr (D-Bus, GPU, sandbox) is ignored.
"""

import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--enable-logging=stderr", "--v=0"]
SEEDS = (1, 2, 3)


def fail(why):
    print(f"html_check: FAILED: {why}", file=sys.stderr)
    sys.exit(1)


def record(scenario, params, seed, acked, lost, fault_mix):
    """A whole result record (tools/experiment/record_format.h): the table's
    reader checks every field."""
    checkpoint = {"divergent": 0, "resurrected": 0}
    return json.dumps({
        "scenario": scenario, "file": f"scenarios/none/{scenario}.yaml", "seed": seed, "params": params,
        "fault_mix": fault_mix,
        "outcome": "complete" if acked else "refused", "reason": "", "phase_reached": "complete",
        "writes": {"submitted": acked, "acked": acked, "failed": 0, "unknown": 0},
        "acked_docs": acked, "lost_at_cutover": lost, "lost": lost, **checkpoint,
        "loss_rate": lost / acked if acked else 0.0, "acked_docs_at_cutover": acked,
        "loss_rate_at_cutover": lost / acked if acked else 0.0, "divergent_at_cutover": 0,
        "migrated_docs": 0, "delta_docs": 0, "ae_repairs": 0, "ae_divergent": 0, "ae_passes": 0,
        "drain": {"duration_ns": 0, "timed_out": False, "stuck_failed": 0},
        "cdc": {"events": 0, "suppressed": 0, "anomalies": 0},
        "held_writes": 0, "rejected_writes": 0, "migrations": [], "swarm_faults": [],
        "sim_time_ns": 0, "events": 0, "trace_hash": "0123456789abcdef", "wall_ms": 1.0,
    }) + "\n"


def rows():
    """(scenario, params, fault mix, acked, lost(seed)) per row of the table."""
    wf = "2 % write failures on new-1"
    out = []
    for page in ("20", "1000"):
        for settle in ("count", "per_target"):
            loses = settle == "per_target"
            out.append(("wf", {"migrations.0.page_size": page, "migrations.0.drain_settle": settle}, wf,
                        1000, (lambda s, k=10 if page == "20" else 1: k * s) if loses else (lambda s: 0)))
    out.append(("crash", {"migrations.0.drain_settle": "count"}, "crash of orchestrator", 1000,
                lambda s: 50))
    # Another scenario of the same fault mix and settings: a heatmap cell of its own.
    out.append(("crash2", {"migrations.0.drain_settle": "count"}, "crash of orchestrator", 1000,
                lambda s: 20 * s))
    out.append(("crash", {"migrations.0.drain_settle": "per_target"}, "crash of orchestrator", 1000,
                lambda s: 0))
    out.append(("blocked", {"workload.keys.dist": "<b>zipf</b> & \"more\""}, "no faults", 0,
                lambda s: 0))
    return out


def records_text(chosen):
    text = ""
    for scenario, params, fault_mix, acked, lost in chosen:
        for seed in SEEDS:
            text += record(scenario, params, seed, acked, lost(seed), fault_mix)
    return text


def expected_marks(table):
    losing = [row for row in table if row[3] > 0 and any(row[4](s) > 0 for s in SEEDS)]
    # Along page_size: the wf rows of per_target (the count ones lose nothing).
    points = sum(1 for row in table if row[0] == "wf" and row[1]["migrations.0.drain_settle"] == "per_target")
    return {"headline": sum(1 for row in table if row[1].get("migrations.0.page_size") == "20"),
            "cells": len(table), "runs": len(losing) * len(SEEDS), "points": points, "rows": len(table)}


class PageParser(html.parser.HTMLParser):
    """Counts marks by picture, and table rows; notes outside references."""

    def __init__(self):
        super().__init__()
        self.stack = []  # the ids of the open <svg>/<div> pictures
        self.counts = {"headline": 0, "cells": 0, "runs": 0, "points": 0, "rows": 0}
        self.body = {}
        self.external = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href", "xlink:href"):
            if name in attrs:
                self.external.append(f"<{tag} {name}={attrs[name]!r}>")
        if tag == "link":
            self.external.append("<link>")
        if tag == "body":
            self.body = {k[5:]: v for k, v in attrs.items() if k.startswith("data-")}
        if tag == "tr" and (attrs.get("id") or "").startswith("row-"):
            self.counts["rows"] += 1
        classes = (attrs.get("class") or "").split()
        where = attrs.get("id") or (self.stack[-1] if self.stack else None)
        if tag in ("svg", "div", "g", "circle"):
            self.stack.append(where)
        if where == "headline" and tag == "g" and "mark" in classes:
            self.counts["headline"] += 1
        if where == "heatmap" and tag == "g" and "cell" in classes:
            self.counts["cells"] += 1
        if where == "strips" and tag == "circle" and "run" in classes:
            self.counts["runs"] += 1
        if where == "curves" and tag == "circle" and "point" in classes:
            self.counts["points"] += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in ("svg", "div", "g", "circle") and self.stack:
            self.stack.pop()


def parse(page):
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def browse(page_path, profile, *flags):
    browser = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *flags,
                              "file://" + page_path.split("#")[0] + ("#" + page_path.split("#")[1]
                                                                     if "#" in page_path else "")],
                             capture_output=True, text=True, timeout=90)
    console = [line for line in browser.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    if console:
        fail("console messages:\n  " + "\n  ".join(console))
    if browser.returncode != 0:
        fail(f"chromium exited {browser.returncode}; stderr:\n{browser.stderr}")
    return browser.stdout


def main():
    if len(sys.argv) not in (2, 3):
        fail("usage: html_check.py CUTOVER_SIM [SCREENSHOT_DIR]")
    cutover_sim = sys.argv[1]
    shots = os.path.abspath(sys.argv[2] if len(sys.argv) == 3 else ".")
    if not os.access(CHROMIUM, os.X_OK):
        fail(f"{CHROMIUM} not found: install Debian's chromium package (tools/setup)")
    table = rows()
    expected = expected_marks(table)
    with tempfile.TemporaryDirectory(prefix="html_check.") as scratch:
        results = os.path.join(scratch, "results.jsonl")
        headline = os.path.join(scratch, "headline.jsonl")
        page_path = os.path.join(scratch, "table.html")
        with open(results, "w") as f:
            f.write(records_text(table) + '{"scenario": "wf", "se')  # an interrupted sweep's last line
        with open(headline, "w") as f:
            f.write(records_text([r for r in table if r[1].get("migrations.0.page_size") == "20"]))
        made = subprocess.run([cutover_sim, "table", results, "--format", "html", "--headline", headline,
                               "--out", page_path], capture_output=True, text=True, timeout=30)
        if made.returncode != 0:
            fail(f"cutover-sim table exited {made.returncode}: {made.stderr.strip()}")
        if "warning: skipped the last line" not in made.stderr:
            fail(f"no warning for the cut-off last line: {made.stderr.strip()!r}")
        with open(page_path) as f:
            page = f.read()
        static = parse(page)
        # The SVG namespace is a name, not an address: nothing is fetched from it.
        named = page.replace("'http://www.w3.org/2000/svg'", "")
        if static.external or re.search(r"url\(|@import|https?:", named):
            fail(f"the page refers to something outside itself: {static.external}")

        profile = os.path.join(scratch, "profile")
        for scale in ("", "#log", "#check"):
            dom = parse(browse(page_path + scale, profile, "--dump-dom"))
            if not dom.body:
                fail(f"the page's script did not run{scale} (no data-* on <body>)")
            if scale == "#check" and dom.body.get("check") != "ok":
                fail(f"working the controls: {dom.body.get('check')!r}")
            drawn = {k: int(v) for k, v in dom.body.items() if k != "check"}
            if drawn != expected or dom.counts != expected:
                fail(f"marks{scale}: the script counted {drawn}, the DOM holds {dom.counts}, "
                     f"the records call for {expected}")
        os.makedirs(shots, exist_ok=True)
        shot = os.path.join(shots, "loss-rate.png")
        if os.path.exists(shot):
            os.remove(shot)
        browse(page_path, profile, "--window-size=1280,1800", f"--screenshot={shot}")
        if not os.path.exists(shot) or os.path.getsize(shot) < 10000:
            fail(f"no screenshot at {shot}")
    print(f"html_check: ok: {expected}, script ran on both scales, the controls work, no console messages; "
          f"screenshot: {shot}")


if __name__ == "__main__":
    main()
