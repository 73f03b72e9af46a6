import re
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))  # the lecture's reference code


@pytest.fixture(scope="session")
def housing():
    from helpers.datasets import make_housing
    return make_housing(random_state=47)


@pytest.fixture(scope="session")
def sine():
    from helpers.datasets import make_sine_boundary
    return make_sine_boundary(random_state=47)


def central_difference(f, x, h=1e-6):
    """Centred finite-difference gradient of the scalar function f at the array x (copied)."""
    x = np.array(x, dtype=float)
    grad = np.empty_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


# -- one pytest session for everything, both workers busy until the end -----------------------
# `make test` runs the unit tests, the student copies and every notebook under nbval in one
# session (`pytest tests notebooks --nbval -n auto --dist loadscope`). A notebook under nbval is
# one kernel, so its cells stay together on one worker, and so do the tests of the browser
# modules, which share a build and a browser; every other test is a unit of its own. The units
# are handed out longest first (longest-processing-time scheduling), so that the last minute is
# not one worker running a long notebook while the other waits: the expected seconds below are
# what one unit takes on a 2-core machine (`make bench` measures them again). A stale number
# costs a little balance, never a check.
NOTEBOOK_SECONDS = {"01": 5, "02": 8, "03": 12, "04": 7, "05": 8, "06": 18, "07": 14, "08": 5,
                    "09": 12, "10": 16, "11": 16, "12": 20}
# The browser tests are one unit: the first of them builds the decks, the student copies and the
# website (`make test` leaves that to them, so the build overlaps the other worker's notebooks).
GROUPED_MODULES = {"tests/test_site.py": "browser tests", "tests/test_slides.py": "browser tests"}
GROUP_SECONDS = {"browser tests": 150}
SLOW_TESTS = {"tests/test_install.py::test_fresh_venv": 70, "tests/test_nbgrader.py": 60,
              "tests/test_student_in_nbval.py": 12}
_NOTEBOOK = re.compile(r"(?:^notebooks/|\[)(\d\d)_\w+\.ipynb")


def scope_of(nodeid):
    """The unit of work that a test belongs to: its notebook, the browser tests, or itself."""
    path = nodeid.split("::", 1)[0]
    if path in GROUPED_MODULES:
        return GROUPED_MODULES[path]
    return path if path.endswith(".ipynb") else nodeid


def expected_seconds(scope):
    """What a unit of work is expected to take; 0 for a unit test."""
    if scope in GROUP_SECONDS:
        return GROUP_SECONDS[scope]
    for test, seconds in SLOW_TESTS.items():
        if scope.startswith(test):
            return seconds
    notebook = _NOTEBOOK.search(scope)
    if notebook and scope.endswith(".ipynb"):
        return NOTEBOOK_SECONDS.get(notebook.group(1), 10)
    return 0


def pytest_collection_modifyitems(config, items):
    """Longest units first; a stable sort keeps a notebook's cells in their order."""
    items.sort(key=lambda item: -expected_seconds(scope_of(item.nodeid)))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadscope`` with the units of :func:`scope_of`, in the collection's order."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class LongestFirst(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return scope_of(nodeid)

    config.option.loadscopereorder = False
    return LongestFirst(config, log)
