"""Write the student copies of the notebooks: solutions removed, everything else intact.

The solutions sit between nbgrader's markers. In a code cell

    ### BEGIN SOLUTION
    ... the instructor's code ...
    ### END SOLUTION

becomes, as nbgrader's ``ClearSolutions`` preprocessor writes it,

    # YOUR CODE HERE
    raise NotImplementedError()

(indented like the markers), and the cell's outputs and execution count are cleared. In a
markdown cell the text between the markers becomes "YOUR ANSWER HERE". Every other cell is
copied unchanged, outputs included, so a student copy reads like the instructor's until
the first exercise. The same notebooks work in nbgrader's own workflow.

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


def student_copy(notebook):
    """A copy of ``notebook`` (an nbformat node) with the solutions removed."""
    copy = nbformat.from_dict(notebook)
    for index, cell in enumerate(copy.cells):
        try:
            cell.source, count = strip_solutions(cell.source, cell.cell_type)
        except ValueError as error:
            raise ValueError(f"cell {index}: {error}") from None
        if count and cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
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
