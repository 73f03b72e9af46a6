"""Companion package of the course "Why neural networks fail to train, and how to fix it".

One concept per module:

- :mod:`helpers.datasets` — the lecture's housing and sine-boundary data
- :mod:`helpers.initializers` — the lecture's and the textbook initializers
- :mod:`helpers.activations`, :mod:`helpers.losses` — value/derivative pairs
- :mod:`helpers.module` — a model's flat parameter vector and its state (``state_dict``)
- :mod:`helpers.network` — :class:`NeuralNet` and the lecture's :class:`ShallowNeuralNet`
- :mod:`helpers.normalization` — batch and layer normalization: forward, backward, statistics
- :mod:`helpers.training` — full-batch or mini-batch training that records a :class:`History`
- :mod:`helpers.minibatches` — the order of the mini-batches and the place in it
- :mod:`helpers.schedules` — learning-rate schedules
- :mod:`helpers.optimizers` — gd, momentum, Nesterov, AdaGrad, RMSProp and Adam
- :mod:`helpers.diagnostics` — sharpness, symmetry metric, gradient check, update ratios
- :mod:`helpers.sweeps` — thousands of shallow nets trained as one computation
- :mod:`helpers.checkpoints` — save a run and resume it exactly
- :mod:`helpers.deep_linear` — the deep linear chain and how signals scale with depth
- :mod:`helpers.dashboard` — per-layer statistics of deep networks
- :mod:`helpers.boundary` — decision boundaries and classification scores
- :mod:`helpers.plotting` — the course's figures
- :mod:`helpers.exercises` — the instant checks of the notebooks' exercises
"""
from .datasets import load_housing, load_sine_boundary, make_housing, make_sine_boundary
from .network import NeuralNet, ShallowNeuralNet
from .training import History, train

__all__ = ["make_housing", "make_sine_boundary", "load_housing", "load_sine_boundary",
           "NeuralNet", "ShallowNeuralNet", "History", "train"]
