"""P2: a batched sweep of shallow nets against looping the lecture's class.

1,000 nets (100 model seeds x 10 learning rates in [1e-8, 1e-6], normal init,
housing data) x 1,000 iterations, trained by ``helpers.sweeps.train_many`` in one
batched computation. The baseline loops ``LectureShallowNeuralNet`` over the same
configurations; because that takes a minute, it is timed on an evenly spread
subset of 50 of them and compared per net-iteration.
Target: >= 10x faster per net-iteration, the same losses (rtol 1e-9), and the
sweep's peak memory (tracemalloc, measured in a separate run) well under 1 GB.
"""
import tracemalloc

import numpy as np
from lecture_reference import LectureShallowNeuralNet
from timing import compare

from helpers.datasets import make_housing
from helpers.sweeps import train_many

N_ITER = 1000
SEEDS = range(100)
LRS = np.geomspace(1e-8, 1e-6, 10)
N_SUBSET = 50


def main():
    X, y = make_housing(random_state=47)
    n_nets = len(SEEDS) * len(LRS)
    subset = np.linspace(0, n_nets - 1, N_SUBSET).round().astype(int)
    configs = [(seed, lr) for seed in SEEDS for lr in LRS]  # the sweep's row order

    def sweep():
        return train_many(X, y, lrs=LRS, seeds=SEEDS, inits="normal", max_iter=N_ITER)

    def lecture():
        return [LectureShallowNeuralNet(2, 4, 1, "normal", seed=configs[i][0]).train(
            X, y, N_max=N_ITER, alpha=configs[i][1], delta=-1.0) for i in subset]

    tracemalloc.start()
    recorded = train_many(X, y, lrs=LRS, seeds=SEEDS, inits="normal", max_iter=N_ITER,
                          record_losses=True)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    curves = np.array(lecture())
    same = np.allclose(recorded.losses[subset], curves, rtol=1e-9, atol=0)

    t = compare(sweep, lecture, repeats=3)
    per_sweep = t["candidate"] / (n_nets * N_ITER)
    per_lecture = t["baseline"] / (N_SUBSET * N_ITER)
    print(f"P2 sweep of {n_nets:,} nets x {N_ITER:,} iterations (target speed-up >= 10x per net-iteration)")
    print(f"   helpers.sweeps.train_many   {per_sweep * 1e6:8.3f} us/net-iteration ({t['candidate']:.2f} s in all)")
    print(f"   lecture's class, looped     {per_lecture * 1e6:8.3f} us/net-iteration "
          f"(timed on {N_SUBSET} of the {n_nets:,} configurations)")
    print(f"   speed-up                    {per_lecture / per_sweep:8.1f}x   "
          f"same losses on the {N_SUBSET} (rtol 1e-9): {same}")
    print(f"   sweep peak memory           {peak / 2**20:8.1f} MiB (tracemalloc, with every loss curve kept)")


if __name__ == "__main__":
    main()
