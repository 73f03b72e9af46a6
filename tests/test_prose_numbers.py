"""Prose must not drift from results: every decimal number a notebook's text quotes is one it shows.

A number such as ``0.277`` or ``42.5 %`` in a markdown cell (slides, speaker notes, takeaways) must
appear in that notebook's code or outputs, as printed or as a printed value rounded to the digits
quoted (a printed 0.2771 supports 0.277 and 0.28; a printed fraction 0.425 supports 42.5 %).
Exercise numbers (``Exercise 03.1``) are names, not results.
"""
import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# a decimal number in the prose, with its power of ten if written out (1.9·10^{-6}, 1.9\cdot10^{-6})
QUOTED = re.compile(r"(?<![\w.^{])(\d+\.\d+)(?!\d)(?:\s*(?:\\cdot|\\times|·|×)\s*10\^\{?(-?\d+)\}?)?")
EXERCISE = re.compile(r"(?i)\bexercises?\s+\d\d\.\d(?:\s*(?:,|and|or|–|-)\s*\d\d\.\d)*")  # "Exercise 03.1"
SHOWN = re.compile(r"\d+\.\d+(?:[eE][-+]?\d+)?|\d+(?:[eE][-+]?\d+)?")


def prose_and_evidence(notebook):
    """The markdown text, and every number the code and its outputs show."""
    prose, evidence = [], []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            prose.append(EXERCISE.sub("", cell.source))
            continue
        evidence.append(cell.source)
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                evidence.append(output.text)
            for kind in ("text/plain", "text/html", "text/markdown"):
                evidence.append(output.get("data", {}).get(kind, ""))
    numbers = {Decimal(s) for s in SHOWN.findall("\n".join(evidence))}
    return "\n".join(prose), numbers


def supported(quoted, shown, power=0):
    """Whether some shown number, or 100 times it (a percentage), rounds to ``quoted``·10^power."""
    target = Decimal(quoted).scaleb(power)
    step = Decimal(1).scaleb(target.as_tuple().exponent)
    for value in shown:
        for candidate in (value, value * 100):
            if candidate.adjusted() > 15:
                continue
            if target in (candidate.quantize(step, ROUND_HALF_UP), candidate.quantize(step, ROUND_HALF_EVEN)):
                return True
    return False


def unsupported(notebook):
    prose, shown = prose_and_evidence(notebook)
    return sorted({m.group(0) for m in QUOTED.finditer(prose)
                   if not supported(m.group(1), shown, int(m.group(2) or 0))},
                  key=lambda q: float(QUOTED.match(q).group(1)) * 10.0 ** int(QUOTED.match(q).group(2) or 0))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_every_decimal_number_in_the_prose_is_shown_by_the_notebook(path):
    missing = unsupported(nbformat.read(path, as_version=4))
    assert not missing, (f"{path.name} quotes numbers that its code and outputs do not show: {missing}; "
                         f"print them, or quote what is printed")


def test_the_rule_catches_drift_and_accepts_rounding():
    cell = nbformat.v4.new_code_cell("print(loss)")
    cell.outputs = [nbformat.v4.new_output("stream", text="loss 0.27714, share 0.425\n")]
    def notebook(text):
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text), cell])
    assert unsupported(notebook("The loss ends at 0.277 (0.28), 42.5 % of runs; exercise 03.1.")) == []
    assert unsupported(notebook("The loss ends at 0.271 and 0.5, 41.5 %; 1.9·10^{-6}.")) == ["1.9·10^{-6}", "0.271", "0.5", "41.5"]
