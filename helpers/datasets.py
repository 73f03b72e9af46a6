"""The lecture's two toy datasets, generated exactly and vectorized.

Both generators follow the lecture's recipes draw for draw, so that
``random_state=47`` gives bit-for-bit the lecture's data. They draw whole
columns at once: ``rs.uniform(a, b, n)`` returns the same numbers as ``n``
scalar calls ``rs.uniform(a, b)`` in a row, only about a hundred times faster.

The seed-47 datasets are stored in ``data/`` as CSV files with a header row;
``load_housing`` and ``load_sine_boundary`` read them back;
:func:`write_lecture_csvs` (``make data``) writes them again.
"""
import math
from pathlib import Path

import numpy as np

from ._validation import (check_array, check_float, check_int, check_memory, check_path,
                          check_random_state)

__all__ = ["make_housing", "make_sine_boundary", "sine_boundary_curve", "load_housing",
           "load_sine_boundary", "write_lecture_csvs", "DATA_DIR"]

#: Folder holding the lecture's CSV files (the repository's ``data/``).
#:
#: :meta hide-value:
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

LECTURE_SEED = 47


def _check_n_samples(n_samples, caller):
    """An int >= 1 whose X (n, 2) and y (n,) fit in memory."""
    n_samples = check_int(n_samples, "n_samples", caller)
    check_memory(3 * n_samples, "n_samples", caller, n_samples,
                 what=f"X and y of {n_samples:,} samples")
    return n_samples


def make_housing(n_samples=100, *, random_state=None):
    r"""Mock housing prices: price from surface and distance to the centre.

    The recipe, in the lecture's order of draws:

    1. all surfaces :math:`s \sim U(40, 200)` m², rounded to 2 decimals;
    2. all distances :math:`d \sim U(50, 1000)` m, rounded to 2 decimals;
    3. per sample a noise :math:`u \sim U(-0.1, 0.1)` and the price in millions

    .. math:: p = \operatorname{round}\big((100000 + 14373\,s + 1286\,(1000 - d))(1 + u)\big) / 10^6.

    Parameters
    ----------
    n_samples : int, default=100
        Number of houses.
    random_state : None, int, RandomState or Generator, default=None
        ``47`` reproduces the lecture's data (an int seeds a legacy
        ``RandomState``).

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
        Columns: surface (m²), distance (m).
    y : ndarray of shape (n_samples,)
        Price in millions.

    Examples
    --------
    >>> X, y = make_housing(random_state=47)
    >>> X[0].tolist(), float(y[0])
    ([58.16, 572.97], 1.581913)
    """
    n_samples = _check_n_samples(n_samples, "make_housing")
    rs = check_random_state(random_state, caller="make_housing")
    surface = np.round(rs.uniform(40, 200, n_samples), 2)
    distance = np.round(rs.uniform(50, 1000, n_samples), 2)
    noise = rs.uniform(-0.1, 0.1, n_samples)
    price = np.round((100000 + 14373 * surface + (1000 - distance) * 1286) * (1 + noise)) / 1e6
    return np.column_stack([surface, distance]), price


def sine_boundary_curve(x1):
    r"""The true class boundary :math:`x_2 = -\tfrac14 + \tfrac34 \sin(\pi x_1)` (NaN at :math:`\pm\infty`)."""
    x1 = check_array(x1, "x1", "sine_boundary_curve", allow_empty=True)
    with np.errstate(invalid="ignore"):  # sin(inf) is NaN
        return -1 / 4 + 3 / 4 * np.sin(np.pi * x1)


def make_sine_boundary(n_samples=100, *, flip_y=0.0, random_state=None):
    r"""Points in the square :math:`(-1, 1)^2`, labelled by a sine-shaped boundary.

    All :math:`x_1`, then all :math:`x_2`, each drawn from
    :math:`U(-1 + 10^{-5}, 1 - 10^{-5})` and rounded to 2 decimals. The label is
    1 above the curve and 0 below:

    .. math:: y = [\,x_2 \ge -\tfrac14 + \tfrac34 \sin(\pi x_1)\,].

    No straight line separates the classes, which is the point of the dataset.

    Parameters
    ----------
    n_samples : int, default=100
        Number of points.
    flip_y : float in [0, 1], default=0.0
        Label noise: each label is flipped with probability ``flip_y``, from
        ``n_samples`` more uniform draws made after everything else (so
        ``flip_y=0`` draws nothing more and gives the lecture's data exactly).
        A net that fits noisy labels perfectly has learned the noise: the
        overfitting that early stopping guards against.
    random_state : None, int, RandomState or Generator, default=None
        ``47`` reproduces the lecture's data.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
        Columns: x1, x2.
    y : ndarray of shape (n_samples,), dtype int
        Labels in {0, 1}.

    Examples
    --------
    >>> X, y = make_sine_boundary(random_state=47)
    >>> X[0].tolist(), int(y[0])
    ([-0.77, 0.1], 1)
    """
    n_samples = _check_n_samples(n_samples, "make_sine_boundary")
    flip_y = check_float(flip_y, "flip_y", "make_sine_boundary", allow_zero=True)
    if flip_y > 1:
        raise ValueError(f"The 'flip_y' parameter of make_sine_boundary must be a float in [0, 1]. "
                         f"Got {flip_y!r} instead.")
    rs = check_random_state(random_state, caller="make_sine_boundary")
    low, high = -1 + 1e-5, 1 - 1e-5
    x1 = np.round(rs.uniform(low, high, n_samples), 2)
    x2 = np.round(rs.uniform(low, high, n_samples), 2)
    y = (x2 >= sine_boundary_curve(x1)).astype(int)
    if flip_y > 0:
        flipped = rs.uniform(0, 1, n_samples) < flip_y
        y[flipped] = 1 - y[flipped]
    return np.column_stack([x1, x2]), y


# ---------------------------------------------------------------------------
# The stored seed-47 datasets
# ---------------------------------------------------------------------------
_FILES = {
    "housing": ("housing.csv", "surface,distance,price", make_housing),
    "sine_boundary": ("sine_boundary.csv", "x1,x2,label", make_sine_boundary),
}


def _load(key, data_dir, caller):
    """The table of a stored dataset, every value checked, errors naming the file and the line."""
    name, header, _ = _FILES[key]
    if data_dir is None:
        folder = DATA_DIR
    else:
        folder = check_path(data_dir, "data_dir", caller)
        if not folder.exists():
            raise FileNotFoundError(f"The 'data_dir' parameter of {caller} must be a folder holding "
                                    f"{name}. Got {str(data_dir)!r} instead: there is no such folder.")
        if not folder.is_dir():
            raise ValueError(f"The 'data_dir' parameter of {caller} must be a folder holding {name}. "
                             f"Got {str(data_dir)!r} instead, which is a file.")
    path = folder / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist; 'make data' writes it.")
    with open(path, encoding="utf-8-sig") as f:
        lines = f.read().splitlines()
    first = lines[0].strip() if lines else ""
    if first != header:
        raise ValueError(f"{path} must start with the header {header!r}. Got {first!r} instead.")
    columns = header.split(",")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split(",")
        if len(fields) != len(columns):
            raise ValueError(f"{path}, line {number}: a row must hold {len(columns)} values "
                             f"({header}). Got {len(fields)} instead: {line!r}.")
        row = [_number(field, column, path, number) for field, column in zip(fields, columns)]
        if key == "sine_boundary" and row[2] not in (0.0, 1.0):
            raise ValueError(f"{path}, line {number}: the label must be 0 or 1. "
                             f"Got {fields[2].strip()!r} instead.")
        rows.append(row)
    if not rows:
        raise ValueError(f"{path} holds no data: it has its header and no row.")
    table = np.array(rows)
    return table[:, :2], table[:, 2]


def _number(field, column, path, number):
    """One value of a CSV file as a finite float."""
    try:
        value = float(field)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value) or "_" in field:
        raise ValueError(f"{path}, line {number}: the {column} must be a finite number. "
                         f"Got {field.strip()!r} instead.")
    return value


def load_housing(data_dir=None):
    """Read ``data/housing.csv``: the lecture's housing data (seed 47).

    Parameters
    ----------
    data_dir : str or pathlib.Path, optional
        Folder holding ``housing.csv`` (default: :data:`DATA_DIR`).

    Every row must hold three finite numbers; anything else raises a ``ValueError``
    naming the file and the line.

    Returns
    -------
    X : ndarray of shape (100, 2)
        Surface (m²) and distance (m).
    y : ndarray of shape (100,)
        Price in millions.
    """
    return _load("housing", data_dir, "load_housing")


def load_sine_boundary(data_dir=None):
    """Read ``data/sine_boundary.csv``: the lecture's classification data (seed 47).

    Parameters
    ----------
    data_dir : str or pathlib.Path, optional
        Folder holding ``sine_boundary.csv`` (default: :data:`DATA_DIR`).

    Every row must hold two finite numbers and a label 0 or 1; anything else raises a
    ``ValueError`` naming the file and the line.

    Returns
    -------
    X : ndarray of shape (100, 2)
    y : ndarray of shape (100,), dtype int
    """
    X, y = _load("sine_boundary", data_dir, "load_sine_boundary")
    return X, y.astype(int)


def write_lecture_csvs(data_dir=DATA_DIR):
    """Write both seed-47 datasets as CSV, each float in its shortest exact form."""
    data_dir = check_path(data_dir, "data_dir", "write_lecture_csvs")
    data_dir.mkdir(parents=True, exist_ok=True)
    for name, header, make in _FILES.values():
        X, y = make(random_state=LECTURE_SEED)
        rows = [",".join(repr(float(v)) for v in x) + f",{y_i!r}" for x, y_i in zip(X, y.tolist())]
        (data_dir / name).write_text(header + "\n" + "\n".join(rows) + "\n")
