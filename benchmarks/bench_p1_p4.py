"""P1: the trainer against the lecture's class; P4: the data generators against its loops.

P1 target: time per iteration <= 0.5x the lecture's (two forward passes per
iteration), with the same losses to rtol 1e-9.
P4 target: the vectorized generators >= 100x faster at 200,000 samples, with
identical arrays.
"""
import numpy as np
from lecture_reference import (LectureShallowNeuralNet, housing_list_comprehension,
                               sine_boundary_list_comprehension)
from timing import compare

from helpers.datasets import make_housing, make_sine_boundary
from helpers.network import ShallowNeuralNet


def p1(n_iter=2000):
    X, y = make_housing(random_state=47)

    def ours():
        return ShallowNeuralNet(2, 4, 1, init="normal", random_state=37).train(
            X, y, lr=1e-6, max_iter=n_iter).losses

    def lecture():
        return np.array(LectureShallowNeuralNet(2, 4, 1, "normal", 37).train(
            X, y, N_max=n_iter, alpha=1e-6, delta=-1.0))

    same = np.allclose(ours(), lecture(), rtol=1e-9, atol=0)
    t = compare(ours, lecture)
    print(f"P1 trainer, {n_iter} iterations, housing data, normal init (target ratio <= 0.5)")
    print(f"   helpers.train       {t['candidate'] / n_iter * 1e6:8.1f} us/iteration")
    print(f"   lecture's class     {t['baseline'] / n_iter * 1e6:8.1f} us/iteration")
    print(f"   ratio               {t['ratio']:8.2f}x   same losses (rtol 1e-9): {same}")


def p4(n_samples=200_000):
    print(f"P4 data generators, {n_samples:,} samples (target speed-up >= 100)")
    for name, ours, lecture in (("make_housing", make_housing, housing_list_comprehension),
                                ("make_sine_boundary", make_sine_boundary,
                                 sine_boundary_list_comprehension)):
        a, b = ours(n_samples, random_state=47), lecture(n_samples, 47)
        same = np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
        t = compare(lambda: ours(n_samples, random_state=47), lambda: lecture(n_samples, 47),
                    repeats=3)
        print(f"   {name:20s} {t['candidate'] * 1e3:7.1f} ms vs {t['baseline'] * 1e3:8.1f} ms"
              f"   speed-up {1 / t['ratio']:6.0f}x   identical arrays: {same}")


def main():
    p1()
    p4()


if __name__ == "__main__":
    main()
