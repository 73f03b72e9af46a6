"""P5: what the update rules cost.

- One Adam update against one plain gradient-descent update of the lecture's net
  (housing data, 2-4-1, 2,000 updates, everything the trainer records included).
  Target: <= 1.3x.
- ``train_many`` with momentum and with Adam against looping single nets
  (``ShallowNeuralNet.train`` with the same rule), per net-iteration, on 500 nets
  (50 seeds x 10 learning rates) x 1,000 updates; the loop is timed on an evenly
  spread subset of 25 of them. Target: >= 10x, with the same losses (rtol 1e-9).
"""
import numpy as np
from timing import compare

from helpers.datasets import make_housing
from helpers.network import ShallowNeuralNet
from helpers.sweeps import train_many

N_ITER = 1000
SEEDS = range(50)
LRS = {"momentum": np.geomspace(1e-9, 1e-7, 10), "adam": np.geomspace(1e-5, 1e-3, 10)}
N_SUBSET = 25


def per_update(n_iter=2000):
    X, y = make_housing(random_state=47)

    def run(optimizer):
        return lambda: ShallowNeuralNet(2, 4, 1, init="normal", random_state=37).train(
            X, y, lr=1e-6, max_iter=n_iter, optimizer=optimizer)

    t = compare(run("adam"), run("gd"))
    print(f"P5a one update of the lecture's net, {n_iter} updates (target Adam / gd <= 1.3)")
    print(f"   adam                {t['candidate'] / n_iter * 1e6:8.1f} us/update")
    print(f"   gd                  {t['baseline'] / n_iter * 1e6:8.1f} us/update")
    print(f"   ratio               {t['ratio']:8.2f}x")


def sweeps():
    X, y = make_housing(random_state=47)
    print(f"P5b train_many against single nets, {len(SEEDS) * 10} nets x {N_ITER} updates "
          f"(target speed-up >= 10x per net-iteration)")
    for name, lrs in LRS.items():
        configs = [(seed, lr) for seed in SEEDS for lr in lrs]
        subset = np.linspace(0, len(configs) - 1, N_SUBSET).round().astype(int)

        def sweep(record=False):
            return train_many(X, y, lrs=lrs, seeds=SEEDS, max_iter=N_ITER, optimizer=name,
                              record_losses=record)

        def loop():
            return [ShallowNeuralNet(2, 4, 1, init="normal", random_state=configs[i][0]).train(
                X, y, lr=configs[i][1], max_iter=N_ITER, optimizer=name).losses for i in subset]

        same = np.allclose(sweep(record=True).losses[subset], np.array(loop()), rtol=1e-9, atol=0)
        t = compare(sweep, loop, repeats=3)
        per_sweep = t["candidate"] / (len(configs) * N_ITER)
        per_loop = t["baseline"] / (N_SUBSET * N_ITER)
        print(f"   {name:9s} sweep {per_sweep * 1e6:7.3f} us/net-iteration, single nets "
              f"{per_loop * 1e6:7.3f}: speed-up {per_loop / per_sweep:6.1f}x   same losses: {same}")


def main():
    per_update()
    sweeps()


if __name__ == "__main__":
    main()
