#!/usr/bin/env python3
"""JUnit XML of `cutover-sim check` and `sweep --junit`, read back by Debian's
python3-junitparser: the suites, the cases, and a failure per missed
expectation whose text holds the reproduce line.

usage: junit_check.py CUTOVER_SIM SOURCE_DIR
"""
import os
import subprocess
import sys
import tempfile

import junitparser


def fail(message):
    print(f"junit_check: {message}", file=sys.stderr)
    sys.exit(1)


def cases(path):
    xml = junitparser.JUnitXml.fromfile(path)
    suites = list(xml) if isinstance(xml, junitparser.JUnitXml) else [xml]
    out = []
    for suite in suites:
        for case in suite:
            out.append((suite.name, case))
    return suites, out


def main():
    sim, source = sys.argv[1], sys.argv[2]
    swarm = os.path.join(source, "scenarios/examples/swarm.yaml")
    minimal = os.path.join(source, "scenarios/examples/minimal.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        # A sweep: six seeds of the swarm, two of which (5 and 9) miss.
        sweep_xml = os.path.join(tmp, "sweep.xml")
        run = subprocess.run([sim, "sweep", swarm, "--seeds", "4..9", "--jobs", "2",
                              "--out", os.path.join(tmp, "r.jsonl"), "--junit", sweep_xml],
                             capture_output=True, text=True)
        if run.returncode != 1:
            fail(f"sweep exited {run.returncode}: {run.stderr}")
        suites, found = cases(sweep_xml)
        if len(suites) != 1 or suites[0].name != swarm:
            fail(f"sweep: suites {[s.name for s in suites]}")
        if len(found) != 6:
            fail(f"sweep: {len(found)} cases, not 6")
        failed = {case.name: case for _, case in found if not case.is_passed}
        if sorted(failed) != ["seed 5", "seed 9"]:
            fail(f"sweep: failed cases {sorted(failed)}")
        for name, case in failed.items():
            failures = [r for r in case.result if isinstance(r, junitparser.Failure)]
            if len(failures) != 1:
                fail(f"sweep: {name}: {len(failures)} failures")
            text = failures[0].text or ""
            seed = name.split()[1]
            if f"reproduce: cutover-sim run {swarm} --seed {seed} --model-version" not in text:
                fail(f"sweep: {name}: no reproduce line in {text!r}")
            if "expected" not in (failures[0].message or ""):
                fail(f"sweep: {name}: message {failures[0].message!r}")
        # A check: one scenario that holds, one that misses at its own seed.
        check_xml = os.path.join(tmp, "check.xml")
        run = subprocess.run([sim, "check", minimal, swarm, "--junit", check_xml],
                             capture_output=True, text=True, cwd=tmp)
        suites, found = cases(check_xml)
        if [s.name for s in suites] != [minimal, swarm]:
            fail(f"check: suites {[s.name for s in suites]}")
        if len(found) != 2 or not all(case.is_passed for _, case in found):
            # swarm.yaml holds at its own seed (1); minimal.yaml holds too
            fail(f"check: {[(s, c.name, c.is_passed) for s, c in found]} ({run.stdout})")
    print("junit_check: ok")


if __name__ == "__main__":
    main()
