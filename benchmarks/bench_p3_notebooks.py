"""P3: how long the notebook series takes, notebook by notebook and cell by cell.

Budgets (2 cores): the whole series under nbval (as ``make test`` runs it, ``-n auto
--dist loadscope``) within 90 s, and no single cell over 5 s.

1. Each notebook is executed once from a fresh kernel with nbclient (nothing is
   written back), recording every cell's execution time: the table lists each
   notebook's wall time (kernel start included), its slowest cells, and the
   slowest cell against the 5 s budget.
2. The whole series is then run under nbval exactly as ``make test`` does, and
   its wall time is compared with the 90 s budget and with the sum of the
   sequential executions (what the parallel workers save).

``python benchmarks/bench_p3_notebooks.py --no-nbval`` skips step 2; ``--repeat N`` executes
each notebook N times and reports every cell's median (the machine is shared and noisy); the
last lines list every cell over 5 s.
"""
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SERIES_BUDGET = 90.0
CELL_BUDGET = 5.0
N_SLOWEST = 3


def _seconds(cell):
    """Execution time of one executed cell from nbclient's timing metadata."""
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return (parse(end) - parse(start)).total_seconds()


def time_notebook(path):
    """Execute ``path`` in memory; return (wall seconds, [(cell index, seconds, first line)])."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=True,
                            resources={"metadata": {"path": str(path.parent)}})
    t0 = time.perf_counter()
    client.execute(stderr=subprocess.DEVNULL)  # the kernel's start-up chatter, not cell output
    wall = time.perf_counter() - t0
    cells = [(i, _seconds(c), (c.source.splitlines() or [""])[0][:48])
             for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    return wall, cells


def time_nbval():
    """Wall time of the series under nbval, as ``make test`` runs it, and whether it passed."""
    command = [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "-n", "auto",
               "--dist", "loadscope", "-q", "-p", "no:cacheprovider", *map(str, NOTEBOOKS)]
    t0 = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    return time.perf_counter() - t0, result.returncode == 0, (result.stdout.strip().splitlines() or [""])[-1]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not NOTEBOOKS:
        print("P3: no notebooks to time")
        return
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 1
    print(f"P3 notebook series: each notebook from a fresh kernel (budget: no cell > {CELL_BUDGET:g} s)"
          + (f", median of {repeat} runs" if repeat > 1 else ""))
    print(f"   {'notebook':<40} {'wall s':>7} {'cells':>5} {'slowest / 5 s':>13}   slowest cells")
    total, slowest_overall, over = 0.0, (0.0, ""), []
    for path in NOTEBOOKS:
        runs = [time_notebook(path) for _ in range(repeat)]
        wall = statistics.median(w for w, _ in runs)
        cells = [(i, statistics.median(run[1][k][1] for run in runs), first)
                 for k, (i, _, first) in enumerate(runs[0][1])]
        over += [(s, f"{path.stem} cell {i}: {first}") for i, s, first in cells if s > CELL_BUDGET]
        total += wall
        ranked = sorted(cells, key=lambda c: -c[1])[:N_SLOWEST]
        worst = ranked[0][1] if ranked else 0.0
        if worst > slowest_overall[0]:
            slowest_overall = (worst, f"{path.stem} cell {ranked[0][0]}")
        flag = "  OVER" if worst > CELL_BUDGET else ""
        listed = ", ".join(f"#{i} {s:.2f}s" for i, s, _ in ranked)
        print(f"   {path.stem:<40} {wall:7.2f} {len(cells):5d} {worst / CELL_BUDGET:13.2f}{flag}   {listed}")
        if ranked:
            print(f"   {'':<40} {'':>7} {'':>5} {'':>13}   #{ranked[0][0]}: {ranked[0][2]}")
    print(f"   {'sum, one notebook after another':<40} {total:7.2f}")
    print(f"   slowest cell of the series: {slowest_overall[0]:.2f} s ({slowest_overall[1]}), "
          f"{slowest_overall[0] / CELL_BUDGET:.2f} of the 5 s budget")
    print(f"   cells over {CELL_BUDGET:g} s: {len(over) or 'none'}")
    for seconds, where in sorted(over, reverse=True):
        print(f"      {seconds:6.2f} s  {where}")
    if "--no-nbval" in argv:
        return
    wall, passed, summary = time_nbval()
    print(f"P3 the series under nbval as `make test` runs it (budget {SERIES_BUDGET:g} s)")
    print(f"   wall time {wall:7.2f} s   {wall / SERIES_BUDGET:.2f} of the budget   "
          f"{total / wall:.2f}x faster than one after another   nbval: {summary}"
          + ("" if passed else "   (FAILED)"))


if __name__ == "__main__":
    main()
