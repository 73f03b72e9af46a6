"""nbgrader itself, on the course folder `make student` writes: it releases the student copies,
gives full marks to right answers and none to an untouched release."""
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

pytest.importorskip("nbgrader", reason="nbgrader is not installed (pip install -r requirements-instructor.txt)")
from nbgrader.api import Gradebook  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "student"))
from build_student import BEGIN, END, is_notes, student_copy, write_course  # noqa: E402

NOTEBOOKS = [ROOT / "notebooks" / "01_housing_and_shallow_net.ipynb", ROOT / "notebooks" / "04_vanishing_gradients.ipynb"]


def nbgrader(course, *args):
    """Run an nbgrader command in the course folder (with this environment's executables on PATH:
    nbgrader calls alembic by name)."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and "ERROR" not in done.stderr, done.stderr[-3000:]
    return done


def without_nbgrader_bookkeeping(cell):
    """A cell as `make student` writes it: nbgrader adds a checksum and the cell type."""
    cell = nbformat.from_dict(cell)
    for key in ("checksum", "cell_type"):
        cell.metadata.get("nbgrader", {}).pop(key, None)
    return cell


def submit(course, student, fill):
    """Hand in each released notebook, its solution cells filled with the instructor's code or not."""
    for path in NOTEBOOKS:
        release = nbformat.read(course / "release" / path.stem / path.name, as_version=4)
        solutions = {c.metadata["nbgrader"]["grade_id"]: c.source
                     for c in nbformat.read(path, as_version=4).cells if c.metadata.get("nbgrader", {}).get("solution")}
        for cell in release.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if fill and grade_id in solutions:
                cell.source = solutions[grade_id]
        folder = course / "submitted" / student / path.stem
        folder.mkdir(parents=True)
        nbformat.write(release, folder / path.name)


def test_nbgrader_releases_the_student_copies_and_grades_them(tmp_path):
    course = write_course(NOTEBOOKS, tmp_path / "course")
    nbgrader(course, "generate_assignment", "*")
    for path in NOTEBOOKS:
        release = nbformat.read(course / "release" / path.stem / path.name, as_version=4)
        ours = student_copy(nbformat.read(path, as_version=4))
        assert [without_nbgrader_bookkeeping(c) for c in release.cells] == ours.cells
        assert not any(is_notes(c) for c in release.cells)                  # no speaker notes
        assert not any(BEGIN in c.source or END in c.source for c in release.cells)
        outputs = [o for c in release.cells if c.cell_type == "code" for o in c.outputs]
        assert len(outputs) >= 5                                            # the figures and tables stay
        assert not any("✓" in o.get("text", "") for o in outputs)          # no check has run yet

    submit(course, "right", fill=True)
    submit(course, "untouched", fill=False)
    nbgrader(course, "autograde", "*")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scores = {(s.assignment.name, s.student.id): (s.score, s.max_score)
                  for a in gradebook.assignments for s in gradebook.assignment_submissions(a.name)}
    tests = {path.stem: sum(bool(c.metadata.get("nbgrader", {}).get("grade"))
                            for c in nbformat.read(path, as_version=4).cells) for path in NOTEBOOKS}
    for name, n_tests in tests.items():
        assert n_tests >= 2
        assert scores[name, "right"] == (n_tests, n_tests)
        assert scores[name, "untouched"] == (0, n_tests)

    nbgrader(course, "generate_feedback", NOTEBOOKS[1].stem)
    feedback = (course / "feedback" / "untouched" / NOTEBOOKS[1].stem / f"{NOTEBOOKS[1].stem}.html").read_text()
    assert "NotQuiteRight" in feedback and "still raises NotImplementedError" in feedback
    assert "helpers/exercises" not in feedback and "_reference" not in feedback
