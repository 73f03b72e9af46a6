"""What the course adds to the notebook pages that myst-nb renders.

- Under each notebook's title, a line of links: its slide deck, the notebook itself and its
  student copy (solutions removed), all shipped inside the site.
- Each exercise shows the code a student starts from (the student copy's cell); the solution
  (without nbgrader's markers) and the check's output stay one click away. After a
  prediction, the outputs that give the answer are folded until the reader opens them.
- The speaker notes (cells of slide type ``notes``) are left out of the pages: they are for
  the presenter, in the decks' speaker view.
- On the landing page, ``{course-notebooks}`` is the table of the notebooks: title, deck and
  student copy of each, read from the notebooks themselves.
- Accessibility: a fold (solution, result, code) is named by the words it shows ("Show a
  solution"), not "Toggle hidden content"; the sidebar's icon-only toggle gets a name; the empty
  corner cells of pandas tables are data cells, not header cells without text.
- ``{class-plan}`` on the plan page is the week's table: each notebook's sections in class, their
  minutes and the homework, read from the ``class_plan`` metadata of the section headings.
- After each ``show_source(...)`` output, a link to the object's entry in the API reference.
  ``helpers.show_source`` records the object's full name in the output's metadata
  (``SHOW_SOURCE_KEY``); a name the API reference does not document fails the build.
"""
import html
import re
import sys
from pathlib import Path

import nbformat
from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx import addnodes

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "student"))
from build_student import (BEGIN, answer_cells, is_notes, strip_solutions,  # noqa: E402
                           without_markers)

from myst_nb.sphinx_ import HideCodeCellNode  # noqa: E402

from helpers.plotting import SHOW_SOURCE_KEY  # noqa: E402


def _is_notebook(app, docname):
    return str(app.env.doc2path(docname)).endswith(".ipynb")


def _code_cells(doctree):
    """{cell index: the cell's container} for every code cell myst-nb rendered."""
    return {node["cell_index"]: node for node in doctree.findall(nodes.container)
            if node.get("nb_element") == "cell_code"}


def _links(stem):
    """The paragraph of links under a notebook's title."""
    para = nodes.paragraph(classes=["course-links"])
    items = [("Slides", f"../slides/{stem}.slides.html"),
             ("Notebook (.ipynb)", f"../_sources/notebooks/{stem}.ipynb"),
             ("Student copy, without solutions (.ipynb)", f"../student/{stem}.ipynb")]
    for i, (text, uri) in enumerate(items):
        if i:
            para += nodes.Text(" · ")
        para += nodes.reference(text, text, refuri=uri, classes=["course-link"])
    return para


def _exercise(cell):
    """Show the student's starting code; fold the solution and its output under a summary."""
    source_box = cell.children[0]
    if source_box.get("nb_element") != "cell_code_source":
        return
    block = next(source_box.findall(nodes.literal_block))
    stub, _ = strip_solutions(block.astext(), "code")
    starter = nodes.container(classes=["cell_input", "exercise-starter"],
                              nb_element="cell_code_source")
    starter += nodes.literal_block(stub, stub, language=block.get("language", "ipython3"),
                                   classes=block.get("classes", []))
    folded = HideCodeCellNode(prompt_show="Show a solution", prompt_hide="Hide the solution",
                              classes=["above-input", "exercise-solution"])
    folded.extend(cell.children)
    _without_markers(folded)
    cell.children = []
    cell += starter
    cell += folded


def _without_markers(cell):
    """The solution as it reads: nbgrader's BEGIN/END SOLUTION lines left out of the shown code."""
    for block in cell.findall(nodes.literal_block):
        text = without_markers(block.astext())
        block.replace_self(nodes.literal_block(text, text, language=block.get("language"),
                                               classes=block.get("classes", [])))


def _fold_output(cell, show, hide):
    """Put a cell's output under a summary the reader clicks to open."""
    output = cell.children[-1] if cell.children else None
    if output is None or output.get("nb_element") != "cell_code_output":
        return
    folded = HideCodeCellNode(prompt_show=show, prompt_hide=hide,
                              classes=["below-input", "prediction-result"])
    output.replace_self(folded)
    folded += output


def read_notebook(text):
    """Read a notebook for the site: the speaker notes stay in the decks, not on the pages.

    Cells whose slide type is ``notes`` get myst-nb's ``remove-cell`` tag (cell indices are
    kept, so the notebook's cells and the rendered ones still match one to one).
    """
    notebook = nbformat.reads(text, as_version=4)
    for cell in notebook.cells:
        if is_notes(cell):
            cell.metadata["tags"] = [*cell.metadata.get("tags", []), "remove-cell"]
    return notebook


def _source_link(qualname):
    """'API reference: helpers.x.y', resolved by Sphinx's Python domain (warns if missing)."""
    parts = qualname.split(".")
    while parts[-1].startswith("_"):            # a private method: its class's entry
        parts.pop()
    public = ".".join(parts)
    para = nodes.paragraph(classes=["api-link"])
    para += nodes.Text("In the API reference: ")
    ref = addnodes.pending_xref("", refdomain="py", reftype="obj", reftarget=public,
                                refexplicit=False, refwarn=True)
    ref += nodes.literal(public, public)
    para += ref
    return para


def visit_fold(self, node):
    """myst-nb's fold, its summary named by its visible text (myst-nb labels every fold
    "Toggle hidden content", which does not match what a sighted user sees and says)."""
    self.body.append(f'<details class="admonition hide {" ".join(node["classes"])}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{html.escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{html.escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def depart_fold(self, node):
    self.body.append("</details>\n")


def _no_empty_header_cells(doctree):
    """pandas writes the corner of a table as an empty ``<th>``: a header with no text."""
    for raw in doctree.findall(nodes.raw):
        if raw.get("format") == "html" and "<th" in raw.astext():
            text = re.sub(r"<th>\s*</th>", "<td></td>", raw.astext())
            raw.replace_self(nodes.raw(text, text, format="html", classes=raw.get("classes", [])))


#: The sidebar's toggle of a page's sub-pages shows only an icon.
SIDEBAR_TOGGLE = re.compile(r'(<a class="[^"]*reference internal[^"]*" href="[^"]*">([^<]*)</a>'
                            r'<details[^>]*>)<summary>')


def name_sidebar_toggles(app, exception):
    """Give the sidebar's icon-only toggles a name: 'Pages under API reference'."""
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        named = SIDEBAR_TOGGLE.sub(lambda m: f'{m[1]}<summary aria-label="Pages under {m[2]}">', text)
        if named != text:
            page.write_text(named, encoding="utf-8")


def on_doctree_read(app, doctree):
    docname = app.env.docname
    if not _is_notebook(app, docname):
        return
    _no_empty_header_cells(doctree)
    stem = Path(docname).name
    title = next(doctree.findall(nodes.title), None)
    if title is not None:
        section = title.parent
        section.insert(section.index(title) + 1, _links(stem))
    notebook = nbformat.read(app.env.doc2path(docname), as_version=4)
    cells = _code_cells(doctree)
    answers = answer_cells(notebook.cells)
    for index, cell in enumerate(notebook.cells):
        if index not in cells:
            continue
        if "exercise" in cell.metadata.get("tags", []) and BEGIN in cell.source:
            _exercise(cells[index])
        if index in answers:
            _fold_output(cells[index], "Show the result (guess first)", "Hide the result")
        for output in cell.get("outputs", []):
            qualname = output.get("metadata", {}).get(SHOW_SOURCE_KEY)
            if qualname:
                cells[index] += _source_link(qualname)


def class_plan(notebook):
    """(part, minutes, section title) of every section of a notebook, from its metadata."""
    plan = []
    for cell in notebook.cells:
        meta = cell.metadata.get("class_plan")
        if cell.cell_type == "markdown" and meta:
            plan.append((meta["part"], meta["minutes"], cell.source.splitlines()[0].lstrip("# ")))
    return plan


def _table(widths, header, rows, classes):
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(widths))
    table += group
    group.extend(nodes.colspec(colwidth=width) for width in widths)
    head, body = nodes.thead(), nodes.tbody()
    group += head
    group += body

    def row(*cells):
        tr = nodes.row()
        for content in cells:
            entry = nodes.entry()
            entry += content if isinstance(content, nodes.Element) else nodes.paragraph(text=content)
            tr += entry
        return tr

    head += row(*header)
    for cells in rows:
        body += row(*cells)
    return table


def _doc_link(docname):
    """A link to a page, titled by Sphinx (the notebook's own title)."""
    link = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=f"/{docname}",
                                 refexplicit=False, refwarn=True)
    link += nodes.inline(docname, docname)
    return nodes.paragraph("", "", link)


def _sections(items):
    para = nodes.paragraph()
    for i, (_, minutes, title) in enumerate(items):
        if i:
            para += nodes.Text("; ")
        for j, part in enumerate(title.split("$")):    # a title's formula, as math
            para += nodes.math(part, part) if j % 2 else nodes.Text(part.replace("`", ""))
        para += nodes.Text(f" ({minutes} min)")
    return para if items else nodes.paragraph(text="–")


class ClassPlan(Directive):
    """The week's plan: one 90-minute session per notebook, from the notebooks' metadata."""

    def run(self):
        env = self.state.document.settings.env
        rows = []
        for session, docname in enumerate(sorted(d for d in env.found_docs
                                                 if d.startswith("notebooks/")), start=1):
            env.note_dependency(env.doc2path(docname))
            plan = class_plan(nbformat.read(env.doc2path(docname), as_version=4))
            in_class = [p for p in plan if p[0] == "class"]
            rows.append((str(session), _doc_link(docname), _sections(in_class),
                         str(sum(p[1] for p in in_class)),
                         _sections([p for p in plan if p[0] != "class"])))
        return [_table((6, 24, 44, 8, 18), ("session", "notebook", "sections in class",
                                            "minutes", "homework or optional"),
                       rows, ["class-plan"])]


class CourseNotebooks(Directive):
    """The table of notebooks on the landing page: number and title, slides, student copy."""

    def run(self):
        env = self.state.document.settings.env
        docnames = sorted(d for d in env.found_docs if d.startswith("notebooks/"))
        table = nodes.table(classes=["course-notebooks"])
        group = nodes.tgroup(cols=3)
        table += group
        group.extend(nodes.colspec(colwidth=width) for width in (70, 15, 15))
        head, body = nodes.thead(), nodes.tbody()
        group += head
        group += body

        def row(*cells):
            tr = nodes.row()
            for content in cells:
                entry = nodes.entry()
                entry += content if isinstance(content, nodes.Element) else nodes.paragraph(text=content)
                tr += entry
            return tr

        head += row("notebook", "slides", "student copy")
        for docname in docnames:
            stem = Path(docname).name
            # not explicit: Sphinx writes the notebook's title ("01 · The housing data ...")
            link = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=f"/{docname}",
                                         refexplicit=False, refwarn=True)
            link += nodes.inline(stem, stem)
            body += row(nodes.paragraph("", "", link),
                        nodes.paragraph("", "", nodes.reference("deck", "deck",
                                                                refuri=f"slides/{stem}.slides.html")),
                        nodes.paragraph("", "", nodes.reference(".ipynb", ".ipynb",
                                                                refuri=f"student/{stem}.ipynb")))
        return [table]


def setup(app):
    app.add_directive("course-notebooks", CourseNotebooks)
    app.add_directive("class-plan", ClassPlan)
    app.add_node(HideCodeCellNode, override=True, html=(visit_fold, depart_fold))
    app.connect("doctree-read", on_doctree_read)
    app.connect("build-finished", name_sidebar_toggles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
