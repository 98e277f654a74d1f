"""The per-cell analysis (dlfault_jupyter/analysis/cell.py): each fact computed once per
cell and cached; facts carried to later cells by name through the scratch memory."""

from __future__ import annotations

import types

from dlfault_jupyter.analysis.cell import CellAnalysis
from dlfault_jupyter.source import SourceFacts


class _Var:
    def __init__(self, name: str, kind: str) -> None:
        self.name, self.kind = name, kind


class _NS:
    """The two NamespaceView queries the analysis uses."""

    def __init__(self, kinds: dict[str, str]) -> None:
        self.kinds = kinds

    def get(self, name):
        return _Var(name, self.kinds[name]) if name in self.kinds else None

    def of_kind(self, *kinds, framework=None):
        return [_Var(n, k) for n, k in self.kinds.items() if k in kinds]


def ctx(src: str, memory: dict, kinds=None, cell=1, user_ns=None):
    return types.SimpleNamespace(cell=cell, source=SourceFacts(src, user_ns or {}),
                                 ns=_NS(kinds or {}), user_ns=user_ns or {}, memory=memory)


def test_facts_are_cached_and_carried_to_later_cells():
    mem: dict = {}
    a = CellAnalysis(ctx("import torch.nn as nn\nfrom torch.nn import MSELoss as M\n"
                         "device = 'cuda' if ok else 'cpu'\nX_t = torch.tensor(X)\n"
                         "model = Net().to(device)", mem, {"model": "model"}))
    assert a.names is a.names and a.provenance is a.provenance and a.devices is a.devices
    assert a.devices.placed("model").device.may_cuda
    b = CellAnalysis(ctx("crit = M()\nloss = nn.CrossEntropyLoss()\nout = model(X_t[:4])",
                         mem, {"model": "model"}, cell=2))
    tree = b.ctx.source.tree
    assert b.qualname(tree.body[0].value) == "torch.nn.MSELoss"
    assert b.qualname(tree.body[1].value) == "torch.nn.CrossEntropyLoss"
    o = b.provenance.origin(tree.body[2].value.args[0], 3)
    assert (o.root, o.cell) == ("X", 1)
    # the model sits on a maybe-GPU device from cell 1, X_t was never moved
    assert b.latent_device_mismatches() == [("model", "X_t", 3)]


def test_training_steps_through_a_helper():
    mem: dict = {}
    src = ("def train(m, dl, o):\n    for x, y in dl:\n        o.zero_grad()\n"
           "        crit(m(x), y).backward()\n        o.step()\ntrain(net, loader, opt)\n")
    a = CellAnalysis(ctx(src, mem, {"net": "model", "opt": "optimizer", "loader": "loader"}))
    [s] = a.training_steps
    assert (s.model, s.optimizer, s.loader, s.zero_grad, s.path) == (
        "net", "opt", "loader", True, ("train",))
