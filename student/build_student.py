"""Write the student copies of the notebooks: solutions removed, everything else intact.

The solutions sit between nbgrader's markers. In a code cell

    ### BEGIN SOLUTION
    ... the instructor's code ...
    ### END SOLUTION

becomes, as nbgrader's ``ClearSolutions`` preprocessor writes it,

    # YOUR CODE HERE
    raise NotImplementedError()

(indented like the markers), and the cell's outputs and execution count are cleared. In a
markdown cell the text between the markers becomes "YOUR ANSWER HERE". After a prediction
exercise, the outputs that hold the answer are cleared as well, and the speaker notes (slide
type ``notes``) are left out. Every other cell is copied unchanged, outputs included, so a
student copy reads like the instructor's until the first exercise. The same notebooks work
in nbgrader's own workflow.

Usage: python student/build_student.py --out build/student notebooks/NN_*.ipynb
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


def answer_cells(cells):
    """Indices of the code cells whose outputs give away a prediction's answer.

    A prediction exercise is a cell tagged ``exercise`` without a solution (``prediction =
    None``); the answer is in the code cells after it, up to and including the first that uses
    ``prediction``. A cell that only shows source code (``show_source(...)``) gives nothing away.
    """
    found, predicting = [], False
    for index, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        if "exercise" in cell.metadata.get("tags", []):
            predicting = BEGIN not in cell.source
        elif predicting and not cell.source.lstrip().startswith("show_source("):
            found.append(index)
            predicting = "prediction" not in cell.source
    return found


def student_copy(notebook):
    """A copy of ``notebook`` (an nbformat node) for students.

    The solutions are replaced by nbgrader's stub and their outputs cleared; the outputs of
    the cells that reveal a prediction's answer are cleared too (the student runs them after
    guessing); the speaker notes, which answer the questions asked in class, are left out.
    """
    copy = nbformat.from_dict(notebook)
    answers = answer_cells(notebook.cells)          # before the solutions become stubs
    for index, cell in enumerate(copy.cells):
        try:
            cell.source, count = strip_solutions(cell.source, cell.cell_type)
        except ValueError as error:
            raise ValueError(f"cell {index}: {error}") from None
        if count and cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    for index in answers:
        copy.cells[index].outputs, copy.cells[index].execution_count = [], None
    copy.cells = [cell for cell in copy.cells if not is_notes(cell)]
    return copy


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
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


if __name__ == "__main__":
    main()
