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
layer, and a copy is needed to keep a snapshot. A network's whole *state* is
``theta`` plus the running statistics of its batch-norm layers:
:meth:`NeuralNet.state_dict` hands out a copy of it and
:meth:`NeuralNet.load_state_dict` takes one back (checkpoints, early stopping
and :meth:`NeuralNet.parameters_at` all go through them).
"""
import numpy as np

from ._validation import MAX_ARRAY_BYTES, check_binary_labels, check_float, check_int, check_X_y
from .activations import get_activation
from .initializers import initialize
from .losses import get_loss
from .module import Module
from .normalization import NORMALIZATIONS, make_normalization

__all__ = ["NeuralNet", "ShallowNeuralNet", "MAX_PARAMETER_BYTES"]

#: Networks whose parameters would take more memory than this are refused (1 GiB of float64,
#: about 134 million parameters): a typo such as a width of 10**9 should be an error, not a
#: process killed by the operating system. Training needs several times more for gradients
#: and activations.
MAX_PARAMETER_BYTES = MAX_ARRAY_BYTES


def _quiet():
    """Overflow and NaN are the lesson when a run diverged: compute on, without warnings."""
    return np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore")


class NeuralNet(Module):
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
        Normalize every hidden layer's pre-activation before its activation with a
        :class:`~helpers.normalization.BatchNorm` (Ioffe & Szegedy, 2015) or
        :class:`~helpers.normalization.LayerNorm` (Ba et al., 2016), each with a learnable
        scale ``gamma{l}`` (starts at 1) and shift ``beta{l}`` (starts at 0), ordinary
        parameters in ``theta`` after ``b{l}``. The output layer is never normalized.
    residual : bool, default=False
        Residual connections (He et al., 2016, "Deep residual learning for image
        recognition"): every hidden layer after the first adds its input to its
        output, :math:`A^{[l]} = A^{[l-1]} + g(Z^{[l]})`, so the identity is
        the easiest thing for a layer to compute and gradients reach early layers
        through the sums. The first hidden layer and the output layer have no skip;
        the hidden layers must then all have the same width (a change of width
        would need a projection, which is refused rather than guessed).
    momentum : float in (0, 1], default=0.1
        Batch norm's running averages move by this fraction after every training update
        (PyTorch's convention; see :class:`~helpers.normalization.BatchNorm`).
    eps : float > 0, default=1e-5
        Added to the variance before the square root.

    Attributes
    ----------
    theta : ndarray of shape (n_params,)
        All parameters, flat, in the order W1, b1, (gamma1, beta1,) W2, b2, ...
    params : dict of str to ndarray
        Views of ``theta`` by name: ``params["W1"]`` has shape (n_x, n_1).
    norms : list of BatchNorm or LayerNorm, or None
        One normalization object per hidden layer (batch norm's running statistics live there).
    history : helpers.training.History or None
        What the last call to :meth:`train` recorded.
    """

    def __init__(self, layer_sizes, *, hidden_activation="identity", output_activation="identity",
                 loss="mse", init="normal", init_scale=1.0, random_state=None, normalization=None,
                 residual=False, momentum=0.1, eps=1e-5, _size_names=None):
        name = type(self).__name__
        sizes = _check_sizes(layer_sizes, name, _size_names)
        self.layer_sizes = sizes
        self.hidden = get_activation(hidden_activation, parameter="hidden_activation")
        self.output = get_activation(output_activation, parameter="output_activation")
        self.loss_fn = get_loss(loss)
        self.init = init
        self.init_scale = check_float(init_scale, "init_scale", name, allow_zero=True)
        self.normalization, self.residual, self.momentum, self.eps = _check_structure(
            sizes, normalization, residual, momentum, eps, name)
        layers = initialize(sizes, init, random_state=random_state, scale=self.init_scale)
        arrays, self.param_names = [], []
        for l, (W, b) in enumerate(layers, start=1):
            arrays += [W, b]
            self.param_names += [f"W{l}", f"b{l}"]
            if self.normalization is not None and l < len(layers):
                arrays += [np.ones_like(b), np.zeros_like(b)]
                self.param_names += [f"gamma{l}", f"beta{l}"]
        self._init_parameters(self.param_names, arrays)
        L = len(layers)
        self._layers = [(self.params[f"W{l}"], self.params[f"b{l}"]) for l in range(1, L + 1)]
        self.norms = None if self.normalization is None else [
            make_normalization(normalization, n, momentum=self.momentum, eps=self.eps) for n in sizes[1:-1]]
        self._norm_params = [(self.params[f"gamma{l}"], self.params[f"beta{l}"]) for l in range(1, L)] \
            if self.norms else None
        index = {p: i for i, p in enumerate(self.param_names)}
        self._slots = [(index[f"W{l}"], index[f"b{l}"], index.get(f"gamma{l - 1}"), index.get(f"beta{l - 1}"))
                       for l in range(1, L + 1)]   # where layer l's gradients go (and layer l-1's gamma, beta)
        self._ones = {}
        self._fused_output = self.output.name == "sigmoid" and self.loss_fn.name == "binary_cross_entropy"
        self.history = None

    # -- structure ----------------------------------------------------------------------
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

    def _stateful_layers(self):
        """Batch norm's layers keep running statistics: part of the state (see state_dict)."""
        return [(l, norm) for l, norm in enumerate(self.norms or [], start=1) if norm.state()]

    def __repr__(self):
        acts = f"hidden={self.hidden.name!r}, output={self.output.name!r}"
        return (f"{type(self).__name__}(layer_sizes={self.layer_sizes}, {acts}, "
                f"loss={self.loss_fn.name!r}, init={self.init!r})")

    # -- forward and backward ----------------------------------------------------------
    def _forward(self, X, training=True):
        """Pre-activations Z and activations A of every layer (A[0] is X), and the
        normalization layers' caches for the backward pass.

        For a normalized layer, ``Zs`` holds the normalized, scaled and shifted
        :math:`\\tilde Z` that the activation receives. ``training``: batch norm uses
        the batch's statistics (the function training minimizes), else its running averages
        (inference: what :meth:`forward` and :meth:`predict` use).
        """
        Zs, As, caches = [], [X], []
        for l, (W, b) in enumerate(self._layers):
            Z = As[-1] @ W + b
            if l == self.n_layers - 1:                  # the output layer
                Zs.append(Z)
                As.append(self.output.f(Z))
                break
            if self.norms is not None:
                Z, cache = self.norms[l].forward(Z, *self._norm_params[l], training=training)
                caches.append(cache)
            Zs.append(Z)
            A = self.hidden.f(Z)
            As.append(A + As[-1] if self.residual and l > 0 else A)
        return Zs, As, caches

    def _backward(self, y, Zs, As, caches, views):
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
                if self.norms is not None:
                    delta, views[gamma_slot][...], views[beta_slot][...] = self.norms[l - 1].backward(
                        delta, self._norm_params[l - 1][0], caches[l - 1])
        return loss

    def _check_targets(self, y, caller, name="y"):
        """Binary cross-entropy needs labels 0 or 1: anything else trains silently on nonsense."""
        if self.loss_fn.name != "binary_cross_entropy":
            return y
        return check_binary_labels(y, name, caller, why=" for the binary cross-entropy loss")

    def _ones_row(self, m):
        """A cached row of m ones: ``ones @ delta`` sums over samples faster than ``np.sum``."""
        ones = self._ones.get(m)
        if ones is None:
            ones = self._ones[m] = np.ones((1, m))
        return ones

    def _loss_and_grad(self, X, y, views):
        """One training-mode forward and backward pass on validated arrays (the trainer's step).

        Batch norm remembers the batch's statistics; :meth:`_commit_statistics` moves its running
        averages with them once the update that uses this gradient is made.
        """
        Zs, As, caches = self._forward(X, training=True)
        return self._backward(y, Zs, As, caches, views)

    def _commit_statistics(self):
        """After a training update: batch norm's running averages take that update's batch."""
        for norm in self.norms or []:
            norm.commit()

    def recalibrate(self, X):
        """Batch norm: set the running averages to the statistics of ``X`` at the current parameters.

        The running averages mix the statistics of the last ~1/momentum updates, taken
        with parameters that kept changing; in a deep net the small differences add up
        layer after layer, and predictions at inference can drift far from those in
        training. One pass over the training data fixes that (Wu & Johnson, 2021,
        "Rethinking 'batch' in BatchNorm", call it precise batch norm). Does nothing for
        other networks.
        """
        X = check_X_y(X, caller="recalibrate", n_features=self.layer_sizes[0])
        if self.normalization == "batch":
            with _quiet():
                self._forward(X, training=True)
            for norm in self.norms:
                norm.commit(momentum=1.0)
        return self

    # -- what a user calls ----------------------------------------------------------------
    def activations(self, X, *, training=False):
        """Pre-activations and activations of every layer: ``(Zs, As)``, ``As[0]`` is ``X``.

        ``training=True``: batch norm uses the statistics of ``X`` itself, as during a
        training update (nothing is moved); by default its running averages, as at inference.
        """
        X = check_X_y(X, caller="activations", n_features=self.layer_sizes[0])
        with _quiet():
            Zs, As, _ = self._forward(X, training=_check_bool(training, "training", "activations"))
        return Zs, As

    def forward(self, X, *, training=False):
        """Network output :math:`\\hat y` of shape (n_samples, n_y); ``training`` as in :meth:`activations`."""
        X = check_X_y(X, caller="forward", n_features=self.layer_sizes[0])
        with _quiet():
            return self._forward(X, training=_check_bool(training, "training", "forward"))[1][-1]

    def loss(self, X, y):
        """The loss of the current parameters on ``(X, y)`` at inference, as a float."""
        X, y = check_X_y(X, y, caller="loss", n_features=self.layer_sizes[0],
                         n_outputs=self.layer_sizes[-1])
        self._check_targets(y, "loss")
        with _quiet():
            return self.loss_fn.f(self._forward(X, training=False)[1][-1], y)

    def gradients(self, X, y):
        """Gradients of the training-mode loss with respect to every parameter, by name (new arrays)."""
        X, y = check_X_y(X, y, caller="gradients", n_features=self.layer_sizes[0],
                         n_outputs=self.layer_sizes[-1])
        self._check_targets(y, "gradients")
        views = self.grad_views(np.empty_like(self.theta))
        with _quiet():
            self._loss_and_grad(X, y, views)
        return dict(zip(self.param_names, views))

    def predict_proba(self, X):
        """Output of the network as a 1-D array when it has one output unit."""
        out = self.forward(X)
        return out[:, 0] if out.shape[1] == 1 else out

    def predict(self, X, *, threshold=0.5):
        """Class labels (0/1) for a classifier (cross-entropy loss), else the regression output."""
        threshold = check_float(threshold, "threshold", "predict", allow_zero=True)
        if threshold > 1:
            raise ValueError(f"The 'threshold' parameter of predict must be a float in [0, 1]. "
                             f"Got {threshold!r} instead.")
        out = self.predict_proba(X)
        if self.loss_fn.name == "binary_cross_entropy":
            return (out >= threshold).astype(int)
        return out

    def train(self, X, y, *, lr, max_iter=100, tol=None, **options):
        """Train with :func:`helpers.training.train`, which documents every option
        (``optimizer``, ``batch_size``, ``random_state``, ``resume``, ``clip_norm``, ...).

        Returns the :class:`helpers.training.History`, also kept as ``self.history``.
        """
        from .training import train
        return train(self, X, y, lr=lr, max_iter=max_iter, tol=tol, **options)


def _check_sizes(layer_sizes, name, size_names=None):
    """The layer sizes as ints, refusing a network whose parameters would not fit in memory."""
    if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__len__") or len(layer_sizes) < 2:
        raise ValueError(f"The 'layer_sizes' parameter of {name} must be a list of at least two "
                         f"ints (input size, ..., output size). Got {layer_sizes!r} instead.")
    sizes = [check_int(n, "layer_sizes", name) for n in layer_sizes]
    n_params = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
    if 8 * n_params > MAX_PARAMETER_BYTES:
        what = "', '".join(size_names or ["layer_sizes"])
        raise ValueError(f"The '{what}' parameter(s) of {name} describe a network too large for "
                         f"memory: {sizes} has {n_params:,} parameters, {8 * n_params / 2**30:,.1f} GiB "
                         f"as float64, over the limit of {MAX_PARAMETER_BYTES / 2**30:g} GiB "
                         f"({MAX_PARAMETER_BYTES // 8:,} parameters). Got {layer_sizes!r}.")
    return sizes


def _check_structure(sizes, normalization, residual, momentum, eps, name):
    """``(normalization, residual, momentum, eps)`` checked against each other and the sizes."""
    if normalization is not None and (not isinstance(normalization, str) or normalization not in NORMALIZATIONS):
        raise ValueError(f"The 'normalization' parameter of {name} must be one of None, 'batch', "
                         f"'layer'. Got {normalization!r} instead.")
    residual = _check_bool(residual, "residual", name)
    hidden = sizes[1:-1]
    if residual and len(set(hidden)) > 1:
        raise ValueError(f"The 'residual' parameter of {name} needs hidden layers of one width, "
                         f"so that each can add its input to its output; layer_sizes "
                         f"{sizes} has hidden widths {hidden}. Use equal widths (a "
                         f"change of width would need a learned projection, not provided here).")
    momentum = check_float(momentum, "momentum", name)
    if momentum > 1:
        raise ValueError(f"The 'momentum' parameter of {name} must be a float in (0, 1]. "
                         f"Got {momentum!r} instead.")
    return normalization, residual, momentum, check_float(eps, "eps", name)


def _check_bool(value, name, caller):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"The {name!r} parameter of {caller} must be True or False. Got {value!r} instead.")
    return bool(value)


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
                         init_scale=init_scale, random_state=random_state,
                         _size_names=["n_x", "n_h", "n_y"])
