"""The README's path without make, on Linux: a fresh virtual environment, the pinned requirements
(whose last line installs helpers), ``import helpers``, and a notebook executed from it.

It downloads what pip's cache does not hold, so it needs the package index; without it the test
is skipped with one line saying so.
"""
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "01_housing_and_shallow_net.ipynb"


def package_index():
    """The index pip uses (``PIP_INDEX_URL`` or pip's configuration), PyPI by default."""
    url = os.environ.get("PIP_INDEX_URL")
    if not url:
        config = subprocess.run([sys.executable, "-m", "pip", "config", "get", "global.index-url"],
                                capture_output=True, text=True)
        url = config.stdout.strip() if config.returncode == 0 else ""
    return (url or "https://pypi.org/simple").rstrip("/") + "/"


def reachable(url, timeout=10):
    try:
        with urllib.request.urlopen(url + "pip/", timeout=timeout):
            return True
    except OSError:
        return False


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_fresh_venv_installs_the_course_from_requirements_txt(tmp_path):
    index = package_index()
    if not reachable(index):
        pytest.skip(f"the package index ({index}) is unreachable: the fresh-install test needs it")
    venv = tmp_path / "venv"
    python, jupyter = venv / "bin" / "python", venv / "bin" / "jupyter"
    # README, macOS and Linux; --no-compile only saves time (modules compile when imported)
    run([sys.executable, "-m", "venv", str(venv)], cwd=ROOT)
    run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], cwd=ROOT)
    run([python, "-m", "pip", "install", "--quiet", "--no-compile", "-r", "requirements.txt"], cwd=ROOT)

    # from another folder, so that the repository's helpers/ is not found through the cwd
    found = json.loads(run([python, "-c", "import json, sys, helpers; "
                            "print(json.dumps([sys.prefix, helpers.__file__]))"], cwd=tmp_path))
    assert Path(found[0]) == venv
    assert Path(found[1]) == ROOT / "helpers" / "__init__.py"        # editable: the repository's

    run([jupyter, "nbconvert", "--to", "notebook", "--execute", str(NOTEBOOK),
         "--output-dir", str(tmp_path), "--output", "executed"], cwd=ROOT)
    executed = json.loads((tmp_path / "executed.ipynb").read_text())
    outputs = [out for cell in executed["cells"] for out in cell.get("outputs", [])]
    assert not [out for out in outputs if out["output_type"] == "error"]
    assert "2.654116" in json.dumps(outputs)                          # the lecture's number
