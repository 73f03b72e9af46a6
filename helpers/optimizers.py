r"""Update rules: plain gradient descent, momentum, Nesterov, AdaGrad, RMSProp and Adam.

Every rule acts on the flat parameter vector :math:`\theta` with the gradient
:math:`g_t` of the batch used at update :math:`t = 1, 2, \dots` and moves

.. math:: \theta_t = \theta_{t-1} - \alpha_t\, u_t,

where the *direction* :math:`u_t` is computed from :math:`g_t` and the rule's
state (every state starts at zero). For plain gradient descent
:math:`u_t = g_t`. The rules are written in the form PyTorch's ``torch.optim``
uses, so a run can be checked against any textbook implementation:

============  ==================================================================================  ==============================
name          direction :math:`u_t`                                                               defaults
============  ==================================================================================  ==============================
``gd``        :math:`g`                                                                           --
``momentum``  :math:`v \leftarrow \beta v + g`;  :math:`u = v`                                    β = 0.9
``nesterov``  :math:`v \leftarrow \beta v + g`;  :math:`u = g + \beta v`                          β = 0.9
``adagrad``   :math:`G \leftarrow G + g^2`;  :math:`u = g/(\sqrt G + \varepsilon)`                ε = 1e-8
``rmsprop``   :math:`s \leftarrow \rho s + (1-\rho) g^2`;  :math:`u = g/(\sqrt s + \varepsilon)`  ρ = 0.9, ε = 1e-8
``adam``      :math:`m, v` as below, bias-corrected                                               β₁ = 0.9, β₂ = 0.999, ε = 1e-8
============  ==================================================================================  ==============================

Each rule is elementwise (coordinate by coordinate), so the same object works
on a flat vector or on a stack of networks with a leading batch axis
(:func:`helpers.sweeps.train_many`). An optimizer object keeps its state
between calls: pass the same object to :func:`helpers.training.train` again
and training continues where it stopped.
"""
import math

import numpy as np

__all__ = ["Optimizer", "GradientDescent", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam",
           "OPTIMIZERS", "get_optimizer"]


def _check_decay(value, name, caller):
    """A decay factor: a float in [0, 1)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise TypeError(f"The {name!r} parameter of {caller} must be a float in [0, 1). "
                        f"Got {value!r} instead.")
    value = float(value)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"The {name!r} parameter of {caller} must be a float in [0, 1). "
                         f"Got {value!r} instead.")
    return value


def _check_eps(value, caller):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise TypeError(f"The 'eps' parameter of {caller} must be a positive float. Got {value!r} instead.")
    value = float(value)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"The 'eps' parameter of {caller} must be a positive float. Got {value!r} instead.")
    return value


class Optimizer:
    """Base class: an update rule with its state.

    Subclasses set ``name`` and implement :meth:`direction`. The state is a
    dict of arrays shaped like the gradient, created at the first update, and
    ``t``, the number of updates made.
    """
    name = None
    _state_names = ()

    def __init__(self):
        self.state = {}
        self.t = 0
        self._arrays = None

    @property
    def hyperparameters(self):
        """The rule's settings, by name (what the constructor takes)."""
        return {}

    def direction(self, grad):
        """Advance the state with ``grad`` and return the direction :math:`u_t`.

        The update is :math:`\\theta \\leftarrow \\theta - \\alpha u_t`. The
        returned array may be ``grad`` itself or an internal buffer: use it
        before the next call.
        """
        raise NotImplementedError

    def step(self, theta, grad, lr):
        """One update in place: ``theta -= lr * direction(grad)``; returns ``theta``."""
        theta -= lr * self.direction(grad)
        return theta

    def reset(self):
        """Forget the state: the next update is update 1 again."""
        self.state = {}
        self.t = 0
        self._arrays = None

    def copy(self):
        """A fresh optimizer with the same hyperparameters and an empty state."""
        return type(self)(**self.hyperparameters)

    def state_dict(self):
        """A copy of the state: ``{"t": updates made, "state": {name: array}}``."""
        return {"t": self.t, "state": {k: v.copy() for k, v in self.state.items()}}

    def load_state_dict(self, state):
        """Put back a state from :meth:`state_dict` (or a checkpoint): update count and arrays.

        The arrays are those of ``_state_names`` (all of them, or none before the first update).
        """
        caller = f"{type(self).__name__}.load_state_dict"
        t = state.get("t") if isinstance(state, dict) else None
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or t < 0:
            raise ValueError(f"The 't' entry of the state given to {caller} must be an int >= 0 (the "
                             f"number of updates made). Got {t!r} instead.")
        arrays = state.get("state", {})
        if not isinstance(arrays, dict) or sorted(arrays) not in ([], sorted(self._state_names)):
            raise ValueError(f"The 'state' entry given to {caller} must hold the arrays "
                             f"{list(self._state_names)} (or none before the first update). "
                             f"Got {sorted(arrays) if isinstance(arrays, dict) else arrays!r} instead.")
        if t > 0 and self._state_names and not arrays:
            raise ValueError(f"The state given to {caller} has made {t} updates but holds no arrays "
                             f"{list(self._state_names)}: it cannot continue.")
        self.t = int(t)
        self.state = {k: np.array(v, dtype=float) for k, v in arrays.items()}
        self._arrays = None

    def check_compatible(self, theta):
        """Refuse parameters of another shape than the state from earlier updates (before any update)."""
        if self.state:
            shape = next(iter(self.state.values())).shape
            if shape != np.shape(theta):
                raise ValueError(f"The 'optimizer' holds state of shape {shape} from earlier updates, but "
                                 f"the parameters have shape {np.shape(theta)}: this {type(self).__name__} "
                                 f"belongs to another network. Use a new optimizer (or .reset()).")

    def _buffers(self, grad):
        """The state arrays (``_state_names``) and a work array, zeros shaped like ``grad`` at first."""
        arrays = self._arrays
        if arrays is not None and arrays[-1].shape == grad.shape:
            return arrays
        if self.state:
            shape = next(iter(self.state.values())).shape
            if shape != grad.shape:
                raise ValueError(f"The gradient has shape {grad.shape} but this {type(self).__name__} "
                                 f"holds state of shape {shape} from earlier updates: use a new "
                                 f"optimizer (or .reset()) for another network.")
        else:
            self.state = {n: np.zeros_like(grad) for n in self._state_names}
        self._arrays = tuple(self.state[n] for n in self._state_names) + (np.empty_like(grad),)
        return self._arrays

    def _keep_rows(self, keep):
        """Keep only the rows ``keep`` of every state array (nets leaving a batched sweep)."""
        self.state = {k: a[keep] for k, a in self.state.items()}
        self._arrays = None

    def __repr__(self):
        settings = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters.items())
        return f"{type(self).__name__}({settings})"


class GradientDescent(Optimizer):
    r"""Plain gradient descent, the lecture's rule: :math:`\theta \leftarrow \theta - \alpha g`.

    Cauchy (1847), "Méthode générale pour la résolution des systèmes d'équations
    simultanées". No state. On a quadratic with curvature :math:`\lambda` it is
    stable iff :math:`\alpha < 2/\lambda` (notebook 03).
    """
    name = "gd"

    def direction(self, grad):
        self.t += 1
        return grad


class Momentum(Optimizer):
    r"""Heavy-ball momentum (Polyak 1964, "Some methods of speeding up the convergence of
    iteration methods"), in PyTorch's form.

    .. math:: v_t = \beta v_{t-1} + g_t, \qquad \theta_t = \theta_{t-1} - \alpha v_t

    The velocity :math:`v` is a running sum of past gradients: directions where
    the gradients agree add up (up to :math:`1/(1-\beta)` times, 10× for β = 0.9),
    directions where they flip sign cancel. On a quadratic with curvature
    :math:`\lambda` the iteration is stable iff :math:`\alpha < 2(1+\beta)/\lambda`.

    Parameters
    ----------
    beta : float in [0, 1), default=0.9
        Momentum coefficient β (0 gives plain gradient descent).
    """
    name = "momentum"
    _state_names = ("v",)

    def __init__(self, beta=0.9):
        super().__init__()
        self.beta = _check_decay(beta, "beta", type(self).__name__)

    @property
    def hyperparameters(self):
        return {"beta": self.beta}

    def direction(self, grad):
        v, _ = self._buffers(grad)
        self.t += 1
        v *= self.beta
        v += grad
        return v


class Nesterov(Momentum):
    r"""Nesterov momentum, in the form of Bengio, Boulanger-Lewandowski & Pascanu (2013,
    "Advances in optimizing recurrent networks") and of PyTorch.

    .. math:: v_t = \beta v_{t-1} + g_t, \qquad \theta_t = \theta_{t-1} - \alpha\,(g_t + \beta v_t)

    The step looks ahead: it uses the velocity *after* this update, so it
    brakes one step earlier than heavy-ball momentum when the gradient turns.
    Nesterov (1983, "A method of solving a convex programming problem with
    convergence rate O(1/k²)") used momenta that change from step to step;
    Sutskever et al. (2013, "On the importance of initialization and momentum
    in deep learning") brought the method to deep learning, with the gradient
    taken after the momentum step. The form above is the same iteration after a
    change of variables, with the gradient at the current parameters.

    On a quadratic with curvature :math:`\lambda` the iteration is stable iff
    :math:`\alpha < 2(1+\beta)/((1+2\beta)\lambda)`: below plain descent's
    :math:`2/\lambda` (:math:`1.36/\lambda` at β = 0.9), because the step
    :math:`(1+\beta) g_t + \beta^2 v_{t-1}` takes each new gradient with weight
    :math:`1+\beta` at once.

    Parameters
    ----------
    beta : float in [0, 1), default=0.9
    """
    name = "nesterov"

    def direction(self, grad):
        v, u = self._buffers(grad)
        self.t += 1
        v *= self.beta
        v += grad
        np.multiply(v, self.beta, out=u)
        u += grad
        return u


class AdaGrad(Optimizer):
    r"""AdaGrad (Duchi, Hazan & Singer 2011, "Adaptive subgradient methods for online learning
    and stochastic optimization").

    .. math:: G_t = G_{t-1} + g_t^2, \qquad \theta_t = \theta_{t-1} - \alpha\,\frac{g_t}{\sqrt{G_t} + \varepsilon}

    Each coordinate is divided by the root of the sum of its squared gradients,
    so a parameter with large gradients gets small steps and vice versa: the
    per-parameter scale of the gradient drops out. The first step is
    :math:`\alpha\,\mathrm{sign}(g)`; :math:`G` only grows, so the steps shrink
    like :math:`1/\sqrt t` and training may stall long before the minimum.

    Parameters
    ----------
    eps : float > 0, default=1e-8
    """
    name = "adagrad"
    _state_names = ("G",)

    def __init__(self, eps=1e-8):
        super().__init__()
        self.eps = _check_eps(eps, type(self).__name__)

    @property
    def hyperparameters(self):
        return {"eps": self.eps}

    def direction(self, grad):
        G, u = self._buffers(grad)
        self.t += 1
        np.multiply(grad, grad, out=u)
        G += u
        np.sqrt(G, out=u)
        u += self.eps
        np.divide(grad, u, out=u)
        return u


class RMSProp(Optimizer):
    r"""RMSProp (Tieleman & Hinton 2012, Coursera "Neural networks for machine learning",
    lecture 6.5).

    .. math:: s_t = \rho s_{t-1} + (1-\rho)\, g_t^2, \qquad
              \theta_t = \theta_{t-1} - \alpha\,\frac{g_t}{\sqrt{s_t} + \varepsilon}

    AdaGrad with a memory of about :math:`1/(1-\rho)` updates instead of a sum
    over all of them, so the steps do not shrink for ever. (No bias correction:
    the first step is :math:`\alpha\,g/(\sqrt{1-\rho}\,|g|) \approx 3.16\,\alpha` for ρ = 0.9.)

    Parameters
    ----------
    rho : float in [0, 1), default=0.9
    eps : float > 0, default=1e-8
    """
    name = "rmsprop"
    _state_names = ("s",)

    def __init__(self, rho=0.9, eps=1e-8):
        super().__init__()
        self.rho = _check_decay(rho, "rho", type(self).__name__)
        self.eps = _check_eps(eps, type(self).__name__)

    @property
    def hyperparameters(self):
        return {"rho": self.rho, "eps": self.eps}

    def direction(self, grad):
        s, u = self._buffers(grad)
        self.t += 1
        np.multiply(grad, grad, out=u)
        u *= 1.0 - self.rho
        s *= self.rho
        s += u
        np.sqrt(s, out=u)
        u += self.eps
        np.divide(grad, u, out=u)
        return u


class Adam(Optimizer):
    r"""Adam (Kingma & Ba 2015, "Adam: a method for stochastic optimization", Algorithm 1).

    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2,

        \hat m_t = \frac{m_t}{1-\beta_1^t}, \qquad \hat v_t = \frac{v_t}{1-\beta_2^t}, \qquad
        \theta_t = \theta_{t-1} - \alpha\,\frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}

    Momentum (:math:`m`, an average of gradients) combined with RMSProp
    (:math:`v`, an average of squared gradients), both corrected for starting at
    zero. At :math:`t = 1`, :math:`\hat m = g` and :math:`\hat v = g^2`, so the
    first step is :math:`\alpha\,\mathrm{sign}(g)` whatever the scale of
    :math:`g`: α is a step size in parameter units.

    Parameters
    ----------
    beta1 : float in [0, 1), default=0.9
    beta2 : float in [0, 1), default=0.999
    eps : float > 0, default=1e-8
    """
    name = "adam"
    _state_names = ("m", "v")

    def __init__(self, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__()
        self.beta1 = _check_decay(beta1, "beta1", type(self).__name__)
        self.beta2 = _check_decay(beta2, "beta2", type(self).__name__)
        self.eps = _check_eps(eps, type(self).__name__)
        # numpy converts a Python float on every call, a 0-d array it takes as it is
        self._k = tuple(np.array(c) for c in (1.0 - self.beta1, 1.0 - self.beta2, 0.0, 0.0))

    @property
    def hyperparameters(self):
        return {"beta1": self.beta1, "beta2": self.beta2, "eps": self.eps}

    def direction(self, grad):
        m, v, u = self._buffers(grad)
        self.t += 1
        # m += (1 - b1)(g - m) and v += (1 - b2)(g^2 - v) are the two averages; with
        # c = sqrt(1 - b2^t)/(1 - b1^t) and eps' = eps sqrt(1 - b2^t),
        # m_hat/(sqrt(v_hat) + eps) = c m/(sqrt(v) + eps') exactly (Kingma & Ba, end of section 2).
        # On small nets the cost is the number of numpy calls, so each writes into a buffer.
        root = math.sqrt(1.0 - self.beta2 ** self.t)
        k1, k2, eps_t, c_t = self._k
        eps_t[()] = self.eps * root
        c_t[()] = root / (1.0 - self.beta1 ** self.t)
        np.subtract(grad, m, u)
        np.multiply(u, k1, u)
        np.add(m, u, m)
        np.multiply(grad, grad, u)
        np.subtract(u, v, u)
        np.multiply(u, k2, u)
        np.add(v, u, v)
        np.sqrt(v, u)
        np.add(u, eps_t, u)
        np.divide(m, u, u)
        np.multiply(u, c_t, u)
        return u


#: Optimizers by name, in the order the notebooks introduce them.
OPTIMIZERS = {cls.name: cls for cls in (GradientDescent, Momentum, Nesterov, AdaGrad, RMSProp, Adam)}


def get_optimizer(optimizer, *, parameter="optimizer", caller="get_optimizer", **hyperparameters):
    """An optimizer object from a name (with optional hyperparameters) or an existing object.

    Parameters
    ----------
    optimizer : str or Optimizer
        A name from :data:`OPTIMIZERS` (a new object with an empty state is
        made), or an :class:`Optimizer`, returned as it is (its state is kept).
    **hyperparameters
        Passed to the constructor, e.g. ``get_optimizer("momentum", beta=0.5)``.

    Returns
    -------
    Optimizer
    """
    if isinstance(optimizer, Optimizer):
        if hyperparameters:
            raise TypeError(f"Hyperparameters {sorted(hyperparameters)} can only be given with an "
                            f"optimizer name, not with the object {optimizer!r}.")
        return optimizer
    if not isinstance(optimizer, str):
        raise TypeError(f"The {parameter!r} parameter of {caller} must be an optimizer name "
                        f"({', '.join(OPTIMIZERS)}) or an Optimizer object. Got {optimizer!r} instead.")
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"Unknown optimizer {optimizer!r}. Choose one of: {', '.join(OPTIMIZERS)}.")
    return OPTIMIZERS[optimizer](**hyperparameters)
