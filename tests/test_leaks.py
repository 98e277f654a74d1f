"""The extension keeps no strong reference to the user's objects, and a long session's
memory stays bounded."""

from __future__ import annotations

import gc
import tracemalloc
import weakref

import pytest
from IPython.utils.capture import capture_output

from dlfault_jupyter import get_session
from dlfault_jupyter.session import Session

SETUP = """
import numpy as np
import torch
from torch import nn
torch.manual_seed(0)
X = torch.randn(32, 4)
y = torch.randint(0, 3, (32,))
model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
"""
LOOP = """
for epoch in range(2):
    out = model(X)
    loss = loss_fn(out, y)
    loss.backward()
    optimizer.step()
"""


def cell(ip, src: str) -> None:
    with capture_output():
        res = ip.run_cell(src, store_history=True)
    assert res.success, res.error_in_exec


@pytest.mark.parametrize("mode", ["text", "static", "widget"])
def test_deleted_model_is_freed(ip, mode) -> None:
    s = get_session(ip)
    s.config.display_mode = mode
    cell(ip, SETUP)
    cell(ip, LOOP)
    cell(ip, "model = nn.Sequential(nn.Linear(4, 3), nn.LogSoftmax(dim=1))")
    cell(ip, "optimizer = torch.optim.SGD(model.parameters(), lr=0.1)")
    cell(ip, LOOP)
    cell(ip, "%dlcheck")
    s.recheck()
    rules = {f.rule for f in s.current_findings()}
    assert "DLF-L001" in rules  # findings about `model` were made
    model_ref = weakref.ref(ip.user_ns["model"])
    weight_ref = weakref.ref(ip.user_ns["model"][0].weight)
    out_ref = weakref.ref(ip.user_ns["out"])
    cell(ip, "del model, optimizer, out, loss")
    cell(ip, "z = 1")
    gc.collect()
    assert model_ref() is None, gc.get_referrers(model_ref())
    assert weight_ref() is None and out_ref() is None


def test_unloaded_session_is_freed(ip) -> None:
    import dlfault_jupyter

    dlfault_jupyter.unload_ipython_extension(ip)  # the fixture holds its own session
    dlfault_jupyter.load_ipython_extension(ip)
    get_session(ip).config.display_mode = "widget"
    cell(ip, SETUP)
    cell(ip, LOOP)
    cell(ip, "%dlcheck")
    s_ref = weakref.ref(get_session(ip))
    dlfault_jupyter.unload_ipython_extension(ip)
    gc.collect()
    assert s_ref() is None
    dlfault_jupyter.load_ipython_extension(ip)


def sizes(s: Session) -> dict[str, int]:
    return {"reports": len(s.reports), "reported": len(s.reported),
            "by_cell_id": len(s.by_cell_id), "index": len(s.index),
            "index_vars": len(s.index.vars), "flows": len(s.flows),
            "listeners": len(s.listeners)}


@pytest.mark.slow
def test_a_thousand_cells_keep_memory_bounded(ip, monkeypatch) -> None:
    from dlfault_jupyter.frameworks import torch as torch_adapter

    # the adapter's value cache is bounded (cleared when full); a small bound here so that
    # it fills during the warm-up and bounded-but-filling is not mistaken for growth
    monkeypatch.setattr(torch_adapter, "_CACHE_MAX", 128)
    s = get_session(ip)
    ip.events.unregister("post_run_cell", ip.probe.pre)  # speed: the state probe is
    ip.events.unregister("post_run_cell", ip.probe.post)  # tested elsewhere
    cell(ip, SETUP)
    cell(ip, LOOP)
    n_reports = len(s.reports)

    def chunk(start: int, n: int) -> None:
        for i in range(start, start + n):
            # a new object bound each cell, fresh names, a training step
            if i % 100 == 0:
                cell(ip, "out = model(X)\nloss = loss_fn(out, y)")
            elif i % 3 == 0:
                cell(ip, f"tmp = torch.zeros({i % 7 + 1}, 4)\nv{i % 50} = {i}")
            elif i % 3 == 1:
                cell(ip, f"def f{i % 20}(a):\n    return model(a)\nw = [v for v in range({i})]")
            else:
                cell(ip, f"arr = np.arange({i})\nlst = [arr] * 3")

    # warm up past the history's bounds (every cell here has a new source: one key each),
    # traced from the start: the bounded history then replaces traced entries by traced
    # ones (traced only after the warm-up, its full but bounded size would count as growth)
    from dlfault_jupyter.analysis import history

    warm = max(200, history.MAX_CELLS, history.MAX_EXECUTIONS) + 50
    tracemalloc.start(1)
    chunk(0, warm)
    gc.collect()
    base = tracemalloc.take_snapshot()
    mid_sizes = sizes(s)
    chunk(warm, 800)
    gc.collect()
    end = tracemalloc.take_snapshot()
    tracemalloc.stop()
    flt = [tracemalloc.Filter(True, "*dlfault_jupyter*")]
    grown = sum(st.size_diff for st in end.filter_traces(flt).compare_to(
        base.filter_traces(flt), "filename"))
    assert grown < 256 * 1024, f"the extension's memory grew by {grown} bytes over 800 cells"
    now = sizes(s)
    # the index mirrors the namespace (ids of IPython's own `_iN` history names included),
    # nothing more; everything else stays constant
    assert now.pop("index") == len(ip.user_ns)
    mid_sizes.pop("index")
    assert now == mid_sizes
    assert len(s.reports) == n_reports  # nothing new was found: no report per cell
    ip.events.register("post_run_cell", ip.probe.pre)
    ip.events.register("post_run_cell", ip.probe.post)


def test_reports_are_capped(ip, monkeypatch) -> None:
    monkeypatch.setattr(Session, "MAX_REPORTS", 20)
    monkeypatch.setattr(Session, "MAX_REPORTED", 30)
    s = get_session(ip)
    s.config.display_mode = "widget"
    cell(ip, SETUP)
    first = s.reports[min(s.reports)]
    for _ in range(40):
        # a new model each time: a new finding and a new report each cell
        cell(ip, "model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))")
        assert len(s.reports) <= 20 and len(s.reported) <= 30
    assert len(s.reports) == 20
    assert first.widget is None  # forgotten, not closed
    newest = s.reports[max(s.reports)]
    assert [f.rule for f in newest.findings] == ["DLF-L001"]
    assert newest.widget is not None and newest.widget.comm is not None


def ours() -> dict[str, int]:
    """Open widgets that belong to reports: toggles, finding blocks, mute buttons."""
    import ipywidgets.widgets.widget as ww

    gc.collect()
    out = {"report": 0, "toggle": 0, "finding": 0, "button": 0}
    for w in list(ww._instances.values()):
        classes = set(getattr(w, "_dom_classes", ()))
        for key, cls in (("report", "dlfault-report"), ("toggle", "dlfault-level"),
                         ("finding", "dlfault-finding"), ("button", "dlfault-mute")):
            out[key] += cls in classes
    return out


def test_widgets_are_closed_on_rerun_refresh_and_unload(ip) -> None:
    import dlfault_jupyter

    s = get_session(ip)
    s.config.display_mode = "widget"
    base = ours()
    cell(ip, SETUP)
    one = {k: v - base[k] for k, v in ours().items()}
    assert one == {"report": 1, "toggle": 1, "finding": 1, "button": 1}
    for level in ("expert", "beginner", "expert", "beginner"):
        s.set_level(level)  # each refresh rebuilds the rows
    s.mute("DLF-L001")
    s.unmute("DLF-L001")
    assert {k: v - base[k] for k, v in ours().items()} == one
    with capture_output():
        ip.run_cell(SETUP, store_history=True, cell_id="c")
        ip.run_cell(SETUP, store_history=True, cell_id="c")  # replaces that report
    assert {k: v - base[k] for k, v in ours().items()} == {k: 2 * v for k, v in one.items()}
    dlfault_jupyter.unload_ipython_extension(ip)
    assert ours() == base
    dlfault_jupyter.load_ipython_extension(ip)


def test_the_namespace_index_holds_no_user_object(ip) -> None:
    """The session keeps names, ids and kinds between cells, never the values: a tensor
    deleted by the user is freed at once (GPU memory too: ``del model`` must free it)."""
    cell(ip, "import torch\nbig = torch.zeros(1000)\nnet = torch.nn.Linear(3, 2)")
    ref = weakref.ref(ip.user_ns["big"])
    net_ref = weakref.ref(ip.user_ns["net"])
    assert "big" in get_session(ip).index.vars
    cell(ip, "del big, net")
    gc.collect()
    assert ref() is None and net_ref() is None
    assert "big" not in get_session(ip).index.vars


def test_flow_memory_forgets_the_oldest_pairs(ip) -> None:
    """The data-flow memory (which outputs went into which calls, over all cells) is
    capped: past 10,000 pairs it keeps the 5,000 most recently seen, this cell's among
    them (a set kept an arbitrary half)."""
    s = get_session(ip)
    s.flows.clear()
    s.flows.update(dict.fromkeys((f"f{i}", f"m{i}") for i in range(10_000)))
    cell(ip, "def loss_fn(a):\n    return a\n\nmodel = abs\nout = loss_fn(model(-1))\n")
    assert len(s.flows) == 5_000
    assert ("loss_fn", "model") in s.flows                   # this cell's: the newest
    assert ("f9999", "m9999") in s.flows and ("f5000", "m5000") not in s.flows
    assert list(s.flows)[-1] == ("loss_fn", "model")
