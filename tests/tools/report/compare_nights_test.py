#!/usr/bin/env python3
"""Tests for tools/compare_nights.py on two small tables written by hand.

usage: compare_nights_test.py SOURCE_DIR
"""
import csv
import os
import subprocess
import sys
import tempfile

FIELDS = ["scenario", "params", "runs", "runs_with_loss", "run_loss_mean",
          "run_loss_mean_low", "run_loss_mean_high", "stuck", "failed"]


def write(path, rows):
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(FIELDS)
        for row in rows:
            out.writerow(row)


def check(condition, message):
    if not condition:
        print(f"compare_nights_test: {message}", file=sys.stderr)
        sys.exit(1)


def main():
    tool = os.path.join(sys.argv[1], "tools/compare_nights.py")
    with tempfile.TemporaryDirectory() as tmp:
        last, tonight, history = (os.path.join(tmp, n) for n in
                                  ("last.csv", "tonight.csv", "history.csv"))
        write(last, [
            ["steady", "{}", 50, 50, 0.0494, 0.0488, 0.0500, 0, 0],    # the same
            ["worse", "{}", 50, 50, 0.0100, 0.0090, 0.0110, 0, 0],     # mean moves out
            ["clean", "{}", 50, 0, 0.0, 0.0, 0.0, 0, 0],               # starts losing
            ["stuck", "{}", 50, 0, 0.0, 0.0, 0.0, 0, 0],               # starts sticking
            ["gone", "{}", 10, 0, 0.0, 0.0, 0.0, 0, 0],
        ])
        write(tonight, [
            ["steady", "{}", 50, 50, 0.0496, 0.0490, 0.0502, 0, 0],
            ["worse", "{}", 50, 50, 0.0200, 0.0190, 0.0210, 0, 0],
            ["clean", "{}", 50, 3, 0.0001, 0.0, 0.0002, 0, 0],
            ["stuck", "{}", 50, 0, 0.0, 0.0, 0.0, 20, 0],
            ["new", "{}", 10, 0, 0.0, 0.0, 0.0, 0, 0],
        ])
        run = subprocess.run([sys.executable, tool, last, tonight, "--history", history,
                              "--date", "2026-12-02", "--commit", "abc"],
                             capture_output=True, text=True)
        lines = run.stdout.splitlines()
        check(run.returncode == 1, f"exit {run.returncode}, not 1 (a regression): {run.stdout}")
        check(not any("steady" in line for line in lines), f"steady changed: {lines}")
        check("changed  worse {}: per-run loss 1.000 % -> 2.000 %" in lines, f"worse: {lines}")
        check(any(line.startswith("changed  clean {}") and "REGRESSION" in line
                  for line in lines), f"clean: {lines}")
        check(any(line.startswith("changed  stuck {}: stuck 0/50 -> 20/50") for line in lines),
              f"stuck: {lines}")
        check("new      new {}" in lines and "gone     gone {}" in lines, f"new/gone: {lines}")
        with open(history, newline="") as f:
            rows = list(csv.reader(f))
        check(rows[0][:3] == ["date", "commit", "scenario"], f"history header {rows[0]}")
        check(len(rows) == 6 and rows[1][:3] == ["2026-12-02", "abc", "clean"],
              f"history rows {rows}")
        # The same night twice: nothing changed, exit 0; no last night: nothing to compare.
        run = subprocess.run([sys.executable, tool, tonight, tonight], capture_output=True,
                             text=True)
        check(run.returncode == 0 and run.stdout == "", f"same night: {run.returncode} {run.stdout}")
        run = subprocess.run([sys.executable, tool, os.path.join(tmp, "none.csv"), tonight],
                             capture_output=True, text=True)
        check(run.returncode == 0 and "nothing to compare" in run.stdout, run.stdout)
    print("compare_nights_test: ok")


if __name__ == "__main__":
    main()
