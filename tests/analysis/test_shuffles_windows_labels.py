"""analysis.shuffles (random row reorderings and their draws), analysis.windows (sliding
windows, their length and stride, shuffled splits of them) and analysis.labels (one class
spelled several ways), on plain snippets."""

from __future__ import annotations

import types

import numpy as np
import pytest

from dlfault_jupyter.analysis.cell import CellAnalysis
from dlfault_jupyter.analysis.labels import normal, split_spellings
from dlfault_jupyter.analysis.shuffles import pairing, reorders
from dlfault_jupyter.analysis.windows import shuffled_splits, windows
from dlfault_jupyter.source import SourceFacts


class _NS:
    def get(self, name):
        return None

    def of_kind(self, *kinds, framework=None):
        return []

    def models(self, framework=None):
        return []


def ctx(src: str, user_ns: dict, memory: dict | None = None, cell: int = 1):
    mem = {} if memory is None else memory
    c = types.SimpleNamespace(cell=cell, source=SourceFacts(src, user_ns), ns=_NS(),
                              user_ns=user_ns, memory=mem,
                              remember=lambda key: mem.setdefault(key, {}),
                              used_with=lambda name: set())
    c.analysis = CellAnalysis(c)
    return c


X, Y = np.zeros((50, 3)), np.zeros(50, dtype="int64")
HEAD = "import numpy as np\nfrom sklearn.model_selection import train_test_split\n"


def test_two_shuffles_are_two_draws_one_index_is_one():
    ns = {"np": np, "X": X, "y": Y}
    a, b = reorders(ctx(HEAD + "np.random.shuffle(X)\nnp.random.shuffle(y)\n", ns))
    assert (a.source, b.source) == ("X", "y") and a.draw != b.draw
    c = ctx(HEAD + "p = np.random.permutation(50)\nX = X[p]\ny = y[p[:50]]\n", ns)
    a, b = reorders(c)
    assert a.draw == b.draw and pairing(c, "X", "y") == "names"


def test_an_index_that_is_not_random_is_no_reorder():
    ns = {"np": np, "X": X, "y": Y, "keep": np.arange(10)}
    assert reorders(ctx(HEAD + "Xs = X[keep]\nys = y[keep]\n", ns)) == []


@pytest.mark.parametrize("code, window, stride", [
    ("W = np.stack([s[i:i + w] for i in range(len(s) - w)])", 30, 1),
    ("W = np.array([s[i - w:i] for i in range(w, len(s), 5)])[..., None]", 30, 5),
    ("L = []\nfor i in range(0, len(s) - w, 2):\n    L.append(s[i:i + w])\nW = np.array(L)",
     30, 2),
    ("W = np.lib.stride_tricks.sliding_window_view(s, w)[::10]", 30, 10),
])
def test_windows_and_their_stride(code, window, stride):
    ns = {"np": np, "s": np.zeros(300), "w": 30}
    w = windows(ctx(HEAD + code + "\n", ns))["W"]
    assert (w.series, w.window, w.stride) == ("s", window, stride)


def test_shuffled_split_of_overlapping_windows_across_cells():
    mem: dict = {}
    ns = {"np": np, "s": np.zeros(300), "w": 30}
    windows(ctx(HEAD + "def cut(a):\n    return np.stack([a[i:i + w] for i in "
                "range(len(a) - w)]), a[w:]\nW, t = cut(s)\n", ns, mem, cell=1))
    split = "train_test_split(W, t, test_size=0.2{})\n"
    [s] = shuffled_splits(ctx(HEAD + split.format(""), ns, mem, cell=2))
    assert s.windows.name == "W" and s.windows.cell == 1 and s.default
    assert shuffled_splits(ctx(HEAD + split.format(", shuffle=False"), ns, mem, cell=3)) \
        == []


def test_non_overlapping_windows_may_be_split_at_random():
    ns = {"np": np, "s": np.zeros(300), "w": 30}
    code = "W = np.stack([s[i:i + w] for i in range(0, 270, w)])\ntrain_test_split(W)\n"
    assert shuffled_splits(ctx(HEAD + code, ns)) == []


def test_spellings_collapse_after_normalisation():
    assert normal(" Cat  Food ") == normal("cat food")
    labels = np.array(["cat", "Cat", "cat ", "dog"] * 10)
    ns = {"np": np, "labels": labels}
    [s] = split_spellings(ctx(HEAD + "codes = np.unique(labels, return_inverse=True)\n", ns))
    assert s.distinct == 4 and s.classes == 2 and s.total == 40
    assert {v for v, _ in s.groups[0]} == {"cat", "Cat", "cat "}
    clean = np.array(["cat", "dog", "A", "A+"] * 10)
    assert split_spellings(ctx(HEAD + "codes = np.unique(labels, return_inverse=True)\n",
                               {"np": np, "labels": clean})) == []
