"""Build the course website into ``build/site/`` (``make site``).

1. Stage the Sphinx sources in ``build/site-src/``: the landing page from ``website/``, the
   executed notebooks from ``notebooks/`` (as stored: nothing is executed), one API page
   per module of ``helpers`` generated from its ``__all__``, and two sections of the README as
   pages: the table of the lecture's experiments, which the notebooks cite by number, and the
   notation. The configuration, the extension
   and the static files stay in ``website/`` (``sphinx-build -c website``).
2. Run ``sphinx-build -W -E`` into an empty ``build/site/``: every warning is an error, so a
   broken reference fails the build, and every page is read again, so no warning is skipped.
3. Copy next to the pages what they link to: the slide decks (``build/slides/``, with the
   offline MathJax the pages load too) and the student copies. The notebooks themselves are
   in ``_sources/``, where Sphinx copies every source.

The folder is self-contained: open ``build/site/index.html`` from disk, or publish the folder
on any static host.

Usage: ``python website/build_site.py [--out build/site] [--slides build/slides]
[--student build/student]``
"""
import argparse
import importlib
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEBSITE = Path(__file__).resolve().parent
NOTEBOOKS = ROOT / "notebooks"

#: The modules of ``helpers`` with a page in the API reference, in the order of the course.
API_MODULES = ["datasets", "initializers", "activations", "losses", "module", "network", "normalization",
               "training", "minibatches", "schedules", "optimizers", "diagnostics", "sweeps", "checkpoints",
               "deep_linear", "dashboard", "boundary", "plotting", "playground", "exercises"]


def notebooks():
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def module_summary(module):
    """The first sentence of a module's docstring, on one line."""
    doc = (module.__doc__ or "").strip()
    return " ".join(doc.split("\n\n")[0].split()).rstrip(".")


def api_page(name):
    """The MyST source of one module's API page."""
    return (f"# `helpers.{name}`\n\n"
            f"```{{eval-rst}}\n.. automodule:: helpers.{name}\n```\n")


def api_index():
    """The API reference's landing page: every public name of every module, with its summary."""
    lines = ["# API reference", "",
             "Everything the notebooks import comes from the package `helpers`, one concept per",
             "module. `from helpers import ...` gives the names used most; each module's page",
             "has the full documentation, formulas and references.", ""]
    for name in API_MODULES:
        module = importlib.import_module(f"helpers.{name}")
        lines += [f"## [`helpers.{name}`]({name}.md)", "", module_summary(module) + ".", "",
                  "```{eval-rst}", f".. currentmodule:: helpers.{name}", "", ".. autosummary::",
                  "   :nosignatures:", ""]
        lines += [f"   {member}" for member in module.__all__
                  if callable(getattr(module, member))]
        lines += ["```", ""]
    lines += ["```{toctree}", ":hidden:", ""] + API_MODULES + ["```", ""]
    return "\n".join(lines)


def readme_section(heading):
    """One ``## heading`` section of the README, up to the next ``## `` heading, as a page."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    section = text[start:end if end >= 0 else None].strip()
    return section[1:] + "\n"             # "## heading" becomes the page title


def stage(src):
    """Write every source of the site into ``src``, emptied first."""
    shutil.rmtree(src, ignore_errors=True)
    (src / "notebooks").mkdir(parents=True)
    (src / "api").mkdir()
    for path in WEBSITE.glob("*.md"):
        shutil.copy2(path, src / path.name)
    for nb in notebooks():
        shutil.copy2(nb, src / "notebooks" / nb.name)
    for name in API_MODULES:
        (src / "api" / f"{name}.md").write_text(api_page(name), encoding="utf-8")
    (src / "api" / "index.md").write_text(api_index(), encoding="utf-8")
    # the notebooks refer to the lecture's experiments by the numbers of the README's table
    (src / "experiments.md").write_text(readme_section("The lecture's experiments"),
                                        encoding="utf-8")
    (src / "notation.md").write_text(readme_section("Notation"), encoding="utf-8")


def copy_tree(src, dst):
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)


def sphinx_build(src, out, doctrees, check=True):
    """Run Sphinx on ``src`` with the course's configuration; every warning is an error.

    Its messages are printed, and returned with the exit status (``check=False``), or raise
    ``subprocess.CalledProcessError`` (``check=True``) when there was any warning.
    """
    result = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-E", "-q",
                             "-b", "html", "-c", str(WEBSITE), "-d", str(doctrees), str(src),
                             str(out)], capture_output=True, text=True)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if check:
        result.check_returncode()
    return result


def build(out, slides, student, src, doctrees):
    missing = [p for p in (slides, student) if not Path(p).is_dir()]
    if missing:
        raise FileNotFoundError(f"{', '.join(map(str, missing))} missing: run `make slides` and "
                                "`make student` first (or `make site`, which runs both).")
    stage(src)
    shutil.rmtree(out, ignore_errors=True)      # no page of a notebook that is gone
    sphinx_build(src, out, doctrees)
    copy_tree(slides, out / "slides")
    shutil.rmtree(out / "slides" / "screenshots", ignore_errors=True)
    copy_tree(student, out / "student")
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--slides", type=Path, default=ROOT / "build" / "slides")
    parser.add_argument("--student", type=Path, default=ROOT / "build" / "student")
    parser.add_argument("--src", type=Path, default=ROOT / "build" / "site-src")
    args = parser.parse_args(argv)
    try:
        out = build(args.out, args.slides, args.student, args.src,
                    args.src.parent / (args.src.name + "-doctrees"))
    except subprocess.CalledProcessError as err:
        print(f"sphinx-build failed (exit status {err.returncode}); its messages are above.")
        return 1
    print(f"Course website: {out}/index.html (open from disk or publish the folder)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
