r"""Measurements that tell why training fails, before and while it fails.

* :func:`first_nonfinite` and :func:`update_ratios`: the symptom of an
  explosion, measured instead of printed (the lecture's "the change is far
  larger than the parameter" becomes :math:`\|\alpha\nabla_p L\|/\|p\| \gtrsim 1`).
* :func:`symmetry_metric`: are two hidden units still the same unit?
* :func:`hessian`, :func:`hessian_vector_product` and :func:`sharpness`: the
  curvature :math:`\lambda_{\max}` that decides, before training, which
  learning rates explode. On the quadratic :math:`L(\theta) = \tfrac12
  \lambda\theta^2`, gradient descent gives :math:`\theta_{t+1} = (1 -
  \alpha\lambda)\theta_t`, which shrinks only if :math:`|1 - \alpha\lambda| < 1`,
  i.e. :math:`\alpha < 2/\lambda`. Near any point a loss is such a quadratic
  along each eigenvector of its Hessian, and the steepest one, :math:`\lambda_{\max}`,
  sets the limit :math:`\alpha < 2/\lambda_{\max}` (Cohen et al., 2021,
  "Gradient descent on neural networks typically occurs at the edge of stability").
* :func:`gradient_check`: backpropagation against centred finite differences.
* :func:`standardize`: the fix the curvature points to.
* :func:`weight_distribution`: the theoretical density of an initializer.

A diverged network (parameters that are inf or NaN, or so large that the loss
overflows) has no meaningful curvature, update ratio or gradient error: these
measurements of it are NaN, computed quietly (no numpy warning), so that a table
over many runs gets a NaN cell rather than an error. (:func:`symmetry_metric`
still measures parameters that are finite, however large.)
"""
import math

import numpy as np
from scipy import stats
from scipy.sparse.linalg import ArpackNoConvergence, LinearOperator, eigsh

from ._numerics import finite_norm
from ._validation import (check_array, check_binary_labels, check_choice, check_float, check_int,
                          check_layer_sizes, check_memory, check_model, check_random_state,
                          check_X_y)

__all__ = ["first_nonfinite", "update_ratios", "symmetry_metric", "gradient_check", "hessian",
           "hessian_vector_product", "sharpness", "standardize", "weight_distribution"]


def first_nonfinite(losses):
    """Index of the first inf or NaN in a sequence of losses, or None if all are finite.

    Parameters
    ----------
    losses : array-like of shape (n_iter + 1,)
        ``losses[t]`` is the loss after update ``t`` (``losses[0]``: before training).

    Returns
    -------
    int or None
    """
    losses = check_array(losses, "losses", "first_nonfinite", ndim=1, allow_empty=True)
    bad = np.flatnonzero(~np.isfinite(losses))
    return int(bad[0]) if bad.size else None


def _data(model, X, y, caller):
    check_model(model, caller)
    X, y = check_X_y(X, y, caller=caller, n_features=model.layer_sizes[0],
                     n_outputs=model.layer_sizes[-1])
    if model.loss_fn.name == "binary_cross_entropy":
        check_binary_labels(y, "y", caller)
    return X, y


def _diverged(model):
    """True when a parameter is inf or NaN: the measurements are then NaN."""
    return not np.isfinite(model.theta).all()


#: Overflow, 0/0 and inf - inf are expected on a diverged network: their results become NaN.
_QUIET = dict(over="ignore", invalid="ignore", divide="ignore")


def _flat_grad(model, X, y, theta=None):
    """Loss and flat gradient at ``theta`` (default: the model's parameters); restores them."""
    grad = np.empty_like(model.theta)
    with model.parameters_at(theta):
        loss = model._loss_and_grad(X, y, model.grad_views(grad))
    return loss, grad


def update_ratios(model, X, y, *, lr):
    r"""Update-to-parameter ratio of every parameter for one gradient step.

    .. math:: r_p = \frac{\|\alpha \nabla_p L\|}{\|p\|}

    About 1e-3 is a healthy step; near 1 the step is as large as the parameter
    itself. (:func:`helpers.training.train` records the same ratio at every
    update in ``History.update_ratios``.)

    Returns
    -------
    dict of str to float
        Ratio by parameter name (inf for a parameter that is all zeros, NaN for a
        diverged network).
    """
    X, y = _data(model, X, y, "update_ratios")
    lr = check_float(lr, "lr", "update_ratios")
    if _diverged(model):
        return dict.fromkeys(model.param_names, math.nan)
    with np.errstate(**_QUIET):
        grads = model.gradients(X, y)
        return {name: float(np.linalg.norm(lr * grads[name]) / np.linalg.norm(model.params[name]))
                for name in model.param_names}


def symmetry_metric(model, *, layer=1):
    r"""Largest distance between two hidden units of ``layer``.

    Unit :math:`j` of layer :math:`l` is described by its incoming weights and
    bias, :math:`u_j = (W^{[l]}_{:,j}, b^{[l]}_j)`; the metric is
    :math:`\max_{i<j} \|u_i - u_j\|`. It is exactly 0 when every unit is the
    same unit (constant or zero init): they then receive the same gradient and
    stay identical for ever, so the layer behaves like a single unit.

    Returns
    -------
    float
        NaN when a weight or bias of the layer is inf or NaN.
    """
    check_model(model, "symmetry_metric")
    n_layers = len(model.layer_sizes) - 1
    layer = check_int(layer, "layer", "symmetry_metric", maximum=n_layers)
    units = np.vstack([model.params[f"W{layer}"], model.params[f"b{layer}"]]).T
    if not np.isfinite(units).all():
        return math.nan
    scale = np.ldexp(1.0, np.frexp(np.abs(units).max())[1])  # a power of 2: exact, and no overflow
    diff = units[:, None, :] / scale - units[None, :, :] / scale
    return float(scale * np.sqrt((diff * diff).sum(-1)).max())


@np.errstate(**_QUIET)
def gradient_check(model, X, y, *, eps=1e-6):
    r"""Largest relative error between backpropagation and centred finite differences.

    .. math:: \frac{\partial L}{\partial\theta_i} \approx
              \frac{L(\theta + h_i e_i) - L(\theta - h_i e_i)}{2 h_i}, \qquad
              h_i = \varepsilon\max(1, |\theta_i|)

    Returns :math:`\max_i |g_i - \hat g_i| / \max(|g_i| + |\hat g_i|, 10^{-12})`;
    below ~1e-6 the gradients agree; NaN for a diverged network.
    """
    X, y = _data(model, X, y, "gradient_check")
    eps = check_float(eps, "eps", "gradient_check")
    theta0 = model.theta.copy()
    _, grad = _flat_grad(model, X, y)
    numeric = np.empty_like(grad)
    try:
        for i in range(theta0.size):
            h = eps * max(1.0, abs(theta0[i]))
            model.theta[i] = theta0[i] + h
            up = model.loss_fn.f(model._forward(X)[1][-1], y)
            model.theta[i] = theta0[i] - h
            down = model.loss_fn.f(model._forward(X)[1][-1], y)
            model.theta[i] = theta0[i]
            numeric[i] = (up - down) / (2 * h)
    finally:
        model.theta[:] = theta0
    return float(np.max(np.abs(grad - numeric) / np.maximum(np.abs(grad) + np.abs(numeric), 1e-12)))


def hessian_vector_product(model, X, y, v, *, eps=1e-4):
    r"""Hessian of the loss times ``v``, from two gradients:

    .. math:: H v \approx \frac{\nabla L(\theta + h v) - \nabla L(\theta - h v)}{2h},
              \qquad h = \varepsilon \max(1, \|\theta\|)/\|v\|

    (Pearlmutter, 1994, computes it exactly; two backward passes are enough here.)
    """
    X, y = _data(model, X, y, "hessian_vector_product")
    v = check_array(v, "v", "hessian_vector_product")
    eps = check_float(eps, "eps", "hessian_vector_product")
    if v.shape != model.theta.shape:
        raise ValueError(f"The 'v' parameter of hessian_vector_product must have shape "
                         f"{model.theta.shape} (one entry per parameter). Got shape {v.shape} instead.")
    with np.errstate(**_QUIET):
        return _hvp(model, X, y, v, eps)


def _hvp(model, X, y, v, eps):
    norm = finite_norm(v)
    if norm == 0:
        return np.zeros_like(v)
    theta = model.theta
    h = eps * max(1.0, finite_norm(theta)) / norm
    return (_flat_grad(model, X, y, theta + h * v)[1] - _flat_grad(model, X, y, theta - h * v)[1]) / (2 * h)


@np.errstate(**_QUIET)
def hessian(model, X, y, *, eps=1e-4):
    r"""The full Hessian :math:`\partial^2 L/\partial\theta_i\partial\theta_j` at the current parameters.

    Column :math:`i` is a centred difference of the backpropagated gradient,
    :math:`(\nabla L(\theta + h_i e_i) - \nabla L(\theta - h_i e_i))/(2h_i)` with
    :math:`h_i = \varepsilon\max(1, |\theta_i|)`, and the result is symmetrized.
    Costs :math:`2P` backward passes and :math:`P^2` numbers: right for the lecture's
    17-parameter net; a Hessian over the memory limit
    (:data:`helpers._validation.MAX_ARRAY_BYTES`) is refused.

    Returns
    -------
    ndarray of shape (n_params, n_params)
        NaN entries where the loss's gradient is not finite (a diverged network).
    """
    X, y = _data(model, X, y, "hessian")
    eps = check_float(eps, "eps", "hessian")
    theta = model.theta.copy()
    check_memory(theta.size ** 2, "model", "hessian", model, what="its Hessian's entries")
    H = np.empty((theta.size, theta.size))
    up, down = np.empty_like(theta), np.empty_like(theta)
    up_views, down_views = model.grad_views(up), model.grad_views(down)
    with model.parameters_at(theta):          # moved one entry at a time; the state is put back
        for i in range(theta.size):
            h = eps * max(1.0, abs(theta[i]))
            model.theta[i] = theta[i] + h
            model._loss_and_grad(X, y, up_views)
            model.theta[i] = theta[i] - h
            model._loss_and_grad(X, y, down_views)
            model.theta[i] = theta[i]
            H[:, i] = (up - down) / (2 * h)
    return (H + H.T) / 2


def sharpness(model, X, y, *, method="exact", max_iter=200, rtol=1e-8, random_state=0):
    r"""Sharpness :math:`\lambda_{\max}`: the largest eigenvalue of the loss Hessian.

    Gradient descent with learning rate :math:`\alpha` is stable near the
    current parameters only if :math:`\alpha < 2/\lambda_{\max}`.

    Parameters
    ----------
    model : helpers.network.NeuralNet
    X, y : array-like
    method : {"exact", "lanczos", "power"}, default="exact"
        ``"exact"``: eigenvalues of :func:`hessian` (small nets). ``"lanczos"``:
        the Lanczos method on :func:`hessian_vector_product`, through ARPACK
        (:func:`scipy.sparse.linalg.eigsh`, ``which="LA"``, so it finds the largest
        eigenvalue even when a negative one is larger in size) for any size of
        net. Lanczos starts like power iteration, :math:`v, Hv, H^2v, \dots`, but
        keeps every vector and takes the best estimate from all of them, so two
        close top eigenvalues (as on the standardized housing data, 4.90 and 4.86)
        do not slow it down as they do power iteration :math:`v \leftarrow Hv/\|Hv\|`,
        whose error shrinks only like :math:`(\lambda_2/\lambda_1)^k`.
        ``"power"`` is the method's earlier name, and runs Lanczos too.
    max_iter : int, default=200
        Lanczos restarts (ARPACK's ``maxiter``), each at most 20 Hessian-vector
        products. If the estimate has not converged by then, a ``ValueError``
        says so (never a silently rough value).
    rtol : float in (0, 1), default=1e-8
        Relative accuracy asked of the eigenvalue (ARPACK's ``tol``).
    random_state : int, RandomState or Generator, default=0
        Start vector of the Lanczos method.

    Returns
    -------
    float
        NaN for a diverged network (see the module's docstring).

    References
    ----------
    Lanczos (1950), "An iteration method for the solution of the eigenvalue problem of
    linear differential and integral operators"; Lehoucq, Sorensen & Yang (1998),
    "ARPACK users' guide".
    """
    X, y = _data(model, X, y, "sharpness")
    method = check_choice(method, ("exact", "lanczos", "power"), "method", "sharpness")
    max_iter = check_int(max_iter, "max_iter", "sharpness", maximum=2**31 - 1)  # ARPACK's int32
    rtol = check_float(rtol, "rtol", "sharpness", below=1)
    rs = check_random_state(random_state, caller="sharpness")
    P = model.theta.size
    if method == "exact":
        check_memory(P * P, "method", "sharpness", method,
                     what=f"the Hessian of {P:,} parameters (method='lanczos' needs a few vectors)")
    if _diverged(model):
        return math.nan
    if method == "exact":
        H = hessian(model, X, y)
        return float(np.linalg.eigvalsh(H)[-1]) if np.isfinite(H).all() else math.nan
    return _lanczos_top(model, X, y, rs.standard_normal(P), max_iter, rtol)


class _NotFinite(Exception):
    """A Hessian-vector product was inf or NaN: the network has diverged."""


def _lanczos_top(model, X, y, v0, max_iter, rtol):
    """Largest eigenvalue of the Hessian by ARPACK's Lanczos, from Hessian-vector products."""
    def product(v):
        Hv = _hvp(model, X, y, np.ravel(v), 1e-4)
        if not np.isfinite(Hv).all():
            raise _NotFinite
        return Hv

    P = model.theta.size
    operator = LinearOperator((P, P), matvec=product, dtype=float)
    try:
        with np.errstate(**_QUIET):
            if not product(v0).any():   # H v = 0 for a random v: the loss is flat here, H = 0
                return 0.0              # (ARPACK would stop with "starting vector is zero")
            return float(eigsh(operator, k=1, which="LA", v0=v0, maxiter=max_iter, tol=rtol,
                               return_eigenvectors=False)[0])
    except _NotFinite:
        return math.nan
    except ArpackNoConvergence as error:
        found = f" (its estimate so far: {error.eigenvalues[0]:.6g})" if len(error.eigenvalues) else ""
        raise ValueError(f"The 'max_iter' parameter of sharpness was too small: the Lanczos method "
                         f"did not reach the relative accuracy rtol={rtol:g} in {max_iter} restart(s)"
                         f"{found}. Raise max_iter or rtol. Got {max_iter} instead.") from None


def standardize(X, *, reference=None):
    r"""Centre and scale every column: :math:`x' = (x - \mu)/\sigma`.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    reference : array-like of shape (n_ref, n_features), optional
        Data the mean and standard deviation are computed on (the training set
        when ``X`` is a test set). Default: ``X`` itself.

    Returns
    -------
    ndarray of shape (n_samples, n_features)
        Columns with mean 0 and standard deviation 1 (on ``reference``).
    """
    X = check_X_y(X, caller="standardize")
    ref = X if reference is None else check_X_y(reference, caller="standardize",
                                                names=("reference", None))
    if ref.shape[1] != X.shape[1]:
        raise ValueError(f"The 'reference' parameter of standardize must have as many columns as "
                         f"X ({X.shape[1]}). Got {ref.shape[1]} instead.")
    std = ref.std(axis=0)
    if np.any(std == 0):
        raise ValueError(f"The 'reference' data of standardize must not have a constant column. "
                         f"Got standard deviations {std.tolist()} instead.")
    return (X - ref.mean(axis=0)) / std


def weight_distribution(init, fan_in, fan_out, layer_sizes=None):
    r"""The distribution an initializer draws a layer's weights from, as a ``scipy.stats`` object.

    ========================  ==========================================================
    ``normal``                :math:`\mathcal N(0, 0.1^2)`
    ``weird``                 :math:`U(\pm\sqrt{6/(n_x + n_y)})` (whole network's sizes)
    ``he``                    :math:`\mathcal N(0, 2/\text{fan}_\text{in})`
    ``lecun``                 :math:`\mathcal N(0, 1/\text{fan}_\text{in})`
    ``xavier_uniform``        :math:`U(\pm\sqrt{6/(\text{fan}_\text{in}+\text{fan}_\text{out})})`
    ``xavier_normal``         :math:`\mathcal N(0, 2/(\text{fan}_\text{in}+\text{fan}_\text{out}))`
    ``he_uniform``            :math:`U(\pm\sqrt{6/\text{fan}_\text{in}})`
    ========================  ==========================================================

    ``constant`` and ``zeros`` have no density (every weight is the same).
    """
    fan_in = check_int(fan_in, "fan_in", "weight_distribution")
    fan_out = check_int(fan_out, "fan_out", "weight_distribution")
    sizes = [fan_in, fan_out] if layer_sizes is None else \
        check_layer_sizes(layer_sizes, "layer_sizes", "weight_distribution")
    normal_std = {"normal": 0.1, "he": math.sqrt(2 / fan_in), "lecun": math.sqrt(1 / fan_in),
                  "xavier_normal": math.sqrt(2 / (fan_in + fan_out))}
    uniform_limit = {"weird": math.sqrt(6 / (sizes[0] + sizes[-1])),
                     "xavier_uniform": math.sqrt(6 / (fan_in + fan_out)),
                     "he_uniform": math.sqrt(6 / fan_in)}
    if isinstance(init, str) and init in normal_std:
        return stats.norm(0, normal_std[init])
    if isinstance(init, str) and init in uniform_limit:
        return stats.uniform(-uniform_limit[init], 2 * uniform_limit[init])
    names = ", ".join([*normal_std, *uniform_limit])
    kind = ValueError if isinstance(init, str) else TypeError
    raise kind(f"The 'init' parameter of weight_distribution must be one of {names} "
               f"(constant and zeros have no density). Got {init!r} instead.")
