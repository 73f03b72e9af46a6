"""Run every benchmarks/bench_*.py in turn (``make bench``).

Each benchmark compares against a baseline measured in the same run and prints
ratios: the machines are shared and noisy, so absolute times across runs mean
little, while ratios within one run hold.
"""
import runpy
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
sys.path.insert(0, str(here))
for path in sorted(here.glob("bench_*.py")):
    print(f"\n=== {path.stem} " + "=" * max(0, 60 - len(path.stem)))
    runpy.run_path(str(path), run_name="__main__")
