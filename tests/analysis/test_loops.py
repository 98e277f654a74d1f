"""Training-loop semantics through user functions at any depth
(dlfault_jupyter/analysis/loops.py), on plain snippets: which model, optimizer, loss,
scheduler and loader a step uses (as the cell's names), per step or per epoch,
zero_grad, device moves, modes, no_grad."""

from __future__ import annotations

import pytest

from dlfault_jupyter.analysis.loops import Program, events, training_steps
from dlfault_jupyter.source import SourceFacts

INLINE = """
for epoch in range(10):
    for xb, yb in train_loader:
        xb, yb = xb.to(device), yb.to(device)
        optimizer.zero_grad()
        out = model(xb)
        loss = criterion(out, yb)
        loss.backward()
        optimizer.step()
    scheduler.step()
"""

HELPERS = """
def step(net, xb, yb, opt, loss_fn):
    opt.zero_grad()
    loss = loss_fn(net(xb.to(device)), yb)
    loss.backward()
    opt.step()
    sched.step()

def train_one_epoch(m, loader, o):
    m.train()
    for xb, yb in loader:
        step(m, xb, yb, o, criterion)

def fit(model, epochs):
    for epoch in range(epochs):
        train_one_epoch(model, train_dl, optimizer)
"""


def steps(src: str, sources=None, kinds=None):
    return training_steps(Program(SourceFacts(src), sources=sources), kinds)


def test_inline_loop():
    [s] = steps(INLINE)
    assert (s.model, s.optimizer, s.loss, s.loader) == ("model", "optimizer", "criterion",
                                                        "train_loader")
    assert (s.scheduler, s.scheduler_per) == ("scheduler", "epoch")
    assert s.zero_grad and s.stepped and s.path == () and s.line == 8
    assert [f.iterable for f in s.loops] == ["range", "train_loader"]
    assert s.moves == ("xb", "yb")


def test_scheduler_per_step():
    [s] = steps(INLINE.replace("        optimizer.step()\n    scheduler.step()",
                               "        optimizer.step()\n        scheduler.step()"))
    assert s.scheduler_per == "step"


def test_three_levels_of_helpers_in_one_cell():
    [s] = steps(HELPERS + "fit(model, 5)\n")
    assert s.path == ("fit", "train_one_epoch", "step")
    assert (s.model, s.optimizer, s.loss, s.loader) == ("model", "optimizer", "criterion",
                                                        "train_dl")
    assert s.zero_grad and s.stepped
    # the global scheduler stepped inside the innermost function: per step
    assert (s.scheduler, s.scheduler_per) == ("sched", "step")
    assert ("model", "train") in s.modes
    assert s.line == 17                     # the cell's line that leads to the step
    assert [f.function for f in s.loops] == ["fit", "train_one_epoch"]


def test_helpers_from_earlier_cells():
    # the functions were defined in earlier cells: only their source is known
    [s] = steps("for e in range(3):\n    train_one_epoch(net2, dl, adam)\n",
                sources={"train_one_epoch": HELPERS.split("def fit")[0].split(
                    "def train_one_epoch")[1].join(["def train_one_epoch", ""]),
                         "step": HELPERS.split("def train_one_epoch")[0]})
    assert (s.model, s.optimizer, s.loader) == ("net2", "adam", "dl")
    assert s.path == ("train_one_epoch", "step")
    assert [f.iterable for f in s.loops] == ["range", "dl"]


def test_functions_defined_but_not_called_are_not_steps():
    assert steps(HELPERS) == []


def test_recursion_is_not_followed_forever():
    src = "def f(m):\n    f(m)\n    for x in dl:\n        m(x).sum().backward()\nf(model)\n"
    [s] = steps(src)
    assert s.path == ("f",)


def test_missing_zero_grad_seen_through_helpers():
    [s] = steps(HELPERS.replace("    opt.zero_grad()\n", "") + "fit(model, 5)\n")
    assert not s.zero_grad and s.stepped


@pytest.mark.parametrize("kinds, want", [
    ({"model": "model", "opt": "optimizer"}, "opt"),
    (None, "opt"),
])
def test_optimizer_by_kind_or_by_use(kinds, want):
    src = ("for xb, yb in dl:\n    opt.zero_grad()\n    loss_fn(model(xb), yb).backward()\n"
           "    opt.step()\n    lr_sched.step()\n")
    [s] = steps(src, kinds=(kinds or {}).get)
    assert s.optimizer == want and s.scheduler == "lr_sched"


def test_no_grad_and_keras_fit():
    src = ("def evaluate(m):\n    with torch.no_grad():\n        for x in dl:\n"
           "            m(x).sum().backward()\nevaluate(model)\nmodel.fit(X, y)\n")
    a, b = steps(src)
    assert a.no_grad and a.kind == "backward"
    assert (b.kind, b.model) == ("fit", "model")


def test_events_map_parameters_to_cell_names():
    evs = events(Program(SourceFacts(HELPERS + "fit(model, 5)\n")))
    zg = [e for e in evs if e.attr == "zero_grad"]
    assert [e.receiver for e in zg] == ["optimizer"]
    local = [e for e in evs if e.attr == "backward"]
    assert local[0].receiver == "<step>.loss"


def test_backward_on_a_reduced_model_output():
    src = "for x in dl:\n    model(x).sum().backward()\n"
    [s] = steps(src, kinds={"model": "model"}.get)
    assert (s.model, s.loss) == ("model", None)
    [s] = steps("for x, y in dl:\n    crit(model(x), y).mean().backward()\n")
    assert (s.model, s.loss) == ("model", "crit")
