#!/usr/bin/python3
"""The HTML loss-rate table in a real browser.

Usage: html_check.py CUTOVER_SIM

Makes a small records file (three parameter sets of two seeds each, one row
with markup in its params, one with no acked writes, and a cut-off last
line), renders it with `cutover-sim table --format html`, loads the page in
headless Chromium and checks that
  - the page refers to nothing outside itself (no src, href, <link>, url()),
  - the browser logged no console message (the page logs none, so any is an
    error: Chromium prints every level as INFO:CONSOLE),
  - the page's script ran (it sets data-marks on <body>), and
  - the plot, svg#loss-plot, holds exactly one class="mark" per table row.
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
                  "--enable-logging=stderr", "--v=0"]
EXPECTED_ROWS = 3


def fail(why):
    print(f"html_check: FAILED: {why}", file=sys.stderr)
    sys.exit(1)


def record(scenario, params, seed, acked, lost):
    """A whole result record (tools/experiment/record_format.h): the table's
    reader checks every field."""
    checkpoint = {"divergent": 0, "resurrected": 0}
    return json.dumps({
        "scenario": scenario, "file": f"scenarios/none/{scenario}.yaml", "seed": seed, "params": params,
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


def records_text():
    text = ""
    for seed in (1, 2):
        text += record("ae_on", {"migrations.0.skip_delta_pass": "true"}, seed, 5000, 12)
        text += record("ae_on", {"workload.keys.dist": "<b>zipf</b> & \"more\""}, seed, 5000, 0)
        text += record("blocked", {}, seed, 0, 0)
    return text + '{"scenario": "ae_on", "se'  # an interrupted sweep's last line


class PageParser(html.parser.HTMLParser):
    """Counts the plot's marks and the table's rows; notes outside references."""

    def __init__(self):
        super().__init__()
        self.svg_depth = 0  # > 0 inside svg#loss-plot
        self.marks = 0
        self.table_rows = 0
        self.body_marks = None
        self.external = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href", "xlink:href"):
            if name in attrs:
                self.external.append(f"<{tag} {name}={attrs[name]!r}>")
        if tag == "link":
            self.external.append("<link>")
        if tag == "body":
            self.body_marks = attrs.get("data-marks")
        if tag == "tr" and (attrs.get("id") or "").startswith("row-"):
            self.table_rows += 1
        if tag == "svg" and attrs.get("id") == "loss-plot":
            self.svg_depth = 1
        elif self.svg_depth > 0:
            self.svg_depth += 1
            if "mark" in (attrs.get("class") or "").split():
                self.marks += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.svg_depth > 0:
            self.svg_depth -= 1


def parse(page):
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def main():
    if len(sys.argv) != 2:
        fail("usage: html_check.py CUTOVER_SIM")
    cutover_sim = sys.argv[1]
    if not os.access(CHROMIUM, os.X_OK):
        fail(f"{CHROMIUM} not found: install Debian's chromium package (tools/setup)")
    with tempfile.TemporaryDirectory(prefix="html_check.") as scratch:
        results = os.path.join(scratch, "results.jsonl")
        page_path = os.path.join(scratch, "table.html")
        with open(results, "w") as f:
            f.write(records_text())
        table = subprocess.run([cutover_sim, "table", results, "--format", "html", "--out", page_path],
                               capture_output=True, text=True, timeout=30)
        if table.returncode != 0:
            fail(f"cutover-sim table exited {table.returncode}: {table.stderr.strip()}")
        if "warning: skipped the last line" not in table.stderr:
            fail(f"no warning for the cut-off last line: {table.stderr.strip()!r}")
        with open(page_path) as f:
            page = f.read()

        static = parse(page)
        if static.external or re.search(r"url\(|@import|https?:", page):
            fail(f"the page refers to something outside itself: {static.external}")

        profile = os.path.join(scratch, "profile")
        browser = subprocess.run(
            [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", "file://" + page_path],
            capture_output=True, text=True, timeout=60)
        console = [line for line in browser.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
        if console:
            fail("console messages:\n  " + "\n  ".join(console))
        if browser.returncode != 0 or "<svg" not in browser.stdout:
            fail(f"chromium exited {browser.returncode} without the page; stderr:\n{browser.stderr}")

        dom = parse(browser.stdout)
        if dom.body_marks is None:
            fail("the page's script did not run (no data-marks on <body>)")
        if dom.table_rows != EXPECTED_ROWS:
            fail(f"{dom.table_rows} table rows, expected {EXPECTED_ROWS}")
        if dom.marks != EXPECTED_ROWS or dom.body_marks != str(EXPECTED_ROWS):
            fail(f"{dom.marks} marks in svg#loss-plot (script counted {dom.body_marks}), "
                 f"expected one per row: {EXPECTED_ROWS}")
    print(f"html_check: ok: {EXPECTED_ROWS} rows, {EXPECTED_ROWS} marks, script ran, no console messages")


if __name__ == "__main__":
    main()
