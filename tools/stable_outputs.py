"""Keep ``make run`` from rewriting notebooks whose content did not change.

Three kinds of stored output change from one execution to the next although nothing changed:

* a widget view stores a reference to its model under a random id (``uuid4``); the widget
  state itself is not stored (``store_widget_state=False``), so the id refers to nothing once
  the kernel is gone. It is replaced by a hash of the notebook's name and the output's place.
* a cell tagged ``nbval-ignore-output`` prints something that depends on the machine (a
  timing). Its outputs from before the run are put back when the cell's source is unchanged,
  so they change only when the cell does.
* a cell's printed text arrives in chunks that the kernel splits differently from run to run;
  consecutive stream outputs are merged into one.

Usage (``make run``):
    python tools/stable_outputs.py save build/variable_outputs.json notebooks/NN_*.ipynb
    ... execute the notebooks in place ...
    python tools/stable_outputs.py restore build/variable_outputs.json notebooks/NN_*.ipynb
"""
import hashlib
import json
import sys
from pathlib import Path

import nbformat

VIEW = "application/vnd.jupyter.widget-view+json"
VARIABLE = "nbval-ignore-output"


def stabilize(notebook, name):
    """Replace the model ids of widget views in ``notebook`` in place; return how many changed."""
    changed = 0
    for index, cell in enumerate(notebook.cells):
        for number, output in enumerate(cell.get("outputs", [])):
            view = output.get("data", {}).get(VIEW)
            if view and "model_id" in view:
                stable = hashlib.sha256(f"{name}/{index}/{number}".encode()).hexdigest()[:32]
                if view["model_id"] != stable:
                    view["model_id"] = stable
                    changed += 1
    return changed


def coalesce_streams(notebook):
    """Merge consecutive stream outputs of one cell (how the kernel chunks them varies by run)."""
    changed = 0
    for cell in notebook.cells:
        merged = []
        for output in cell.get("outputs", []):
            if (merged and output.output_type == "stream" and merged[-1].output_type == "stream"
                    and merged[-1].name == output.name):
                merged[-1].text += output.text
                changed += 1
            else:
                merged.append(output)
        if cell.cell_type == "code":
            cell.outputs = merged
    return changed


def variable_outputs(notebook):
    """``{source: outputs}`` of the cells whose output depends on the machine."""
    return {cell.source: cell.outputs for cell in notebook.cells
            if cell.cell_type == "code" and VARIABLE in cell.metadata.get("tags", [])}


def restore(notebook, saved):
    """Put back the saved outputs of unchanged machine-dependent cells; return how many."""
    restored = 0
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source in saved and VARIABLE in cell.metadata.get("tags", []):
            if cell.outputs != saved[cell.source]:
                cell.outputs = [nbformat.from_dict(o) for o in saved[cell.source]]
                restored += 1
    return restored


def main(argv):
    command, store, paths = argv[0], Path(argv[1]), [Path(p) for p in argv[2:]]
    if command == "save":
        store.parent.mkdir(parents=True, exist_ok=True)
        store.write_text(json.dumps({p.name: variable_outputs(nbformat.read(p, as_version=4)) for p in paths}))
        return
    saved = json.loads(store.read_text()) if store.exists() else {}
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        if coalesce_streams(notebook) + restore(notebook, saved.get(path.name, {})) + stabilize(notebook, path.name):
            nbformat.write(notebook, path)


if __name__ == "__main__":
    main(sys.argv[1:])
