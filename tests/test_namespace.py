"""The namespace index the session keeps between cells: only new or changed values are
classified (and so examined by checks of single objects); it holds no user object; its
answers are those of a view built from scratch."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from IPython.utils.capture import capture_output

from dlfault_jupyter import get_session, namespace
from dlfault_jupyter.namespace import NamespaceIndex, NamespaceView


def cell(ip, src: str) -> None:
    with capture_output():
        res = ip.run_cell(src, store_history=True)
    assert res.success, res.error_in_exec


@pytest.fixture
def counted(monkeypatch):
    seen: list[str] = []
    real = namespace.classify

    def classify(obj):
        seen.append(type(obj).__name__)
        return real(obj)

    monkeypatch.setattr(namespace, "classify", classify)
    return seen


def test_only_new_or_rebound_values_are_classified(counted) -> None:
    ns = {f"a{i}": np.zeros(3) for i in range(500)} | {"net": torch.nn.Linear(2, 2), "k": 1}
    idx = NamespaceIndex()
    idx.update(ns)
    assert len(counted) == 502
    assert idx.new_names == frozenset(n for n in ns if n != "k")
    counted.clear()
    idx.update(ns)                      # nothing changed: nothing classified
    assert counted == [] and idx.new_names == frozenset()
    ns["a7"] = torch.ones(2)            # rebound (another kind)
    ns["fresh"] = np.ones(2)            # new
    del ns["a9"]                        # deleted
    idx.update(ns, mentioned={"a3", "nope", "k"})
    assert sorted(counted) == ["Tensor", "ndarray"]
    assert idx.new_names == {"a7", "fresh"}
    assert idx.touched_names == {"a7", "fresh", "a3"}   # named in the cell, of interest
    assert "a9" not in idx.vars and idx.vars["a7"].kind == "tensor"


def test_private_and_hidden_names_are_not_variables() -> None:
    ns = {"_x": np.zeros(2), "h": np.zeros(2), "y": np.zeros(2)}
    idx = NamespaceIndex()
    idx.update(ns, hidden={"h"})
    assert set(idx.vars) == {"y"}


def test_index_view_answers_like_a_fresh_view() -> None:
    ns: dict = {}
    idx = NamespaceIndex()
    steps = [
        {"X": np.zeros((4, 2)), "y": torch.zeros(4), "model": torch.nn.Linear(2, 1)},
        {"opt": None},
        {"X": torch.zeros(4, 2), "loss_fn": torch.nn.MSELoss()},   # X: array -> tensor
        {"y": np.arange(4), "model": torch.nn.Linear(2, 1)},        # same kinds, rebound
    ]
    prev_ids: dict = {}
    for step in steps:
        ns.update(step)
        ns["opt"] = torch.optim.SGD(ns["model"].parameters(), lr=0.1)
        fresh = NamespaceView(dict(ns), previous=prev_ids)
        idx.update(ns)
        view = NamespaceView.of_index(ns, idx)
        for kinds in [("array",), ("tensor",), ("model",), ("array", "tensor"),
                      ("optimizer", "loss")]:
            a = [(v.name, v.kind, v.framework, v.new, v.obj is ns[v.name])
                 for v in view.of_kind(*kinds)]
            b = [(v.name, v.kind, v.framework, v.new, True) for v in fresh.of_kind(*kinds)]
            assert sorted(a) == sorted(b), kinds
        prev_ids = dict(fresh.ids)
    # rebinding to a value of the same kind keeps the binding order
    assert [v.name for v in view.of_kind("array", "tensor")] == ["y", "X"]


def test_touched_lists_in_binding_order() -> None:
    ns = {n: np.zeros(2) for n in "dcba"}
    idx = NamespaceIndex()
    idx.update(ns)
    idx.update(ns, mentioned={"a", "c", "d"})
    assert [v.name for v in NamespaceView.of_index(ns, idx).touched("array")] == \
        ["d", "c", "a"]


def test_a_cell_that_changes_an_array_in_place_touches_it(ip) -> None:
    cell(ip, "import numpy as np\nX = np.zeros((3, 2))\nZ = np.zeros(2)")
    s = get_session(ip)
    cell(ip, "X /= 2")
    assert s.index.new_names == frozenset() and s.index.touched_names == {"X"}
    cell(ip, "Z = Z + 1")
    assert s.index.new_names == {"Z"}
