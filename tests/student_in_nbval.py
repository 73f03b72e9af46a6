"""While nbval runs an instructor's notebook, check in the same kernel that its student copy runs.

A student copy differs from the instructor's notebook only at the exercises: each solution region
becomes nbgrader's stub (``raise NotImplementedError()``). Executing all twelve student copies a
second time would double the notebooks' share of ``make test``; the student's run is checked
instead where it can differ, at each exercise, in nbval's own kernel:

1. before a solution cell, a fingerprint of the namespace (every variable's pickled bytes, or its
   identity when it cannot be pickled) and of numpy's global random state;
2. the student's version of the cell (its stub) runs first: a stub at the top level must raise
   ``NotImplementedError`` and nothing else, a stub inside a function must define it quietly;
   then the exercise's test cell must answer that stub with a one-line hint (``NotQuiteRight``
   with no traceback), which is what the student sees;
3. nbval runs the solution and the test cell as stored (the ✓ line);
4. after the test cell, every variable that existed before is unchanged (the solution only
   added names, and moved no random state), and no later cell reads a name the exercise
   defined (checked on the code of every later cell that is not another exercise's).

So every cell outside the exercises runs in the student copy exactly as nbval just ran it: the
student copy runs top to bottom with only the exercises raising, without a second execution.
Loaded by the repository's ``conftest.py`` (or ``-p tests.student_in_nbval``); active in nbval runs.
"""
import ast
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "student"))
from build_student import BEGIN, nbgrader_role, strip_solutions  # noqa: E402

#: Run in the kernel: a hash of every user variable's state, and of numpy's global random state.
FINGERPRINT = r"""
def _student_fingerprint():
    import hashlib, json, pickle, types
    import numpy
    skip = (types.ModuleType, type)
    hashes = {}
    for name, value in list(globals().items()):
        if name.startswith("_") or name in ("In", "Out", "get_ipython", "exit", "quit") or isinstance(value, skip):
            continue
        if isinstance(value, types.FunctionType) or type(value).__module__.startswith("matplotlib"):
            data = repr(id(value)).encode()           # figures: which objects, not their caches
        elif isinstance(value, numpy.ndarray) and value.dtype == object:
            data = repr([id(v) for v in value.flat]).encode()
        else:
            try:
                data = pickle.dumps(value, protocol=4)
            except Exception:
                data = repr(id(value)).encode()
            if b"matplotlib" in data:                   # a list of legend handles, say
                data = repr(id(value)).encode()
        hashes[name] = hashlib.sha1(data).hexdigest()
    hashes["numpy's global random state"] = hashlib.sha1(pickle.dumps(numpy.random.get_state())).hexdigest()
    print(json.dumps(hashes))
_student_fingerprint()
del _student_fingerprint
"""


def run(kernel, code, timeout=300):
    """Execute ``code`` in nbval's kernel; its outputs as dicts (streams and errors)."""
    outputs = []

    def keep(message):
        kind, content = message["msg_type"], message["content"]
        if kind == "stream":
            outputs.append({"output_type": "stream", "text": content["text"]})
        elif kind == "error":
            outputs.append({"output_type": "error", "ename": content["ename"],
                            "evalue": content["evalue"], "traceback": content["traceback"]})
    kernel.kc.execute_interactive(code, store_history=False, allow_stdin=False, timeout=timeout,
                                  output_hook=keep)
    return outputs


def fingerprint(kernel):
    outputs = run(kernel, FINGERPRINT)
    text = "".join(o.get("text", "") for o in outputs)
    assert not [o for o in outputs if o["output_type"] == "error"], outputs
    return json.loads(text)


def loaded_names(source):
    """The names a cell's code reads (IPython magics turned into Python first)."""
    from IPython.core.inputtransformer2 import TransformerManager
    tree = ast.parse(TransformerManager().transform_cell(source))
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


class StudentCopyCheck:
    """The checks of the module docstring, as pytest hooks around nbval's cells."""

    def __init__(self):
        self.pending = {}            # notebook -> (fingerprint before, solution cell index)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item):
        notebook = getattr(item, "parent", None)
        cell = getattr(item, "cell", None)
        if cell is None or not hasattr(notebook, "nb") or getattr(notebook, "kernel", None) is None:
            return (yield)
        cells = notebook.nb.cells
        index = next(i for i, c in enumerate(cells) if c is cell)
        if cell.cell_type == "code" and BEGIN in cell.source:
            self.before_solution(notebook, cells, index)
        result = yield
        if nbgrader_role(cell) == "test" and notebook in self.pending:
            self.after_test(notebook, cells, index)
        return result

    def before_solution(self, notebook, cells, index):
        kernel, name = notebook.kernel, Path(str(notebook.fspath)).name
        before = fingerprint(kernel)
        stub = strip_solutions(cells[index].source, "code")[0]
        errors = [o for o in run(kernel, stub) if o["output_type"] == "error"]
        top_level = any(line == "raise NotImplementedError()" for line in stub.splitlines())
        expected = ["NotImplementedError"] if top_level else []
        assert [e["ename"] for e in errors] == expected, (
            f"{name}, cell {index}: the student's stub gives {[e['ename'] for e in errors]}, "
            f"expected {expected}")
        test = next((i for i in range(index + 1, len(cells)) if nbgrader_role(cells[i]) == "test"), None)
        assert test is not None, f"{name}, cell {index}: a solution cell without a test cell after it"
        errors = [o for o in run(kernel, cells[test].source) if o["output_type"] == "error"]
        assert [e["ename"] for e in errors] == ["NotQuiteRight"] and len(errors[0]["traceback"]) == 1, (
            f"{name}, cell {test}: the check of an untouched exercise must show a one-line hint, "
            f"got {[(e['ename'], e['evalue']) for e in errors]}")
        self.pending[notebook] = (before, index)

    def after_test(self, notebook, cells, index):
        before, solution = self.pending.pop(notebook)
        name = Path(str(notebook.fspath)).name
        after = fingerprint(notebook.kernel)
        changed = sorted(k for k, v in before.items() if after.get(k) != v)
        assert not changed, (f"{name}, exercise at cell {solution}: the solution changes {changed}, which "
                             f"existed before it, so a student copy (without the solution) would run "
                             f"the cells after it differently")
        new = set(after) - set(before)
        for later in range(index + 1, len(cells)):
            cell = cells[later]
            if cell.cell_type != "code" or nbgrader_role(cell) in ("solution", "test") or BEGIN in cell.source:
                continue
            used = sorted(new & loaded_names(cell.source))
            assert not used, (f"{name}, cell {later} reads {used}, defined by the exercise at cell "
                              f"{solution}: in a student copy it would not exist (or would raise)")


def pytest_configure(config):
    if getattr(config.option, "nbval", False) or getattr(config.option, "nbval_lax", False):
        config.pluginmanager.register(StudentCopyCheck(), "student-copy-check")
