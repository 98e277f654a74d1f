"""Name resolution (dlfault_jupyter/analysis/names.py): through the cell's imports and
aliases, earlier cells' imports and the live namespace; tf.keras normalised to keras."""

from __future__ import annotations

import ast
import sys
import types

import pytest

from dlfault_jupyter.analysis.names import Names, calls_to, canonical, imports_of, normalise


def q(src: str, expr: str, **kw) -> str | None:
    """The qualified name of ``expr`` (the last line) after the imports in ``src``."""
    tree = ast.parse(src + "\n" + expr)
    node = tree.body[-1].value
    return Names(tree, **kw).qualname(node)


@pytest.mark.parametrize("src, expr, want", [
    ("import torch.nn as nn", "nn.CrossEntropyLoss()", "torch.nn.CrossEntropyLoss"),
    ("from torch import nn as N", "N.CrossEntropyLoss", "torch.nn.CrossEntropyLoss"),
    ("from torch.nn import CrossEntropyLoss as CE", "CE()", "torch.nn.CrossEntropyLoss"),
    ("import torch", "torch.nn.functional.cross_entropy(a, b)",
     "torch.nn.functional.cross_entropy"),
    ("import torch.nn.functional as F", "F.relu", "torch.nn.functional.relu"),
    ("import tensorflow as tf", "tf.keras.layers.Dense(3)", "keras.layers.Dense"),
    ("import keras", "keras.layers.Dense", "keras.layers.Dense"),
    ("from keras import layers", "layers.Dense(1)", "keras.layers.Dense"),
    ("from tensorflow.keras import layers as L", "L.Dense", "keras.layers.Dense"),
    ("from tensorflow import keras", "keras.Sequential()", "keras.Sequential"),
    ("from keras.models import Sequential", "Sequential()", "keras.Sequential"),
    ("from tensorflow.keras.models import Model", "Model", "keras.Model"),
    ("import torch.nn", "torch.nn.Linear", "torch.nn.Linear"),
    ("from torch.nn.modules.loss import MSELoss", "MSELoss", "torch.nn.MSELoss"),
    ("from torch.optim.adam import Adam", "Adam", "torch.optim.Adam"),
    ("import torch\nLinear = torch.nn.Linear", "Linear(2, 3)", "torch.nn.Linear"),
    ("import numpy as np", "np.asarray(x)", "numpy.asarray"),
])
def test_static_resolution(src, expr, want):
    assert q(src, expr) == want


@pytest.mark.parametrize("src, expr", [
    ("import torch", "model.fit(x)"),           # a user variable is not a qualified name
    ("", "nn.CrossEntropyLoss()"),               # never imported
    ("import torch", "model(x).backward()"),     # not a Name/Attribute chain
    ("from . import nn", "nn.Linear"),           # relative import
])
def test_unresolved(src, expr):
    assert q(src, expr) is None


def test_last_binding_before_the_line_wins():
    src = "import torch.nn as nn\nnn.Linear\nimport keras.layers as nn\nnn.Dense"
    tree = ast.parse(src)
    n = Names(tree)
    assert n.qualname(tree.body[1].value) == "torch.nn.Linear"
    assert n.qualname(tree.body[3].value) == "keras.layers.Dense"


def test_earlier_cells_and_namespace():
    tree = ast.parse("CE()\nnn.MSELoss()")
    # remembered imports of earlier cells (names only)
    n = Names(tree, earlier={"CE": "torch.nn.CrossEntropyLoss", "nn": "torch.nn"})
    assert [n.qualname(s.value) for s in tree.body] == ["torch.nn.CrossEntropyLoss",
                                                        "torch.nn.MSELoss"]
    # a user variable in the namespace shadows a remembered import
    n = Names(tree, ns={"nn": object()}, earlier={"nn": "torch.nn"})
    assert n.qualname(tree.body[1].value) is None


def test_live_namespace_objects():
    mod = types.ModuleType("fakefw.sub")

    class Loss:
        pass

    Loss.__module__ = "fakefw.sub"
    mod.Loss = Loss
    pkg = types.ModuleType("fakefw")
    pkg.sub = mod
    sys.modules["fakefw"], sys.modules["fakefw.sub"] = pkg, mod
    try:
        tree = ast.parse("L()\nfs.Loss()")
        n = Names(tree, ns={"L": Loss, "fs": mod})
        assert n.qualname(tree.body[0].value) == "fakefw.sub.Loss"
        assert n.qualname(tree.body[1].value) == "fakefw.sub.Loss"
        pkg.Loss = Loss   # exported higher up: the shortest public path wins
        assert canonical(Loss) == "fakefw.Loss"
    finally:
        del sys.modules["fakefw"], sys.modules["fakefw.sub"]


def test_canonical_names_no_user_objects():
    def f():
        pass

    f.__module__ = "__main__"
    assert canonical(f) is None
    assert canonical(object()) is None
    assert canonical(3) is None
    assert canonical(ast) == "ast"
    assert canonical(ast.parse) == "ast.parse"


@pytest.mark.parametrize("name, want", [
    ("tensorflow.keras.layers.Dense", "keras.layers.Dense"),
    ("keras.src.layers.core.dense.Dense", "keras.layers.Dense"),
    ("keras._tf_keras.keras.layers.Dense", "keras.layers.Dense"),
    ("tensorflow.keras", "keras"),
    ("torch.nn.modules.loss.CrossEntropyLoss", "torch.nn.CrossEntropyLoss"),
    ("torch.optim.lr_scheduler.StepLR", "torch.optim.lr_scheduler.StepLR"),
    ("torch.utils.data.dataloader.DataLoader", "torch.utils.data.DataLoader"),
    ("keras.models.Sequential", "keras.Sequential"),
    ("keras.src.models.sequential.Sequential", "keras.Sequential"),
    ("numpy.asarray", "numpy.asarray"),
])
def test_normalise(name, want):
    assert normalise(name) == want


def test_calls_to():
    src = """
import torch.nn as nn
from torch.nn import CrossEntropyLoss as CE
class CrossEntropyLoss:     # a user class of the same name is not torch's
    pass
a = nn.CrossEntropyLoss()
b = CE(reduction="sum")
c = CrossEntropyLoss()
d = nn.MSELoss()
"""
    tree = ast.parse(src)
    got = calls_to(tree, "torch.nn.CrossEntropyLoss")
    assert [c.lineno for c in got] == [6, 7]
    got = calls_to(tree, {"torch.nn.CrossEntropyLoss", "torch.nn.MSELoss"})
    assert [c.lineno for c in got] == [6, 7, 9]


def test_imports_of():
    tree = ast.parse("import torch.nn\nimport numpy as np\nfrom os import *\n"
                     "def f():\n    from keras import layers\n")
    assert [(b.name, b.target, b.line) for b in imports_of(tree)] == [
        ("torch", "torch", 1), ("np", "numpy", 2), ("layers", "keras.layers", 5)]


def test_live_torch_objects():
    torch = pytest.importorskip("torch")
    tree = ast.parse("CE()\nN.Linear\nT.tensor(x)\nopt.Adam\nF.cross_entropy")
    ns = {"CE": torch.nn.CrossEntropyLoss, "N": torch.nn, "T": torch, "opt": torch.optim,
          "F": torch.nn.functional}
    n = Names(tree, ns=ns)
    assert [n.qualname(s.value) for s in tree.body] == [
        "torch.nn.CrossEntropyLoss", "torch.nn.Linear", "torch.tensor", "torch.optim.Adam",
        "torch.nn.functional.cross_entropy"]


@pytest.mark.parametrize("src, expr, want", [
    ("from torch.nn import CrossEntropyLoss as CE", "CE()", True),      # alias resolved
    ("import torch.nn as nn", "nn.CrossEntropyLoss()", True),
    ("class CrossEntropyLoss:\n    pass", "CrossEntropyLoss()", False),  # a user class
    ("import torch.nn as nn", "nn.MSELoss()", False),
    ("", "nn.CrossEntropyLoss()", True),     # root unknown: by the last name, as before
])
def test_matches(src, expr, want):
    tree = ast.parse(src + "\n" + expr)
    assert Names(tree).matches(tree.body[-1].value, "torch.nn.CrossEntropyLoss") \
        is want
