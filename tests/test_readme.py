"""The README's example prints what its comments say, and the decimal numbers of its text are ones
the notebooks show (the rule of ``test_prose_numbers.py``, applied to the README)."""
import contextlib
import io
import re
from pathlib import Path

import nbformat

from test_prose_numbers import EXERCISE, QUOTED, prose_and_evidence, supported

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def python_blocks(markdown):
    return re.findall(r"```python\n(.*?)```", markdown, flags=re.S)


def test_the_readme_example_prints_what_its_comments_say():
    blocks = python_blocks(README)
    assert blocks, "the README has no Python example"
    for block in blocks:
        said = [line.split("#", 1)[1].strip() for line in block.splitlines()
                if line.startswith("print(") and "#" in line]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, "README.md", "exec"), {})
        printed = out.getvalue().splitlines()
        assert len(printed) == len(said)
        for line, comment in zip(printed, said):
            assert comment.startswith(line), f"the README says {comment!r}, the code prints {line!r}"


def test_every_decimal_number_of_the_readme_is_shown_by_a_notebook():
    shown = set()
    for path in NOTEBOOKS:
        shown |= prose_and_evidence(nbformat.read(path, as_version=4))[1]
    text = re.sub(r"```python\n.*?```", "", EXERCISE.sub("", README), flags=re.S)  # checked above
    text = re.sub(r"Python 3\.\d+", "", text)  # versions are not results
    missing = sorted({m.group(0) for m in QUOTED.finditer(text)
                      if not supported(m.group(1), shown, int(m.group(2) or 0))})
    assert not missing, f"the README quotes numbers that no notebook shows: {missing}"
