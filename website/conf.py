"""Sphinx configuration of the course website (``make site``).

``website/build_site.py`` stages the sources in ``build/site-src/``: the landing page, the API
pages (one per module of ``helpers``) and the executed notebooks as they are stored; this
file, the extension ``course_pages`` and ``_static/`` stay here. Nothing is executed and
nothing is fetched from the network, at build time or when a page is viewed: MathJax is the
copy that ships with the slide decks, and the theme's scripts and fonts are in ``_static/``.
"""
import os
import sys

# the extension course_pages sits next to this file
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

project = "Why neural networks fail to train, and how to fix them"
author = "the course's authors"
copyright = "the course's authors"
html_title = "Why neural networks fail to train"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "course_pages",
]

root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
html_static_path = ["_static"]
templates_path = ["_templates"]    # the search button, named by its visible text
html_css_files = ["course.css"]
html_js_files = ["course.js"]

# -- notebooks: the stored outputs, as CI compares them ----------------------------------------
nb_execution_mode = "off"
nb_ipywidgets_js = {}                  # the default loads the widget manager from a CDN
nb_merge_streams = True
nb_custom_formats = {".ipynb": "course_pages.read_notebook"}   # without the speaker notes
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "html_image"]
myst_heading_anchors = 3

# -- API reference -----------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_typehints = "none"             # the numpydoc sections carry the types
autodoc_preserve_defaults = True       # `data_dir=DATA_DIR`, not the path of this machine
autosummary_generate = False
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
add_module_names = False

# -- math: MathJax 2 from the decks' offline copy (build/site/slides/lib/) ---------------------
# A relative mathjax_path is relative to _static/; the decks sit next to it in slides/.
mathjax_path = "../slides/lib/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
mathjax2_config = {"tex2jax": {"processClass": "math|output_latex|cell_output",
                               "processEscapes": True, "ignoreClass": "document"},
                   # no automatic breaks (they split formulas in table cells at every
                   # operator); a formula wider than the column scrolls (course.css)
                   "CommonHTML": {"linebreaks": {"automatic": False}}}

# -- theme -------------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "navigation_with_keys": False,
    "search_bar_text": "Search the course…",
    "footer_content_items": [],
    "navbar_persistent": [],           # one search box, in the sidebar
}
html_copy_source = True
html_show_sphinx = False
html_show_copyright = False


# The summaries under search results are fetched page by page, which a browser refuses for
# pages opened from disk: the results list titles only, and works the same from disk or a server.
html_show_search_summary = False

# A widget's view needs a kernel (no widget state is stored): show its one-line text instead.
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
