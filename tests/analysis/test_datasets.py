"""analysis.datasets: which stored array each field of a notebook Dataset's items carries."""

from __future__ import annotations

import linecache
import textwrap

import numpy as np
import pytest

from dlfault_jupyter.analysis.datasets import (
    item_fields,
    item_normalisation,
    resolve_constant,
    stored_parts,
)

torch = pytest.importorskip("torch")

_N = [0]


def notebook_class(code: str, name: str) -> type:
    """Define a class as a notebook cell does: module ``__main__``, source in linecache."""
    _N[0] += 1
    filename = f"<dlf-test-cell-{_N[0]}>"
    text = textwrap.dedent(code)
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    ns: dict = {"__name__": "__main__", "torch": torch, "np": np}
    exec(compile(text, filename, "exec"), ns)
    return ns[name]


HEAD = """
from torch.utils.data import Dataset
class D(Dataset):
    def __init__(self, xs, ys):
        self.xs, self.ys = xs, ys
    def __len__(self):
        return len(self.ys)
"""


@pytest.mark.parametrize("body, fields", [
    ("x = torch.from_numpy(self.xs[i]).float().flatten()\n        return x, int(self.ys[i])",
     ("xs", "ys")),
    ("return torch.tensor(self.xs[i], dtype=torch.float32), self.ys[i]", ("xs", "ys")),
    ("return self.xs[i].float().to('cpu'), self.ys[i].long()", ("xs", "ys")),
    # a scaling, a transform, a sum: the field is not the stored values
    ("return self.xs[i] / 255.0, self.ys[i]", (None, "ys")),
    ("return self.transform(self.xs[i]), self.ys[i]", (None, "ys")),
    ("return self.xs[i].sum(), self.ys[i]", (None, "ys")),
    # the whole array, not an item of it
    ("return self.xs, self.ys[i]", (None, "ys")),
])
def test_fields_follow_value_keeping_steps_only(body: str, fields: tuple) -> None:
    cls = notebook_class(HEAD + f"    def __getitem__(self, i):\n        {body}\n", "D")
    assert item_fields(cls) == fields


@pytest.mark.parametrize("body", [
    "x = torch.from_numpy(self.xs[i]).float()\n        x /= 255\n        return x, self.ys[i]",
    "x = torch.from_numpy(self.xs[i]).float()\n        x.div_(255)\n        return x, self.ys[i]",
    "x = self.xs[i]\n        x = x.float()\n        return x, self.ys[i]",
    "if i < 0:\n            return None\n        return self.xs[i], self.ys[i]",
    "return {'x': self.xs[i], 'y': self.ys[i]}",
])
def test_methods_that_may_hide_a_change_are_not_read(body: str) -> None:
    cls = notebook_class(HEAD + f"    def __getitem__(self, i):\n        {body}\n", "D")
    assert item_fields(cls) is None


def test_inherited_getitem_and_library_datasets() -> None:
    base = notebook_class(HEAD + "    def __getitem__(self, i):\n"
                                 "        return self.xs[i], self.ys[i]\n", "D")
    sub = type("Sub", (base,), {"__module__": "__main__"})
    assert item_fields(sub) == ("xs", "ys")
    # the library's own datasets are not read here (TensorDataset has its .tensors)
    assert item_fields(torch.utils.data.TensorDataset) is None


def test_stored_parts_reads_the_instance_dict_only() -> None:
    cls = notebook_class(HEAD + "    def __getitem__(self, i):\n"
                                "        return self.xs[i], self.ys[i]\n", "D")
    xs, ys = np.zeros((4, 2), np.uint8), np.arange(4)
    parts = stored_parts(cls(xs, ys))
    assert parts is not None and parts[0] is xs and parts[1] is ys
    calls = []

    class Lazy(cls):  # type: ignore[misc, valid-type]
        __module__ = "__main__"

        @property
        def xs(self):  # a property is never called
            calls.append(1)
            return xs

        @xs.setter
        def xs(self, v):
            pass

    p = stored_parts(Lazy(xs, ys))
    assert p is not None and p[0] is None and p[1] is ys and not calls


# -- item_normalisation: (stored item - mean) / std written in __getitem__ ------------------

@pytest.mark.parametrize("body, want", [
    # a local rebound by the normalisation (the blind notebook's way), class constants
    ("x = torch.from_numpy(self.xs[i]).float()\n        x = (x - self.m) / self.s\n"
     "        return x, int(self.ys[i])", [(0, "xs", "self.m", "self.s")]),
    # literal per-channel constants, inline in the return
    ("return (torch.as_tensor(self.xs[i]) - (0.4, 0.5)) / (0.2, 0.3), self.ys[i]",
     [(0, "xs", (0.4, 0.5), (0.2, 0.3))]),
    # scaled first: the stored item is divided, not a plain item
    ("x = torch.from_numpy(self.xs[i]).float() / 255\n        return (x - 0.5) / 0.5, self.ys[i]",
     []),
    # a branch: not read
    ("if i < 0:\n            i = 0\n        return (self.xs[i] - 0.5) / 0.5, self.ys[i]", []),
    # an unknown transform
    ("return self.t((self.xs[i] - 0.5) / 0.5), self.ys[i]", []),
])
def test_item_normalisation(body, want):
    cls = notebook_class(HEAD + "    m, s = 0.5, 0.5\n    def __getitem__(self, i):\n        "
                         + body + "\n", "D")
    got = [(n.index, n.attr, n.mean, n.std) for n in item_normalisation(cls)]
    assert got == want


def test_resolve_constant_reads_the_instance_then_the_class():
    cls = notebook_class(HEAD + "    m = 0.5\n    def __getitem__(self, i):\n"
                         "        return self.xs[i], self.ys[i]\n", "D")
    ds = cls(np.zeros((2, 3)), np.zeros(2))
    assert resolve_constant(ds, "self.m") == (0.5,)
    ds.m = [0.1, 0.2]
    assert resolve_constant(ds, "self.m") == (0.1, 0.2)
    assert resolve_constant(ds, "self.absent") is None
