r"""Initial weights and biases: the lecture's schemes and the textbook ones.

Every initializer has the same signature::

    init(fan_in, fan_out, random_state, layer_sizes) -> (W, b)

and returns ``W`` of shape ``(fan_in, fan_out)`` and ``b`` of shape
``(1, fan_out)`` for one layer (row-major layout: ``Z = X @ W + b``).
``layer_sizes`` is the whole network's ``[n_x, n_1, ..., n_y]``; only the
lecture's ``weird`` scheme looks at it. A scheme draws ``W`` first, then ``b``,
and draws nothing for a bias that is all zeros, so that :func:`initialize`
consumes the random stream in the lecture's order ``W1, b1, W2, b2, ...``.

A user-supplied callable with the same signature may be passed wherever a name
is accepted.

Errata (the lecture material)
-----------------------------
* The slides' "He" (:math:`\sqrt{4/(n_x+n_h)}`, random biases, cited to LeCun
  1998) is not He et al. (2015): He is std :math:`\sqrt{2/\text{fan}_\text{in}}` with
  zero biases, as in :func:`he`.
* The lecture notebook's "Xavier" is the slides' "weird" init (:func:`weird`):
  one limit :math:`\sqrt{6/(n_x + n_y)}` for every layer and for the biases.
  Glorot & Bengio (2010) use each layer's own fan-in + fan-out and zero biases
  (:func:`xavier_uniform`).
* "Variance 0.1" for the normal init: 0.1 is the standard deviation (variance
  0.01). For LeCun, :math:`\sqrt{1/\text{fan}_\text{in}}` is the standard deviation.
"""
import functools

import numpy as np

from ._validation import (check_float, check_int, check_layer_sizes, check_memory,
                          check_random_state)

__all__ = ["compute_fans", "normal", "weird", "he", "lecun", "xavier_uniform", "xavier_normal",
           "he_uniform", "standard_normal", "constant", "zeros", "INITIALIZERS", "get_initializer",
           "matching_init", "initialize"]


def compute_fans(shape):
    """Fan-in and fan-out of a weight matrix in row-major layout.

    Parameters
    ----------
    shape : tuple of int
        ``(n_in, n_out)``: ``W`` maps ``n_in`` inputs to ``n_out`` units.

    Returns
    -------
    fan_in, fan_out : int
        Number of inputs feeding each unit, and number of units each input feeds.
    """
    if isinstance(shape, (str, bytes)) or not hasattr(shape, "__len__") or len(shape) != 2:
        raise ValueError(f"The 'shape' parameter of compute_fans must be a pair of ints "
                         f"(n_in, n_out). Got {shape!r} instead.")
    return (check_int(shape[0], "shape", "compute_fans"), check_int(shape[1], "shape", "compute_fans"))


def _zeros_bias(fan_out):
    return np.zeros((1, fan_out))


def normal(fan_in, fan_out, random_state, layer_sizes=None):
    r"""The lecture's "Normal" init: :math:`W, b \sim \mathcal N(0, 1)\cdot 0.1`.

    Standard deviation 0.1 (variance 0.01) for weights *and* biases, whatever the
    layer's size.
    """
    W = random_state.standard_normal((fan_in, fan_out)) * 0.1
    b = random_state.standard_normal((1, fan_out)) * 0.1
    return W, b


def weird(fan_in, fan_out, random_state, layer_sizes):
    r"""The lecture's "weird" init (called "Xavier" in its notebook).

    .. math:: W, b \sim U(-r, r), \qquad r = \sqrt{6/(n_x + n_y)}

    with :math:`n_x, n_y` the *network's* input and output sizes, the same
    limit for every layer and for the biases. Not Glorot's scheme: see
    :func:`xavier_uniform`.
    """
    limit = np.sqrt(6 / (layer_sizes[0] + layer_sizes[-1]))
    W = random_state.uniform(-limit, limit, (fan_in, fan_out))
    b = random_state.uniform(-limit, limit, (1, fan_out))
    return W, b


def he(fan_in, fan_out, random_state, layer_sizes=None):
    r"""He et al. (2015), "Delving deep into rectifiers": normal, zero biases.

    .. math:: W \sim \mathcal N(0, 1)\cdot\sqrt{2/\text{fan}_\text{in}}, \qquad b = 0

    The factor 2 compensates for ReLU zeroing half of its inputs, so the
    variance of the pre-activations stays constant with depth.
    """
    W = random_state.standard_normal((fan_in, fan_out)) * np.sqrt(2 / fan_in)
    return W, _zeros_bias(fan_out)


def lecun(fan_in, fan_out, random_state, layer_sizes=None):
    r"""LeCun et al. (1998), "Efficient BackProp": normal, zero biases.

    .. math:: W \sim \mathcal N(0, 1)\cdot\sqrt{1/\text{fan}_\text{in}}, \qquad b = 0

    Keeps the variance of :math:`z = xW` equal to that of :math:`x` for a
    linear (or tanh near 0) layer.
    """
    W = random_state.standard_normal((fan_in, fan_out)) * np.sqrt(1 / fan_in)
    return W, _zeros_bias(fan_out)


def xavier_uniform(fan_in, fan_out, random_state, layer_sizes=None):
    r"""Glorot & Bengio (2010), "Understanding the difficulty of training deep
    feedforward neural networks": uniform, zero biases.

    .. math:: W \sim U(-r, r), \quad r = \sqrt{6/(\text{fan}_\text{in} + \text{fan}_\text{out})}, \quad b = 0

    The limit is :math:`\sqrt 3` times the std :math:`\sqrt{2/(\text{fan}_\text{in}+\text{fan}_\text{out})}`.
    """
    limit = np.sqrt(6 / (fan_in + fan_out))
    return random_state.uniform(-limit, limit, (fan_in, fan_out)), _zeros_bias(fan_out)


def xavier_normal(fan_in, fan_out, random_state, layer_sizes=None):
    r"""Glorot & Bengio (2010), normal variant, zero biases.

    .. math:: W \sim \mathcal N(0, 1)\cdot\sqrt{2/(\text{fan}_\text{in} + \text{fan}_\text{out})}, \qquad b = 0
    """
    W = random_state.standard_normal((fan_in, fan_out)) * np.sqrt(2 / (fan_in + fan_out))
    return W, _zeros_bias(fan_out)


def he_uniform(fan_in, fan_out, random_state, layer_sizes=None):
    r"""He et al. (2015), uniform variant, zero biases.

    .. math:: W \sim U(-r, r), \quad r = \sqrt{6/\text{fan}_\text{in}} = \sqrt3\cdot\sqrt{2/\text{fan}_\text{in}}, \quad b = 0
    """
    limit = np.sqrt(6 / fan_in)
    return random_state.uniform(-limit, limit, (fan_in, fan_out)), _zeros_bias(fan_out)


def standard_normal(fan_in, fan_out, random_state, layer_sizes=None):
    r"""Unscaled normal weights, zero biases: :math:`W \sim \mathcal N(0, 1)`, :math:`b = 0`.

    The blog's "large" and "small" inits are this times 10 and times 0.01:
    pass ``init_scale=10`` or ``init_scale=0.01``. Nothing depends on the layer's
    size, which is exactly what goes wrong in a deep network.
    """
    return random_state.standard_normal((fan_in, fan_out)), _zeros_bias(fan_out)


def constant(fan_in, fan_out, random_state=None, layer_sizes=None):
    """The lecture's "Constant" init: 0.1 for every weight and bias (draws nothing).

    Every hidden unit starts identical and receives identical gradients, so
    the units stay identical forever: the symmetry problem.
    """
    return np.full((fan_in, fan_out), 0.1), np.full((1, fan_out), 0.1)


def zeros(fan_in, fan_out, random_state=None, layer_sizes=None):
    """The lecture's "Zero" init: every weight and bias 0 (draws nothing).

    In the two-layer linear net only the output bias receives a gradient at
    the start: every other gradient is a product with a zero matrix.
    """
    return np.zeros((fan_in, fan_out)), _zeros_bias(fan_out)


def _checked(init, *, draws=True, reads_sizes=False):
    """``init``, checking its arguments first: ``fan_in`` and ``fan_out`` ints >= 1 whose
    weights fit in memory, ``random_state`` a generator (an int seeds one, as everywhere) if the
    scheme draws, and ``layer_sizes`` if it reads them. The wrapper keeps the scheme's name,
    docstring and shown source (``functools.wraps``), so the notebooks show the scheme itself.
    """
    name = init.__name__

    @functools.wraps(init)
    def checked(fan_in, fan_out, random_state=None, layer_sizes=None):
        fan_in, fan_out = check_int(fan_in, "fan_in", name), check_int(fan_out, "fan_out", name)
        check_memory(fan_in * fan_out, ("fan_in", "fan_out"), name, (fan_in, fan_out),
                     what=f"the weights of a {fan_in:,} × {fan_out:,} layer")
        if draws:
            random_state = check_random_state(random_state, caller=name)
        if reads_sizes:
            layer_sizes = check_layer_sizes(layer_sizes, "layer_sizes", name)
        return init(fan_in, fan_out, random_state, layer_sizes)
    return checked


normal, he, lecun, xavier_uniform, xavier_normal, he_uniform, standard_normal = (
    _checked(f) for f in (normal, he, lecun, xavier_uniform, xavier_normal, he_uniform, standard_normal))
weird = _checked(weird, reads_sizes=True)
constant, zeros = (_checked(f, draws=False) for f in (constant, zeros))

#: Registry of initializers by name.
INITIALIZERS = {f.__name__: f for f in (normal, weird, he, lecun, xavier_uniform, xavier_normal,
                                        he_uniform, standard_normal, constant, zeros)}

#: Activations whose matching fan-in-scaled init is He's :math:`\sqrt{2/\text{fan}_\text{in}}`.
RELU_LIKE = ("relu", "leaky_relu", "elu", "gelu", "silu")


def get_initializer(init):
    """Return the initializer called ``init``, or ``init`` itself if it is callable."""
    if callable(init):
        return init
    if not isinstance(init, str):
        raise TypeError(f"The 'init' parameter must be a name or a callable. Got {init!r} instead.")
    try:
        return INITIALIZERS[init]
    except KeyError:
        raise ValueError(f"Unknown init {init!r}. Choose one of: {', '.join(INITIALIZERS)}, "
                         f"or pass a callable.") from None


def matching_init(activation):
    r"""Name of the fan-in-scaled init that matches a hidden activation.

    :math:`\sqrt{2/\text{fan}_\text{in}}` (:func:`he`) for ReLU and its relatives,
    :math:`\sqrt{1/\text{fan}_\text{in}}` (:func:`lecun`) for tanh, sigmoid and the
    identity.

    Erratum (the blog): its test ``if act == 'sigmoid' or 'tanh':`` is always
    true (a non-empty string is truthy), so a ReLU network would silently get
    :math:`\sqrt{1/\text{fan}_\text{in}}` too, never He's
    :math:`\sqrt{2/\text{fan}_\text{in}}`. The blog's own runs use tanh, so
    its results are not affected. The test has to be
    ``act in ('sigmoid', 'tanh')``; this function asks the other way round
    (is the activation of the ReLU family?), so every other activation gets
    LeCun's scale.

    Parameters
    ----------
    activation : str or helpers.activations.Activation

    Returns
    -------
    {"he", "lecun"}
    """
    from .activations import get_activation
    name = get_activation(activation).name
    return "he" if name in RELU_LIKE else "lecun"


def initialize(layer_sizes, init="normal", *, random_state=None, scale=1.0):
    """Draw every layer's ``(W, b)``, in the order W1, b1, W2, b2, ...

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_x, n_1, ..., n_y]``; at least two entries, each >= 1.
    init : str or callable, default="normal"
        A name from :data:`INITIALIZERS` or a callable
        ``init(fan_in, fan_out, random_state, layer_sizes) -> (W, b)``.
    random_state : None, int, RandomState or Generator
        Source of randomness; an int seeds a legacy ``RandomState``.
    scale : float, default=1.0
        Every drawn value is multiplied by ``scale`` (``0.01`` is the lecture's
        "divide the initial values by 100").

    Returns
    -------
    list of (ndarray of shape (n_l, n_{l+1}), ndarray of shape (1, n_{l+1}))
    """
    sizes = check_layer_sizes(layer_sizes, "layer_sizes", "initialize")
    check_memory(sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:])), "layer_sizes", "initialize",
                 layer_sizes, what=f"the parameters of a {sizes} network")
    scale = check_float(scale, "scale", "initialize", allow_zero=True)
    draw = get_initializer(init)
    rs = check_random_state(random_state, caller="initialize")
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        W, b = draw(fan_in, fan_out, rs, sizes)
        W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
        if W.shape != (fan_in, fan_out) or b.shape != (1, fan_out):
            raise ValueError(f"The initializer {init!r} must return W of shape {(fan_in, fan_out)} "
                             f"and b of shape {(1, fan_out)}. Got {W.shape} and {b.shape} instead.")
        params.append((W * scale, b * scale) if scale != 1.0 else (W, b))
    return params
