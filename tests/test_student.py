"""Student copies: solutions removed, everything else intact, and they run top to bottom; the
exercises are marked for nbgrader (a solution cell, then a locked test cell)."""
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "student"))
from build_student import (BEGIN, END, answer_cells, course_source, is_notes, main,  # noqa: E402
                           nbgrader_role, strip_solutions, student_copy, without_markers)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WITH_EXERCISES = [nb for nb in NOTEBOOKS if BEGIN in nb.read_text()]
EXERCISE_HEADING = re.compile(r"^### Exercise (\d\d)\.(\d) · \S", re.MULTILINE)


def test_code_solutions_become_the_nbgrader_stub():
    source = "x = 1\n    ### BEGIN SOLUTION\n    y = secret()\n    ### END SOLUTION\nprint(x)\n"
    new, count = strip_solutions(source, "code")
    assert count == 1
    assert new == "x = 1\n    # YOUR CODE HERE\n    raise NotImplementedError()\nprint(x)\n"


def test_markdown_solutions_and_several_regions():
    source = "Q1\n### BEGIN SOLUTION\nA1\n### END SOLUTION\nQ2\n### BEGIN SOLUTION\nA2\n### END SOLUTION"
    new, count = strip_solutions(source, "markdown")
    assert count == 2 and new == "Q1\nYOUR ANSWER HERE\nQ2\nYOUR ANSWER HERE"


@pytest.mark.parametrize("source", ["### BEGIN SOLUTION\nx = 1\n", "x = 1\n### END SOLUTION\n"])
def test_unbalanced_markers_are_an_error(source):
    with pytest.raises(ValueError, match="unbalanced solution markers"):
        strip_solutions(source, "code")


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.name)
def test_exercises_are_marked_and_numbered(path):
    notebook = nbformat.read(path, as_version=4)
    number = path.name[:2]
    headings = [m for cell in notebook.cells if cell.cell_type == "markdown"
                for m in EXERCISE_HEADING.finditer(cell.source)]
    assert headings and all(m.group(1) == number for m in headings)
    assert [int(m.group(2)) for m in headings] == list(range(1, len(headings) + 1))
    assert 3 <= len(headings) <= 5, f"{len(headings)} exercises"
    exercise = 0
    for index, cell in enumerate(notebook.cells):
        if "exercise" in cell.metadata.get("tags", []):
            exercise += 1
        if cell.cell_type == "code" and BEGIN in cell.source:
            assert "exercise" in cell.metadata.get("tags", []), "a solution cell is not tagged 'exercise'"
            assert cell.metadata["nbgrader"] == {"grade": False, "grade_id": f"ex{number}-{exercise}", "locked": False,
                                                 "schema_version": 3, "solution": True, "task": False}
            test = notebook.cells[index + 1]                # the test cell follows its solution cell
            assert test.metadata["nbgrader"] == {"grade": True, "grade_id": f"ex{number}-{exercise}-check",
                                                 "locked": True, "points": 1, "schema_version": 3,
                                                 "solution": False, "task": False}
            assert test.metadata["slideshow"]["slide_type"] in ("-", "fragment")
            lines = test.source.split("\n")
            check = lines[-1].split("(")[0]
            assert re.fullmatch(r"check_\w+", check) and len(lines) <= 2
            imports = [line for c in notebook.cells[:index + 2] if nbgrader_role(c) in ("test", "locked")
                       for line in c.source.split("\n") if line.startswith("from helpers.exercises")]
            assert any(re.fullmatch(rf"from helpers\.exercises\.ex{number} import (\w+, )*{check}(, \w+)*", line)
                       for line in imports), "the check is not imported in a locked cell"
        elif "nbgrader" in cell.metadata:
            assert nbgrader_role(cell) in ("test", "locked")
            assert BEGIN in notebook.cells[index - 1].source or BEGIN in notebook.cells[index + 1].source
    graded = [c for c in notebook.cells if nbgrader_role(c) == "test"]
    predictions = [c for c in notebook.cells if "exercise" in c.metadata.get("tags", []) and BEGIN not in c.source]
    assert len(graded) + len(predictions) == len(headings)


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.name)
def test_student_copy_has_no_solution_and_keeps_everything_else(path):
    teacher = nbformat.read(path, as_version=4)
    student = student_copy(teacher)
    answers = set(answer_cells(teacher.cells))
    kept = [(i, c) for i, c in enumerate(teacher.cells) if not is_notes(c)]
    assert len(student.cells) == len(kept) < len(teacher.cells)    # the speaker notes are out
    for (index, before), after in zip(kept, student.cells):
        if index in answers:                             # the answer to a prediction: not yet
            assert after.source == before.source and after.outputs == [] and after.execution_count is None
            continue
        if nbgrader_role(before) == "test":              # the check: as it is, locked, not run yet
            assert after.source == before.source and after.outputs == [] and after.execution_count is None
            assert after.metadata == {**before.metadata, "editable": False, "deletable": False}
            continue
        if nbgrader_role(before) == "locked":            # given code: as it is, outputs included, read-only
            assert after.source == before.source and after.outputs == before.outputs
            assert after.metadata == {**before.metadata, "editable": False, "deletable": False}
            continue
        if BEGIN not in before.source:
            assert after == before                       # untouched, outputs included
            continue
        assert BEGIN not in after.source and END not in after.source
        assert after.metadata == {**before.metadata, "deletable": False}
        solutions = re.findall(rf"{re.escape(BEGIN)}\n(.*?){re.escape(END)}", before.source, re.DOTALL)
        for solution in solutions:
            for line in solution.strip().splitlines():
                if len(line.strip()) > 12:               # no distinctive solution line survives
                    assert line.strip() not in after.source
        if after.cell_type == "code":
            assert after.outputs == [] and after.execution_count is None
            assert "raise NotImplementedError()" in after.source


def test_course_source_keeps_solutions_and_hides_the_rest():
    path = WITH_EXERCISES[0]
    teacher = nbformat.read(path, as_version=4)
    source = course_source(teacher)
    assert len(source.cells) == len([c for c in teacher.cells if not is_notes(c)])
    assert sum(BEGIN in c.source for c in source.cells) == sum(BEGIN in c.source for c in teacher.cells)
    for cell in source.cells:
        if nbgrader_role(cell) in ("solution", "test"):
            assert cell.get("outputs", []) == []
    assert any(c.get("outputs") for c in source.cells)


def test_make_student_writes_the_copies_and_the_course_folder(tmp_path):
    main(["--out", str(tmp_path / "student"), "--course", str(tmp_path / "course"), str(WITH_EXERCISES[0])])
    name = WITH_EXERCISES[0].name
    assert (tmp_path / "student" / name).exists()
    assert (tmp_path / "course" / "source" / WITH_EXERCISES[0].stem / name).exists()
    config = (tmp_path / "course" / "nbgrader_config.py").read_text()
    assert "ClearOutput" in config and "course_id" in config


def test_answer_cells_run_from_a_prediction_to_the_end_of_its_section():
    code, text = nbformat.v4.new_code_cell, nbformat.v4.new_markdown_cell
    slide = {"slideshow": {"slide_type": "slide"}}
    cells = [code("setup()"),
             code("prediction = None", metadata={"tags": ["exercise"]}),
             text("Now measure it."),
             code("show_source(train)"),
             code("runs = measure()"),
             code("compare_prediction(prediction, runs)"),
             code("table_with_the_answer_again()"),
             text("## Next section", metadata=slide),
             code("after()"),
             code("prediction = None", metadata={"tags": ["exercise"]}),
             code("measure()"),
             code(f"{BEGIN}\nx = 1\n{END}", metadata={"tags": ["exercise"]}),
             code("check(x)")]
    assert answer_cells(cells) == [4, 5, 6, 10]


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.name)
def test_every_prediction_has_answer_cells_that_compare_it(path):
    cells = nbformat.read(path, as_version=4).cells
    predictions = [c for c in cells if "exercise" in c.metadata.get("tags", [])
                   and BEGIN not in c.source]
    answers = answer_cells(cells)
    assert len([i for i in answers if "prediction" in cells[i].source]) == len(predictions)


def test_without_markers_keeps_the_solution_and_drops_the_marker_lines():
    source = f"def f(x):\n    {BEGIN}\n    return 2 * x\n    {END}\n\ncheck(f)"
    assert without_markers(source) == "def f(x):\n    return 2 * x\n\ncheck(f)"


# That a student copy runs top to bottom with only the exercises raising is checked while nbval runs
# the instructor's notebook, in the same kernel, without executing the copy a second time:
# tests/student_in_nbval.py (its own tests: tests/test_student_in_nbval.py).


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.name)
def test_instructor_copy_shows_every_check_passing(path):
    for cell in nbformat.read(path, as_version=4).cells:
        if nbgrader_role(cell) == "test":
            text = "".join(out.get("text", "") for out in cell.outputs)
            assert text.startswith("✓") and len(cell.outputs) == 1, "a check does not pass in the stored outputs"
