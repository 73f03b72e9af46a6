"""tools/stable_outputs.py: make run leaves unchanged notebooks unchanged."""
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from stable_outputs import VARIABLE, VIEW, coalesce_streams, restore, stabilize, variable_outputs  # noqa: E402


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


def test_stored_notebooks_are_in_their_stable_form():
    for path in sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        assert stabilize(notebook, path.name) == 0, f"{path.name} has a random widget id: run make run"
        assert coalesce_streams(notebook) == 0, f"{path.name} has split stream outputs: run make run"


def test_consecutive_streams_are_merged():
    cell = nbformat.v4.new_code_cell("print(1); print(2)")
    cell.outputs = [nbformat.v4.new_output("stream", text="1\n"), nbformat.v4.new_output("stream", text="2\n"),
                    nbformat.v4.new_output("stream", name="stderr", text="w\n"),
                    nbformat.v4.new_output("stream", text="3\n")]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    assert coalesce_streams(notebook) == 1
    assert [(o.name, o.text) for o in cell.outputs] == [("stdout", "1\n2\n"), ("stderr", "w\n"), ("stdout", "3\n")]


def timing_notebook(source, text):
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": [VARIABLE]})
    cell.outputs = [nbformat.v4.new_output("stream", text=text)]
    plain = nbformat.v4.new_code_cell("print(1)")
    plain.outputs = [nbformat.v4.new_output("stream", text="1\n")]
    return nbformat.v4.new_notebook(cells=[cell, plain])


def test_machine_dependent_outputs_come_back_when_the_cell_is_unchanged():
    before = timing_notebook("time_it()", "12.5 ms\n")
    saved = variable_outputs(before)
    after = timing_notebook("time_it()", "17.9 ms\n")
    after.cells[1].outputs[0].text = "2\n"                  # a normal cell keeps its new output
    assert restore(after, saved) == 1
    assert after.cells[0].outputs[0].text == "12.5 ms\n" and after.cells[1].outputs[0].text == "2\n"
    assert restore(after, saved) == 0                          # nothing left to restore
    edited = timing_notebook("time_it(repeats=5)", "9.1 ms\n")
    assert restore(edited, saved) == 0 and edited.cells[0].outputs[0].text == "9.1 ms\n"
