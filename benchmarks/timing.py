"""Interleaved timing of two callables, so machine drift hits both alike."""
import statistics
import time


def compare(candidate, baseline, *, repeats=7):
    """Time ``candidate`` and ``baseline`` alternately; return medians and the median ratio.

    Returns
    -------
    dict with keys ``candidate``, ``baseline`` (median seconds) and ``ratio``
    (median of the pairwise ratios candidate / baseline).
    """
    candidate(), baseline()  # warm-up
    pairs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        candidate()
        t1 = time.perf_counter()
        baseline()
        t2 = time.perf_counter()
        pairs.append((t1 - t0, t2 - t1))
    return {"candidate": statistics.median(a for a, _ in pairs),
            "baseline": statistics.median(b for _, b in pairs),
            "ratio": statistics.median(a / b for a, b in pairs)}
