#!/usr/bin/env python3
"""Night over night: tonight's loss-rate table against last night's.

Both files are `cutover-sim table --format csv` output; a row is its scenario
and its params. A row changed when tonight's per-run mean loss lies outside
last night's 95 % interval over seeds and last night's outside tonight's
(the intervals of tools/report/stats.h), or when its runs with loss, or its
share of stuck or failed runs, changed with Wilson intervals over runs that
do not overlap. Prints one line per changed, new or gone row, appends one
line per row to the history file, and exits 1 when a row that lost nothing
last night loses now.

usage: compare_nights.py LAST.csv TONIGHT.csv [--history HISTORY.csv --date D --commit C]
"""
import csv
import math
import os
import sys

Z = 1.959963984540054
HISTORY_FIELDS = ["date", "commit", "scenario", "params", "runs", "runs_with_loss",
                  "run_loss_mean", "run_loss_mean_low", "run_loss_mean_high",
                  "stuck", "failed"]


def wilson(k, n):
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    d = 1 + Z * Z / n
    c = (p + Z * Z / (2 * n)) / d
    h = Z / d * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return (0.0 if k == 0 else max(0.0, c - h), 1.0 if k == n else min(1.0, c + h))


def apart(a, b):
    return a[1] < b[0] or b[1] < a[0]


def number(row, field):
    text = row.get(field, "")
    return float(text) if text not in ("", None) else None


def rows_of(path):
    with open(path, newline="") as f:
        return {(r["scenario"], r["params"]): r for r in csv.DictReader(f)}


def changes(last, tonight):
    """(lines, regressed): what changed, and whether a row that lost nothing now loses."""
    lines = []
    regressed = False
    for key in sorted(set(last) | set(tonight)):
        name = f"{key[0]} {key[1]}"
        if key not in last:
            lines.append(f"new      {name}")
            continue
        if key not in tonight:
            lines.append(f"gone     {name}")
            continue
        a, b = last[key], tonight[key]
        what = []
        ma, mb = number(a, "run_loss_mean"), number(b, "run_loss_mean")
        if ma is not None and mb is not None:
            ia = (number(a, "run_loss_mean_low"), number(a, "run_loss_mean_high"))
            ib = (number(b, "run_loss_mean_low"), number(b, "run_loss_mean_high"))
            if not (ia[0] <= mb <= ia[1]) and not (ib[0] <= ma <= ib[1]):
                what.append(f"per-run loss {100 * ma:.3f} % -> {100 * mb:.3f} %")
        for field in ("runs_with_loss", "stuck", "failed"):
            ka, kb = int(a[field]), int(b[field])
            na, nb = int(a["runs"]), int(b["runs"])
            if apart(wilson(ka, na), wilson(kb, nb)):
                what.append(f"{field} {ka}/{na} -> {kb}/{nb}")
        if int(a["runs_with_loss"]) == 0 and int(b["runs_with_loss"]) > 0:
            regressed = True
            what.append("REGRESSION: lost nothing last night")
        if what:
            lines.append(f"changed  {name}: " + "; ".join(what))
    return lines, regressed


def append_history(path, tonight, date, commit):
    fresh = not os.path.exists(path) or os.path.getsize(path) == 0
    with open(path, "a", newline="") as f:
        out = csv.writer(f)
        if fresh:
            out.writerow(HISTORY_FIELDS)
        for key in sorted(tonight):
            r = tonight[key]
            out.writerow([date, commit] + [r.get(field, "") for field in HISTORY_FIELDS[2:]])


def main(argv):
    args = argv[1:]
    options = {}
    while len(args) > 2 and args[-2].startswith("--"):
        options[args[-2][2:]] = args[-1]
        args = args[:-2]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    last = rows_of(args[0]) if os.path.exists(args[0]) else {}
    tonight = rows_of(args[1])
    lines, regressed = changes(last, tonight) if last else ([], False)
    if not last:
        print(f"compare_nights: no last night ({args[0]}): nothing to compare")
    for line in lines:
        print(line)
    if "history" in options:
        append_history(options["history"], tonight, options.get("date", ""),
                       options.get("commit", ""))
    return 1 if regressed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
