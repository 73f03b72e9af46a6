"""show_source: what a notebook displays of a helper's code, with or without its docstrings."""
import ast
import functools
import inspect

import IPython.display
import numpy as np
import pytest

import helpers.training
from helpers.network import NeuralNet
from helpers.plotting import show_source
from helpers.sweeps import train_many


def shown(obj, **kwargs):
    """The source text show_source displays for obj."""
    displayed = []
    original = IPython.display.display
    IPython.display.display = lambda *objs, **_: displayed.extend(objs)
    try:
        show_source(obj, **kwargs)
    finally:
        IPython.display.display = original
    (code,) = displayed
    assert isinstance(code, IPython.display.Code)
    return code.data


@functools.lru_cache  # a decorator, kept
def example(x, *, scale=2.0):
    r"""Example docstring: MARKER-ONE.

    Parameters
    ----------
    x : float
    """
    # a comment, kept
    y = x * scale  # an inline comment, kept
    text = """a string that is not a docstring"""
    return y, text


EXAMPLE_WITHOUT_DOCSTRING = '''\
@functools.lru_cache  # a decorator, kept
def example(x, *, scale=2.0):
    # a comment, kept
    y = x * scale  # an inline comment, kept
    text = """a string that is not a docstring"""
    return y, text
'''


class Example:
    """Class docstring: MARKER-TWO."""

    size = 3

    def method(self):
        """Method docstring: MARKER-THREE."""
        return self.size

    def only_a_docstring(self):
        """Nothing else: MARKER-FOUR."""


CLASS_WITHOUT_DOCSTRINGS = '''\
class Example:
    size = 3

    def method(self):
        return self.size

    def only_a_docstring(self):
        ...
'''


def parse(source):
    """AST of a source that may be indented (a method)."""
    try:
        return ast.parse(source)
    except IndentationError:
        return ast.parse("if True:\n" + source).body[0]


def strip_docstrings(tree):
    """The same tree with every docstring statement removed (an empty body becomes `...`)."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) \
                and ast.get_docstring(node, clean=False) is not None:
            node.body = node.body[1:] or [ast.Expr(ast.Constant(Ellipsis))]
    return tree


def test_default_shows_the_source_as_it_is():
    for obj in (example, Example, train_many, NeuralNet._forward):
        assert shown(obj) == inspect.getsource(obj)
    assert "MARKER-ONE" in shown(example)
    assert "Parameters\n    ----------" in shown(train_many)
    assert "Train one shallow linear net per configuration" in shown(train_many)


def test_without_docstring_exactly():
    assert shown(example, docstring=False) == EXAMPLE_WITHOUT_DOCSTRING
    assert shown(Example, docstring=False) == CLASS_WITHOUT_DOCSTRINGS


def test_without_docstring_drops_the_docstring_of_a_helper():
    text = shown(train_many, docstring=False)
    assert "Train one shallow linear net per configuration" not in text
    assert "Parameters" not in text and "Returns" not in text and '"""' not in text
    # everything else is there, line for line: the signature before the docstring, the code after
    lines = inspect.getsource(train_many).splitlines(keepends=True)
    opening = next(i for i, line in enumerate(lines) if '"""' in line)
    closing = next(i for i, line in enumerate(lines) if i > opening and '"""' in line)
    assert text == "".join(lines[:opening] + lines[closing + 1:])


def test_without_docstring_of_a_method():
    lines = inspect.getsource(NeuralNet._forward).splitlines(keepends=True)
    assert '"""' in lines[1]
    closing = next(i for i, line in enumerate(lines) if i > 1 and '"""' in line)
    assert shown(NeuralNet._forward, docstring=False) == "".join(lines[:1] + lines[closing + 1:])


@pytest.mark.parametrize("obj", [example, Example, train_many, helpers.training.train,
                                 helpers.training.History, NeuralNet, NeuralNet._forward,
                                 helpers.training], ids=lambda o: o.__name__)
def test_without_docstring_keeps_all_the_code(obj):
    full, bare = inspect.getsource(obj), shown(obj, docstring=False)
    tree = parse(bare)
    assert all(ast.get_docstring(node) is None for node in ast.walk(tree)
               if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)))
    assert ast.dump(tree) == ast.dump(strip_docstrings(parse(full)))
    # and the comments, which the syntax tree does not hold
    comments = [line.strip() for line in full.splitlines() if line.strip().startswith("#")]
    assert comments == [line.strip() for line in bare.splitlines() if line.strip().startswith("#")]


def test_a_numpy_bool_is_accepted():
    assert shown(example, docstring=np.bool_(False)) == EXAMPLE_WITHOUT_DOCSTRING


@pytest.mark.parametrize("bad", ["no", None, 0, 1, 0.0])
def test_docstring_must_be_a_bool(bad):
    with pytest.raises(TypeError, match=r"The 'docstring' parameter of show_source must be True or False\. "
                                        r"Got .* instead\."):
        show_source(example, docstring=bad)


def displayed_metadata(obj):
    """The metadata show_source attaches to its output."""
    calls = []
    original = IPython.display.display
    IPython.display.display = lambda *objs, **kwargs: calls.append(kwargs.get("metadata"))
    try:
        show_source(obj)
    finally:
        IPython.display.display = original
    (metadata,) = calls
    return metadata


@pytest.mark.parametrize("obj, name", [
    (helpers.training.train, "helpers.training.train"),
    (train_many, "helpers.sweeps.train_many"),
    (NeuralNet, "helpers.network.NeuralNet"),
    (NeuralNet._forward, "helpers.network.NeuralNet._forward"),
    (NeuralNet([2, 3, 1], random_state=0)._forward, "helpers.network.NeuralNet._forward"),
    (helpers.training, "helpers.training"),
])
def test_show_source_records_the_full_name_for_the_website(obj, name):
    from helpers.plotting import SHOW_SOURCE_KEY, full_name
    assert full_name(obj) == name
    assert displayed_metadata(obj) == {SHOW_SOURCE_KEY: name}
