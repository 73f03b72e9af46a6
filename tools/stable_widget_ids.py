"""Give every widget view in the executed notebooks a deterministic model id.

Executing a notebook that displays ipywidgets stores, in the output, a reference to the
widget's model under a random id (``uuid4``). The widget state itself is not stored
(``store_widget_state=False``), so the id refers to nothing once the kernel is gone; but a new
random id at every ``make run`` would change the file although nothing changed. This replaces
each id with a hash of the notebook's name and the output's position, so running the
notebooks twice leaves the repository unchanged.

Usage: python tools/stable_widget_ids.py notebooks/NN_*.ipynb
"""
import hashlib
import sys
from pathlib import Path

import nbformat

VIEW = "application/vnd.jupyter.widget-view+json"


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


def main(paths):
    for path in map(Path, paths):
        notebook = nbformat.read(path, as_version=4)
        if stabilize(notebook, path.name):
            nbformat.write(notebook, path)


if __name__ == "__main__":
    main(sys.argv[1:])
