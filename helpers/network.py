r"""Fully connected networks in the lecture's row-major layout.

For layer :math:`l = 1, \dots, L`, with :math:`A^{[0]} = X` of shape (m, n_x):

.. math::
    Z^{[l]} = A^{[l-1]} W^{[l]} + b^{[l]}, \qquad A^{[l]} = g^{[l]}(Z^{[l]}),

:math:`W^{[l]}` of shape :math:`(n_{l-1}, n_l)` and :math:`b^{[l]}` of shape
:math:`(1, n_l)`; :math:`\hat y = A^{[L]}`. Backpropagation, from
:math:`\delta^{[L]} = \partial L/\partial \hat y \odot g^{[L]\prime}(Z^{[L]})`:

.. math::
    \frac{\partial L}{\partial W^{[l]}} = A^{[l-1]\top} \delta^{[l]}, \qquad
    \frac{\partial L}{\partial b^{[l]}} = \textstyle\sum_i \delta^{[l]}_i, \qquad
    \delta^{[l-1]} = \delta^{[l]} W^{[l]\top} \odot g^{[l-1]\prime}(Z^{[l-1]}).

With a sigmoid output and binary cross-entropy, :math:`\delta^{[L]}` simplifies
to :math:`(\hat y - y)/m`, which is what is computed (it never divides by a
saturated :math:`\hat y(1-\hat y)`).

All parameters live in one flat vector ``theta``; ``params["W1"]`` and friends
are reshaped *views* of it, so an update of ``theta`` is an update of every
layer, and a copy is needed to keep a snapshot.
"""
from contextlib import contextmanager

import numpy as np

from ._validation import check_float, check_int, check_X_y
from .activations import get_activation
from .initializers import initialize
from .losses import get_loss
from .normalization import NORMALIZATIONS, normalize_backward, normalize_forward

__all__ = ["NeuralNet", "ShallowNeuralNet", "MAX_PARAMETER_BYTES"]

#: Networks whose parameters would take more memory than this are refused (1 GiB of float64,
#: about 134 million parameters): a typo such as a width of 10**9 should be an error, not a
#: process killed by the operating system. Training needs several times more for gradients
#: and activations.
MAX_PARAMETER_BYTES = 2**30


class NeuralNet:
    """A fully connected network with any number of layers.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_x, n_1, ..., n_y]``: input size, hidden sizes, output size.
    hidden_activation : str, default="identity"
        Activation after every hidden layer (see :data:`helpers.activations.ACTIVATIONS`).
    output_activation : str, default="identity"
        Activation after the last layer (``"sigmoid"`` for classification).
    loss : {"mse", "binary_cross_entropy"}, default="mse"
    init : str or callable, default="normal"
        Initializer name from :data:`helpers.initializers.INITIALIZERS` or a callable.
    init_scale : float, default=1.0
        Multiplies every initial value (0.01 is the lecture's "divide by 100").
    random_state : None, int, RandomState or Generator
        Randomness of the initializer; an int seeds a legacy ``RandomState``.
    normalization : {None, "batch", "layer"}, default=None
        Normalize every hidden layer's pre-activation before its activation
        (:mod:`helpers.normalization`): ``"batch"`` (Ioffe & Szegedy, 2015) or
        ``"layer"`` (Ba et al., 2016), each with a learnable scale ``gamma{l}``
        (starts at 1) and shift ``beta{l}`` (starts at 0), ordinary parameters in
        ``theta`` after ``b{l}``. The output layer is never normalized.
    residual : bool, default=False
        Residual connections (He et al., 2016, "Deep residual learning for image
        recognition"): every hidden layer after the first adds its input to its
        output, :math:`A^{[l]} = A^{[l-1]} + g(Z^{[l]})`, so the identity is
        the easiest thing for a layer to compute and gradients reach early layers
        through the sums. The first hidden layer (inputs → hidden) and the output
        layer have no skip; the hidden layers must then all have the same width
        (a change of width would need a projection, which is refused rather than
        guessed).
    momentum : float in (0, 1], default=0.1
        Batch norm's running averages, used at inference, follow
        ``running = (1 - momentum) * running + momentum * batch`` after every
        training update (PyTorch's convention; the running variance uses the
        unbiased batch variance).
    eps : float > 0, default=1e-5
        Added to the variance before the square root.

    Attributes
    ----------
    theta : ndarray of shape (n_params,)
        All parameters, flat, in the order W1, b1, W2, b2, ...
    params : dict of str to ndarray
        Views of ``theta`` by name: ``params["W1"]`` has shape (n_x, n_1).
    history : helpers.training.History or None
        What the last call to :meth:`train` recorded.
    """

    def __init__(self, layer_sizes, *, hidden_activation="identity", output_activation="identity",
                 loss="mse", init="normal", init_scale=1.0, random_state=None, normalization=None,
                 residual=False, momentum=0.1, eps=1e-5):
        name = type(self).__name__
        if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__len__") \
                or len(layer_sizes) < 2:
            raise ValueError(f"The 'layer_sizes' parameter of {name} must be a list of at least two "
                             f"ints (input size, ..., output size). Got {layer_sizes!r} instead.")
        sizes = [check_int(n, "layer_sizes", name) for n in layer_sizes]
        n_params = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
        if 8 * n_params > MAX_PARAMETER_BYTES:
            raise ValueError(f"The 'layer_sizes' parameter of {name} describes a network too large for "
                             f"memory: {sizes} has {n_params:,} parameters, {8 * n_params / 2**30:,.1f} GiB "
                             f"as float64, over the limit of {MAX_PARAMETER_BYTES / 2**30:g} GiB "
                             f"({MAX_PARAMETER_BYTES // 8:,} parameters). Got {layer_sizes!r}.")
        self.layer_sizes = sizes
        self.hidden = get_activation(hidden_activation, parameter="hidden_activation")
        self.output = get_activation(output_activation, parameter="output_activation")
        self.loss_fn = get_loss(loss)
        self.init = init
        self.init_scale = check_float(init_scale, "init_scale", name, allow_zero=True)
        self._set_structure(normalization, residual, momentum, eps)
        layers = initialize(sizes, init, random_state=random_state, scale=self.init_scale)
        arrays, self.param_names = [], []
        for l, (W, b) in enumerate(layers, start=1):
            arrays += [W, b]
            self.param_names += [f"W{l}", f"b{l}"]
            if self.normalization is not None and l < len(layers):
                arrays += [np.ones_like(b), np.zeros_like(b)]
                self.param_names += [f"gamma{l}", f"beta{l}"]
        self.theta = np.concatenate([a.ravel() for a in arrays])
        self._offsets = np.cumsum([0] + [a.size for a in arrays])[:-1]
        self.params = {}
        for pname, a, start in zip(self.param_names, arrays, self._offsets):
            self.params[pname] = self.theta[start:start + a.size].reshape(a.shape)
        self._layers = [(self.params[f"W{l}"], self.params[f"b{l}"]) for l in range(1, len(layers) + 1)]
        self._norms = [(self.params[f"gamma{l}"], self.params[f"beta{l}"]) for l in range(1, len(layers))] \
            if self.normalization is not None else None
        index = {p: i for i, p in enumerate(self.param_names)}
        L = len(layers)
        self._slots = [(index[f"W{l}"], index[f"b{l}"], index.get(f"gamma{l - 1}"), index.get(f"beta{l - 1}"))
                       for l in range(1, L + 1)]   # where layer l's gradients go (and layer l-1's gamma, beta)
        self.running_mean = [np.zeros((1, n)) for n in sizes[1:-1]]
        self.running_var = [np.ones((1, n)) for n in sizes[1:-1]]
        self._cache = []
        self._ones = {}
        self._fused_output = self.output.name == "sigmoid" and self.loss_fn.name == "binary_cross_entropy"
        self.history = None

    def _set_structure(self, normalization, residual, momentum, eps):
        name = type(self).__name__
        if normalization is not None and normalization not in NORMALIZATIONS:
            raise ValueError(f"The 'normalization' parameter of {name} must be one of None, 'batch', "
                             f"'layer'. Got {normalization!r} instead.")
        if not isinstance(residual, bool):
            raise TypeError(f"The 'residual' parameter of {name} must be True or False. "
                            f"Got {residual!r} instead.")
        hidden = self.layer_sizes[1:-1]
        if residual and len(set(hidden)) > 1:
            raise ValueError(f"The 'residual' parameter of {name} needs hidden layers of one width, "
                             f"so that each can add its input to its output; layer_sizes "
                             f"{self.layer_sizes} has hidden widths {hidden}. Use equal widths (a "
                             f"change of width would need a learned projection, not provided here).")
        momentum = check_float(momentum, "momentum", name)
        if momentum > 1:
            raise ValueError(f"The 'momentum' parameter of {name} must be a float in (0, 1]. "
                             f"Got {momentum!r} instead.")
        self.normalization, self.residual = normalization, residual
        self.momentum, self.eps = momentum, check_float(eps, "eps", name)

    # -- structure -------------------------------------------------------------------
    @property
    def n_layers(self):
        """Number of weight layers L."""
        return len(self.layer_sizes) - 1

    @property
    def weights(self):
        """List of the weight matrices W1 ... WL (views)."""
        return [W for W, _ in self._layers]

    @property
    def biases(self):
        """List of the bias rows b1 ... bL (views)."""
        return [b for _, b in self._layers]

    def get_params(self):
        """A copy of every parameter, by name."""
        return {k: v.copy() for k, v in self.params.items()}

    def set_params(self, **values):
        """Overwrite parameters by name, e.g. ``set_params(W1=..., b2=...)``."""
        for key, value in values.items():
            if key not in self.params:
                raise ValueError(f"Unknown parameter {key!r}. Choose one of: {', '.join(self.params)}.")
            value = np.asarray(value, dtype=float)
            if value.shape != self.params[key].shape:
                raise ValueError(f"The {key!r} parameter must have shape {self.params[key].shape}. "
                                 f"Got shape {value.shape} instead.")
            self.params[key][...] = value

    @contextmanager
    def parameters_at(self, theta):
        """Temporarily give the network the flat parameters ``theta`` (None: leave them).

        Used as ``with net.parameters_at(theta0): ...``; the parameters are restored on exit,
        also after an error.
        """
        if theta is None:
            yield self
            return
        saved = self.theta.copy()
        self.theta[...] = theta
        try:
            yield self
        finally:
            self.theta[...] = saved

    def __repr__(self):
        acts = f"hidden={self.hidden.name!r}, output={self.output.name!r}"
        return (f"{type(self).__name__}(layer_sizes={self.layer_sizes}, {acts}, "
                f"loss={self.loss_fn.name!r}, init={self.init!r})")

    # -- forward and backward ----------------------------------------------------------
    def _forward(self, X, training=True, update_stats=False):
        """Pre-activations Z and activations A of every layer (A[0] is X).

        For a normalized layer, ``Zs`` holds the normalized, scaled and shifted
        :math:`\\tilde Z` that the activation receives. ``training``: batch norm uses
        the batch's statistics (the function training minimizes), else the running
        averages; ``update_stats``: a training update, which moves the running averages.
        """
        Zs, As = [], [X]
        last = self.n_layers - 1
        if self._norms is not None:
            self._cache = []
        for l, (W, b) in enumerate(self._layers):
            Z = As[-1] @ W + b
            if l == last:
                Zs.append(Z)
                As.append(self.output.f(Z))
                break
            if self._norms is not None:
                Z = self._normalize(l, Z, training, update_stats)
            Zs.append(Z)
            A = self.hidden.f(Z)
            As.append(A + As[-1] if self.residual and l > 0 else A)
        return Zs, As

    def _normalize(self, l, Z, training, update_stats):
        """Normalize hidden layer ``l`` (0-based); keep what the backward pass needs."""
        gamma, beta = self._norms[l]
        stats = {}
        if self.normalization == "batch" and not training:
            stats = {"mean": self.running_mean[l], "var": self.running_var[l]}
        Z, cache = normalize_forward(Z, gamma, beta, self.normalization, eps=self.eps, **stats)
        self._cache.append(cache)
        if self.normalization == "batch" and training and update_stats:
            m, rate = len(Z), self.momentum
            self.running_mean[l] *= 1 - rate
            self.running_mean[l] += rate * cache[2]
            self.running_var[l] *= 1 - rate
            self.running_var[l] += rate * cache[3] * (m / max(m - 1, 1))
        return Z

    def recalibrate(self, X):
        """Batch norm: set the running averages to the statistics of ``X`` at the current parameters.

        The running averages mix the statistics of the last ~1/momentum updates, taken
        with parameters that kept changing; in a deep net the small differences add up
        layer after layer, and predictions at inference can drift far from those in
        training. One pass over the training data fixes that (a common step after
        training with batch norm). Does nothing for other networks.
        """
        X = check_X_y(X, caller="recalibrate", n_features=self.layer_sizes[0])
        if self.normalization == "batch":
            momentum, self.momentum = self.momentum, 1.0
            try:
                self._forward(X, training=True, update_stats=True)
            finally:
                self.momentum = momentum
        return self

    def _backward(self, y, Zs, As, views):
        """Write dL/dtheta into ``views`` (see :meth:`grad_views`); return the loss."""
        y_hat = As[-1]
        if self._fused_output:
            loss, delta = self.loss_fn.f(y_hat, y), (y_hat - y) / y_hat.size
        else:
            loss, delta = self.loss_fn.evaluate(y_hat, y)
            if self.output.name != "identity":
                delta = delta * self.output.df(Zs[-1])
        ones = self._ones_row(len(y))
        skip = None
        for l in range(self.n_layers - 1, -1, -1):
            w_slot, b_slot, gamma_slot, beta_slot = self._slots[l]
            np.matmul(As[l].T, delta, out=views[w_slot])
            np.matmul(ones, delta, out=views[b_slot])  # the sum over samples
            if l > 0:
                dA = delta @ self._layers[l][0].T                   # dL/dA of hidden layer l
                if self.residual and l < self.n_layers - 1:
                    dA = dA + skip                                  # A[l+1] = A[l] + g(...)
                skip = dA
                delta = dA * self.hidden.df(Zs[l - 1]) if self.hidden.name != "identity" else dA
                if self._norms is not None:
                    delta, dgamma, dbeta = normalize_backward(delta, self._norms[l - 1][0],
                                                              self._cache[l - 1], self.normalization)
                    views[gamma_slot][...] = dgamma
                    views[beta_slot][...] = dbeta
        return loss

    def _check_targets(self, y, caller, name="y"):
        """Binary cross-entropy needs labels 0 or 1: anything else trains silently on nonsense."""
        if self.loss_fn.name == "binary_cross_entropy":
            bad = (y != 0) & (y != 1)
            if bad.any():
                values = ", ".join(f"{v:g}" for v in np.unique(y[bad])[:5])
                raise ValueError(f"The {name!r} parameter of {caller} must hold labels 0 or 1 for the "
                                 f"binary cross-entropy loss. Got {int(bad.sum())} other value(s) "
                                 f"instead: {values}.")
        return y

    def _ones_row(self, m):
        """A cached row of m ones: ``ones @ delta`` sums over samples faster than ``np.sum``."""
        ones = self._ones.get(m)
        if ones is None:
            ones = self._ones[m] = np.ones((1, m))
        return ones

    def grad_views(self, grad):
        """Views of a flat array shaped like the parameters, in the order of ``param_names``."""
        return [grad[s:s + p.size].reshape(p.shape) for s, p in zip(self._offsets, self.params.values())]

    def _loss_and_grad(self, X, y, views, update_stats=False):
        """One forward and one backward pass on validated arrays (the trainer's inner step).

        ``update_stats=True`` marks a training update: batch norm's running averages move.
        """
        Zs, As = self._forward(X, update_stats=update_stats)
        return self._backward(y, Zs, As, views)

    def forward(self, X):
        """Network output :math:`\\hat y` of shape (n_samples, n_y)."""
        X = check_X_y(X, caller="forward", n_features=self.layer_sizes[0])
        return self._forward(X, training=False)[1][-1]

    def activations(self, X):
        """Pre-activations and activations of every layer: ``(Zs, As)``, ``As[0]`` is ``X``."""
        X = check_X_y(X, caller="activations", n_features=self.layer_sizes[0])
        return self._forward(X, training=False)

    def loss(self, X, y):
        """The loss of the current parameters on ``(X, y)``, as a float."""
        X, y = check_X_y(X, y, caller="loss", n_features=self.layer_sizes[0],
                         n_outputs=self.layer_sizes[-1])
        self._check_targets(y, "loss")
        return self.loss_fn.f(self._forward(X, training=False)[1][-1], y)

    def gradients(self, X, y):
        """Gradients of the loss with respect to every parameter, by name (new arrays)."""
        X, y = check_X_y(X, y, caller="gradients", n_features=self.layer_sizes[0],
                         n_outputs=self.layer_sizes[-1])
        self._check_targets(y, "gradients")
        views = self.grad_views(np.empty_like(self.theta))
        self._loss_and_grad(X, y, views)
        return dict(zip(self.param_names, views))

    def predict_proba(self, X):
        """Output of the network as a 1-D array when it has one output unit."""
        out = self.forward(X)
        return out[:, 0] if out.shape[1] == 1 else out

    def predict(self, X, *, threshold=0.5):
        """Class labels (0/1) for a classifier (cross-entropy loss), else the regression output."""
        out = self.predict_proba(X)
        if self.loss_fn.name == "binary_cross_entropy":
            return (out >= threshold).astype(int)
        return out

    # -- training ----------------------------------------------------------------------
    def train(self, X, y, *, lr, max_iter=100, tol=None, **options):
        """Train with :func:`helpers.training.train`, which documents every option
        (``optimizer``, ``batch_size``, ``random_state``, ``clip_norm``, ``lr_schedule``, ...).

        Returns the :class:`helpers.training.History`, also kept as ``self.history``.
        """
        from .training import train
        return train(self, X, y, lr=lr, max_iter=max_iter, tol=tol, **options)


def _param_property(pname):
    def get(self):
        return self.params[pname]

    def set(self, value):
        self.set_params(**{pname: value})
    return property(get, set, doc=f"Parameter {pname} (a view of ``theta``; assignment copies into it).")


class ShallowNeuralNet(NeuralNet):
    r"""The lecture's two-layer network :math:`\hat y = (X W_1 + b_1) W_2 + b_2`.

    No activation by default: the first lecture model is linear. Gradients
    (MSE, :math:`\varepsilon = \hat y - y`, :math:`Z_1 = X W_1 + b_1`):

    .. math::
        dW_2 = \tfrac2m Z_1^\top \varepsilon,\quad db_2 = \tfrac2m \textstyle\sum \varepsilon,\quad
        dZ_1 = \varepsilon W_2^\top,\quad dW_1 = \tfrac2m X^\top dZ_1,\quad db_1 = \tfrac2m \textstyle\sum dZ_1.

    Parameters
    ----------
    n_x, n_h, n_y : int
        Input, hidden and output sizes (the lecture: 2, 4, 1).
    init, hidden_activation, output_activation, loss, init_scale, random_state
        As in :class:`NeuralNet`.

    Examples
    --------
    >>> from helpers.datasets import make_housing
    >>> X, y = make_housing(random_state=47)
    >>> net = ShallowNeuralNet(2, 4, 1, init="normal", random_state=37)
    >>> history = net.train(X, y, lr=1e-6, max_iter=100, tol=1e-6)
    >>> round(history.final_loss, 6)
    2.654116
    """
    W1, b1, W2, b2 = (_param_property(p) for p in ("W1", "b1", "W2", "b2"))

    def __init__(self, n_x, n_h, n_y, *, init="normal", hidden_activation="identity",
                 output_activation="identity", loss="mse", init_scale=1.0, random_state=None):
        sizes = [check_int(n, p, "ShallowNeuralNet") for n, p in ((n_x, "n_x"), (n_h, "n_h"), (n_y, "n_y"))]
        super().__init__(sizes, hidden_activation=hidden_activation,
                         output_activation=output_activation, loss=loss, init=init,
                         init_scale=init_scale, random_state=random_state)
