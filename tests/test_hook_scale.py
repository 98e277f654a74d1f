"""The after-cell hook at the scale of real models (issue 17): the rules that look at a
model's parameters or layers (DLF-T010, DLF-M001, DLF-G005) look at the models a cell
created, rebound or named, not at every model on every cell. Evidence by counting the
calls that walk a model (``parameters()``, ``named_modules()``, ...), not by timing."""

from __future__ import annotations

import sys

import pytest

torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

WALKS = ("parameters", "named_parameters", "modules", "named_modules", "children",
         "named_children", "buffers", "named_buffers")


def _from_package() -> bool:
    """The first caller outside torch is the package (not the test's state probes)."""
    f = sys._getframe(2)
    while f is not None and "/torch/" in f.f_code.co_filename:
        f = f.f_back
    return f is not None and "/dlfault_jupyter/" in f.f_code.co_filename


@pytest.fixture
def walks(monkeypatch):
    """Calls of the walking methods of nn.Module on the modules of ``deep`` (a 100-layer
    model built by the test's first cell)."""
    counted: dict[str, int] = {}
    mods: set[int] = set()

    def counting(name):
        orig = getattr(nn.Module, name)

        def f(self, *a, **k):
            if id(self) in mods and _from_package():
                counted[name] = counted.get(name, 0) + 1
            return orig(self, *a, **k)
        return f

    for n in WALKS:
        monkeypatch.setattr(nn.Module, n, counting(n))
    return counted, mods


def test_an_unchanged_100_layer_model_is_not_walked_again(ip, walks) -> None:
    counted, mods = walks
    r = ip.run_cell("import torch\nfrom torch import nn\n"
                    "deep = nn.Sequential(*[nn.Linear(8, 8) for _ in range(100)])\n",
                    store_history=True)
    assert r.success
    mods.update(id(m) for m in nn.Module.modules(ip.user_ns["deep"]))
    counted.clear()
    for i in range(3):
        assert ip.run_cell(f"x = {i} + 1\n", store_history=True).success
    assert counted == {}, counted        # trivial cells: the model is not walked
    assert ip.run_cell("deep.train()\n", store_history=True).success
    assert sum(counted.values()) > 0     # a cell that names it: looked at again
    counted.clear()
    assert ip.run_cell("y = 2\n", store_history=True).success
    assert counted == {}, counted
