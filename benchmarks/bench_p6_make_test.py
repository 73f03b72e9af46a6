"""P6: where the time of ``make test`` goes, step by step, from a fresh clone.

The committed state of this repository is cloned into a temporary folder, and the steps of
``make test`` are run there one after the other, each timed: the virtual environment (pip),
the decks (npm and the build), the student copies, the website, and the pytest session. The
pytest session is then split by kind of test from its JUnit report (the seconds each kind
kept a worker busy, summed over the workers). Budget: the whole ``make test`` within 240 s on
2 cores. pip's and npm's caches are used as ``make test`` uses them; nothing else is shared
with the working copy.

``python benchmarks/bench_p6_make_test.py --keep`` leaves the clone for a look.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 240.0
# A step starts when make echoes a command line that contains its marker (the first match wins).
STEPS = [("virtual environment (pip)", "-m venv"), ("virtual environment (pip)", "pip install"),
         ("decks: npm ci", "npm ci"), ("decks: build", "build_decks.py"),
         ("student copies", "build_student.py"), ("website (Sphinx)", "build_site.py"),
         ("pytest session", "-m pytest")]


def kind(case):
    """The kind of test a JUnit test case is, from its class name and name."""
    where, name = case.get("classname", ""), case.get("name", "")
    if where.startswith("notebooks.") or ".ipynb" in where:
        return "nbval (instructor notebooks)"
    if "test_site" in where or "test_slides" in where:
        return "browser (decks, website)"
    if "test_install" in where:
        return "fresh install (test_install)"
    if "test_nbgrader" in where or "test_student_in_nbval" in where:
        return "nbgrader and the exercises' stubs (kernels)"
    return "unit tests"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    workdir = Path(tempfile.mkdtemp(prefix="make-test-"))
    clone = workdir / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    report = workdir / "junit.xml"
    env = dict(os.environ, PYTEST_ADDOPTS=f"--junitxml={report}")
    print(f"P6 make test from a fresh clone of {subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True).stdout.strip()} "
          f"(budget {BUDGET:g} s on 2 cores; load average before: {os.getloadavg()[0]:.1f})")
    steps, tail = {}, []                         # step -> seconds, in the order they ran
    current, started = "make (before its first command)", time.perf_counter()
    t0 = started
    process = subprocess.Popen(["make", "test"], cwd=clone, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, bufsize=1)
    for line in process.stdout:
        tail = (tail + [line.rstrip()])[-8:]
        if current == STEPS[-1][0]:
            continue                             # the last step: its output names anything
        step = next((label for label, marker in STEPS if marker in line and not line.startswith(" ")), None)
        if step and step != current:
            now = time.perf_counter()
            steps[current] = steps.get(current, 0.0) + now - started
            current, started = step, now
    process.wait()
    steps[current] = steps.get(current, 0.0) + time.perf_counter() - started
    times = [(label, seconds) for label, seconds in steps.items() if seconds >= 0.05]
    failed = ("make test", tail) if process.returncode != 0 else None
    total = time.perf_counter() - t0
    for label, seconds in times:
        print(f"   {label:<34} {seconds:7.1f} s   {seconds / total:6.1%}")
    print(f"   {'make test, in all':<34} {total:7.1f} s   {total / BUDGET:.2f} of the budget "
          f"(load average after: {os.getloadavg()[0]:.1f})")
    if failed:
        print(f"   FAILED at {failed[0]}:", *failed[1], sep="\n      ")
    elif report.exists():
        kinds = {}
        for case in ET.parse(report).getroot().iter("testcase"):
            n, seconds = kinds.get(kind(case), (0, 0.0))
            kinds[kind(case)] = (n + 1, seconds + float(case.get("time", 0)))
        busy = sum(seconds for _, seconds in kinds.values())
        print("   the pytest session by kind of test (seconds a worker was busy with it):")
        for name, (n, seconds) in sorted(kinds.items(), key=lambda item: -item[1][1]):
            print(f"      {name:<31} {n:5d} tests {seconds:7.1f} s   {seconds / busy:6.1%}")
    if "--keep" in argv:
        print(f"   the clone: {clone}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
