"""The check that replaces a second execution of the student copies catches what it must."""
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOLUTION = "def double(v):\n    ### BEGIN SOLUTION\n    return 2 * v\n    ### END SOLUTION"
TEST = ("from helpers.exercises import NotQuiteRight\ntry:\n    right = double(2) == 4\n"
        "except NotImplementedError:\n    right = False\nif not right:\n"
        "    raise NotQuiteRight('double still raises NotImplementedError')\nprint('✓ double')")


def notebook(tmp_path, *sources):
    """A notebook whose cells are the sources, executed, the exercise's cells marked as nbgrader's."""
    cells = []
    for source in sources:
        cell = nbformat.v4.new_code_cell(source)
        if "BEGIN SOLUTION" in source:
            cell.metadata["nbgrader"] = {"solution": True, "grade": False, "grade_id": "ex", "locked": False}
        elif "NotQuiteRight" in source:
            cell.metadata["nbgrader"] = {"solution": False, "grade": True, "grade_id": "ex-check",
                                         "locked": True, "points": 1}
        cells.append(cell)
    nb = nbformat.v4.new_notebook(cells=cells)
    from nbclient import NotebookClient
    NotebookClient(nb, timeout=60, resources={"metadata": {"path": str(tmp_path)}}).execute()
    path = tmp_path / "exercise.ipynb"
    nbformat.write(nb, path)
    return path


def nbval(path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "-q",
                             "-p", "no:cacheprovider", "-p", "tests.student_in_nbval", str(path)],
                            capture_output=True, text=True, cwd=path.parent, env=env, timeout=300)
    return result.returncode, result.stdout


@pytest.mark.parametrize("later, problem", [
    ("print(x + 1)", None),
    ("print(double(3))", r"cell 3 reads \['double'\], defined by the exercise at cell 1"),
])
def test_a_later_cell_that_uses_the_solution_is_caught(tmp_path, later, problem):
    import re
    code, output = nbval(notebook(tmp_path, "x = 1", SOLUTION, TEST, later))
    if problem is None:
        assert code == 0, output
    else:
        assert code != 0 and re.search(problem, output), output


def test_a_solution_that_changes_what_existed_is_caught(tmp_path):
    mutating = "y = None\n### BEGIN SOLUTION\ny = 2 * x\nx = x + 1\n### END SOLUTION"
    check = ("from helpers.exercises import NotQuiteRight\nif y != 2:\n"
             "    raise NotQuiteRight('y is still empty')\nprint('✓ y')")
    code, output = nbval(notebook(tmp_path, "x = 1", mutating, check, "print(x)"))
    assert code != 0 and "the solution changes ['x'], which existed before it" in output, output


def test_a_check_that_does_not_answer_the_stub_with_a_hint_is_caught(tmp_path):
    silent = "try:\n    double(2)\nexcept NotImplementedError:\n    pass\nprint('✓ double')"
    code, output = nbval(notebook(tmp_path, SOLUTION, silent.replace("print", "from helpers.exercises import "
                                                                      "NotQuiteRight\nprint")))
    assert code != 0 and "must show a one-line hint" in output, output
