"""tools/stable_widget_ids.py: widget views get ids that do not change from run to run."""
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from stable_widget_ids import VIEW, stabilize  # noqa: E402


def notebook_with_widget(model_id):
    cell = nbformat.v4.new_code_cell("w")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        VIEW: {"model_id": model_id, "version_major": 2, "version_minor": 0},
        "text/plain": "Output()"}),
        nbformat.v4.new_output("stream", text="hello\n")]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# x"), cell])


def test_random_ids_become_the_same_stable_id():
    a, b = notebook_with_widget("f78751750f694c5aa1af7d6d484d4c67"), notebook_with_widget("0123abcd" * 4)
    assert stabilize(a, "08_playground.ipynb") == 1 and stabilize(b, "08_playground.ipynb") == 1
    assert a.cells[1].outputs == b.cells[1].outputs
    assert stabilize(a, "08_playground.ipynb") == 0                      # idempotent
    assert a.cells[1].outputs[1].text == "hello\n"                         # other outputs untouched
    other = notebook_with_widget("f78751750f694c5aa1af7d6d484d4c67")
    stabilize(other, "09_other.ipynb")
    assert other.cells[1].outputs[0].data[VIEW]["model_id"] != a.cells[1].outputs[0].data[VIEW]["model_id"]


def test_stored_notebooks_have_stable_widget_ids():
    for path in sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        assert stabilize(notebook, path.name) == 0, f"{path.name} has a random widget id: run make run"
