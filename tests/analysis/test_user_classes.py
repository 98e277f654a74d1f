"""The user's model classes and their method bodies (dlfault_jupyter/analysis/user_classes.py):
which classes of a cell are nn.Module / Keras Layer subclasses (live class, else the bases
resolved through the imports), the calls of forward/call with their resolved names, the
returned expressions traced through local assignments, the attributes __init__ assigns,
the methods forward calls on self; and nothing for ordinary classes."""

from __future__ import annotations

import ast
import linecache
import types

import pytest

from dlfault_jupyter.analysis.cell import CellAnalysis
from dlfault_jupyter.analysis.names import Names
from dlfault_jupyter.analysis.user_classes import (
    classes_of,
    method_of,
    own_method,
    with_helpers,
)
from dlfault_jupyter.source import SourceFacts

TORCH_NET = """\
from torch import nn as N
import torch.nn.functional as F
import torch

class Net(N.Module):
    def __init__(self):
        super().__init__()
        self.fc = N.Linear(4, 3)
        self.drop = N.Dropout(0.1)
        self.fc = N.Linear(4, 2)          # the last assignment is the one that counts

    def forward(self, x):
        def helper(z):                     # a closure: its calls are not forward's own
            return torch.zeros(3)
        h = self.drop(self.fc(x))
        y = F.softmax(h, dim=0)
        return y
"""


def _classes(src: str, ns=None):
    tree = ast.parse(src)
    return classes_of(tree, Names(tree, ns or {}), ns or {}, src)


def test_torch_class_through_an_alias_of_nn():
    [uc] = _classes(TORCH_NET)
    assert (uc.name, uc.framework, uc.is_model, uc.cls) == ("Net", "torch", False, None)
    assert sorted(uc.attributes) == ["drop", "fc"]
    assert uc.constructor("fc").qualname == "torch.nn.Linear"
    assert ast.unparse(uc.attributes["fc"].value) == "N.Linear(4, 2)"
    fwd = uc.body("forward")
    assert fwd.params == ["x"] and fwd.in_cell
    got = [(c.name, c.qualname, c.self_attr) for c in fwd.calls]
    assert got == [("self.drop", None, "drop"), ("self.fc", None, "fc"),
                   ("F.softmax", "torch.nn.functional.softmax", None)]
    # the closure's call is in all_calls, not in the method's own calls
    assert "torch.zeros" in [c.name for c in fwd.all_calls]
    assert [ast.unparse(r) for r in fwd.returns] == ["return y"]
    [ret] = fwd.returned
    assert ast.unparse(ret) == "F.softmax(h, dim=0)"
    assert ast.unparse(fwd.traced(ret.args[0], ret.lineno)) == "self.drop(self.fc(x))"
    assert fwd.line_in_method(fwd.calls[2].node) == 5
    assert fwd.segment(fwd.calls[2].node) == "F.softmax(h, dim=0)"


def test_keras_classes_through_the_bases():
    src = ("import tensorflow as tf\nimport keras\n"
           "class Block(tf.keras.layers.Layer):\n    def call(self, x):\n        return x\n"
           "class Model(keras.Model):\n    def call(self, x, training=None):\n"
           "        return self.block(x, training=True)\n"
           "class Deeper(Block):\n    pass\n")
    got = [(uc.name, uc.framework, uc.is_model) for uc in _classes(src)]
    assert got == [("Block", "keras", False), ("Model", "keras", True),
                   ("Deeper", "keras", False)]
    m = _classes(src)[1].body("call")
    [c] = m.calls
    assert (c.name, c.self_attr, ast.unparse(c.keyword("training"))) == (
        "self.block", "block", "True")


def test_ordinary_classes_are_not_model_classes():
    src = ("import torch\nclass Config:\n    lr = 0.1\n"
           "class Module:\n    def forward(self, x):\n        return x\n"
           "class Net(Module):\n    def forward(self, x):\n        return x\n"
           "class Data(torch.utils.data.Dataset):\n    def __len__(self):\n        return 1\n"
           "def forward(x):\n    return x\n")
    assert _classes(src) == []
    # a live class that is not a model class is not one either, whatever its bases say
    assert _classes("import torch.nn as nn\nclass Net(nn.Module):\n    pass\n",
                    {"Net": int}) == []


def test_traced_stops_at_what_it_cannot_follow():
    src = ("import torch.nn as nn\nclass Net(nn.Module):\n"
           "    def forward(self, x):\n        x = self.a(x)\n        x = x.relu()\n"
           "        return x\n"
           "    def other(self, x):\n        y = self.a(x)\n        y += 1\n"
           "        return y\n"
           "    def bare(self, x):\n        return\n")
    [uc] = _classes(src)
    assert [ast.unparse(r) for r in uc.body("forward").returned] == ["x.relu()"]
    assert [ast.unparse(r) for r in uc.body("other").returned] == ["y"]    # augmented
    assert uc.body("bare").returned == [None]
    assert uc.body("forward").traced(ast.parse("x").body[0].value, 4).id == "x"  # a param


def test_helpers_of_a_class_statement():
    src = ("import torch.nn as nn\nclass Net(nn.Module):\n"
           "    def forward(self, x):\n        return self._head(self._embed(x))\n"
           "    def _embed(self, x):\n        return x\n"
           "    def _head(self, x):\n        return x\n")
    [uc] = _classes(src)
    assert [m.name for m in uc.helpers("forward")] == ["_head", "_embed"]


# -- live classes ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch")


def _exec_cell(src: str, name: str = "<cell-h5>") -> dict:
    """Run ``src`` as a notebook cell would (``__main__``, its source kept by linecache)."""
    linecache.cache[name] = (len(src), None, src.splitlines(True), name)
    ns: dict = {"__name__": "__main__"}
    exec(compile(src, name, "exec"), ns)
    return ns


LIVE = """\
import torch
from torch import nn as N

class Base(N.Module):
    def __init__(self):
        super().__init__()
        self.fc = N.Linear(4, 2)

    def forward(self, x):
        return self._scale(self.fc(x))

    def _scale(self, h):
        return h * torch.ones(2)

class Child(Base):
    pass
"""


def test_method_of_a_live_model_from_an_earlier_cell(torch):
    ns = _exec_cell(LIVE)
    child = ns["Child"]()
    m = method_of(None, child, "forward")          # inherited from Base
    assert m is not None and m.name == "forward" and not m.in_cell and m.in_notebook
    assert m.line_in_method(m.calls[0].node) == 2 and m.calls[0].name == "self._scale"
    assert own_method(None, ns["Child"], "forward") is None
    assert [h.name for h in with_helpers(None, ns["Base"], "forward")] == ["forward", "_scale"]
    assert method_of(None, child, "forward") is m                       # parsed once
    assert method_of(None, torch.nn.Linear(2, 2), "forward") is None  # torch's own


def _ctx(src: str, ns: dict):
    return types.SimpleNamespace(cell=1, source=SourceFacts(src, ns), ns=None, user_ns=ns,
                                 memory={})


def test_cell_classes_are_cached_and_answer_for_their_instances(torch):
    ns = _exec_cell(LIVE, "<cell-h5-2>")
    a = CellAnalysis(_ctx(LIVE, ns))
    a.ctx.analysis = a
    assert a.classes is a.classes
    assert [(uc.name, uc.framework, uc.cls) for uc in a.classes] == [
        ("Base", "torch", ns["Base"]), ("Child", "torch", ns["Child"])]
    m = a.method(ns["Child"](), "forward")
    assert m is a.classes[0].body("forward") and m.in_cell
    assert m.calls[1].node.lineno == 10            # the cell's own lines
