"""Write the student copies of the notebooks, and nbgrader's course folder.

Every code exercise is two cells, marked for nbgrader: a solution cell (``solution: true``)
whose solution sits between nbgrader's markers, and after it a locked test cell (``grade:
true``, ``locked: true``, with points) that calls the exercise's check. In the solution cell

    ### BEGIN SOLUTION
    ... the instructor's code ...
    ### END SOLUTION

becomes, as nbgrader's ``ClearSolutions`` preprocessor writes it,

    # YOUR CODE HERE
    raise NotImplementedError()

(indented like the markers). In a markdown cell the text between the markers becomes "YOUR
ANSWER HERE". The outputs of the solution and test cells are cleared, and so are the outputs
that answer a prediction, to the end of its section (the student runs those cells after
guessing); the speaker notes
(slide type ``notes``) are left out, since they answer the questions asked in class. As
nbgrader's ``LockCells`` does, solution cells cannot be deleted, and test cells (and cells
marked ``locked``: given code a test cell relies on) can be neither edited nor deleted. Every
other cell is copied unchanged, outputs included, so a student copy reads like the
instructor's until the first exercise.

With ``--course DIR`` the same notebooks also go into an nbgrader course folder: one
assignment per notebook in ``DIR/source/`` (solutions kept, notes and the outputs above
left out) and ``DIR/nbgrader_config.py``, which keeps the other outputs in the release.
``nbgrader generate_assignment`` then writes releases equal to the student copies.

Usage: python student/build_student.py --out build/student [--course build/course] notebooks/NN_*.ipynb
"""
import argparse
import re
import sys
from pathlib import Path

import nbformat

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"
_REGION = re.compile(rf"^([ \t]*){re.escape(BEGIN)}[^\n]*\n.*?^[ \t]*{re.escape(END)}[^\n]*(\n|$)",
                     re.MULTILINE | re.DOTALL)


def strip_solutions(source, kind):
    """``source`` with every solution region replaced by the stub; the number of regions."""
    def stub(match):
        indent, newline = match.group(1), match.group(2)
        text = CODE_STUB if kind == "code" else TEXT_STUB
        return "\n".join(indent + line for line in text.split("\n")) + newline
    new, count = _REGION.subn(stub, source)
    if BEGIN in new or END in new:
        raise ValueError("unbalanced solution markers")
    return new, count


def without_markers(source):
    """``source`` without nbgrader's marker lines: the solution as it reads (decks, website)."""
    return "\n".join(line for line in source.split("\n") if line.strip() not in (BEGIN, END))


def is_notes(cell):
    """A speaker-notes cell: for the presenter, in the decks' speaker view."""
    return cell.metadata.get("slideshow", {}).get("slide_type") == "notes"


def nbgrader_role(cell):
    """The cell's part in an exercise, from nbgrader's metadata: "solution", "test" (graded),
    "locked" (given code the test relies on, read-only) or None."""
    meta = cell.metadata.get("nbgrader", {})
    if meta.get("grade") and not meta.get("solution"):
        return "test"
    if meta.get("solution"):
        return "solution"
    if meta.get("locked"):
        return "locked"
    return None


def answer_cells(cells):
    """Indices of the code cells whose outputs give away a prediction's answer.

    A prediction exercise is a cell tagged ``exercise`` without a solution (``prediction =
    None``); the answer is in the code cells after it, to the end of its section: up to the
    next cell that starts a slide, or the next exercise. A cell that only shows source code
    (``show_source(...)``) gives nothing away.
    """
    found, predicting = [], False
    for index, cell in enumerate(cells):
        if cell.metadata.get("slideshow", {}).get("slide_type") == "slide":
            predicting = False
        if cell.cell_type != "code":
            continue
        if "exercise" in cell.metadata.get("tags", []):
            predicting = BEGIN not in cell.source
        elif predicting and not cell.source.lstrip().startswith("show_source("):
            found.append(index)
    return found


def _cleared(cell):
    cell.outputs, cell.execution_count = [], None


def course_source(notebook):
    """``notebook`` as an nbgrader assignment's source: solutions kept, nothing else to hide.

    The speaker notes are left out; the outputs of the exercises' cells (solution and test)
    and of the cells that answer a prediction are cleared.
    """
    copy = nbformat.from_dict(notebook)
    for index in answer_cells(copy.cells):
        _cleared(copy.cells[index])
    for cell in copy.cells:
        if cell.cell_type == "code" and nbgrader_role(cell) in ("solution", "test"):
            _cleared(cell)
    copy.cells = [cell for cell in copy.cells if not is_notes(cell)]
    return copy


def student_copy(notebook):
    """A copy of ``notebook`` (an nbformat node) for students, as nbgrader would release it.

    :func:`course_source`, then every solution replaced by nbgrader's stub, solution cells
    made undeletable, test cells and locked cells read-only (nbgrader's ``LockCells``).
    """
    copy = course_source(notebook)
    for index, cell in enumerate(copy.cells):
        try:
            cell.source, count = strip_solutions(cell.source, cell.cell_type)
        except ValueError as error:
            raise ValueError(f"cell {index}: {error}") from None
        if count and cell.cell_type == "code":
            _cleared(cell)
        role = nbgrader_role(cell)
        if role == "solution":
            cell.metadata["deletable"] = False
        elif role in ("test", "locked"):
            cell.metadata["deletable"] = cell.metadata["editable"] = False
    return copy


NBGRADER_CONFIG = """\
# nbgrader's configuration for this course folder (written by `make student`).
# Run nbgrader's commands from this folder; see the README's section "Exercises".
from nbgrader.converters import GenerateAssignment

c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.course_id = "why-networks-fail"

# The release keeps the notebooks' outputs (the figures and tables a student reads before the
# first exercise): nbgrader's own preprocessors, without ClearOutput. The source notebooks
# hold no output that would give an answer away.
c.GenerateAssignment.preprocessors = [
    p for p in GenerateAssignment.class_traits()["preprocessors"].default()
    if p.__name__ != "ClearOutput"]

# Some cells train networks for several seconds.
c.Execute.timeout = 600
"""


def write_course(notebooks, folder):
    """An nbgrader course folder: ``nbgrader_config.py`` and one assignment per notebook."""
    folder = Path(folder)
    (folder / "source").mkdir(parents=True, exist_ok=True)
    (folder / "nbgrader_config.py").write_text(NBGRADER_CONFIG, encoding="utf-8")
    for path in notebooks:
        path = Path(path)
        assignment = folder / "source" / path.stem
        assignment.mkdir(exist_ok=True)
        nbformat.write(course_source(nbformat.read(path, as_version=4)), assignment / path.name)
    return folder


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--course", type=Path, help="also write an nbgrader course folder here")
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for path in args.notebooks:
        notebook = nbformat.read(path, as_version=4)
        try:
            copy = student_copy(notebook)
        except ValueError as error:
            sys.exit(f"{path}: {error}")
        nbformat.write(copy, args.out / path.name)
    print(f"Student copies: {args.out}/ ({len(args.notebooks)} notebooks, solutions removed)")
    if args.course:
        write_course(args.notebooks, args.course)
        print(f"nbgrader course folder: {args.course}/ (source/ and nbgrader_config.py)")


if __name__ == "__main__":
    main()
